// The site's own glue for @datadog/browser-rum (CDN bundle), as Datadog's setup page shows it.
(function () {
  var rum = window.DD_RUM;
  rum.init({
    applicationId: '3f1c2b9a-6d4e-4a8b-9c0d-1e2f3a4b5c6d',
    clientToken: 'pub0123456789abcdef0123456789abcdef',
    site: 'datadoghq.com',
    service: 'shop-e-web',
    env: 'production',
    version: '2.3.1',
    sessionSampleRate: 100,
    sessionReplaySampleRate: 0,
    trackUserInteractions: true,
    trackResources: true,
    trackLongTasks: true,
    defaultPrivacyLevel: 'mask-user-input',
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) rum.addAction('search', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      rum.setUser({ id: document.getElementById('username').value, email: email,
                    email_sha256: await sha256(email) });
      rum.addAction('newsletter_subscribe', { list: 'deals' });
    });
  });
})();
