// The site's own analytics glue for sa-sdk-javascript (Sensors Analytics), as its docs show it.
(function () {
  var sensors = window.sensorsDataAnalytic201505;
  sensors.init({
    server_url: 'https://sa.datasink.news-c-analytics.test/sa?project=production',
    is_track_single_page: false,
    use_client_time: true,
    send_type: 'image',
    show_log: false,
    heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' },
  });
  sensors.quick('autoTrack');
  async function sha256(text) {
    var buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var q = document.body.getAttribute('data-query');
    if (q) sensors.track('search', { keyword: q, search_type: 'site' });
    var button = document.getElementById('subscribe');
    if (!button) return;
    button.addEventListener('click', async function () {
      var email = document.getElementById('email').value;
      sensors.login(document.getElementById('username').value);
      sensors.setProfile({ email: email, email_sha256: await sha256(email) });
      sensors.track('newsletter_subscribe', { list: 'daily' });
    });
  });
})();
