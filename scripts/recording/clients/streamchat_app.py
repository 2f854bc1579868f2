"""An app backend syncing a signed-in reader to Stream Chat and posting for them (stream-chat SDK):
JSON over HTTPS to chat.stream-io-api.com with ``api_key`` in the query and a server JWT.

``upsert_user`` POSTs ``/users`` with ``{"users": {<id>: {id, name, email, …custom fields}}}``;
``send_message`` POSTs ``/channels/messaging/<channel>/message`` with the message, its ``user_id``
and custom fields: the page the reader shares and the search they ask about.
"""

import json
import sys

from stream_chat import StreamChat


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = StreamChat(api_key="q7kcxd2zb9mv", api_secret="s3cr3t0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")
    client.upsert_user({
        "id": v["user_id"], "name": "Reader", "email": v["email"], "email_sha256": v["email_sha256"],
        "phone": v["phone"], "android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"],
        "wifi_mac": v["mac"], "latitude": float(v["lat"]), "longitude": float(v["lon"]),
    })
    channel = client.channel("messaging", "support-" + v["user_id"])
    channel.send_message({"text": f"Is there more like this? {v['visited_url']}",
                          "shared_url": v["visited_url"], "search_query": v["query"]}, v["user_id"])


if __name__ == "__main__":
    main(sys.argv[1])
