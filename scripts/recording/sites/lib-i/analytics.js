// The site's own glue for Grafana Faro (@grafana/faro-web-sdk, IIFE bundle), as Grafana Cloud's
// Frontend Observability setup page shows it: the app's collector URL with its key.
(function () {
  var faro = GrafanaFaroWebSdk.initializeFaro({
    url: 'https://faro-collector-prod-eu-west-2.grafana.net/collect/6f1e2d3c4b5a69788796a5b4c3d2e1f0',
    app: { name: 'lib-i-web', version: '1.4.0', environment: 'production' },
    sessionTracking: { enabled: true, persistent: true },
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) faro.api.pushEvent('search', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      faro.api.setUser({ id: document.getElementById('username').value, email: email,
                         attributes: { email_sha256: await sha256(email) } });
      faro.api.pushEvent('newsletter_subscribe', { list: 'weekly' });
    });
  });
})();
