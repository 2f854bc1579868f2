// The site's own glue for Optimizely Feature Experimentation (@optimizely/optimizely-sdk, browser
// UMD bundle) with the project's datafile bundled into the page: a visitor id of the site's own
// until the person subscribes, then the user name, with the e-mail as an audience attribute;
// page views and the search as conversion events with tags, as Optimizely's docs show them.
(function () {
  var datafile = {
    version: '4', revision: '17', accountId: '21468570738', projectId: '21468570739',
    sdkKey: 'Xq7TdP2mVbL9cK4wRz8Hn', environmentKey: 'production', anonymizeIP: true,
    botFiltering: false, sendFlagDecisions: true, integrations: [], variables: [], groups: [],
    experiments: [], featureFlags: [], rollouts: [], audiences: [], typedAudiences: [],
    attributes: [{ id: '21468570801', key: 'email' }, { id: '21468570802', key: 'email_sha256' },
                 { id: '21468570803', key: 'newsletter' }],
    events: [{ id: '21468570901', key: 'page_view', experimentIds: [] },
             { id: '21468570902', key: 'search', experimentIds: [] },
             { id: '21468570903', key: 'newsletter_subscribe', experimentIds: [] }],
  };
  var sdk = window.optimizelySdk;
  var client = sdk.createInstance({
    projectConfigManager: sdk.createStaticProjectConfigManager({ datafile: JSON.stringify(datafile) }),
    eventProcessor: sdk.createBatchEventProcessor({ flushInterval: 500 }),
  });
  function visitor() {
    var saved = localStorage.getItem('events-n-user');
    if (saved) return JSON.parse(saved);
    var anon = localStorage.getItem('events-n-visitor');
    if (!anon) { anon = 'v-' + crypto.randomUUID(); localStorage.setItem('events-n-visitor', anon); }
    return { id: anon, attributes: {} };
  }
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  var ready = client.onReady();
  document.addEventListener('DOMContentLoaded', function () {
    ready.then(function () {
      var v = visitor();
      var user = client.createUserContext(v.id, v.attributes);
      user.trackEvent('page_view', { url: location.href });
      var q = document.body.getAttribute('data-query');
      if (q) user.trackEvent('search', { query: q });
    });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var v = { id: document.getElementById('username').value,
                attributes: { email: email, email_sha256: await sha256(email), newsletter: true } };
      localStorage.setItem('events-n-user', JSON.stringify(v));
      await ready;
      client.createUserContext(v.id, v.attributes).trackEvent('newsletter_subscribe', { list: 'weekly' });
    });
  });
})();
