// The site's own glue for countly-sdk-web, reporting to the site's self-hosted Countly server.
(function () {
  var C = window.Countly;
  C.init({
    app_key: '0123456789abcdef0123456789abcdef01234567',
    url: 'https://countly.wiki-g-analytics.test',
    app_version: '5.0.2',
    interval: 500,
    ignore_bots: false, // the recording browser is headless: Countly would drop it as a bot
  });
  C.track_sessions();
  C.track_pageview();
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) C.add_event({ key: 'search', count: 1, segmentation: { query: q } });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = document.getElementById('username').value;
      C.user_details({ username: user, email: email, custom: { email_sha256: await sha256(email) } });
      C.add_event({ key: 'newsletter_subscribe', count: 1, segmentation: { user: user } });
    });
  });
})();
