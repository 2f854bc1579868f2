// The site's own glue for mixpanel-browser, sending through the site's own proxy domain
// (Mixpanel's documented ad-blocker workaround): the SDK then base64-encodes its payloads.
(function () {
  var mp = window.mixpanel;
  mp.init('0123456789abcdef0123456789abcdef', {
    api_host: 'https://mp.forum-f-analytics.test',
    track_pageview: 'full-url',
    persistence: 'cookie',
    batch_flush_interval_ms: 1000,
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) mp.track('Search', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      mp.identify(document.getElementById('username').value);
      mp.people.set({ $email: email, email_sha256: await sha256(email) });
      mp.track('Newsletter Subscribe', { list: 'digest' });
    });
  });
})();
