"""An app backend notifying a reader through Knock (knockapi, the vendor's Python library): JSON
over HTTPS to api.knock.app with a Bearer secret key.

``users.update`` PUTs ``/v1/users/<id>`` with the e-mail, phone number and custom properties (the
device the reader uses); ``workflows.trigger`` POSTs ``/v1/workflows/<key>/trigger`` with the
recipients and the ``data`` the notification templates render: the article and the search that
matched it, the reader's position for a local edition.
"""

import json
import sys

from knockapi import Knock


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Knock(api_key="sk_test_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d", max_retries=0)
    client.users.update(v["user_id"], email=v["email"], phone_number=v["phone"], name="Reader",
                        extra_body={"email_sha256": v["email_sha256"], "android_id": v["android_id"],
                                    "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"]})
    client.workflows.trigger("new-article-alert", recipients=[v["user_id"]], data={
        "article_url": v["visited_url"], "search_query": v["query"],
        "latitude": float(v["lat"]), "longitude": float(v["lon"])})


if __name__ == "__main__":
    main(sys.argv[1])
