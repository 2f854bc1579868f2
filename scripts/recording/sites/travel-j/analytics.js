// The site's own glue for LaunchDarkly (launchdarkly-js-client-sdk, UMD bundle): an anonymous
// context first, the subscriber's context (with the e-mail as a context attribute) once known,
// as LaunchDarkly's docs show it. Custom events carry the page URL themselves.
(function () {
  var saved = localStorage.getItem('travel-j-user');
  var context = saved ? JSON.parse(saved) : { kind: 'user', anonymous: true };
  var client = LDClient.initialize('65f0c1e2d3b4a5968700abcd', context, { flushInterval: 1000 });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    client.waitUntilReady().then(function () {
      client.variation('new-search-box', false);
      var q = document.body.getAttribute('data-query');
      if (q) client.track('search', { query: q });
    });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = { kind: 'user', key: document.getElementById('username').value, email: email,
                   email_sha256: await sha256(email) };
      localStorage.setItem('travel-j-user', JSON.stringify(user));
      await client.identify(user);
      client.track('newsletter_subscribe', { list: 'weekly' });
      client.flush();
    });
  });
})();
