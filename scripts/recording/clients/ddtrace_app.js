/* A Node.js web backend traced with Datadog APM (dd-trace): spans go as msgpack to the customer's own
 * Datadog agent (PUT /v0.4/traces by default, /v0.5/traces when the plan's protocol says so). The
 * request span carries the signed-in user (usr.id, usr.email via setUser), the page (http.url), the
 * search term, and the device identifiers and position the app sent along, as tags. */
"use strict";
const fs = require("fs");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  Object.assign(process.env, { DD_INSTRUMENTATION_TELEMETRY_ENABLED: "false",
    DD_REMOTE_CONFIGURATION_ENABLED: "false", DD_TRACE_STARTUP_LOGS: "false", DD_RUNTIME_METRICS_ENABLED: "false",
    DD_TRACE_STATS_COMPUTATION_ENABLED: "false", DD_DATA_STREAMS_ENABLED: "false" });
  if (plan.protocol) process.env.DD_TRACE_AGENT_PROTOCOL_VERSION = plan.protocol;
  const tracer = require("dd-trace").init({ url: plan.agent, service: "daily-reader-api", env: "prod",
    version: "3.4.1", flushInterval: 0, plugins: false, telemetry: false });
  tracer.trace("http.request", { resource: "GET /article", type: "web" }, (span) => {
    tracer.setUser({ id: v.user_id, email: v.email });
    span.setTag("http.method", "GET");
    span.setTag("http.url", v.visited_url);
    span.setTag("http.status_code", "200");
    span.setTag("usr.email_sha256", v.email_sha256);
    span.setTag("usr.phone", v.phone);
    span.setTag("device.imei", v.imei);
    span.setTag("device.android_id", v.android_id);
    span.setTag("device.advertising_id", v.adid);
    span.setTag("device.wifi_mac", v.mac);
    span.setTag("geo.latitude", v.lat);
    span.setTag("geo.longitude", v.lon);
    tracer.trace("search.query", { resource: "search" }, (child) => child.setTag("search.term", v.query));
  });
  await new Promise((res) => tracer.flush ? tracer.flush(res) : setTimeout(res, 0));
  await new Promise((res) => setTimeout(res, 3000));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
