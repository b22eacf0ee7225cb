"""Triples -> bytes in each RDF syntax the service publishes.

Turtle, N-Triples and RDF/XML are written by pyoxigraph (fast enough to precompute every
resource at start-up). JSON-LD is written here, compacted against the project context
(``ontology/context.jsonld`` when present) or the vocabulary's prefixes, using only safe
compactions: a term whose definition is a plain IRI mapping, or a ``prefix:local`` name, as a
key; absolute IRIs in ``@id``; explicit value objects for every literal. The output is never
fetched or expanded remotely: the context is embedded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def used_prefixes(triples: Iterable[Any], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes some IRI of the triples starts with (keeps Turtle headers short)."""
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def serialize(triples: list[Any], key: str, prefixes: Mapping[str, str], context: Mapping[str, Any]) -> bytes:
    if key == "jsonld":
        return json.dumps(to_jsonld(triples, prefixes, context), ensure_ascii=False, indent=1).encode("utf-8")
    fmt = OX_FORMATS[key]
    if key == "nt":
        written = ox.serialize(triples, format=fmt)
    else:
        written = ox.serialize(triples, format=fmt, prefixes=used_prefixes(triples, prefixes))
    assert written is not None  # no output file given: the bytes are returned
    return bytes(written)


class _Compactor:
    def __init__(self, prefixes: Mapping[str, str], context: Mapping[str, Any]) -> None:
        self.context: dict[str, Any] = dict(context) if context else dict(prefixes)
        self.terms: dict[str, str] = {}  # IRI -> term, for simple term definitions only
        self.prefixes: list[tuple[str, str]] = []  # (namespace, prefix), longest namespace first
        simple: dict[str, str] = {}
        for name, definition in self.context.items():
            if name.startswith("@") or ":" in name:
                continue
            iri = definition if isinstance(definition, str) else None
            # A term with a type coercion is safe too: every value we write is an explicit object.
            if isinstance(definition, dict) and set(definition) <= {"@id", "@type"}:
                iri = definition.get("@id")
            if isinstance(iri, str) and not iri.startswith("@"):
                simple[name] = iri
        namespaces = {name: iri for name, iri in simple.items() if iri.endswith(("/", "#")) and "://" in iri}
        self.prefixes = sorted(((iri, name) for name, iri in namespaces.items()), key=lambda pair: -len(pair[0]))
        for name, iri in simple.items():
            if name in namespaces:
                continue
            prefix, colon, local = iri.partition(":")
            if colon and prefix in namespaces:
                iri = namespaces[prefix] + local
            if "://" in iri:
                self.terms.setdefault(iri, name)

    def key(self, iri: str) -> str:
        term = self.terms.get(iri)
        if term is not None:
            return term
        for namespace, prefix in self.prefixes:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-." for c in local):
                curie = f"{prefix}:{local}"
                if curie not in self.context:
                    return curie
        return iri


def to_jsonld(triples: list[Any], prefixes: Mapping[str, str], context: Mapping[str, Any]) -> dict[str, Any]:
    compactor = _Compactor(prefixes, context)
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        subject = _node_id(t.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compactor.key(t.object.value))
            continue
        values = node.setdefault(compactor.key(t.predicate.value), [])
        values.append(_value(t.object, compactor))
    for node in nodes.values():
        for values in node.values():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, sort_keys=True))
    ordered = [nodes[k] for k in sorted(nodes)]
    return {"@context": compactor.context, "@graph": ordered}


def _node_id(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def _value(term: Any, compactor: _Compactor) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node_id(term)}
    value: dict[str, Any] = {"@value": term.value}
    if term.language:
        value["@language"] = term.language
    elif term.datatype.value not in (XSD_STRING, LANG_STRING):
        value["@type"] = compactor.key(term.datatype.value)
    return value
