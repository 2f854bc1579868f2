"""An app backend pushing a reader's activity to their devices over Pusher Channels (pusher, the
vendor's Python library): POST api-<cluster>.pusher.com/apps/<app id>/events, signed in the query
(``auth_key``, ``auth_timestamp``, ``auth_version``, ``body_md5``, ``auth_signature``).

The body is ``{"name": <event>, "channels": [...], "data": <JSON string>}``: the data the app
triggers travels JSON-encoded inside the JSON body.
"""

import json
import sys

import pusher
import pusher.requests


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    # the library verifies TLS against the CA bundle it ships: hand it the recording proxy's CA
    pusher.requests.CERT_PATH = plan["ca_cert"]
    client = pusher.Pusher(app_id="1712345", key="0a1b2c3d4e5f6a7b8c9d", secret="f0e1d2c3b4a596877869",
                           cluster="eu", ssl=True)
    channel = f"private-user-{v['user_id']}"
    client.trigger([channel], "article-viewed", {
        "user_id": v["user_id"], "email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"],
        "android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"],
        "latitude": float(v["lat"]), "longitude": float(v["lon"]), "page_url": v["visited_url"]})
    client.trigger([channel], "search", {"query": v["query"]})


if __name__ == "__main__":
    main(sys.argv[1])
