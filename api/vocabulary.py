"""The vocabulary as the service holds it: loaded once at start-up, read-only afterwards.

Every IRI the vocabulary mints under the base (concepts, schemes and their version IRIs, the
ontology and its version IRI, sources, terms, agents) is a *resource*: its representations in
every offered format are computed once and kept as bytes with their ETag (``warm()`` fills the
cache at start-up; a request that comes first computes and caches its own). Any other IRI of the
graph resolves through ``/resource?uri=`` with the same machinery.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import SKOS, Graph, URIRef

from mscos_kg.config import Settings
from mscos_kg.search import FINAL_OUTCOME_TYPE as FINAL_OUTCOME
from mscos_kg.search import Entry, SearchIndex, build_entries

from . import views
from .models import Detail, Item
from .negotiation import BY_KEY, OFFERS, RDF_KEYS
from .pages import Pages
from .serializers import serialize

_PREFIX_LINE = re.compile(rb"^@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]+)>\s*\.", re.MULTILINE)


CACHE_CONTROL = "public, max-age=3600"


@dataclass(frozen=True)
class Body:
    """One representation, ready to send: bytes, ETag and the complete response headers."""

    content: bytes
    etag: str
    media_type: str
    headers: tuple[tuple[bytes, bytes], ...]


@dataclass
class Resource:
    iri: str
    kind: str  # ontology | scheme | resource
    bodies: dict[str, Body] = field(default_factory=dict)
    detail: Detail | None = None


def _etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_CONCEPT_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
DCT_IS_REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"


class Vocabulary:
    """Built in a few tens of milliseconds from pyoxigraph's parse: what resolution needs first.

    The rdflib graph (for the HTML and JSON views) and the search index are built on first use,
    normally by ``warm()`` in the background, so that a cold start answers quickly.
    """

    def __init__(self, turtle: bytes, base_iri: str, context: dict[str, Any] | None = None) -> None:
        self.turtle = turtle
        self.base_iri = base_iri
        self.prefixes = {m.group(1).decode(): m.group(2).decode() for m in _PREFIX_LINE.finditer(turtle)}
        self.context = context or {}
        self._curies: dict[str, str] = {}
        self._justifications: dict[tuple[Any, Any, Any], Any] | None = None
        self.triples: list[Any] = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
        self._by_subject: dict[Any, list[Any]] = {}
        self._by_object: dict[Any, list[Any]] = {}
        self._fragments: dict[str, list[Any]] = {}  # document IRI -> its #fragment subjects
        for t in self.triples:
            self._by_subject.setdefault(t.subject, []).append(t)
            self._by_object.setdefault(t.object, []).append(t)
        for subject in self._by_subject:
            if isinstance(subject, ox.NamedNode) and "#" in subject.value:
                self._fragments.setdefault(subject.value.split("#", 1)[0], []).append(subject)
        self.ontology_iri = f"{base_iri}ontology"
        self.aliases: dict[str, str] = {  # version IRI -> IRI
            t.object.value: t.subject.value for t in self.triples
            if t.predicate.value == OWL_VERSION_IRI and isinstance(t.object, ox.NamedNode)
            and isinstance(t.subject, ox.NamedNode)
        }
        self.version = next((t.object.value for t in self._by_subject.get(ox.NamedNode(self.ontology_iri), ())
                             if t.predicate.value == OWL_VERSION_INFO), None)
        self.minted: frozenset[str] = frozenset(
            s.value for s in self._by_subject if isinstance(s, ox.NamedNode) and self._is_minted(s.value)
        )
        self._schemes = frozenset(t.subject.value for t in self._by_object.get(ox.NamedNode(SKOS_CONCEPT_SCHEME), ())
                                  if t.predicate.value == RDF_TYPE)
        self._resources: dict[str, Resource] = {}
        self._items: dict[str, Item] = {}
        self._lock = threading.Lock()
        self._graph: Graph | None = None
        self._index: SearchIndex | None = None
        self._notations: dict[str, str] = {}
        self.pages = Pages()
        self.warmed = False

    @property
    def graph(self) -> Graph:
        """The vocabulary as an rdflib graph (parsed on first use)."""
        if self._graph is None:
            with self._lock:
                if self._graph is None:
                    self._graph = Graph().parse(data=self.turtle, format="turtle")
        return self._graph

    @property
    def entries(self) -> list[Entry]:
        return self.index.entries

    @property
    def index(self) -> SearchIndex:
        """The search index (built on first use)."""
        if self._index is None:
            graph = self.graph
            with self._lock:
                if self._index is None:
                    entries = build_entries(graph)
                    notations: dict[str, str] = {}
                    for entry in sorted(entries, key=lambda e: (not e.has_type(FINAL_OUTCOME), e.iri), reverse=True):
                        if entry.notation:
                            notations[entry.notation] = entry.iri  # final outcomes written last, so they win
                    self._notations = notations
                    self._index = SearchIndex(entries)
        return self._index

    @classmethod
    def load(cls, settings: Settings) -> Vocabulary:
        from mscos_kg.resources import ontology_file
        from mscos_kg.vocab.export import jsonld_context

        return cls(ontology_file().read_bytes(), settings.base_iri, jsonld_context())

    # -- naming -----------------------------------------------------------------------------
    def _is_minted(self, iri: str) -> bool:
        return iri.startswith(self.base_iri) and "#" not in iri and len(iri) > len(self.base_iri)

    def iri_for_path(self, path: str) -> str:
        return self.base_iri + path.lstrip("/")

    def href(self, iri: str, key: str | None = None) -> str:
        """Where this service answers for an IRI: a path under its root (a format's own path if given)."""
        doc, hash_, fragment = iri.partition("#")
        if self._is_minted(doc) and (doc in self.minted or doc in self.aliases):
            path = "/" + doc[len(self.base_iri):]
            if key is not None:
                return f"{path}.{BY_KEY[key].extension}"
            return path + hash_ + fragment
        suffix = f"&format={key}" if key else ""
        return f"/resource?uri={quote(iri, safe='')}{suffix}"

    def curie(self, iri: str) -> str:
        cached = self._curies.get(iri)
        if cached is None:
            matches = [(p, ns) for p, ns in self.prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)]
            best = max(matches, key=lambda pair: len(pair[1]), default=None)
            cached = f"{best[0]}:{iri[len(best[1]):]}" if best else iri
            self._curies[iri] = cached
        return cached

    def justifications(self) -> dict[tuple[Any, Any, Any], Any]:
        if self._justifications is None:
            self._justifications = views.mapping_justifications(self.graph)
        return self._justifications

    def item(self, iri: str) -> Item:
        """The list item of a resource (cached)."""
        cached = self._items.get(iri)
        if cached is None:
            cached = self._items[iri] = views.item(self, URIRef(iri))
        return cached

    def detail(self, iri: str) -> Detail:
        resource = self.resource(iri)
        if resource is None:
            return views.detail(self, URIRef(iri))
        if resource.detail is None:
            resource.detail = views.detail(self, URIRef(iri))
        return resource.detail

    def lookup(self, reference: str) -> str | None:
        """An IRI from a six-digit id, a notation (final outcomes first) or an IRI of the graph."""
        reference = reference.strip()
        if reference.isdigit() and f"{self.base_iri}id/{reference}" in self.minted:
            return f"{self.base_iri}id/{reference}"
        self.index  # noqa: B018 - builds the notation table with the index
        if reference in self._notations:
            return self._notations[reference]
        if ":" in reference and self.knows(reference):
            return reference
        return None

    def knows(self, iri: str) -> bool:
        """Whether the IRI occurs in the vocabulary (False for anything that is not a valid IRI)."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return node in self._by_subject or node in self._by_object

    # -- resources ----------------------------------------------------------------------------
    def resource(self, iri: str) -> Resource | None:
        """The resource an IRI names (a fragment IRI names its document), or None if unknown."""
        doc = iri.split("#", 1)[0] if iri.startswith(self.base_iri) else iri
        doc = self.aliases.get(doc, doc)
        cached = self._resources.get(doc)
        if cached is not None:
            return cached
        try:
            node = ox.NamedNode(doc)
        except ValueError:
            return None
        if node not in self._by_subject and node not in self._by_object:
            return None
        kind = "ontology" if doc == self.ontology_iri else "scheme" if doc in self._schemes else "resource"
        resource = Resource(doc, kind)
        with self._lock:
            return self._resources.setdefault(doc, resource)

    def body(self, resource: Resource, key: str) -> Body:
        body = resource.bodies.get(key)
        if body is None:
            content = self._render(resource, key)
            media_type = BY_KEY[key].media_type
            etag = _etag(content)
            headers = [
                ("content-type", f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type),
                ("content-length", str(len(content))),
                ("etag", etag),
                ("vary", "Accept"),
                ("cache-control", CACHE_CONTROL),
                ("content-location", self.href(resource.iri, key)),
            ]
            replaced_by = sorted(t.object.value for t in self._by_subject.get(ox.NamedNode(resource.iri), ())
                                 if t.predicate.value == DCT_IS_REPLACED_BY and isinstance(t.object, ox.NamedNode))
            if replaced_by:
                headers.append(("link", ", ".join(f'<{iri}>; rel="successor-version"' for iri in replaced_by)))
            encoded = tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers)
            body = Body(content, etag, media_type, encoded)
            resource.bodies[key] = body
        return body

    def warm(self) -> None:
        """Compute every representation of every minted resource (run once, at start-up)."""
        self.index  # noqa: B018 - the rdflib graph and the search index first
        for iri in [*sorted(self.minted), *self.aliases]:
            resource = self.resource(iri)
            if resource is not None:
                for offer in OFFERS:
                    self.body(resource, offer.key)
        self.warmed = True

    def describe(self, resource: Resource) -> list[Any]:
        """The triples of a resource: the whole vocabulary, a scheme with its concepts, or a CBD."""
        if resource.kind == "ontology":
            return self.triples
        if resource.kind == "scheme":
            return self._scheme_triples(resource.iri)
        return self._cbd(resource.iri)

    def _cbd(self, iri: str) -> list[Any]:
        out: list[Any] = []
        seen: set[Any] = set()
        todo: list[Any] = [ox.NamedNode(iri), *self._fragments.get(iri, ())]
        prefix = iri + "#"
        while todo:
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for t in self._by_subject.get(subject, ()):
                out.append(t)
                o = t.object
                if isinstance(o, ox.BlankNode) or (isinstance(o, ox.NamedNode) and o.value.startswith(prefix)):
                    todo.append(o)
        if not out:  # an IRI only used as an object: what the graph says about it
            out = list(self._by_object.get(ox.NamedNode(iri), ()))
        return out

    def _scheme_triples(self, scheme: str) -> list[Any]:
        members = [str(s) for s in self.graph.subjects(SKOS.inScheme, URIRef(scheme))]
        seen: set[Any] = set()
        out: list[Any] = []
        for iri in [scheme, *sorted(members)]:
            for t in self._cbd(iri):
                if t not in seen:
                    seen.add(t)
                    out.append(t)
        return out

    def _render(self, resource: Resource, key: str) -> bytes:
        if key == "ttl" and resource.kind == "ontology":
            return self.turtle  # the built file itself, with its header
        if key in RDF_KEYS:
            content: bytes = serialize(self.describe(resource), key, self.prefixes, self.context)
            return content
        detail = self.detail(resource.iri)
        if key == "json":
            return detail.model_dump_json(by_alias=True, exclude_none=False).encode("utf-8")
        return self.pages.resource(self, resource, detail).encode("utf-8")
