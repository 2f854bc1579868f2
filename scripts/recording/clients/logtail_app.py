"""An app backend logging to Better Stack (logtail-python, the vendor's handler for ``logging``):
POST in.logs.betterstack.com with ``Content-Type: application/msgpack`` and a Bearer source token.

Each flush sends a MessagePack array of log records: ``dt``, ``level``, ``message``, ``context``
(runtime and the handler's custom context) and the record's ``extra`` attributes at the top level,
where an app puts the signed-in user, the request and the device it came from.
"""

import json
import logging
import sys

from logtail import LogtailHandler


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    handler = LogtailHandler(source_token="tYxL2e9v8QkR3mN5pW7sZ1aB", flush_interval=60)
    log = logging.getLogger("daily-reader.api")
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    user = {"id": v["user_id"], "email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"]}
    device = {"android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"],
              "wifi_mac": v["mac"], "latitude": float(v["lat"]), "longitude": float(v["lon"])}
    log.info("article served", extra={"user": user, "device": device, "page_url": v["visited_url"]})
    log.warning("search returned nothing", extra={"user": {"id": v["user_id"]}, "search_query": v["query"]})
    handler.flush()


if __name__ == "__main__":
    main(sys.argv[1])
