"""Issue 16, item 3: per-client limits on expensive requests answer 429 with Retry-After."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
from typing import Any

import pytest
from mscos_api.limits import ClientLimits, Kind, Limits, client_of, kind_of, parse_networks, token_of

from mscos_kg.config import Settings

PROXY = "10.0.0.5"
TRUSTED = parse_networks(["10.0.0.0/24"])


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("203.0.113.7", None, (), "203.0.113.7"),
    # X-Forwarded-For from an untrusted peer is the client's own claim: ignored.
    ("203.0.113.7", "198.51.100.1", TRUSTED, "203.0.113.7"),
    # From a trusted proxy: the right-most address that is not a trusted proxy.
    (PROXY, "198.51.100.1", TRUSTED, "198.51.100.1"),
    (PROXY, "6.6.6.6, 198.51.100.1", TRUSTED, "198.51.100.1"),
    (PROXY, "198.51.100.1, 10.0.0.9", TRUSTED, "198.51.100.1"),
    (PROXY, None, TRUSTED, PROXY),
    # IPv6 clients count per /64; an IPv4-mapped address as the IPv4 one.
    ("2001:db8:1:2:aaaa::1", None, (), "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.1", None, (), "192.0.2.1"),
], ids=["direct", "spoofed-header", "proxied", "spoof-left-of-proxy", "two-proxies", "proxy-only", "ipv6", "mapped"])
def test_the_client_is_the_address_after_trusted_proxies(
    peer: str, forwarded: str | None, trusted: tuple[Any, ...], expected: str
) -> None:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    assert client_of({"client": (peer, 1234), "headers": headers}, trusted) == expected


@pytest.mark.parametrize(("method", "path", "kind"), [
    ("POST", "/sparql", Kind.SPARQL), ("GET", "/sparql", Kind.SPARQL),
    ("GET", "/queries/core_outcomes", Kind.QUERIES), ("POST", "/queries/gap_analysis", Kind.QUERIES),
    ("POST", "/reconcile", Kind.RECONCILE), ("GET", "/reconcile", Kind.RECONCILE),
    ("POST", "/validate", Kind.VALIDATE), ("POST", "/validate.html", Kind.VALIDATE),
    ("POST", "/map", Kind.VALIDATE), ("POST", "/map.html", Kind.VALIDATE), ("GET", "/map", None),
    ("PUT", "/datasets/a1", Kind.WRITE),
    ("GET", "/id/000101", None), ("GET", "/search", None), ("GET", "/health", None), ("GET", "/queries", None),
    ("GET", "/validate", None), ("DELETE", "/datasets/a1", None),
])
def test_expensive_requests_are_recognised(method: str, path: str, kind: Kind | None) -> None:
    assert kind_of(method, path) == kind


def test_writes_count_per_token_not_per_address() -> None:
    def scope(token: str) -> dict[str, Any]:
        return {"client": ("192.0.2.1", 1), "headers": [(b"authorization", f"Bearer {token}".encode())]}

    assert token_of(scope("a")) != token_of(scope("b"))
    assert token_of(scope("a")) == token_of(scope("a"))
    assert token_of(scope("secret-token")) == "token:" + hashlib.sha256(b"Bearer secret-token").hexdigest()[:32]


def test_limits_come_from_settings() -> None:
    limits = Limits.from_settings(Settings(store="memory", client_sparql=3, trusted_proxies=("10.0.0.0/8",)))
    assert limits.per_client[Kind.SPARQL] == 3
    assert ipaddress.ip_address("10.1.2.3") in limits.trusted[0]


async def _call(app: ClientLimits, peer: str, path: str) -> tuple[int, dict[str, str]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "client": (peer, 1), "headers": []}
    await app(scope, receive, send)
    start = sent[0]
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}


def test_one_request_over_the_limit_is_refused_at_once_and_the_slot_comes_back() -> None:
    release = asyncio.Event()

    async def slow(scope: Any, receive: Any, send: Any) -> None:  # a real ASGI app that waits
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = ClientLimits(slow, Limits.from_settings(Settings(store="memory", client_sparql=2, retry_after_s=3)))

    async def scenario() -> None:
        first = [asyncio.create_task(_call(app, "192.0.2.1", "/sparql")) for _ in range(2)]
        await asyncio.sleep(0.01)
        status, headers = await _call(app, "192.0.2.1", "/sparql")
        assert status == 429 and headers["retry-after"] == "3"
        # Another client, and another kind for the same client, are not affected.
        other = asyncio.create_task(_call(app, "192.0.2.2", "/sparql"))
        kind = asyncio.create_task(_call(app, "192.0.2.1", "/reconcile"))
        await asyncio.sleep(0.01)
        assert not other.done() and not kind.done()
        release.set()
        assert [(await t)[0] for t in [*first, other, kind]] == [200, 200, 200, 200]
        assert not app.running  # every slot given back
        assert (await _call(app, "192.0.2.1", "/sparql"))[0] == 200

    asyncio.run(scenario())


def test_a_failing_request_gives_its_slot_back() -> None:
    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    app = ClientLimits(failing, Limits.from_settings(Settings(store="memory", client_reconcile=1)))
    for _ in range(2):
        with pytest.raises(RuntimeError):
            asyncio.run(_call(app, "192.0.2.1", "/reconcile"))
    assert not app.running
