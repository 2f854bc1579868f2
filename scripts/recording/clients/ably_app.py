"""An app backend publishing a reader's activity on an Ably channel (ably, the vendor's Python SDK):
POST main.realtime.ably.net/channels/<channel>/messages, MessagePack (``application/x-msgpack``,
the SDK's default binary protocol) with HTTP Basic auth (the API key).

A message is ``{"name", "data", "encoding"}``; a dict given as ``data`` travels as a JSON string
with ``encoding: json``, so the values sit in JSON inside a MessagePack string.
"""

import asyncio
import json
import sys

from ably import AblyRest


async def publish(v: dict) -> None:
    async with AblyRest(key="xVLyHw.DQrNxQ:0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d") as client:
        channel = client.channels.get("reader-activity")
        await channel.publish("article_viewed", {
            "user_id": v["user_id"], "email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"],
            "android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"],
            "latitude": float(v["lat"]), "longitude": float(v["lon"]), "page_url": v["visited_url"]})
        await channel.publish("search", {"user_id": v["user_id"], "query": v["query"]})


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    asyncio.run(publish(plan["values"]))


if __name__ == "__main__":
    main(sys.argv[1])
