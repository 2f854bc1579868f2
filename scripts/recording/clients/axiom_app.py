"""An app backend sending events to Axiom (axiom-py, the vendor's Python bindings): gzip NDJSON
POST api.axiom.co/v1/datasets/<dataset>/ingest with a Bearer API token.

``ingest_events`` writes one JSON object per line, the event's fields as the app gives them (the
request, the signed-in user and the device), and gzips the lines.
"""

import json
import sys

from axiom_py import Client


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Client(token="xaat-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
    client.ingest_events("daily-reader-api", [
        {"_time": "2026-11-20T09:00:00Z", "route": "GET /article", "user": {"id": v["user_id"], "email": v["email"],
         "email_sha256": v["email_sha256"], "phone": v["phone"]}, "page_url": v["visited_url"],
         "device": {"android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"],
                    "wifi_mac": v["mac"]}, "geo": {"lat": float(v["lat"]), "lon": float(v["lon"])}},
        {"_time": "2026-11-20T09:00:05Z", "route": "GET /search", "user": {"id": v["user_id"]},
         "search_query": v["query"]},
    ])


if __name__ == "__main__":
    main(sys.argv[1])
