/* A Node.js app backend logging to Better Stack with @logtail/node (msgpack POST to
 * in.logs.betterstack.com, Bearer source token). Each record carries what such a backend logs:
 * the user, the page asked for, the search term, the device identifiers and position. */
"use strict";
const fs = require("fs");
const { Logtail } = require("@logtail/node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const logtail = new Logtail("FictionalSourceToken000000", { sendLogsToConsoleOutput: false, batchInterval: 100 });
  logtail.info("article viewed", { user: { id: v.user_id, email: v.email, phone: v.phone,
    email_sha256: v.email_sha256 }, url: v.visited_url, device: { imei: v.imei, android_id: v.android_id,
    advertising_id: v.adid, wifi_mac: v.mac }, location: { latitude: Number(v.lat), longitude: Number(v.lon) } });
  logtail.info("search", { user_id: v.user_id, query: v.query });
  await logtail.flush();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
