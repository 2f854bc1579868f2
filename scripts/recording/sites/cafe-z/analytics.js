// The site's own glue for DevCycle (@devcycle/js-client-sdk), as DevCycle's JavaScript SDK docs
// show it: initializeDevCycle with the client SDK key and the user (anonymous until the person
// subscribes, then the user name with the e-mail and its sha256 in customData: identifyUser), a
// variable evaluated per page, page views and the search as tracked events with metaData.
(function () {
  var saved = JSON.parse(localStorage.getItem('cafe-z-user') || 'null');
  var client = window.DevCycle.initializeDevCycle('dvc_client_4f7a2c9e_1b3d_4e5f_8a6b_7c9d0e1f2a3b',
    saved || { isAnonymous: true }, { eventFlushIntervalMS: 2000, disableRealtimeUpdates: true });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    client.onClientInitialized().catch(function () {}).then(function () {
      client.variableValue('new-search-box', false);
    });
    client.track({ type: 'page_view', metaData: { url: location.href } });
    var q = document.body.getAttribute('data-query');
    if (q) client.track({ type: 'search', metaData: { query: q } });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = { user_id: document.getElementById('username').value, email: email,
                   customData: { email_sha256: await sha256(email) } };
      localStorage.setItem('cafe-z-user', JSON.stringify(user));
      await client.identifyUser(user).catch(function () {});
      client.track({ type: 'newsletter_subscribe', metaData: { list: 'weekly' } });
    });
  });
})();
