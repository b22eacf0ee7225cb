"""The W3C Entity Reconciliation CG protocol (version 0.2) over the vocabulary's search.

Entities are the vocabulary's resources under ``id/``; their reconciliation id is the six-digit
identifier (the identifier space is ``<base>id/``). Candidates come from the same ranking as
``/search`` (``mscos_kg.search``), with its 0-100 score. A candidate is a ``match`` when the
query is its label, notation or an alternative label and no other candidate matches as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from rdflib import SKOS, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg import __version__
from mscos_kg.search import Entry, Hit, SearchOptions
from mscos_kg.search.entries import MSCOS, label_of
from mscos_kg.search.index import type_rank

from .errors import ApiError
from .vocabulary import Vocabulary

MAX_BATCH = 200
DEFAULT_LIMIT = 5
EXACT_MATCHES = ("identifier", "label", "notation", "alt_label")
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 220


@dataclass(frozen=True)
class ReconType:
    id: str
    name: str
    iri: str
    broader: tuple[str, ...] = ()


def _t(local: str, name: str, *broader: str) -> ReconType:
    return ReconType(local, name, str(MSCOS[local]), broader)


TYPES: tuple[ReconType, ...] = (
    _t("FinalOutcome", "MSCOS outcome (core or longlist)", "Outcome"),
    _t("CoreOutcome", "MSCOS core outcome", "FinalOutcome"),
    _t("LonglistOutcome", "MSCOS longlist outcome", "FinalOutcome"),
    _t("Outcome", "Outcome (any stage: final, e-Delphi Round 0, workshop)"),
    _t("Round0Outcome", "e-Delphi Round 0 outcome", "Outcome"),
    _t("WorkshopOutcome", "Workshop outcome", "Outcome"),
    _t("Indicator", "Qualitative indicator"),
    _t("OutcomeDomain", "Outcome domain"),
    _t("Instrument", "Instrument (questionnaire, scale, assessment)"),
    _t("Intervention", "Intervention"),
    _t("GlossaryTerm", "Glossary term"),
    _t("CometDomain", "COMET outcome taxonomy category"),
)
DEFAULT_TYPES = ("FinalOutcome", "Outcome", "Indicator", "OutcomeDomain", "Instrument", "Intervention")
TYPES_BY_ID = {t.id: t for t in TYPES}
TYPES_BY_ID.update({t.iri: t for t in TYPES})


@dataclass(frozen=True)
class ExtensionProperty:
    id: str
    name: str
    description: str
    entity_valued: bool = False


PROPERTIES: tuple[ExtensionProperty, ...] = (
    ExtensionProperty("iri", "IRI", "The persistent IRI"),
    ExtensionProperty("label", "Label", "skos:prefLabel"),
    ExtensionProperty("notation", "Notation", "skos:notation, e.g. CO1 or LL.SAF.2"),
    ExtensionProperty("definition", "Definition", "skos:definition (the published descriptor)"),
    ExtensionProperty("alt_label", "Alternative label", "skos:altLabel"),
    ExtensionProperty("type", "Type", "The MSCOS class", entity_valued=True),
    ExtensionProperty("scheme", "Scheme", "skos:inScheme", entity_valued=True),
    ExtensionProperty("domain", "Domain", "mscos:inDomain: the domain a source lists it under", entity_valued=True),
    ExtensionProperty("broader", "Broader", "skos:broader", entity_valued=True),
    ExtensionProperty("indicators", "Indicators", "mscos:hasIndicator", entity_valued=True),
    ExtensionProperty("derived_from", "Derived from", "prov:wasDerivedFrom (lineage)", entity_valued=True),
    ExtensionProperty("source", "Source", "dct:source: the section of the source document"),
    ExtensionProperty("deprecated", "Deprecated", "'true' if the identifier is retired"),
    ExtensionProperty("replaced_by", "Replaced by", "dct:isReplacedBy", entity_valued=True),
)
PROPERTIES_BY_ID = {p.id: p for p in PROPERTIES}


class PropertyValue(BaseModel):
    pid: str = Field(max_length=200)
    v: Any = None


class ReconQuery(BaseModel):
    query: str | None = Field(None, max_length=500)
    type: str | list[str] | None = None
    limit: int | None = Field(None, ge=0, le=100)
    properties: list[PropertyValue] | None = Field(None, max_length=20)
    type_strict: str | None = None

    @field_validator("type")
    @classmethod
    def _types_known(cls, value: str | list[str] | None) -> str | list[str] | None:
        for t in [value] if isinstance(value, str) else value or []:
            if t not in TYPES_BY_ID:
                raise ValueError(f"unknown type {t!r}; the manifest lists the types")
        return value


class ExtensionQuery(BaseModel):
    ids: list[str] = Field(max_length=1000)
    properties: list[dict[str, Any]] = Field(max_length=50)


def parse_batch(raw: str) -> dict[str, ReconQuery]:
    import json

    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, "invalid_queries", f"queries is not JSON: {exc.args[0]}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ApiError(400, "invalid_queries", 'queries must be a JSON object of queries, {"q0": {"query": ...}}')
    if len(data) > MAX_BATCH:
        raise ApiError(400, "batch_too_large", f"at most {MAX_BATCH} queries per batch")
    try:
        return {str(k): ReconQuery.model_validate(v) for k, v in data.items()}
    except ValidationError as exc:
        raise ApiError(400, "invalid_queries", first_error(exc)) from None


def parse_extension(raw: str) -> ExtensionQuery:
    try:
        return ExtensionQuery.model_validate_json(raw)
    except ValidationError as exc:
        raise ApiError(400, "invalid_extend", f"extend: {first_error(exc)}") from None


def first_error(exc: ValidationError) -> str:
    """The first of pydantic's errors as `where: what`, for a 400 message."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}"


class Reconciler:
    """Builds the protocol's JSON documents for one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.id_prefix = f"{vocabulary.base_iri}id/"

    # -- identifiers -----------------------------------------------------------------------
    def entity_id(self, iri: str) -> str:
        return iri[len(self.id_prefix):] if iri.startswith(self.id_prefix) else iri

    def entity_iri(self, entity_id: str) -> str | None:
        iri = self.vocabulary.lookup(entity_id)
        return iri

    # -- manifest ---------------------------------------------------------------------------
    def manifest(self, root: str) -> dict[str, Any]:
        base = self.vocabulary.base_iri
        return {
            "versions": ["0.1", "0.2"],
            "name": "MSCOS: Modern Slavery Core Outcome Set",
            "identifierSpace": self.id_prefix,
            "schemaSpace": f"{base}def/",
            "documentation": f"{root}/docs",
            "serviceVersion": __version__,
            "defaultTypes": [self.type_json(TYPES_BY_ID[t]) for t in DEFAULT_TYPES],
            "view": {"url": f"{self.id_prefix}{{{{id}}}}"},
            "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": PREVIEW_WIDTH,
                        "height": PREVIEW_HEIGHT},
            "suggest": {
                "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity"},
                "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
                "property": {"service_url": root, "service_path": "/reconcile/suggest/property"},
            },
            "extend": {
                "propose_properties": {"service_url": root, "service_path": "/reconcile/propose_properties"},
                "property_settings": [],
            },
        }

    @staticmethod
    def type_json(t: ReconType) -> dict[str, Any]:
        out: dict[str, Any] = {"id": t.id, "name": t.name}
        if t.broader:
            out["broader"] = [{"id": b, "name": TYPES_BY_ID[b].name} for b in t.broader]
        return out

    # -- reconciliation ---------------------------------------------------------------------
    def reconcile(self, batch: dict[str, ReconQuery]) -> dict[str, Any]:
        return {key: {"result": self.candidates(query)} for key, query in batch.items()}

    def candidates(self, query: ReconQuery) -> list[dict[str, Any]]:
        types = [query.type] if isinstance(query.type, str) else list(query.type or [])
        type_iris = tuple(TYPES_BY_ID[t].iri for t in types)
        schemes: list[str] = []
        notation: str | None = None
        for prop in query.properties or []:
            if prop.pid == "scheme" and isinstance(prop.v, str):
                schemes.append(prop.v if ":" in prop.v else f"{self.vocabulary.base_iri}scheme/{prop.v}")
            elif prop.pid == "notation" and isinstance(prop.v, str):
                notation = prop.v
        limit = DEFAULT_LIMIT if query.limit is None else query.limit
        text = query.query or notation or ""
        if not text.strip() or limit == 0:
            return []
        options = SearchOptions(types=type_iris, schemes=tuple(schemes), limit=limit)
        hits = self.vocabulary.index.search(text, options)
        out = []
        for hit in hits:
            is_match = hit is hits[0] and self._certain(hits)
            if notation is not None and hit.entry.notation == notation:
                is_match = True
            out.append(self.candidate(hit, is_match))
        return out

    @staticmethod
    def _certain(hits: list[Hit]) -> bool:
        """The first hit is an exact name match and no other hit of the same standing is one.

        Standing: a published (core or longlist) outcome outranks an earlier-stage namesake, so
        "Access to education" matches the core outcome although the Round 0 and workshop lists
        have an outcome of that name too.
        """
        if not hits or hits[0].match not in EXACT_MATCHES:
            return False
        standing = type_rank(hits[0].entry)
        return not any(h.match in EXACT_MATCHES and type_rank(h.entry) == standing for h in hits[1:])

    def candidate(self, hit: Hit, is_match: bool) -> dict[str, Any]:
        entry = hit.entry
        out: dict[str, Any] = {
            "id": self.entity_id(entry.iri),
            "name": entry.label,
            "score": hit.score,
            "match": is_match,
            "type": self.types_of(entry),
            "features": [{"id": "match_kind_" + hit.match, "name": f"Kind of match: {hit.match}", "value": True},
                         {"id": "score", "name": "Ranking score, 0-100", "value": hit.score}],
        }
        description = self.description(entry)
        if description:
            out["description"] = description
        return out

    @staticmethod
    def description(entry: Entry) -> str:
        definition = entry.definition or ""
        if len(definition) > 160:
            definition = definition[:157].rsplit(" ", 1)[0] + "..."
        return " - ".join(p for p in (entry.notation, definition) if p)

    @staticmethod
    def types_of(entry: Entry) -> list[dict[str, str]]:
        found = [t for t in TYPES if entry.has_type(t.iri)]
        return [{"id": t.id, "name": t.name} for t in found]

    # -- suggest ----------------------------------------------------------------------------
    def suggest_entities(self, prefix: str, type_id: str | None, limit: int) -> dict[str, Any]:
        types = (TYPES_BY_ID[type_id].iri,) if type_id else ()
        hits = self.vocabulary.index.suggest(prefix, SearchOptions(types=types, limit=limit))
        result = []
        for hit in hits:
            item: dict[str, Any] = {"id": self.entity_id(hit.entry.iri), "name": hit.entry.label,
                                    "notable": self.types_of(hit.entry)}
            description = self.description(hit.entry)
            if description:
                item["description"] = description
            result.append(item)
        return {"result": result}

    def suggest_types(self, prefix: str, limit: int) -> dict[str, Any]:
        needle = prefix.strip().lower()
        found = [t for t in TYPES if needle in t.name.lower() or needle in t.id.lower()]
        return {"result": [self.type_json(t) for t in found[:limit]]}

    def suggest_properties(self, prefix: str, limit: int) -> dict[str, Any]:
        needle = prefix.strip().lower()
        found = [p for p in PROPERTIES if needle in p.name.lower() or needle in p.id]
        return {"result": [{"id": p.id, "name": p.name, "description": p.description} for p in found[:limit]]}

    def propose_properties(self, type_id: str | None, limit: int) -> dict[str, Any]:
        out: dict[str, Any] = {"properties": [{"id": p.id, "name": p.name, "description": p.description}
                                              for p in PROPERTIES[:limit]]}
        if type_id:
            out["type"] = type_id
        out["limit"] = limit
        return out

    # -- data extension ---------------------------------------------------------------------
    def extend(self, query: ExtensionQuery) -> dict[str, Any]:
        wanted = []
        for prop in query.properties:
            pid = str(prop.get("id", ""))
            if pid not in PROPERTIES_BY_ID:
                raise ApiError(400, "unknown_property", f"unknown property {pid!r}; see /reconcile/propose_properties")
            wanted.append(PROPERTIES_BY_ID[pid])
        meta: list[dict[str, Any]] = []
        for p in wanted:
            entry: dict[str, Any] = {"id": p.id, "name": p.name}
            if p.entity_valued:
                entry["type"] = {"id": "Concept", "name": "Resource of the MSCOS vocabulary"}
            meta.append(entry)
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for entity_id in query.ids:
            iri = self.entity_iri(entity_id)
            rows[entity_id] = {p.id: (self.values(iri, p) if iri else []) for p in wanted}
        return {"meta": meta, "rows": rows}

    def values(self, iri: str, prop: ExtensionProperty) -> list[dict[str, Any]]:
        g = self.vocabulary.graph
        s = URIRef(iri)
        detail = self.vocabulary.detail(iri)

        def refs(items: list[Any]) -> list[dict[str, Any]]:
            return [{"id": self.entity_id(r.iri), "name": r.label or r.notation or r.iri} for r in items]

        match prop.id:
            case "iri":
                return [{"str": iri}]
            case "label":
                return [{"str": detail.label}] if detail.label else []
            case "notation":
                return [{"str": detail.notation}] if detail.notation else []
            case "definition":
                return [{"str": detail.definition}] if detail.definition else []
            case "alt_label":
                return [{"str": text} for text in sorted(str(o) for o in g.objects(s, SKOS.altLabel))]
            case "type":
                entry = self.vocabulary.index.get(iri)
                return [{"id": t["id"], "name": t["name"]} for t in self.types_of(entry)] if entry else []
            case "scheme":
                return refs(detail.schemes)
            case "domain":
                return refs(detail.domains)
            case "broader":
                return refs(detail.broader)
            case "indicators":
                return refs(detail.indicators)
            case "derived_from":
                return refs([d.entity for d in detail.lineage.derived_from])
            case "source":
                sources = sorted(o for o in g.objects(s, DCTERMS.source) if isinstance(o, URIRef))
                return [{"str": label_of(g, o) or str(o)} for o in sources]
            case "deprecated":
                return [{"str": "true" if detail.deprecated else "false"}]
            case "replaced_by":
                return refs(detail.replaced_by)
        return []  # pragma: no cover - every property is handled above

    def preview(self, entity_id: str) -> str | None:
        iri = self.entity_iri(entity_id)
        if iri is None:
            return None
        detail = self.vocabulary.detail(iri)
        return self.vocabulary.pages.render("preview.html", d=detail, href=self.vocabulary.href(iri))
