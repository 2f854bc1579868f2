// The site's own glue for Piano Analytics (piano-analytics-js, dist/browser/piano-analytics.js as
// Piano's CDN serves it: window.pa), as its README shows it: the site id and the account's collect
// domain, page.display events with the page's URL, the subscriber as the user (setUser) with the
// e-mail and its sha256 as properties, the search as internal_search_result.display.
(function () {
  var pa = window.pa;
  pa.setConfigurations({ site: 640213, collectDomain: 'https://vxkqpzl.pa-cd.com' });
  pa.consent.setMode('optin');
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    pa.sendEvent('page.display', { page: document.title, page_url: location.href });
    var q = document.body.getAttribute('data-query');
    if (q) pa.sendEvent('internal_search_result.display', { ise_keyword: q, ise_page: 1 });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      pa.setUser(document.getElementById('username').value, 'newsletter', true);
      pa.sendEvent('newsletter.subscribe', { email: email, email_sha256: await sha256(email), list: 'weekly' });
    });
  });
})();
