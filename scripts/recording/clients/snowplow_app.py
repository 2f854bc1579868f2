"""An app reporting through the Snowplow Python tracker, base64 on: one GET and one POST emitter.

With ``encode_base64=True`` self-describing events travel in ``ue_px`` and contexts in ``cx``
(URL-safe base64 JSON): as query parameters of ``GET /i`` and inside the JSON body of
``POST /com.snowplowanalytics.snowplow/tp2``.
"""

import json
import sys

from snowplow_tracker import Emitter, PageView, SelfDescribing, SelfDescribingJson, Subject, Tracker

MOBILE_CTX = "iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-2"
GEO_CTX = "iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0"
SEARCH = "iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0"
IDENTIFY = "iglu:com.example-news/identify/jsonschema/1-0-0"


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    subject = Subject().set_platform("mob").set_user_id(v["user_id"]).set_lang("en-US")
    contexts = [
        SelfDescribingJson(MOBILE_CTX, {
            "osType": "android", "osVersion": v["os_version"], "deviceManufacturer": "Xiaomi",
            "deviceModel": v["model"], "androidIdfa": v["adid"], "imei": v["imei"],
            "androidId": v["android_id"], "macAddress": v["mac"]}),
        SelfDescribingJson(GEO_CTX, {"latitude": float(v["lat"]), "longitude": float(v["lon"])}),
    ]
    for method in ("get", "post"):
        emitter = Emitter(plan["collector"], method=method, batch_size=2 if method == "post" else 1)
        tracker = Tracker(f"app-{method}", emitter, subject=subject, app_id="daily-reader",
                          encode_base64=True)
        tracker.track(PageView(page_url=v["visited_url"], page_title="Article", context=contexts))
        tracker.track(SelfDescribing(SelfDescribingJson(SEARCH, {"terms": v["query"].split(),
                                                                "filters": {"q": v["query"]}}),
                                     context=contexts))
        tracker.track(SelfDescribing(SelfDescribingJson(IDENTIFY, {
            "email": v["email"], "phone": v["phone"], "email_sha256": v["email_sha256"]})))
        tracker.flush()


if __name__ == "__main__":
    main(sys.argv[1])
