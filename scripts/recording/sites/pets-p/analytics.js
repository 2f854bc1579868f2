// The site's own glue for the CleverTap web SDK (clevertap-web-sdk, UMD bundle), as its README
// shows it: init with the account id and region, the subscriber's profile through onUserLogin
// (with the e-mail's sha256), the newsletter signup and the search as events.
(function () {
  var clevertap = window.clevertap;
  clevertap.privacy.push({ optOut: false });
  clevertap.privacy.push({ useIP: false });
  clevertap.init('TEST-R6Z-8W4-947Z', 'eu1');
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) clevertap.event.push('Searched', { query: q });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      clevertap.onUserLogin.push({ Site: { Identity: document.getElementById('username').value,
                                           Email: email, email_sha256: await sha256(email) } });
      clevertap.event.push('Newsletter Subscribed', { list: 'weekly' });
    });
  });
})();
