"""Where webhooks may go (SSRF): an endpoint's host must resolve to public
addresses only, checked when the endpoint is created and again at each
delivery; the delivery's own socket is checked once connected, so a name
that resolves elsewhere between the two (DNS rebinding) is still refused.
Redirects are never followed and no proxy from the environment is used.
`OUTGOING_WEBHOOKS_ALLOW_PRIVATE=1` lifts the address rule (local receivers
in development and tests)."""

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class UnsafeTarget(Exception):
    """The URL may not receive webhooks; the message says why."""


def _allow_private() -> bool:
    return settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE


def address_is_public(address: str) -> bool:
    """A globally routable unicast address (not loopback, private, link-local,
    carrier-grade NAT, multicast, reserved or documentation ranges)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_check(url: str) -> None:
    """Raise UnsafeTarget unless `url` is an http(s) URL without credentials
    whose host resolves to public addresses only (any address when private
    targets are allowed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget(f"The URL is malformed: {exc}.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("Only http:// and https:// URLs with a host are allowed.")
    if parts.username or parts.password:
        raise UnsafeTarget("The URL may not carry a user name or password.")
    if _allow_private():
        return
    try:
        infos = socket.getaddrinfo(
            parts.hostname,
            port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget(f"The host {parts.hostname} cannot be resolved.") from None
    for info in infos:
        if not address_is_public(info[4][0]):
            raise UnsafeTarget(
                f"The host {parts.hostname} resolves to a private, loopback or "
                "reserved address."
            )


def _check_peer(sock: socket.socket) -> None:
    address = sock.getpeername()[0]
    if not _allow_private() and not address_is_public(address):
        sock.close()
        raise UnsafeTarget(f"Connected to a non-public address ({address}).")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def webhook_session() -> requests.Session:
    """A requests session whose connections refuse non-public peers, with no
    retries of its own (the task retries) and no proxy or .netrc from the
    environment."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
