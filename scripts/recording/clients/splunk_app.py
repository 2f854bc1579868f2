"""An app backend logging to the customer's own Splunk HTTP Event Collector (splunk-handler, the
``logging`` handler on PyPI): POST ``https://<host>:8088/services/collector/event`` with
``Authorization: Splunk <token>``.

A flush sends the queued records as JSON objects written one after another with nothing between
them (``{"event": …, "host", "index", "source", "sourcetype", "time"}{…}``), as HEC accepts. The
app formats each record as a JSON string (a JSON formatter, as Splunk users do), so ``event`` is
JSON inside a JSON string: the message and the record's extra fields.
"""

import json
import logging
import sys

from splunk_handler import SplunkHandler

STANDARD = set(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    """The record's message and its extra attributes as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in vars(record).items() if k not in STANDARD and k != "message"}
        return json.dumps({"level": record.levelname, "message": record.getMessage(), **extra})


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    handler = SplunkHandler(host=plan["hec_host"], port=8088, token="8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
                            index="app", hostname="api-1", source="daily-reader-api", sourcetype="_json",
                            flush_interval=30, proxies={"https": plan["proxy"]}, verify=plan["ca_cert"])
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("daily-reader.api")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(handler)
    log.info("article served", extra={
        "user_id": v["user_id"], "email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"],
        "android_id": v["android_id"], "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"],
        "latitude": float(v["lat"]), "longitude": float(v["lon"]), "page_url": v["visited_url"]})
    log.info("search", extra={"user_id": v["user_id"], "search_query": v["query"]})
    handler.force_flush()
    handler.close()


if __name__ == "__main__":
    main(sys.argv[1])
