"""A reversible literal codec: datatypes a server would alter travel under private datatype IRIs.

Virtuoso 7.2.5 turns `"P1Y"^^xsd:duration` into months or fails the update (SP031/SQ200), fails on
`xsd:yearMonthDuration` and rewrites `xsd:dayTimeDuration` in seconds (`"P1DT2H"` reads back as
`"PT93600S"`), measured (docs/store.md: Virtuoso). It keeps a literal of an unknown datatype as
written, so such a literal is sent as the same lexical form under a private datatype
(`https://w3id.org/mscos/ns/virtuoso#duration` for xsd:duration) and mapped back on every read:
clients never see the private IRI. Queries that compare or filter these literals by their XSD
datatype would not see them on the server; no named query does (they only return them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store.results import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
#: The namespace of the private datatypes (documented in docs/store.md; never in a client's answer).
PRIVATE = "https://w3id.org/mscos/ns/virtuoso#"


@dataclass(frozen=True)
class LiteralCodec:
    """Maps literals of the `encoded` XSD datatypes to private ones (on write) and back (on read)."""

    #: XSD datatype IRI -> private datatype IRI.
    encoded: Mapping[str, str]
    _decoded: dict[str, NamedNode] = field(init=False, repr=False, compare=False)
    _encoded: dict[str, NamedNode] = field(init=False, repr=False, compare=False)
    _json: re.Pattern[bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_encoded", {x: NamedNode(p) for x, p in self.encoded.items()})
        object.__setattr__(self, "_decoded", {p: NamedNode(x) for x, p in self.encoded.items()})
        names = b"|".join(re.escape(p.encode()) for p in self.encoded.values())
        # A datatype member of SPARQL JSON results; quotes inside JSON strings are escaped, so `"datatype"`
        # not preceded by a backslash is a member name, not text of a literal.
        pattern = rb'((?<!\\)"datatype"\s*:\s*")(' + names + rb')"'
        object.__setattr__(self, "_json", re.compile(pattern))

    @classmethod
    def private(cls, *local_names: str) -> LiteralCodec:
        """A codec for `xsd:<name>` -> `PRIVATE<name>` for each name."""
        return cls({XSD + name: PRIVATE + name for name in local_names})

    # ------------------------------------------------------------------ write
    def encode_literal(self, literal: Literal) -> Literal:
        private = self._encoded.get(literal.datatype.value)
        return literal if private is None else Literal(literal.value, datatype=private)

    def encode_term(self, term: Term) -> Term:
        return self.encode_literal(term) if isinstance(term, Literal) else term

    def encode_triple(self, triple: Triple) -> Triple:
        encoded = self.encode_term(triple.object)  # type: ignore[arg-type]  # no RDF-star in the project
        return triple if encoded is triple.object else Triple(triple.subject, triple.predicate, encoded)

    # ------------------------------------------------------------------ read
    def decode_term(self, term: Term) -> Term:
        if isinstance(term, Literal):
            xsd = self._decoded.get(term.datatype.value)
            if xsd is not None:
                return Literal(term.value, datatype=xsd)
        return term

    def decode_triple(self, triple: Triple) -> Triple:
        decoded = self.decode_term(triple.object)  # type: ignore[arg-type]  # no RDF-star in the project
        return triple if decoded is triple.object else Triple(triple.subject, triple.predicate, decoded)

    def holds_private(self, content: bytes) -> bool:
        """Whether a server's answer may hold an encoded literal (else it is passed on as it is)."""
        return PRIVATE.encode() in content

    def decode_json(self, content: bytes) -> bytes:
        """SPARQL JSON results with the private datatypes mapped back (passed on to clients unparsed)."""
        if not self.holds_private(content):
            return content
        return self._json.sub(lambda m: m.group(1) + self._decoded[m.group(2).decode()].value.encode() + b'"', content)
