/* An app backend reporting through Customer.io's Node library (customerio-node: Track API v1). */
"use strict";
const fs = require("fs");
const { TrackClient, RegionUS } = require("customerio-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const cio = new TrackClient("fictionalsite0000000", "fictionalapikey00000", { region: RegionUS });
  await cio.identify(v.user_id, { email: v.email, phone: v.phone, email_sha256: v.email_sha256,
    created_at: 1760000000 });
  await cio.addDevice(v.user_id, v.adid, "android", { last_used: 1760000000, imei: v.imei,
    android_id: v.android_id, wifi_mac: v.mac });
  await cio.track(v.user_id, { name: "article_viewed", data: { url: v.visited_url,
    latitude: Number(v.lat), longitude: Number(v.lon) } });
  await cio.track(v.user_id, { name: "search", data: { query: v.query } });
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
