/* A Node.js app backend shipping logs to New Relic with the vendor's Telemetry SDK
 * (@newrelic/telemetry-sdk: gzip JSON POST log-api.newrelic.com/log/v1 with Api-Key). A batch is
 * [{"common": {"attributes"}, "logs": [{"message", "timestamp", "attributes"}]}]. */
"use strict";
const fs = require("fs");
const { LogClient, LogBatch, Log } = require("@newrelic/telemetry-sdk").telemetry.logs;

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const client = new LogClient({ apiKey: "NRII-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d" });
  const batch = new LogBatch([
    new Log("article viewed", Date.now(), { "user.id": v.user_id, "user.email": v.email, "user.phone": v.phone,
      "user.email_sha256": v.email_sha256, "page.url": v.visited_url, "device.imei": v.imei,
      "device.android_id": v.android_id, "device.advertising_id": v.adid, "device.wifi_mac": v.mac,
      "geo.latitude": Number(v.lat), "geo.longitude": Number(v.lon) }),
    new Log("search", Date.now(), { "user.id": v.user_id, "search.query": v.query }),
  ], { "service.name": "daily-reader-api" });
  await new Promise((resolve, reject) => client.send(batch, (err) => (err ? reject(err) : resolve())));
}

main(process.argv[2]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });  // its keep-alive socket would hold the process open
