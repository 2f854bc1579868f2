"""phonehome: show exactly what an app or browser sends home."""

__version__ = "0.1.0"
