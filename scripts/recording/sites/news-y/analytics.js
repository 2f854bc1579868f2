// The site's own glue for Unleash's frontend SDK (unleash-proxy-client, build/main.min.js as unpkg
// serves it: window.unleash), as its README shows it: the hosted instance's frontend API and a
// client key; the Unleash context carries what the site targets flags on: the page (url), the
// search term (query), and once the person subscribes, the user id and the e-mail (and its sha256).
(function () {
  var client = new window.unleash.UnleashClient({
    url: 'https://eu.app.unleash-hosted.com/eubq7x2k/api/frontend',
    clientKey: '*:production.7f3c9e1b2a4d6f8e0c5b3a1d9e7f6c4b2a0d8e6f4c2b0a9e8d7c6b5a',
    appName: 'news-y-web', refreshInterval: 2, metricsInterval: 2,
  });
  var saved = JSON.parse(localStorage.getItem('news-y-user') || 'null');
  var context = { properties: { url: location.href } };
  if (saved) { context.userId = saved.userId; context.properties.email = saved.email; context.properties.email_sha256 = saved.sha; }
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var query = document.body.getAttribute('data-query');
    if (query) context.properties.query = query;
    client.updateContext(context);
    client.start();
    client.on('ready', function () { client.isEnabled('new-search-box'); });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = { userId: document.getElementById('username').value, email: email, sha: await sha256(email) };
      localStorage.setItem('news-y-user', JSON.stringify(user));
      client.updateContext({ userId: user.userId,
                             properties: { url: location.href, email: email, email_sha256: user.sha } });
    });
  });
})();
