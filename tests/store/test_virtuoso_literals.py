"""On a real Virtuoso 7: the defect the literal codec is for, and literals that round-trip through it.

Measured on Debian's 7.2.5: `"P1Y"^^xsd:duration` fails the update (SP031 with `sql:big-data-const 1`)
or is kept as months (`"12"`), `xsd:yearMonthDuration` fails likewise and `"P1DT2H"^^xsd:dayTimeDuration`
reads back as `"PT93600S"`. If the first test starts failing, the server keeps durations and the
codec may go (decision 0020).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store import RemoteStore, StoreError
from mscos_kg.store.dialect import VIRTUOSO
from mscos_kg.store.literal_codec import PRIVATE, XSD
from mscos_kg.store.remote import Credentials
from mscos_kg.store.virtuoso_server import VirtuosoServer
from tests.conftest import virtuoso_store

pytestmark = pytest.mark.server

G = NamedNode("https://example.org/g")
P = NamedNode("https://example.org/p")
ALTERED = [("P1Y", "duration"), ("P0D", "duration"), ("P14M", "yearMonthDuration"), ("P1DT2H", "dayTimeDuration")]
KEPT = [*ALTERED, ("P6M", "duration"), ("-P1D", "duration"), ("P1Y2M3DT4H5M6.5S", "duration"),
        ("PT36H", "dayTimeDuration")]


@pytest.fixture
def virtuoso(virtuoso_server: VirtuosoServer) -> Iterator[RemoteStore]:
    store = virtuoso_store(virtuoso_server)
    yield store
    store.close()


def _read_back(store: RemoteStore, subject: NamedNode) -> Literal | None:
    rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G, "s": subject, "p": P}).rows
    value = rows[0][0] if rows else None
    assert value is None or isinstance(value, Literal)
    return value


@pytest.mark.parametrize(("value", "datatype"), ALTERED, ids=[f"{d}-{v}" for v, d in ALTERED])
def test_virtuoso_7_still_alters_or_refuses_xsd_durations_written_as_they_are(
    virtuoso: RemoteStore, virtuoso_server: VirtuosoServer, value: str, datatype: str
) -> None:
    raw = RemoteStore(virtuoso.endpoints, credentials=Credentials(virtuoso_server.user, virtuoso_server.password),
                      dialect=dataclasses.replace(VIRTUOSO, codec=None))  # Virtuoso's dialect without the codec
    literal = Literal(value, datatype=NamedNode(XSD + datatype))
    subject = NamedNode("https://example.org/raw")
    try:
        raw.replace_graph(G, [Triple(subject, P, literal)])
    except StoreError:
        return  # refused (SP031 / SQ200)
    finally:
        raw.close()
    assert _read_back(virtuoso, subject) != literal  # the codec cannot map "12" or "PT93600S" back


def test_durations_round_trip_through_the_codec_on_every_read_path(virtuoso: RemoteStore) -> None:
    triples = [Triple(NamedNode(f"https://example.org/m{i}"), P, Literal(v, datatype=NamedNode(XSD + d)))
               for i, (v, d) in enumerate(KEPT)]
    virtuoso.replace_graph(G, triples)  # several in one update, which fails raw (SQ200)
    selected = virtuoso.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G}).rows
    assert {Triple(s, p, o) for s, p, o in selected} == set(triples)  # type: ignore[arg-type]
    constructed = virtuoso.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G})
    assert set(constructed) == set(triples)
    document = json.loads(virtuoso.select_sparql_json("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G}))
    datatypes = {b["o"]["datatype"] for b in document["results"]["bindings"]}
    assert datatypes == {XSD + d for _, d in KEPT}
    for triple in triples:  # a duration bound as a parameter finds its triple
        assert virtuoso.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": G, "s": triple.subject, "o": triple.object})
    assert PRIVATE not in repr(selected) + repr(constructed) + json.dumps(document)
