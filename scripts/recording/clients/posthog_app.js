/* A mobile app backend reporting through PostHog's Node SDK (posthog-node: fetch, POST /batch/). */
"use strict";
const fs = require("fs");
const { PostHog } = require("posthog-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const ph = new PostHog("phc_FictionalProjectKey0000000000000000000000",
    { host: plan.host, flushAt: 50, flushInterval: 0, disableGeoip: false });
  const did = v.android_id;
  const base = { $os: "Android", $os_version: v.os_version, $device_model: v.model,
    $device_manufacturer: "Xiaomi", $app_version: "3.1.4" };
  ph.capture({ distinctId: did, event: "$screen", properties: { ...base, $screen_name: "ArticleDetail",
    $current_url: v.visited_url, imei: v.imei, $device_id: did, advertising_id: v.adid, wifi_mac: v.mac } });
  ph.capture({ distinctId: did, event: "search_performed", properties: { ...base, query: v.query,
    $geoip_latitude: Number(v.lat), $geoip_longitude: Number(v.lon) } });
  ph.alias({ distinctId: v.user_id, alias: did });
  ph.identify({ distinctId: v.user_id, properties: { email: v.email, phone: v.phone,
    email_sha256: v.email_sha256 } });
  await ph.shutdown();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
