"""An app backend recording reader events in Keen (keen, Keen IO's Python client): JSON POST
api.keen.io/3.0/projects/<project>/events with the write key in ``Authorization``.

``add_events`` sends ``{collection: [event, …]}``; each event may carry Keen's own ``keen`` object:
``keen.location.coordinates`` is the position as ``[longitude, latitude]`` (GeoJSON order, which
Keen's geo filters read), and ``keen.addons`` names the enrichments Keen runs on the event's fields
(the URL parser reads ``page_url``, as Keen's documentation writes it).
"""

import json
import sys

from keen.client import KeenClient


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = KeenClient(project_id="5f0c1e2d3b4a596870000001",
                        write_key="0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9")
    user = {"id": v["user_id"], "email": v["email"], "email_sha256": v["email_sha256"],
            "phone": v["phone"]}
    device = {"android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"],
              "wifi_mac": v["mac"], "model": v["model"]}
    position = {"location": {"coordinates": [float(v["lon"]), float(v["lat"])]}}
    client.add_events({
        "pageviews": [{
            "user": user, "device": device, "page_url": v["visited_url"],
            "keen": {**position, "addons": [{"name": "keen:url_parser", "input": {"url": "page_url"},
                                             "output": "parsed_page_url"}]},
        }],
        "searches": [{"user": {"id": v["user_id"]}, "search": {"term": v["query"]}, "keen": position}],
    })


if __name__ == "__main__":
    main(sys.argv[1])
