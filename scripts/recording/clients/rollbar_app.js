/* A Node.js app backend reporting an error with Rollbar (rollbar: JSON POST api.rollbar.com/api/1/item/).
 * The item carries the person (id, e-mail), the request URL, the search term, and the device
 * identifiers and position the app sent along, as custom data. */
"use strict";
const fs = require("fs");
const Rollbar = require("rollbar");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const rollbar = new Rollbar({ accessToken: "0123456789abcdef0123456789abcdef", environment: "production",
    captureUncaught: false, captureUnhandledRejections: false, verbose: false,
    payload: { person: { id: v.user_id, email: v.email, phone: v.phone } } });
  await new Promise((resolve) => rollbar.error(new Error("article render failed"), {
    page_url: v.visited_url, search_term: v.query, email_sha256: v.email_sha256, imei: v.imei,
    android_id: v.android_id, advertising_id: v.adid, wifi_mac: v.mac,
    latitude: Number(v.lat), longitude: Number(v.lon) }, () => resolve()));
  await new Promise((resolve) => rollbar.wait(resolve));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
