"""Lookup: JSON lists of outcomes, domains, indicators, interventions, instruments and schemes,
and a concept's links (broader/narrower, indicators, lineage, mappings)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from mscos_kg.search import Entry
from mscos_kg.search.entries import MSCOS

from ..deps import get_vocabulary
from ..errors import ApiError
from ..models import Detail, Item, Lineage, Mapping, Page, Ref
from ..vocabulary import Vocabulary

router = APIRouter(tags=["lookup"])
VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Reference = Annotated[str, Query(max_length=512, description="six-digit id, notation or IRI")]


class OutcomeSet(StrEnum):
    core = "core"
    longlist = "longlist"
    final = "final"
    round0 = "round0"
    workshop = "workshop"
    all = "all"


SET_TYPES = {
    OutcomeSet.core: MSCOS.CoreOutcome, OutcomeSet.longlist: MSCOS.LonglistOutcome,
    OutcomeSet.final: MSCOS.FinalOutcome, OutcomeSet.round0: MSCOS.Round0Outcome,
    OutcomeSet.workshop: MSCOS.WorkshopOutcome, OutcomeSet.all: MSCOS.Outcome,
}


class Relation(StrEnum):
    broader = "broader"
    narrower = "narrower"
    indicators = "indicators"
    lineage = "lineage"
    mappings = "mappings"


def _natural(text: str | None) -> str:
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), text or "~")


def _resolve(vocabulary: Vocabulary, reference: str, what: str) -> str:
    iri = vocabulary.lookup(reference)
    if iri is None:
        raise ApiError(404, "unknown_identifier",
                       f"No {what} {reference!r}: give a six-digit id, a notation or an IRI.",
                       extra={"search": "/search?q=" + reference[:100]})
    return iri


def scheme_iri(vocabulary: Vocabulary, scheme: str | None) -> str | None:
    if scheme is None:
        return None
    iri = scheme if ":" in scheme else f"{vocabulary.base_iri}scheme/{scheme}"
    if iri not in vocabulary.minted:
        raise ApiError(404, "unknown_scheme", f"No concept scheme {scheme!r}; see /schemes.")
    return iri


def _page(vocabulary: Vocabulary, entries: list[Entry], limit: int, offset: int) -> Page:
    ordered = sorted(entries, key=lambda e: (_natural(e.notation), e.label, e.iri))
    items = [vocabulary.item(e.iri) for e in ordered[offset: offset + limit]]
    return Page(total=len(ordered), limit=limit, offset=offset, items=items)


def _of_type(vocabulary: Vocabulary, type_iri: str, scheme: str | None = None) -> list[Entry]:
    return [e for e in vocabulary.entries
            if e.has_type(type_iri) and not e.deprecated and (scheme is None or scheme in e.schemes)]


@router.get("/outcomes", summary="Outcomes: core, longlist or every stage; by domain or scheme")
async def outcomes(
    vocabulary: VocabularyDep,
    outcome_set: Annotated[OutcomeSet, Query(alias="set",
                                             description="core, longlist, final (both), round0, workshop or all")] = (
        OutcomeSet.final),
    domain: Annotated[str | None, Query(max_length=512, description="domain id, notation or IRI")] = None,
    scheme: Annotated[str | None, Query(max_length=512, description="scheme key (core, longlist...) or IRI")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    found = _of_type(vocabulary, str(SET_TYPES[outcome_set]), scheme_iri(vocabulary, scheme))
    if domain is not None:
        domain_iri = _resolve(vocabulary, domain, "domain")
        members = {r.iri for r in vocabulary.detail(domain_iri).narrower}
        found = [e for e in found if e.iri in members]
    return _page(vocabulary, found, limit, offset)


@router.get("/domains", summary="Outcome domains (and workshop groupings), by scheme")
async def domains(
    vocabulary: VocabularyDep,
    scheme: Annotated[str | None, Query(max_length=512, description="scheme key or IRI")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> Page:
    return _page(vocabulary, _of_type(vocabulary, str(MSCOS.OutcomeDomain), scheme_iri(vocabulary, scheme)),
                 limit, offset)


@router.get("/indicators", summary="Qualitative indicators, optionally of one outcome")
async def indicators(
    vocabulary: VocabularyDep,
    outcome: Annotated[str | None, Query(max_length=512, description="outcome id, notation or IRI")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> Page:
    found = _of_type(vocabulary, str(MSCOS.Indicator))
    if outcome is not None:
        members = {r.iri for r in vocabulary.detail(_resolve(vocabulary, outcome, "outcome")).indicators}
        found = [e for e in found if e.iri in members]
    return _page(vocabulary, found, limit, offset)


@router.get("/interventions", summary="Example interventions and practice models")
async def interventions(vocabulary: VocabularyDep, limit: Limit = 100, offset: Offset = 0) -> Page:
    found = _of_type(vocabulary, str(MSCOS.Intervention)) + _of_type(vocabulary, str(MSCOS.PracticeModel))
    return _page(vocabulary, found, limit, offset)


@router.get("/instruments", summary="Instruments (questionnaires, scales) and frameworks")
async def instruments(vocabulary: VocabularyDep, limit: Limit = 100, offset: Offset = 0) -> Page:
    return _page(vocabulary, _of_type(vocabulary, str(MSCOS.Instrument)), limit, offset)


@router.get("/schemes", summary="The concept schemes of the vocabulary")
async def schemes(vocabulary: VocabularyDep) -> list[Item]:
    from rdflib import RDF, SKOS

    found = sorted(str(s) for s in vocabulary.graph.subjects(RDF.type, SKOS.ConceptScheme))
    return [vocabulary.item(iri) for iri in found]


ConceptRef = Annotated[str, Path(max_length=512, description="six-digit id, notation (e.g. CO1) or IRI")]


@router.get("/concepts/{reference}", summary="One concept with all its links (the JSON view)")
async def concept(vocabulary: VocabularyDep, reference: ConceptRef) -> Detail:
    return vocabulary.detail(_resolve(vocabulary, reference, "concept"))


@router.get("/concepts/{reference}/{relation}",
            summary="One kind of link of a concept: broader, narrower, indicators, lineage or mappings")
async def concept_links(
    vocabulary: VocabularyDep, reference: ConceptRef, relation: Relation,
) -> list[Ref] | Lineage | list[Mapping]:
    detail = vocabulary.detail(_resolve(vocabulary, reference, "concept"))
    if relation is Relation.lineage:
        return detail.lineage
    if relation is Relation.mappings:
        return detail.mappings
    refs: list[Ref] = getattr(detail, relation.value)
    return refs
