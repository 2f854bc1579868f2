// The site's own analytics glue for @snowplow/browser-tracker (UMD build), base64 payloads on.
(function () {
  var sp = window.snowplowBrowserTracking;
  sp.newTracker('sp1', 'https://collector.blog-d-analytics.test', {
    appId: 'blog-d',
    platform: 'web',
    eventMethod: 'post',
    encodeBase64: true,
    bufferSize: 1,
    contexts: { webPage: true },
    cookieSameSite: 'Lax',
  });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  sp.trackPageView();
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) {
      sp.trackSelfDescribingEvent({ event: {
        schema: 'iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0',
        data: { terms: q.split(' '), filters: { q: q } } } });
    }
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = document.getElementById('username').value;
      sp.setUserId(user);
      sp.trackSelfDescribingEvent({ event: {
        schema: 'iglu:com.blog-d/newsletter_signup/jsonschema/1-0-0',
        data: { email: email, email_sha256: await sha256(email), list: 'weekly' } } });
    });
  });
})();
