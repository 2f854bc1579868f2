"use strict";
// phonehome report: conveniences only. Every section written as HTML is readable without this script;
// on very large reports, evidence past the first items is kept as inert text and inserted here on demand.
(function () {
  // Deferred evidence is our own HTML, gzip-compressed and base64-encoded in an inert script block.
  function unpack(text) {
    var bin = atob(text.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i += 1) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  function insertChunk(lazy) {
    var next = Number(lazy.getAttribute("data-next") || "0");
    var chunks = Number(lazy.getAttribute("data-chunks"));
    var block = document.getElementById(lazy.getAttribute("data-group") + "-" + next);
    var button = lazy.querySelector("button");
    if (!block || next >= chunks || lazy.hasAttribute("data-busy")) { return; }
    if (typeof DecompressionStream === "undefined") {
      button.hidden = true;
      lazy.insertAdjacentHTML("beforeend", "<p class=\"note\">This browser cannot unpack the remaining items " +
        "(it needs Chrome 80, Firefox 113 or Safari 16.4 or later); the JSON report has them.</p>");
      return;
    }
    lazy.setAttribute("data-busy", "1");
    unpack(block.textContent).then(function (html) {
      lazy.insertAdjacentHTML("beforebegin", html);
      lazy.removeAttribute("data-busy");
      lazy.setAttribute("data-next", String(next + 1));
      var left = Number(lazy.getAttribute("data-left")) - (next + 1) * Number(lazy.getAttribute("data-size"));
      button.hidden = left <= 0;
      button.textContent = "Show more (" + Math.max(left, 0) + " left)";
    });
  }
  document.querySelectorAll("div.lazy").forEach(function (lazy) {
    lazy.setAttribute("data-static", String(lazy.parentNode.querySelectorAll(":scope > details.ev").length));
    var button = lazy.querySelector("button");
    button.hidden = false;
    button.addEventListener("click", function () { insertChunk(lazy); });
  });
  // Opening a group that has nothing written yet shows its first block at once.
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!d.open || !d.matches || !d.matches("details.kind")) { return; }
    if (d.hasAttribute("data-bulk")) { d.removeAttribute("data-bulk"); return; }
    var lazy = d.querySelector(":scope > div.lazy");
    if (lazy && !lazy.getAttribute("data-next") && !d.querySelector(":scope > details.ev")) { insertChunk(lazy); }
  }, true);

  var tools = document.getElementById("tools");
  if (!tools) { return; }
  tools.hidden = false;
  var sections = Array.prototype.slice.call(document.querySelectorAll("#evidence details.dest"));
  function setAll(open) {
    document.querySelectorAll("#evidence details.dest, #evidence details.kind").forEach(function (d) {
      if (open && !d.open) { d.setAttribute("data-bulk", "1"); }
      d.open = open;
    });
  }
  document.getElementById("expand").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse").addEventListener("click", function () { setAll(false); });
  // Printing shows every section written out (deferred blocks stay as they are).
  window.addEventListener("beforeprint", function () {
    setAll(true);
    var items = document.querySelectorAll("#evidence details.ev");
    if (items.length <= 300) { items.forEach(function (d) { d.open = true; }); }
  });
  // Text a reader can see in a section: the inert evidence blocks (base64) are left out.
  function visibleText(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.nodeName === "SCRIPT" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) { out.push(walker.currentNode.data); }
    return out.join(" ").toLowerCase();
  }
  var filter = document.getElementById("filter");
  var timer = 0;
  filter.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = filter.value.trim().toLowerCase();
      var shown = 0;
      sections.forEach(function (d) {
        var hit = !q || visibleText(d).indexOf(q) >= 0;
        d.hidden = !hit;
        if (hit) { shown += 1; }
      });
      document.getElementById("shown").textContent = q ? shown + " of " + sections.length + " destinations" : "";
    }, 200);
  });
})();
