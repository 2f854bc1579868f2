"""What a report could not examine, said the same way by every renderer.

A scan that found nothing is only news when every capture was read: "no personal data found"
over a capture that could not be opened would present a failed scan as a clean one, and over a
capture whose request bodies were left out by its exporter it must say so.
"""

from __future__ import annotations

from phonehome.model import Report


def unreadable(report: Report) -> list[str]:
    """Captures that could not be read (completely), each once, in the order reported."""
    return list(dict.fromkeys(e.capture for e in report.errors if e.kind == "capture"))


def nothing_found(report: Report) -> str:
    """The sentence for a report without findings, naming the captures it could not read."""
    failed = unreadable(report)
    if not failed:
        if any(e.kind != "capture" for e in report.errors):
            return (
                "No personal data was found leaving the device in what could be examined; the problems "
                "listed say what could not be (bodies the capture does not hold, decoding limits)."
            )
        return "No personal data was found leaving the device in these captures."
    read = len(report.captures) - len(failed)
    if read <= 0:
        return (
            f"Nothing was examined: {_count(len(failed))} could not be read (see the problems listed). "
            "This is not a clean result."
        )
    return (
        f"No personal data was found in the {_count(read)} that could be read; {_count(len(failed))} could "
        "not be read (see the problems listed), so this is not a clean result for those."
    )


def _count(n: int) -> str:
    return f"{n} capture" if n == 1 else f"{n} captures"
