/* An app backend notifying a reader through Knock (@knocklabs/node): users.update PUTs /v1/users/<id>
 * with the e-mail, phone number and custom properties (the reader's device), workflows.trigger POSTs
 * /v1/workflows/<key>/trigger with the recipient and the data the notification templates use. */
"use strict";
const fs = require("fs");
const Knock = require("@knocklabs/node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const client = new (Knock.default || Knock)({ apiKey: "sk_test_FictionalKnockKey0000000000", maxRetries: 0 });
  await client.users.update(v.user_id, { email: v.email, phone_number: v.phone, name: "Reader",
    email_sha256: v.email_sha256, android_id: v.android_id, advertising_id: v.adid, imei: v.imei, wifi_mac: v.mac,
    latitude: Number(v.lat), longitude: Number(v.lon) });
  await client.workflows.trigger("new-article-alert", { recipients: [v.user_id],
    data: { article_url: v.visited_url, search_query: v.query } });
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
