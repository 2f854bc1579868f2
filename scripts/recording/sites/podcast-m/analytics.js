// The site's own glue for GrowthBook's script-tag SDK (@growthbook/growthbook, bundles/auto.min.js)
// with GrowthBook's managed warehouse tracking (data-tracking="growthbook"): the subscriber's id and
// e-mail become targeting attributes, the search an event, as GrowthBook's docs show it.
(function () {
  window.growthbook_queue = window.growthbook_queue || [];
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  window.growthbook_queue.push(function (gb) {
    var saved = localStorage.getItem('podcast-m-user');
    if (saved) gb.updateAttributes(JSON.parse(saved));
    gb.isOn('new-player');
    var q = document.body.getAttribute('data-query');
    if (q) gb.logEvent('search', { query: q });
  });
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      var user = { user_id: document.getElementById('username').value, email: email,
                   email_sha256: await sha256(email) };
      localStorage.setItem('podcast-m-user', JSON.stringify(user));
      window.growthbook_queue.push(function (gb) {
        gb.updateAttributes(user).then(function () { gb.logEvent('newsletter_subscribe', { list: 'weekly' }); });
      });
    });
  });
})();
