/* An app backend reporting through Mixpanel's Node library (mixpanel: https module, /track, /engage). */
"use strict";
const fs = require("fs");
const Mixpanel = require("mixpanel");

function done(resolve, reject) {
  return (err) => (err ? reject(err) : resolve());
}

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const mp = Mixpanel.init("0123456789abcdef0123456789abcdef", { protocol: "https", verbose: true });
  const did = v.android_id;
  const device = { $os: "Android", $os_version: v.os_version, $model: v.model, $manufacturer: "Xiaomi",
    $android_app_version: "3.1.4", imei: v.imei, $android_devices: [did], ad_id: v.adid, wifi_mac: v.mac };
  await new Promise((res, rej) => mp.track("Article Viewed",
    { distinct_id: did, ...device, url: v.visited_url }, done(res, rej)));
  await new Promise((res, rej) => mp.track_batch([
    { event: "Search", properties: { distinct_id: did, ...device, query: v.query,
      latitude: Number(v.lat), longitude: Number(v.lon) } },
  ], done(res, rej)));
  await new Promise((res, rej) => mp.alias(did, v.user_id, done(res, rej)));
  await new Promise((res, rej) => mp.people.set(v.user_id, { $email: v.email, $phone: v.phone,
    email_sha256: v.email_sha256 }, done(res, rej)));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
