"""An app backend reporting through Amplitude's Python SDK (JSON POST /2/httpapi)."""

import json
import sys

from amplitude import Amplitude, BaseEvent, Config, EventOptions, Identify


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Amplitude("0123456789abcdef0123456789abcdef", Config(flush_queue_size=20, flush_max_retries=1))
    common = dict(user_id=v["user_id"], device_id=v["android_id"], os_name="Android",
                  os_version=v["os_version"], device_model=v["model"], device_manufacturer="Xiaomi",
                  adid=v["adid"], android_id=v["android_id"], location_lat=float(v["lat"]),
                  location_lng=float(v["lon"]))
    client.track(BaseEvent("[Amplitude] Screen Viewed", event_properties={
        "[Amplitude] Page URL": v["visited_url"], "imei": v["imei"], "mac": v["mac"]}, **common))
    client.track(BaseEvent("Search", event_properties={"search_term": v["query"]}, **common))
    ident = Identify().set("email", v["email"]).set("phone", v["phone"])
    ident.set("email_sha256", v["email_sha256"])
    client.identify(ident, EventOptions(user_id=v["user_id"], device_id=v["android_id"]))
    client.flush()
    client.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
