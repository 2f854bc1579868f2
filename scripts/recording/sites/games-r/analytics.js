// The site's own glue for the Branch web SDK (branch-sdk, dist/build.min.js: window.branch), as
// Branch's web integration guide shows it: init with the live key, the subscriber as the identity
// (setIdentity) with the e-mail and its sha256 in the event's custom data, page views and the
// search as events (SEARCH is one of Branch's standard events, with search_query).
(function () {
  var branch = window.branch;
  var ready = new Promise(function (resolve) {
    branch.init('key_live_hnmQ8yTg4rVbUe2fJx9kLpWcAz6sD3oN', {}, function () { resolve(); });
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    ready.then(function () {
      branch.logEvent('page_view', { url: location.href });
      var q = document.body.getAttribute('data-query');
      if (q) branch.logEvent('SEARCH', { search_query: q });
    });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var hashed = await sha256(email);
      await ready;
      branch.setIdentity(document.getElementById('username').value, function () {
        branch.logEvent('newsletter_subscribe', { list: 'weekly', email: email, email_sha256: hashed });
      });
    });
  });
})();
