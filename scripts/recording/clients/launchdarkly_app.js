/* An app backend evaluating flags for a signed-in reader with LaunchDarkly's Node server SDK
 * (@launchdarkly/node-server-sdk): analytics events go to events.launchdarkly.com/bulk as JSON.
 * Polling instead of streaming (the recording proxy answers every request itself); identify, custom
 * and summary events carry the evaluation context (kind user, key and its attributes). */
"use strict";
const fs = require("fs");
const ld = require("@launchdarkly/node-server-sdk");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const client = ld.init("sdk-0a1b2c3d-4e5f-6789-abcd-ef0123456789", { stream: false, diagnosticOptOut: true,
    pollInterval: 600, sendEvents: true, logger: ld.basicLogger({ level: "warn" }) });
  try {
    await client.waitForInitialization({ timeout: 10 });
  } catch (e) {
    console.error("init:", e.message);
  }
  const context = { kind: "user", key: v.user_id, name: "Reader", email: v.email, email_sha256: v.email_sha256,
    phone: v.phone, androidId: v.android_id, advertisingId: v.adid, imei: v.imei, wifiMac: v.mac,
    latitude: Number(v.lat), longitude: Number(v.lon) };
  client.identify(context);
  await client.variation("new-search-box", context, false);
  client.track("article-viewed", context, { pageUrl: v.visited_url });
  client.track("search", context, { query: v.query });
  await client.flush();
  client.close();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
