// The site's own glue for Elastic APM RUM (@elastic/apm-rum, UMD bundle) reporting to an Elastic
// Cloud APM server: the user context once known, a custom transaction for the search.
(function () {
  var apm = elasticApm.init({
    serviceName: 'jobs-l-web', serviceVersion: '2.3.1', environment: 'production',
    serverUrl: 'https://4f1e2d3c4b5a6978.apm.eu-west-1.aws.cloud.es.io:443',
    flushInterval: 500,
  });
  var saved = localStorage.getItem('jobs-l-user');
  if (saved) apm.setUserContext(JSON.parse(saved));
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) {
      var tr = apm.startTransaction('search', 'user-interaction', { managed: false });
      tr.addLabels({ query: q });
      tr.end();
    }
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = { id: document.getElementById('username').value, email: email };
      localStorage.setItem('jobs-l-user', JSON.stringify(user));
      apm.setUserContext(user);
      apm.setCustomContext({ email_sha256: await sha256(email) });
      var tr = apm.startTransaction('newsletter_subscribe', 'user-interaction', { managed: false });
      tr.end();
    });
  });
})();
