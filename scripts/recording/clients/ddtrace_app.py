"""A web backend traced with Datadog APM (ddtrace): spans go to the customer's own Datadog agent.

The tracer posts msgpack to the agent (``PUT/POST /v0.5/traces`` by default, ``/v0.4/traces`` when
the plan's ``api_version`` says so, as ``DD_TRACE_API_VERSION`` documents), with
``Datadog-Meta-Lang`` / ``Datadog-Meta-Tracer-Version`` headers; it asks the agent's ``/info`` first.
The agent's host is the customer's own (``DD_TRACE_AGENT_URL``); the tracer's native exporter
(libdatadog) honours ``HTTP_PROXY``, so the recording proxy sees it like any other client.

The request span carries what such a backend tags: the signed-in user (``usr.id``, ``usr.email``
via ``set_user``), the page the app asked for (``http.url``), the search term, and the device
identifiers and position the app sent along, as custom tags.
"""

import json
import os
import sys


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    os.environ.update({
        "DD_TRACE_AGENT_URL": plan["agent"],
        "DD_SERVICE": "daily-reader-api", "DD_ENV": "prod", "DD_VERSION": "3.4.1",
        "DD_INSTRUMENTATION_TELEMETRY_ENABLED": "false", "DD_REMOTE_CONFIGURATION_ENABLED": "false",
        "DD_TRACE_STARTUP_LOGS": "false",
    })
    if plan.get("api_version"):
        os.environ["DD_TRACE_API_VERSION"] = plan["api_version"]

    from ddtrace.contrib.trace_utils import set_user
    from ddtrace.trace import tracer

    with tracer.trace("http.request", resource="GET /article", span_type="web") as span:
        set_user(tracer, v["user_id"], email=v["email"], may_block=False)
        span.set_tag("http.method", "GET")
        span.set_tag("http.url", v["visited_url"])
        span.set_tag("http.status_code", "200")
        span.set_tag("usr.email_sha256", v["email_sha256"])
        span.set_tag("usr.phone", v["phone"])
        span.set_tag("device.imei", v["imei"])
        span.set_tag("device.android_id", v["android_id"])
        span.set_tag("device.advertising_id", v["adid"])
        span.set_tag("device.wifi_mac", v["mac"])
        span.set_tag("geo.latitude", v["lat"])
        span.set_tag("geo.longitude", v["lon"])
        with tracer.trace("search.query", resource="search") as child:
            child.set_tag("search.term", v["query"])
    tracer.flush()
    tracer.shutdown(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1])
