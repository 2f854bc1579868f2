// The site's own glue for the Adjust web SDK (@adjustcom/adjust-web-sdk, dist/adjust-latest.min.js:
// window.Adjust), as Adjust's web guide shows it: initSdk with the app token, page views and the
// search as events with callback parameters; the subscriber's id and e-mail (and its sha256) as
// global callback parameters once known.
(function () {
  var Adjust = window.Adjust;
  Adjust.initSdk({ appToken: 'x3k9q2w7v1zp', environment: 'production' });
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    Adjust.trackEvent({ eventToken: 'pv4t1a', callbackParams: [{ key: 'url', value: location.href }] });
    var q = document.body.getAttribute('data-query');
    if (q) Adjust.trackEvent({ eventToken: 'sr8q2b', callbackParams: [{ key: 'query', value: q }] });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      Adjust.addGlobalCallbackParameters([
        { key: 'user_id', value: document.getElementById('username').value },
        { key: 'email', value: email }, { key: 'email_sha256', value: await sha256(email) }]);
      Adjust.trackEvent({ eventToken: 'nl5s3c', callbackParams: [{ key: 'list', value: 'weekly' }] });
    });
  });
})();
