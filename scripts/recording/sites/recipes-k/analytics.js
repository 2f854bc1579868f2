// The site's own glue for Statsig (@statsig/js-client, the CDN bundle): the user object with the
// subscriber's id and e-mail once known, custom events for the sign-up and the search.
(function () {
  var saved = localStorage.getItem('recipes-k-user');
  var user = saved ? JSON.parse(saved) : {};
  var client = new window.__STATSIG__.StatsigClient('client-7Hq2Lm9Xv4Rt6Ws8Yz1Bc3Df5Gh0Jk2Np4', user, {});
  var ready = client.initializeAsync();
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    ready.then(function () {
      client.checkGate('new_recipe_cards');
      var q = document.body.getAttribute('data-query');
      if (q) client.logEvent('search', q, { query: q });
    });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var next = { userID: document.getElementById('username').value, email: email,
                   custom: { email_sha256: await sha256(email) } };
      localStorage.setItem('recipes-k-user', JSON.stringify(next));
      await client.updateUserAsync(next);
      client.logEvent('newsletter_subscribe', 'weekly');
      client.flush();
    });
  });
})();
