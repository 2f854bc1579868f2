/* An app backend pushing a reader's activity to their devices over Pusher Channels (pusher, the vendor's
 * Node library): POST api-<cluster>.pusher.com/apps/<app id>/events, signed in the query; the body is
 * {"name", "channels", "data": <JSON string>}, the triggered data JSON-encoded inside the JSON body. */
"use strict";
const fs = require("fs");
const Pusher = require("pusher");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const pusher = new Pusher({ appId: "1712345", key: "0a1b2c3d4e5f6a7b8c9d", secret: "f0e1d2c3b4a596877869",
    cluster: "eu", useTLS: true });
  const channel = `private-user-${v.user_id}`;
  await pusher.trigger(channel, "article-viewed", { user_id: v.user_id, email: v.email,
    email_sha256: v.email_sha256, phone: v.phone, android_id: v.android_id, advertising_id: v.adid,
    imei: v.imei, wifi_mac: v.mac, latitude: Number(v.lat), longitude: Number(v.lon), page_url: v.visited_url });
  await pusher.trigger(channel, "search", { query: v.query });
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
