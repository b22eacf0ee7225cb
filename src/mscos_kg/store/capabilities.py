"""What the service needs of a SPARQL server, checked when it starts (`check_server`).

A remote store must answer SPARQL 1.1 queries at its query endpoint (SELECT and ASK as
application/sparql-results+json, CONSTRUCT as N-Triples or another RDF syntax), hold named graphs
(`GRAPH <g>` sees a graph's triples), query the union of its named graphs when a query names no
dataset, and, when the service writes (partner uploads, a directory's store server), run SPARQL 1.1
Update requests at its update endpoint (DROP SILENT GRAPH, INSERT DATA into a named graph, DELETE
... WHERE) as one transaction each. The check writes one triple to a probe graph of its own and
drops it again; a server that falls short stops the start with a message naming what is missing.
"""

from __future__ import annotations

import contextlib
import uuid

from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store.errors import StoreError, StoreMisconfiguredError, StoreUnavailableError
from mscos_kg.store.remote import RemoteStore

PROBE_SUBJECT = NamedNode("urn:mscos:probe:s")
PROBE_PREDICATE = NamedNode("urn:mscos:probe:p")


def check_server(store: RemoteStore, *, writes: bool) -> None:
    """Raise StoreMisconfiguredError (or StoreUnavailableError) unless the server does what the service needs."""
    where = store.endpoints.query
    try:
        store.select("SELECT ?x WHERE { VALUES ?x { 1 } }")
        store.ask("ASK {}")
        store.construct("CONSTRUCT { <urn:mscos:probe:s> <urn:mscos:probe:p> 1 } WHERE { }")
    except StoreUnavailableError:
        raise
    except StoreError as exc:
        raise StoreMisconfiguredError(
            f"{where} does not answer SPARQL 1.1 queries as the service needs (SELECT and ASK as "
            f"application/sparql-results+json, CONSTRUCT as RDF): {exc}"
        ) from exc
    if not writes:
        return
    probe = NamedNode(f"urn:mscos:probe:{uuid.uuid4()}")
    value = Literal(probe.value)
    try:
        try:
            store.replace_graph(probe, [Triple(PROBE_SUBJECT, PROBE_PREDICATE, value)])
        except StoreError as exc:
            raise StoreMisconfiguredError(
                f"{store.endpoints.update} does not run SPARQL 1.1 Update requests for this service (it stores partner "
                f"datasets): {exc}. Give the update endpoint (MSCOS_STORE_UPDATE_URL) and an account allowed to "
                "update (MSCOS_STORE_USER, MSCOS_STORE_PASSWORD), or run without partner tokens (read-only)"
            ) from exc
        named = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": probe, "s": PROBE_SUBJECT,
                                                                          "p": PROBE_PREDICATE})
        if [row[0] for row in named.rows] != [value]:
            raise StoreMisconfiguredError(f"{where} does not keep named graphs: a triple written to {probe.value} "
                                          "is not found in GRAPH <that graph>")
        store.check_union(probe)
    finally:
        with contextlib.suppress(StoreError):  # the message of the first failure matters more
            store.drop_graph(probe)
