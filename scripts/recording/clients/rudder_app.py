"""An app backend reporting through RudderStack's Python SDK (gzip JSON POST /v1/batch)."""

import json
import sys

import rudderstack.analytics as rudder_analytics


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    rudder_analytics.write_key = "2FictionalRudderWriteKey00000"
    rudder_analytics.dataPlaneUrl = plan["data_plane"]
    rudder_analytics.max_retries = 0
    context = {
        "device": {"id": v["android_id"], "advertisingId": v["adid"], "model": v["model"],
                   "manufacturer": "Xiaomi", "imei": v["imei"], "macAddress": v["mac"]},
        "os": {"name": "Android", "version": v["os_version"]},
        "location": {"latitude": float(v["lat"]), "longitude": float(v["lon"])},
    }
    anon = v["android_id"]
    rudder_analytics.screen(anonymous_id=anon, name="Article", properties={"url": v["visited_url"]},
                            context=context)
    rudder_analytics.track(anonymous_id=anon, event="Products Searched", properties={"query": v["query"]},
                           context=context)
    rudder_analytics.identify(user_id=v["user_id"], anonymous_id=anon, context=context, traits={
        "email": v["email"], "phone": v["phone"], "email_sha256": v["email_sha256"]})
    rudder_analytics.flush()
    rudder_analytics.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
