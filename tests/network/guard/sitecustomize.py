"""Loaded at start-up by every Python process whose PYTHONPATH holds this folder (the no-network tests).

Installs an audit hook (PEP 578) that records, as one JSON line in $PHONEHOME_NET_LOG, every attempt
at the network a Python process can make: socket creation of an internet family, connect, bind,
sendto, name and address look-ups, urllib requests, the stdlib clients (ftp, smtp, pop, imap, nntp,
telnet), opening a web browser; the import of a module that fetches (tldextract …); and every
process started, with its argv (so a network tool, or a ``tshark`` without ``-n``, shows up).
Network attempts are then refused with ConnectionRefusedError, so nothing leaves the machine even if
a test fails to notice. Child processes inherit the folder on PYTHONPATH and so the guard.

With ``PHONEHOME_NET_ALLOW=loopback`` (``phonehome record`` on 127.0.0.1), internet sockets may be
created, and connects, binds, sends and look-ups whose address is a literal loopback address
(127.0.0.0/8, ::1) go through, recorded with ``"allowed": true``; everything else is recorded and
refused as above, including any name (even ``localhost``), the wildcard address and a name lookup
of a loopback address.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys

_LOG = os.environ.get("PHONEHOME_NET_LOG")
_LOOPBACK_ONLY = os.environ.get("PHONEHOME_NET_ALLOW") == "loopback"
_INET = {int(socket.AF_INET), int(socket.AF_INET6)}
_REFUSED = {
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyaddr", "socket.getnameinfo", "socket.bind", "urllib.Request", "ftplib.connect",
    "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect", "telnetlib.Telnet.open",
    "webbrowser.open", "http.client.connect",
}
_FETCHERS = {"tldextract", "requests", "httpx", "aiohttp", "urllib3", "pycurl"}
"""Modules that fetch at run time (tldextract downloads the Public Suffix List) or exist to."""
_PROCESS = {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "pty.spawn"}


_ADDRESSED = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"}
"""Events whose last argument is the socket address."""
_NUMERIC = {"socket.getaddrinfo", "http.client.connect"}
"""Events whose host argument is harmless when it is a literal loopback address (no lookup is made)."""


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)


def _loopback_only(event: str, args: tuple[object, ...]) -> bool:
    """True when ``event`` touches nothing but loopback (the caller allows it in loopback mode)."""
    if event in _ADDRESSED:
        address = args[-1]
        if address is None and event == "socket.sendmsg":  # a connected socket: checked at connect
            return True
        return isinstance(address, tuple) and bool(address) and _is_loopback(address[0])
    if event in _NUMERIC:
        host = args[0] if event == "socket.getaddrinfo" else args[1]
        return _is_loopback(host)
    return False


def _write(event: str, args: tuple[object, ...], allowed: bool = False) -> None:
    if not _LOG:
        return
    record: dict[str, object] = {"pid": os.getpid(), "event": event, "args": [repr(a)[:300] for a in args]}
    if allowed:
        record["allowed"] = True
    line = json.dumps(record)
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode() + b"\n")
    finally:
        os.close(fd)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "import":
        if isinstance(args[0], str) and args[0].split(".")[0] in _FETCHERS:
            _write(event, args[:1])
        return
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if isinstance(family, int) and family in _INET and not _LOOPBACK_ONLY:
            _write(event, args)
            raise ConnectionRefusedError("phonehome no-network test: internet socket refused")
        return
    if event in _REFUSED and _LOOPBACK_ONLY and _loopback_only(event, args):
        _write(event, args, allowed=True)
        return
    if event in _REFUSED:
        _write(event, args)
        raise ConnectionRefusedError(f"phonehome no-network test: {event} refused")
    if event in _PROCESS:
        _write(event, args)


if _LOG:
    sys.addaudithook(_hook)
