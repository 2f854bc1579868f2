"""An app backend asking Flagsmith for a signed-in person's flags (flagsmith SDK): JSON POST
edge.api.flagsmith.com/api/v1/identities/ with ``X-Environment-Key``.

The body is ``{"identifier": <user id>, "traits": [{"trait_key", "trait_value"}, …]}``: the traits
an app segments its users by travel as key/value pairs.
"""

import json
import sys

from flagsmith import Flagsmith


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Flagsmith(environment_key="ser.0123456789abcdefABCDEF", retries=0)
    traits = {"email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"],
              "android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"],
              "wifi_mac": v["mac"], "latitude": float(v["lat"]), "longitude": float(v["lon"]),
              "last_page_url": v["visited_url"], "last_search": v["query"]}
    flags = client.get_identity_flags(v["user_id"], traits=traits)
    flags.is_feature_enabled("new_search_box")


if __name__ == "__main__":
    main(sys.argv[1])
