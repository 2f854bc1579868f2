"""The few exception types phonehome raises; every message names the input and what to do."""


class PhonehomeError(Exception):
    """Base class of every error phonehome reports to the user."""


class CaptureError(PhonehomeError):
    """A capture file cannot be read (missing, empty, truncated, unknown format)."""


class ConfigError(PhonehomeError):
    """A command-line option, canaries file, key or manifest is invalid."""


class DecodeError(PhonehomeError):
    """A decoder was given input it cannot decode; the engine skips and counts it."""
