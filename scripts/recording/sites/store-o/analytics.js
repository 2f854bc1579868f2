// The site's own glue for Segment (Analytics.js 2.0 via the snippet): identify the subscriber with
// the e-mail as a trait, track the search with the terms, as Segment's docs show it.
(function () {
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) window.analytics.track('Products Searched', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      window.analytics.identify(document.getElementById('username').value,
                                { email: email, email_sha256: await sha256(email) });
      window.analytics.track('Newsletter Subscribed', { list: 'weekly' });
    });
  });
})();
