"""An app exporting traces and logs with OpenTelemetry's OTLP/gRPC exporter (gRPC over HTTP/2).

The resource carries device attributes as apps instrumented with OpenTelemetry set them (device.id,
enduser.id, …); spans and a log record carry the URL, search term and location (``geo.location.*``
as doubles, per the semantic conventions) the app was handling. The collector is the customer's own
(port 4317): ``/opentelemetry.proto.collector.trace.v1.TraceService/Export`` and the logs service,
``Content-Type: application/grpc``, each message behind gRPC's 5-byte frame header. gRPC reaches it
through ``https_proxy`` (HTTP CONNECT) and trusts the recording proxy's CA given as the channel's
root certificates.
"""

import json
import logging
import sys

import grpc
from opentelemetry import trace
from opentelemetry._logs import set_logger_provider
from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    endpoint = plan["collector"]
    credentials = grpc.ssl_channel_credentials(root_certificates=open(plan["ca_cert"], "rb").read())
    compression = grpc.Compression.Gzip if plan.get("compression") == "gzip" else None  # flag 1 frames
    resource = Resource.create({
        "service.name": "daily-reader-android", "service.version": "4.2.0",
        "os.type": "linux", "os.name": "Android", "os.version": v["os_version"],
        "device.id": v["android_id"], "device.model.name": v["model"], "device.manufacturer": "Xiaomi",
        "device.imei": v["imei"], "device.wifi_mac": v["mac"], "device.advertising_id": v["adid"],
        "enduser.id": v["user_id"],
    })
    traces = TracerProvider(resource=resource)
    span_exporter = OTLPSpanExporter(endpoint=endpoint, credentials=credentials, timeout=10,
                                     compression=compression)
    traces.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(traces)
    logs = LoggerProvider(resource=resource)
    log_exporter = OTLPLogExporter(endpoint=endpoint, credentials=credentials, timeout=10,
                                   compression=compression)
    logs.add_log_record_processor(BatchLogRecordProcessor(log_exporter))
    set_logger_provider(logs)
    log = logging.getLogger("daily_reader")
    log.setLevel(logging.INFO)
    log.addHandler(LoggingHandler(level=logging.INFO, logger_provider=logs))

    tracer = trace.get_tracer("daily_reader.ui", "4.2.0")
    with tracer.start_as_current_span("open article") as span:
        span.set_attribute("url.full", v["visited_url"])
        span.set_attribute("geo.location.lat", float(v["lat"]))
        span.set_attribute("geo.location.lon", float(v["lon"]))
    with tracer.start_as_current_span("search") as span:
        span.set_attribute("app.search.query", v["query"])
    with tracer.start_as_current_span("sign in") as span:
        span.set_attribute("user.email", v["email"])
        span.set_attribute("user.hash", v["email_sha256"])
        span.set_attribute("user.phone", v["phone"])
        log.info("signed in %s", v["email"])
    traces.shutdown()
    logs.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
