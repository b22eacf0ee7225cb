"""What differs between the SPARQL servers the remote store talks to, told by their `Server` header.

One query text serves every engine (docs/store.md); only the writes and the graph listing differ:

* *Virtuoso 7* refuses blank nodes in `INSERT DATA` (they go in an `INSERT { } WHERE { }`, which
  SPARQL 1.1 allows); runs out of parser stack past about 5,000 triples in one block (so blocks
  of 1,000); compiles constants into SQL of at most 10,000 lines (a few thousand triples) unless
  told `DEFINE sql:big-data-const 1` (then 0.18 s for 1,000 triples instead of 0.97 s, measured);
  alters or refuses xsd:duration, xsd:dayTimeDuration and xsd:yearMonthDuration (7.2.5 keeps
  "P1Y" as "12" or fails with SP031/SQ200; "P1DT2H" reads back as "PT93600S"), so those travel under
  private datatypes and are mapped back on read (`literal_codec.py`); refuses a request text
  over 10 MB (SR578), so a larger write is refused before anything is sent (all or nothing);
  lists graphs only through a pattern with a triple in it; keeps graphs of its own (`virtrdf:`).
* *Oxigraph server* (and any other SPARQL 1.1 server) takes the standard text as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from mscos_kg.store.literal_codec import LiteralCodec

#: Graphs Virtuoso 7 keeps for itself (its schema, the LDP vocabulary, its URIQA default graph).
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
)


@dataclass(frozen=True)
class Dialect:
    name: str
    update_prefix: bytes = b""  # written before every update text
    #: Literal datatypes the server would alter, sent under private ones and mapped back on read.
    codec: LiteralCodec | None = None
    #: Words of the server's error message saying an update text was too large for it.
    too_large: tuple[str, ...] = ()
    block_triples: int = 20_000  # triples per GRAPH block inside INSERT DATA
    blank_nodes_in_insert_data: bool = True
    max_update_bytes: int | None = None  # a longer update text is refused before it is sent
    system_graphs: tuple[str, ...] = ()  # graph IRI prefixes that are the server's, not the store's
    #: The names of the non-empty named graphs.
    graphs_query: str = "SELECT ?g WHERE { GRAPH ?g { } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"

    def is_system_graph(self, iri: str) -> bool:
        return iri.startswith(self.system_graphs) if self.system_graphs else False


STANDARD = Dialect("SPARQL 1.1")
VIRTUOSO = Dialect(
    "Virtuoso",
    block_triples=1_000,
    update_prefix=b"DEFINE sql:big-data-const 1\n",
    codec=LiteralCodec.private("duration", "dayTimeDuration", "yearMonthDuration"),
    too_large=("SR578", "exceeded 10000 lines", "memory exhausted"),
    blank_nodes_in_insert_data=False,
    max_update_bytes=9_500_000,
    system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
    graphs_query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
)


def dialect_of(server_header: str) -> Dialect:
    """The dialect of a server from its HTTP `Server` header ("Virtuoso/07.20.3229 (Linux) ...")."""
    return VIRTUOSO if server_header.lower().startswith("virtuoso") else STANDARD
