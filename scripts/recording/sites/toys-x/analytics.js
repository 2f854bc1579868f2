// The site's own glue for Split (@splitsoftware/splitio-browserjs, an ES module bundled into
// window.splitio), as Split's JavaScript SDK guide shows it: a factory with the client-side SDK key
// and the visitor's key (an anonymous id of the site's own until the person subscribes, then the
// user name), a feature flag evaluated per page, page views and the search as tracked events with
// properties, the e-mail and its sha256 on the signup event.
(function () {
  function visitorKey() {
    var user = localStorage.getItem('toys-x-user');
    if (user) return user;
    var anon = localStorage.getItem('toys-x-visitor');
    if (!anon) { anon = 'anon-' + crypto.randomUUID(); localStorage.setItem('toys-x-visitor', anon); }
    return anon;
  }
  var factory = window.splitio.SplitFactory({
    core: { authorizationKey: 'k3v9q2lmx7rw5t1pz8yb4nc6hd0fsaje', key: visitorKey() },
    scheduler: { eventsPushRate: 2, impressionsRefreshRate: 2 }, streamingEnabled: false,
  });
  var client = factory.client();
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    client.ready().catch(function () {}).then(function () { client.getTreatment('new_search_box'); });
    client.track('user', 'page_view', null, { url: location.href });
    var q = document.body.getAttribute('data-query');
    if (q) client.track('user', 'search', null, { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = document.getElementById('username').value;
      localStorage.setItem('toys-x-user', user);
      var subscriber = factory.client(user);
      subscriber.track('user', 'newsletter_subscribe', null,
                       { email: email, email_sha256: await sha256(email), list: 'weekly' });
    });
  });
})();
