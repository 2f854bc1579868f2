"""A shop backend reporting conversions through Meta's Conversions API (facebook-business SDK).

POST graph.facebook.com/vNN/<pixel id>/events, form fields ``data=<JSON array of events>`` and
``access_token``. The SDK itself normalises and sha256-hashes ``em`` and ``ph`` (so e-mail and
phone travel only hashed); ``external_id`` (the user id), ``madid`` (the GAID) and ``anon_id`` (the
install id) travel in clear, as do ``event_source_url`` and ``search_string``.
"""

import json
import sys
import time

from facebook_business.adobjects.serverside.action_source import ActionSource
from facebook_business.adobjects.serverside.custom_data import CustomData
from facebook_business.adobjects.serverside.event import Event
from facebook_business.adobjects.serverside.event_request import EventRequest
from facebook_business.adobjects.serverside.user_data import UserData
from facebook_business.api import FacebookAdsApi


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    FacebookAdsApi.init(access_token="EAAGm0PX4ZCpsBAFakeTokenForRecording000000", api_version="v21.0")
    now = int(time.time())
    user = UserData(emails=[v["email"]], phones=[v["phone"]], external_ids=[v["user_id"]],
                    client_ip_address="203.0.113.7", client_user_agent="DailyReader/4.2.0 (Android 10)",
                    fbp="fb.1.1700000000000.1234567890", madid=v["adid"], anon_id=v["android_id"])
    events = [
        Event(event_name="ViewContent", event_time=now, user_data=user, action_source=ActionSource.APP,
              event_source_url=v["visited_url"]),
        Event(event_name="Search", event_time=now, user_data=user, action_source=ActionSource.APP,
              custom_data=CustomData(search_string=v["query"])),
    ]
    EventRequest(events=events, pixel_id="1234567890123456").execute()


if __name__ == "__main__":
    main(sys.argv[1])
