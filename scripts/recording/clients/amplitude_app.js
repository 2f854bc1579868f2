/* An app backend reporting through Amplitude's Node SDK (@amplitude/analytics-node: POST /2/httpapi). */
"use strict";
const fs = require("fs");
const amplitude = require("@amplitude/analytics-node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  await amplitude.init("0123456789abcdef0123456789abcdef", { flushQueueSize: 50, flushMaxRetries: 1,
    logLevel: amplitude.Types.LogLevel.None }).promise;
  const device = { device_id: v.android_id, platform: "Android", os_name: "Android", os_version: v.os_version,
    device_brand: "Xiaomi", device_model: v.model, adid: v.adid, android_id: v.android_id,
    location_lat: Number(v.lat), location_lng: Number(v.lon), app_version: "3.1.4" };
  amplitude.track("Article Viewed", { url: v.visited_url, imei: v.imei, wifi_mac: v.mac }, device);
  amplitude.track("Search", { query: v.query }, device);
  const identify = new amplitude.Identify().set("email", v.email).set("phone", v.phone)
    .set("email_sha256", v.email_sha256);
  amplitude.identify(identify, { ...device, user_id: v.user_id });
  await amplitude.flush().promise;
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
