"""The seam between the service and the store port (``mscos_kg.store``).

``open_store(settings, vocabulary_turtle)`` opens ``settings.store`` (``memory``, a directory or
a SPARQL server URL) through the port and, for the embedded store and the store server that
`mscos serve` runs for a directory (``settings.store_supervised``), makes sure the vocabulary
being served is loaded (idempotent: unchanged content is not rewritten). Any other remote server
is loaded by its operator, not by a starting web service. A remote server is first checked for what
the service needs of it (`mscos_kg.store.capabilities`): updates only if the service writes (partner
tokens, or the store server of a directory).
"""

from __future__ import annotations

import functools
import logging

from mscos_kg.config import Settings
from mscos_kg.store import Store
from mscos_kg.store import open_store as open_port
from mscos_kg.store.capabilities import check_server
from mscos_kg.store.factory import StoreOptions, credentials_of, is_remote
from mscos_kg.store.remote import RemoteStore
from mscos_kg.store.watchdog import report_overrun

log = logging.getLogger("mscos_api")


def open_store(settings: Settings, vocabulary_turtle: bytes) -> Store:
    from mscos_kg.store.loading import load_vocabulary

    # A read waits a little longer than the server's own query time limit, so that the server, which
    # stops the query, answers first; then it gives up, so its query slot comes back in any case.
    # A read the server did not stop goes on there: reported to `mscos serve`'s watchdog, which stops it.
    overrun = settings.store_overrun_file
    on_overrun = functools.partial(report_overrun, overrun) if overrun is not None else None
    options = StoreOptions(
        query_timeout_s=settings.query_timeout_s + 2,
        update_url=settings.store_update_url,
        credentials=credentials_of(settings),
        on_overrun=on_overrun,
    )
    store = open_port(settings.store, options)
    if isinstance(store, RemoteStore):  # what the service needs of the server, with a clear message if not
        try:
            check_server(store, writes=settings.store_supervised or settings.tokens_file is not None)
        except Exception:
            store.close()
            raise
    if not is_remote(settings.store) or settings.store_supervised:
        receipt = load_vocabulary(store, vocabulary_turtle)
        if receipt.changed:
            log.info("loaded the vocabulary into the store (%s)", receipt.record.graph.value)
    return store


def close_store(store: Store) -> None:
    store.close()
