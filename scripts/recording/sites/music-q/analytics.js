// The site's own glue for the Braze web SDK (@braze/web-sdk, bundled as Braze's CDN build is: the
// exports on window.braze), as Braze's integration guide shows it: initialize with the app's API key
// and its SDK endpoint, open a session, page views and the search as custom events; the subscriber
// becomes the user (changeUser) with the e-mail and its sha256 as attributes.
(function () {
  var braze = window.braze;
  braze.initialize('3f6a2c1e-8b4d-4e7a-9c0f-1d2e3b4a5c6d', { baseUrl: 'sdk.iad-05.braze.com' });
  braze.openSession();
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    braze.logCustomEvent('page_view', { url: location.href });
    var q = document.body.getAttribute('data-query');
    if (q) braze.logCustomEvent('search', { query: q });
    braze.requestImmediateDataFlush();
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      braze.changeUser(document.getElementById('username').value);
      var user = braze.getUser();
      user.setEmail(email);
      user.setCustomUserAttribute('email_sha256', await sha256(email));
      braze.logCustomEvent('newsletter_subscribe', { list: 'weekly' });
      braze.requestImmediateDataFlush();
    });
  });
})();
