/* An app backend reporting through Segment's Node SDK (@segment/analytics-node: POST /v1/batch). */
"use strict";
const fs = require("fs");
const { Analytics } = require("@segment/analytics-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const analytics = new Analytics({ writeKey: "FictionalWriteKey0000000000000000", maxEventsInBatch: 50,
    flushInterval: 60000, maxRetries: 0 });
  const context = {
    app: { name: "Daily Reader", version: "4.2.0", namespace: "com.example.dailyreader" },
    device: { id: v.android_id, advertisingId: v.adid, adTrackingEnabled: true, manufacturer: "Xiaomi",
      model: v.model, imei: v.imei },
    os: { name: "Android", version: v.os_version },
    network: { wifi: true, bluetooth_mac: v.mac },
    location: { latitude: Number(v.lat), longitude: Number(v.lon) },
  };
  const anon = v.android_id;
  analytics.screen({ anonymousId: anon, name: "Article", properties: { url: v.visited_url }, context });
  analytics.track({ anonymousId: anon, event: "Products Searched", properties: { query: v.query }, context });
  analytics.identify({ userId: v.user_id, anonymousId: anon, context,
    traits: { email: v.email, phone: v.phone, email_sha256: v.email_sha256 } });
  await analytics.closeAndFlush({ timeout: 20000 });
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
