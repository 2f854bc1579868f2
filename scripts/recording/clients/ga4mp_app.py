"""An app backend sending GA4 Measurement Protocol hits with the ga4mp module.

POST www.google-analytics.com/mp/collect?measurement_id=G-…&api_secret=…, JSON
``{client_id, user_id, events: [{name, params}], user_properties: {NAME: {value}}}``.
"""

import json
import sys

from ga4mp import GtagMP


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    ga = GtagMP(api_secret="gA4sEcReT0123456789abc", measurement_id="G-DR4EADER01",
                client_id="1834627150.1700000000")
    ga.store.set_user_property("user_id", v["user_id"])
    for name, value in (("email", v["email"]), ("phone", v["phone"]), ("email_sha256", v["email_sha256"]),
                        ("android_id", v["android_id"]), ("gaid", v["adid"]), ("imei", v["imei"]),
                        ("wifi_mac", v["mac"])):
        ga.store.set_user_property(name, value)
    events = [
        {"name": "page_view", "params": {"page_location": v["visited_url"], "page_title": "Article"}},
        {"name": "search", "params": {"search_term": v["query"]}},
        {"name": "location_update", "params": {"latitude": float(v["lat"]), "longitude": float(v["lon"])}},
    ]
    ga.send(events)


if __name__ == "__main__":
    main(sys.argv[1])
