"""Recording harness: real client code → local mitmproxy that answers every request → HAR + flows."""
