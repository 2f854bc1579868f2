// The site's own glue for @microsoft/applicationinsights-web (UMD bundle), with a connection
// string naming a regional ingestion endpoint, as the Azure portal gives it.
(function () {
  var ai = new Microsoft.ApplicationInsights.ApplicationInsights({ config: {
    connectionString: 'InstrumentationKey=6e1d2c3b-4a59-4687-8f6e-5d4c3b2a1908;'
      + 'IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;'
      + 'LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/',
    maxBatchInterval: 1000,
    disableFetchTracking: false,
    enableAutoRouteTracking: false,
  } });
  ai.loadAppInsights();
  ai.trackPageView();
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) ai.trackEvent({ name: 'search' }, { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      ai.setAuthenticatedUserContext(document.getElementById('username').value, undefined, true);
      ai.trackEvent({ name: 'newsletter_subscribe' }, { email: email, email_sha256: await sha256(email) });
    });
  });
})();
