"""Fair sharing: how many expensive requests one client may have running at once.

A pure-ASGI middleware (outermost but CORS, so the fast paths for named queries are counted
too) counts the requests of each kind a client has in flight in this process; one more than its
limit is answered at once with 429 and ``Retry-After`` instead of waiting in a queue without end.
The limits are configuration (``Settings.client_*``); docs/api.md, "Limits", lists them.

**Who a client is.** The network address the request came from, IPv6 addresses grouped by their
/64 (one host is usually given a whole /64, so counting single IPv6 addresses would give it
billions of allowances). Behind a reverse proxy every request comes from the proxy, so the
address is read from ``X-Forwarded-For`` *only* when the peer is one of
``Settings.trusted_proxies``: the right-most address of that header that is not itself a trusted
proxy is the client (the left part is written by the client and proves nothing). Dataset writes
(``PUT /datasets/...``) are the exception: they need a partner's token, so their client is the
token (two partners behind one address do not share a limit). A made-up token gains nothing:
it is refused with 401 before the upload is read.

Counts are per service process: behind N processes a client may have up to N times its limit
running; the proxy in front (docs/deployment.md) can cap the total.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from starlette.types import ASGIApp, Receive, Scope, Send

from mscos_kg.config import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Kind(StrEnum):
    """The expensive request kinds, each with a limit of its own."""

    SPARQL = "sparql"
    QUERIES = "queries"
    RECONCILE = "reconcile"
    VALIDATE = "validate"
    WRITE = "write"  # PUT /datasets/{id}: validation, then a store write; counted per token


def kind_of(method: str, path: str) -> Kind | None:
    """The kind of an expensive request, or None for a cheap one (resolution, pages, search...)."""
    if path == "/sparql" and method in ("GET", "POST"):
        return Kind.SPARQL
    if path.startswith("/queries/") and method in ("GET", "POST", "HEAD"):
        return Kind.QUERIES
    if path == "/reconcile" and method in ("GET", "POST"):
        return Kind.RECONCILE
    if method == "POST" and path in ("/validate", "/validate.html", "/map", "/map.html"):
        return Kind.VALIDATE
    if method == "PUT" and path.startswith("/datasets/"):
        return Kind.WRITE
    return None


@dataclass(frozen=True)
class Limits:
    per_client: dict[Kind, int]
    retry_after_s: int
    trusted: tuple[Network, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            per_client={
                Kind.SPARQL: settings.client_sparql,
                Kind.QUERIES: settings.client_queries,
                Kind.RECONCILE: settings.client_reconcile,
                Kind.VALIDATE: settings.client_validate,
                Kind.WRITE: settings.client_validate,
            },
            retry_after_s=settings.retry_after_s,
            trusted=parse_networks(settings.trusted_proxies),
        )


def parse_networks(values: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, trusted: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in trusted)


def _key(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, fallback: str) -> str:
    if address is None:
        return fallback
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_of(scope: Scope, trusted: tuple[Network, ...]) -> str:
    """The client a request counts against (see the module docstring)."""
    peer = scope.get("client")
    host = str(peer[0]) if peer else "unknown"
    address = _address(host)
    if not _trusted(address, trusted):
        return _key(address, host)
    forwarded: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            forwarded.extend(part for part in value.decode("latin-1").split(","))
    for hop in reversed(forwarded):
        hop_address = _address(hop)
        if hop_address is None:
            return hop.strip()[:64] or host  # a garbled hop: count it as it stands
        if not _trusted(hop_address, trusted):
            return _key(hop_address, host)
    return _key(address, host)  # the proxy itself (or only proxies): count the proxy


def token_of(scope: Scope) -> str:
    """A write's client: a digest of its bearer token (never the token itself, which stays out of memory dumps)."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return "token:" + hashlib.sha256(value).hexdigest()[:32]
    return "no-token"  # answered 401 at once by the route


class ClientLimits:
    """The middleware. Counters live on the event loop's thread only, so they need no lock."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self.running: Counter[tuple[Kind, str]] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = kind_of(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if kind is None:
            await self.app(scope, receive, send)
            return
        key = (kind, token_of(scope) if kind is Kind.WRITE else client_of(scope, self.limits.trusted))
        if self.running[key] >= self.limits.per_client[kind]:
            await self._refuse(kind, send)
            return
        self.running[key] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running[key] -= 1
            if self.running[key] <= 0:
                del self.running[key]

    async def _refuse(self, kind: Kind, send: Send) -> None:
        limit = self.limits.per_client[kind]
        message = (
            f"You already have {limit} {kind.value} request{'s' if limit != 1 else ''} running; "
            f"wait for {'them' if limit != 1 else 'it'} to finish, then retry."
        )
        body = json.dumps({"error": {"code": "too_many_requests", "message": message}}).encode()
        await send({
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(self.limits.retry_after_s).encode()),
            ],
        })
        await send({"type": "http.response.body", "body": body})
