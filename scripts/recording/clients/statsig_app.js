/* An app backend checking a gate and logging events for a signed-in reader with Statsig's Node server
 * SDK (statsig-node): JSON POST statsigapi.net/v1/log_event with STATSIG-API-KEY. Each event carries
 * the StatsigUser (userID, email, custom fields), the event name, value and metadata; gate exposures
 * are events too. The SDK first downloads its rules (the recording proxy's answer leaves it on defaults). */
"use strict";
const fs = require("fs");
const statsig = require("statsig-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  await statsig.initialize("secret-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
    { environment: { tier: "production" }, disableDiagnostics: true, initTimeoutMs: 5000 });
  const user = { userID: v.user_id, email: v.email, custom: { email_sha256: v.email_sha256, phone: v.phone,
    android_id: v.android_id, advertising_id: v.adid, imei: v.imei, wifi_mac: v.mac,
    latitude: Number(v.lat), longitude: Number(v.lon) } };
  statsig.checkGateSync(user, "new_search_box");
  statsig.logEvent(user, "article_viewed", null, { page_url: v.visited_url });
  statsig.logEvent(user, "search", v.query);
  await statsig.shutdownAsync();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
