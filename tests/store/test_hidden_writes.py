"""A new graph written at bulk speed stays out of every query's sight until its record commits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from mscos_kg.store import EmbeddedStore, GraphAnnotation
from mscos_kg.store.convert import ParsedTriples

EX = "https://example.org/"
P = NamedNode(EX + "p")
G, META = NamedNode(EX + "g"), NamedNode(EX + "meta")
RECORD = GraphAnnotation(META, (G,), (Triple(G, NamedNode(EX + "triples"), Literal("100")),))


def triples(n: int) -> list[Triple]:
    return [Triple(NamedNode(f"{EX}s{i}"), P, Literal(f"v{i}")) for i in range(n)]


def seen(store: EmbeddedStore) -> tuple[int, int, int]:
    """(data triples in the union, graphs named by GRAPH ?g, record triples)."""
    union = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }").rows[0][0]
    named = store.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    record = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/triples> ?o }").rows[0][0]
    assert isinstance(union, Literal) and isinstance(named, Literal) and isinstance(record, Literal)
    return int(union.value), int(named.value), int(record.value)


@pytest.fixture(params=["memory", "directory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


def test_a_query_during_a_new_graphs_write_sees_neither_it_nor_its_record(store: EmbeddedStore) -> None:
    store.load_graph(NamedNode(EX + "other"), triples(3))
    during: list[tuple[int, int, int]] = []

    def slowly() -> Iterator[Triple]:
        for i, triple in enumerate(triples(100)):
            if i == 50:
                during.append(seen(store))  # half written
            yield triple

    store.replace_graph(G, list_of(slowly()), annotation=RECORD)
    assert during == [(3, 1, 0)]
    assert seen(store) == (103, 3, 1)
    assert [g.value for g in store.graphs()] == [EX + "g", EX + "meta", EX + "other"]


class list_of(list[Triple]):  # a lazy Sequence stand-in: iterating runs the generator
    def __init__(self, source: Iterator[Triple]) -> None:
        super().__init__()
        self.source = source

    def __iter__(self) -> Iterator[Triple]:
        return self.source

    def __len__(self) -> int:
        return 100


def test_a_write_that_fails_half_way_leaves_nothing(store: EmbeddedStore) -> None:
    def failing() -> Iterator[Triple]:
        yield from triples(50)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.replace_graph(G, list_of(failing()), annotation=RECORD)
    assert seen(store) == (0, 0, 0)
    assert store.graphs() == []


def test_parsed_bytes_are_bulk_loaded_with_fresh_blank_nodes(store: EmbeddedStore) -> None:
    data = b"_:a <https://example.org/p> \"1\" .\n<https://example.org/s> <https://example.org/p> _:a .\n"
    store.replace_graph(G, ParsedTriples(data, RdfFormat.N_TRIPLES, 2), annotation=RECORD)
    other = GraphAnnotation(META, (NamedNode(EX + "h"),), (Triple(NamedNode(EX + "h"), P, Literal("x")),))
    store.replace_graph(NamedNode(EX + "h"), ParsedTriples(data, RdfFormat.N_TRIPLES, 2), annotation=other)
    blanks = store.select("SELECT DISTINCT ?b WHERE { ?b <https://example.org/p> \"1\" }").rows
    assert len(blanks) == 2  # one partner's _:a is never another's


def test_replacing_a_graph_that_holds_data_is_one_update(store: EmbeddedStore) -> None:
    store.replace_graph(G, triples(10), annotation=RECORD)
    store.replace_graph(G, triples(4), annotation=RECORD)
    assert seen(store) == (4, 2, 1)


def test_a_crash_before_the_commit_leaves_no_half_graph(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store._store.bulk_extend(Quad(t.subject, t.predicate, t.object, G) for t in triples(40))  # what a crash leaves
    probe = serialize([Quad(*RECORD.triples[0], META)], format=RdfFormat.N_QUADS) or b""
    marker = tmp_path / "store.writing.json"
    marker.write_text(json.dumps({"graph": G.value, "commit": probe.decode()}))
    store.close()
    reopened = EmbeddedStore(path)
    assert seen(reopened) == (0, 0, 0)
    assert not marker.exists()
    reopened.close()


def test_a_crash_after_the_commit_keeps_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.replace_graph(G, triples(40), annotation=RECORD)
    probe = serialize([Quad(*RECORD.triples[0], META)], format=RdfFormat.N_QUADS) or b""
    (tmp_path / "store.writing.json").write_text(json.dumps({"graph": G.value, "commit": probe.decode()}))
    store.close()
    reopened = EmbeddedStore(path)
    assert seen(reopened) == (40, 2, 1)
    reopened.close()


def test_queries_running_beside_new_graphs_see_each_whole_with_its_record(store: EmbeddedStore) -> None:
    """A writer adds six graphs of 2,000 triples with their records while a reader counts."""
    import threading

    done = threading.Event()
    pairs: set[tuple[int, int]] = set()

    def writer() -> None:
        for i in range(6):
            graph = NamedNode(f"{EX}g{i}")
            record = GraphAnnotation(META, (graph,), (Triple(graph, NamedNode(EX + "triples"), Literal("2000")),))
            store.replace_graph(graph, [Triple(NamedNode(f"{EX}s{i}-{j}"), P, Literal("v")) for j in range(2000)],
                                annotation=record)
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    both = (  # one query, one snapshot
        "SELECT (COUNT(?o) AS ?data) (COUNT(?r) AS ?records) WHERE "
        "{ { ?s <https://example.org/p> ?o } UNION { ?g <https://example.org/triples> ?r } }"
    )
    while not done.is_set():
        data, records = store.select(both).rows[0]
        assert isinstance(data, Literal) and isinstance(records, Literal)
        pairs.add((int(data.value), int(records.value)))
    thread.join()
    assert all(data == 2000 * records for data, records in pairs), pairs
    assert seen(store)[::2] == (12000, 6)
