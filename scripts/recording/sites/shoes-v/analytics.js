// The site's own glue for Microsoft Clarity (clarity-js, build/clarity.min.js: window.clarity) with
// the configuration Clarity's tag hands it (project id, upload URL), the subscriber identified
// (Clarity hashes the custom id itself; the friendly name travels as given), the e-mail and its
// sha256 and the search term as custom tags, and custom events, as Clarity's client API documents.
(function () {
  var clarity = window.clarity;
  clarity('start', { projectId: 'q7x2m9k4ld', upload: 'https://k.clarity.ms/collect', track: true, content: true });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) { clarity('set', 'search_query', q); clarity('event', 'search'); }
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = document.getElementById('username').value;
      clarity('identify', user, null, null, user);
      clarity('set', 'email', email);
      clarity('set', 'email_sha256', await sha256(email));
      clarity('event', 'newsletter_subscribe');
    });
  });
})();
