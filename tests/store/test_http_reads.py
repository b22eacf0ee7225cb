"""Store reads over kept connections (`mscos_kg.store.http_reads`): a read finds the server again
after it was down or restarted, with a clean StoreUnavailableError meanwhile (never another error)."""

from __future__ import annotations

import pytest

from mscos_kg.store.errors import StoreUnavailableError
from mscos_kg.store.remote import RemoteEndpoints, RemoteStore
from mscos_kg.store.server import OxigraphServer


def test_reads_fail_cleanly_while_the_server_is_down_and_reconnect_after_its_restart() -> None:
    with OxigraphServer() as server:
        store = RemoteStore(RemoteEndpoints.from_url(server.url))
        try:
            assert store.ask("ASK {}") is True  # a kept connection now exists
            process = server._process
            assert process is not None
            process.kill()  # down: the kept connection is dead, and no new one can be made
            for _ in range(3):  # repeatedly: a failed reconnect must not break the next attempt
                with pytest.raises(StoreUnavailableError):
                    store.ask("ASK {}")
            server.restart()  # the same port
            assert store.ask("ASK {}") is True
        finally:
            store.close()
