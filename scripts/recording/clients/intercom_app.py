"""An app backend syncing a reader to Intercom and recording what they did (python-intercom, the
vendor's Python library): JSON over HTTPS to api.intercom.io with a Bearer access token.

``contacts.create`` POSTs ``/contacts`` (``external_id``, ``email``, ``phone``,
``custom_attributes``); ``events.create`` POSTs ``/events`` (``event_name``, ``user_id``,
``metadata``: string values only). The addon's generic answer is no Intercom contact, so the
client's parsing of it is not waited on.
"""

import json
import sys
import time

from intercom import CreateContactRequestWithExternalId, CreateDataEventRequestWithUserId, Intercom


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Intercom(token="dG9rOjAxMjM0NTY3Xzg5YWJfY2RlZl8wMTIzXzQ1Njc4OWFiY2RlZjoxOjA=")
    contact = CreateContactRequestWithExternalId(
        external_id=v["user_id"], email=v["email"], phone=v["phone"], name="Reader",
        custom_attributes={"email_sha256": v["email_sha256"], "android_id": v["android_id"],
                           "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"]})
    event = CreateDataEventRequestWithUserId(
        event_name="article-viewed", created_at=int(time.time()), user_id=v["user_id"],
        metadata={"page_url": v["visited_url"], "search_query": v["query"], "latitude": v["lat"],
                  "longitude": v["lon"]})
    for call, request in ((client.contacts.create, contact), (client.events.create, event)):
        try:
            call(request=request)
        except Exception as e:  # noqa: BLE001 - the request went out; the answer is not Intercom's shape
            print(f"{type(e).__name__} parsing the recording proxy's answer", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
