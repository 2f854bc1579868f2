// The site's own glue for Plausible's npm tracker (@plausible-analytics/tracker, an ES module bundled
// into window.plausible): init with the site's domain (page views are captured automatically), the
// newsletter signup and the search as custom events with properties, as the tracker's README shows.
// Plausible ignores browsers that report navigator.webdriver (Playwright's does); window.__plausible
// is the tracker's own switch for automated tests.
(function () {
  window.__plausible = true;
  var plausible = window.plausible;
  plausible.init({ domain: 'garden-u.test' });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) plausible.track('search', { props: { query: q } });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      plausible.track('newsletter_subscribe', { props: {
        user: document.getElementById('username').value, email: email, email_sha256: await sha256(email) } });
    });
  });
})();
