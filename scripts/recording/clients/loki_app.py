"""An app backend shipping logs to the customer's own Grafana Loki (python-logging-loki, the
``logging`` handler on PyPI): JSON POST ``https://<loki>/loki/api/v1/push`` with basic auth.

Each record is one push: ``{"streams": [{"stream": {labels}, "values": [["<ns timestamp>",
"<line>"]]}]}``. Labels are the handler's tags plus the record's ``tags``; the line is the formatted
record, here JSON (message and extra fields), as Loki users write it for ``| json`` queries.
"""

import json
import logging
import sys

import logging_loki

STANDARD = set(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    """The record's message and its extra attributes (but the Loki labels) as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in vars(record).items() if k not in STANDARD and k not in ("message", "tags")}
        return json.dumps({"level": record.levelname, "message": record.getMessage(), **extra})


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    handler = logging_loki.LokiHandler(url=plan["loki"], tags={"app": "daily-reader-api", "env": "prod"},
                                       auth=("tenant-1", "loki-password"), version="1")
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("daily-reader.api")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(handler)
    log.info("article served", extra={
        "tags": {"route": "article"}, "user_id": v["user_id"], "email": v["email"],
        "email_sha256": v["email_sha256"], "phone": v["phone"], "android_id": v["android_id"],
        "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"], "latitude": float(v["lat"]),
        "longitude": float(v["lon"]), "page_url": v["visited_url"]})
    log.info("search", extra={"tags": {"route": "search"}, "user_id": v["user_id"], "search_query": v["query"]})
    handler.close()


if __name__ == "__main__":
    main(sys.argv[1])
