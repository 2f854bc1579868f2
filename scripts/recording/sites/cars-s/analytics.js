// The site's own glue for the New Relic browser agent (@newrelic/browser-agent): the options its
// "Copy/Paste JavaScript" settings give (info, init, loader_config), the subscriber as the user id
// with the e-mail and its sha256 as custom attributes, page views and the search as page actions.
(function () {
  var nr = window.newrelicAgent;
  var ids = { accountID: '4403712', trustKey: '4403712', agentID: '1134288915', applicationID: '1134288915',
              licenseKey: 'NRJS-7d3e1f9a2b5c4e6d8f0' };
  var agent = new nr.Agent({
    info: { beacon: 'bam.nr-data.net', errorBeacon: 'bam.nr-data.net', licenseKey: ids.licenseKey,
            applicationID: ids.applicationID, sa: 1 },
    init: { privacy: { cookies_enabled: true }, ajax: { deny_list: ['bam.nr-data.net'] } },
    loader_config: ids,
    features: [nr.GenericEvents, nr.JSErrors, nr.Metrics, nr.PageViewEvent, nr.PageViewTiming],
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  var saved = localStorage.getItem('cars-s-user');
  if (saved) agent.setUserId(saved);
  document.addEventListener('DOMContentLoaded', function () {
    agent.addPageAction('page_view', { url: location.href });
    var q = document.body.getAttribute('data-query');
    if (q) agent.addPageAction('search', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = document.getElementById('username').value;
      localStorage.setItem('cars-s-user', user);
      agent.setUserId(user);
      agent.setCustomAttribute('email', email);
      agent.setCustomAttribute('email_sha256', await sha256(email));
      agent.addPageAction('newsletter_subscribe', { list: 'weekly' });
    });
  });
})();
