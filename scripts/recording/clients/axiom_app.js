/* A Node.js app backend shipping events to Axiom (@axiomhq/js, batched: NDJSON POST
 * api.axiom.co/v1/datasets/<dataset>/ingest, Bearer API token). Each event carries what such a backend
 * logs: the user, the page, the search term, the device identifiers and position. */
"use strict";
const fs = require("fs");
const { Axiom } = require("@axiomhq/js");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const axiom = new Axiom({ token: "xaat-0a1b2c3d-4e5f-6789-abcd-ef0123456789", onError: (e) => { throw e; } });
  axiom.ingest("daily-reader-events", [
    { event: "article_viewed", user_id: v.user_id, email: v.email, phone: v.phone, email_sha256: v.email_sha256,
      page_url: v.visited_url, device: { imei: v.imei, android_id: v.android_id, advertising_id: v.adid,
        wifi_mac: v.mac }, latitude: Number(v.lat), longitude: Number(v.lon) },
    { event: "search", user_id: v.user_id, query: v.query },
  ]);
  await axiom.flush();
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
