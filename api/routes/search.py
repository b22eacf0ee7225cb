"""Search and autocomplete over the vocabulary (the ranking lives in ``mscos_kg.search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from rdflib import OWL, RDF, RDFS, URIRef

from mscos_kg.search import MAX_QUERY_CHARS, Hit, SearchOptions

from ..deps import get_vocabulary
from ..errors import ApiError
from ..models import SearchHit, SearchResults, Suggestion, Suggestions
from ..offload import off_loop
from ..vocabulary import Vocabulary
from .lookup import scheme_iri

router = APIRouter(tags=["search"])
VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]
Phrase = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="What to look for")]
SchemeFilter = Annotated[str | None, Query(max_length=512, description="scheme key (core, longlist...) or IRI")]
TypeFilter = Annotated[str | None, Query(
    max_length=512, description="class: IRI, prefixed name (mscos:FinalOutcome) or local name (CoreOutcome)")]


def type_iri(vocabulary: Vocabulary, value: str | None) -> str | None:
    """A class of the vocabulary from an IRI, a prefixed name or an mscos: local name."""
    if value is None:
        return None
    candidates = [value, f"{vocabulary.base_iri}def/{value}"]
    prefix, colon, local = value.partition(":")
    if colon and prefix in vocabulary.prefixes:
        candidates.append(vocabulary.prefixes[prefix] + local)
    for candidate in candidates:
        if not vocabulary.knows(candidate):
            continue
        node = URIRef(candidate)
        if (node, RDF.type, OWL.Class) in vocabulary.graph or (None, RDFS.subClassOf, node) in vocabulary.graph \
                or (None, RDF.type, node) in vocabulary.graph:
            return candidate
    raise ApiError(400, "unknown_type", f"{value!r} is not a class of the vocabulary (try CoreOutcome, "
                   "FinalOutcome, Outcome, Indicator, OutcomeDomain, Instrument, Intervention).")


def options(vocabulary: Vocabulary, scheme: str | None, type_: str | None, include_deprecated: bool,
            limit: int) -> SearchOptions:
    scheme_value = scheme_iri(vocabulary, scheme)
    type_value = type_iri(vocabulary, type_)
    return SearchOptions(
        types=(type_value,) if type_value else (),
        schemes=(scheme_value,) if scheme_value else (),
        include_deprecated=include_deprecated,
        limit=limit,
    )


def search_hit(vocabulary: Vocabulary, hit: Hit) -> SearchHit:
    item = vocabulary.item(hit.entry.iri)
    return SearchHit(**item.model_dump(by_alias=True), score=hit.score, match=hit.match)


def _search(vocabulary: Vocabulary, q: str, chosen: SearchOptions) -> SearchResults:
    page = vocabulary.index.search_page(q, chosen)  # total: every match, not the page
    return SearchResults(query=q, total=page.total, items=[search_hit(vocabulary, h) for h in page.hits])


def _suggest(vocabulary: Vocabulary, q: str, chosen: SearchOptions) -> Suggestions:
    hits = vocabulary.index.suggest(q, chosen)
    return Suggestions(query=q, items=[
        Suggestion(iri=h.entry.iri, label=h.entry.label, notation=h.entry.notation, href=vocabulary.href(h.entry.iri))
        for h in hits
    ])


@router.get("/search", summary="Search labels, notations, alternative labels, indicators and definitions")
async def search(
    request: Request, vocabulary: VocabularyDep, q: Phrase, scheme: SchemeFilter = None,
    type: TypeFilter = None,
    include_deprecated: Annotated[bool, Query(description="Include deprecated concepts")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchResults:
    # Ranking a long phrase over the vocabulary takes milliseconds of CPU: off the event loop.
    chosen = options(vocabulary, scheme, type, include_deprecated, limit)
    return await off_loop(request, vocabulary, _search, q, chosen)


@router.get("/suggest", summary="Autocomplete: labels as they are typed")
async def suggest(
    request: Request, vocabulary: VocabularyDep, q: Phrase, scheme: SchemeFilter = None,
    type: TypeFilter = None,
    include_deprecated: Annotated[bool, Query()] = False,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Suggestions:
    chosen = options(vocabulary, scheme, type, include_deprecated, limit)
    return await off_loop(request, vocabulary, _suggest, q, chosen)
