/* An app backend reporting through RudderStack's Node SDK (@rudderstack/rudder-sdk-node: POST
 * <data plane>/v1/batch, Basic auth with the write key). */
"use strict";
const fs = require("fs");
const Analytics = require("@rudderstack/rudder-sdk-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const client = new Analytics("FictionalWriteKey0000000000000000", { dataPlaneUrl: plan.data_plane,
    flushAt: 50, flushInterval: 60000, maxRetries: 0, gzip: true });
  const context = {
    app: { name: "Daily Reader", version: "4.2.0", namespace: "com.example.dailyreader" },
    device: { id: v.android_id, advertisingId: v.adid, manufacturer: "Xiaomi", model: v.model, imei: v.imei },
    os: { name: "Android", version: v.os_version },
    network: { wifi: true, bluetooth_mac: v.mac },
    location: { latitude: Number(v.lat), longitude: Number(v.lon) },
  };
  const anon = v.android_id;
  client.screen({ anonymousId: anon, name: "Article", properties: { url: v.visited_url }, context });
  client.track({ anonymousId: anon, event: "Products Searched", properties: { query: v.query }, context });
  client.identify({ userId: v.user_id, anonymousId: anon, context,
    traits: { email: v.email, phone: v.phone, email_sha256: v.email_sha256 } });
  await client.flush();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
