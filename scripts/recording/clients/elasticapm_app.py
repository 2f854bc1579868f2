"""A web backend traced with Elastic APM (elastic-apm, the official Python agent): NDJSON to the
customer's own APM Server, POST ``/intake/v2/events`` (``Content-Encoding: gzip``).

The first line is the agent's ``metadata`` (service, ``agent.name: python``), then the transaction:
its ``context.user`` (``id``, ``username``, ``email``), ``context.custom`` and ``context.tags``
(labels) hold what the app sets. Central configuration, cloud metadata and metrics are switched off:
they would probe the recording machine's surroundings.
"""

import json
import sys

import elasticapm


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = elasticapm.Client(
        service_name="daily-reader-api", server_url=plan["apm_server"], environment="production",
        central_config=False, cloud_provider="none", metrics_interval="0ms", capture_body="off",
        include_process_args=False, hostname="api-1", disable_log_record_factory=True)
    client.begin_transaction("request")
    elasticapm.set_user_context(username=v["user_id"], email=v["email"], user_id=v["user_id"])
    elasticapm.set_custom_context({"page_url": v["visited_url"], "search_query": v["query"],
                                   "email_sha256": v["email_sha256"], "phone": v["phone"],
                                   "latitude": float(v["lat"]), "longitude": float(v["lon"])})
    elasticapm.label(android_id=v["android_id"], advertising_id=v["adid"], imei=v["imei"],
                     wifi_mac=v["mac"])
    client.end_transaction("GET /article", "HTTP 2xx")
    client.close()


if __name__ == "__main__":
    main(sys.argv[1])
