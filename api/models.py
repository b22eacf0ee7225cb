"""The JSON shapes the service answers (documented in docs/api.md and in the OpenAPI document)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Ref(BaseModel):
    """A link to another resource, with what a reader needs to show it."""

    iri: str
    label: str | None = None
    notation: str | None = None
    href: str | None = Field(None, description="Where this service resolves the IRI (a path).")


class Links(BaseModel):
    html: str
    json_: str = Field(alias="json")
    turtle: str
    jsonld: str
    rdfxml: str
    ntriples: str

    model_config = {"populate_by_name": True}


class Item(BaseModel):
    """One resource in a list: its IRI, notation, label, definition and links."""

    iri: str
    id: str | None = Field(None, description="The six-digit identifier, for resources under id/.")
    notation: str | None = None
    label: str | None = None
    definition: str | None = None
    types: list[str] = Field(default_factory=list, description="Classes, as prefixed names.")
    schemes: list[Ref] = Field(default_factory=list)
    deprecated: bool = False
    replaced_by: list[Ref] = Field(default_factory=list)
    links: Links


class Derivation(BaseModel):
    entity: Ref
    derivation_type: Ref | None = None
    strength: Ref | None = Field(default=None, description="mscos:derivationStrength: strong or weak (docs/model.md).")
    evidence: str | None = None
    sources: list[Ref] = Field(default_factory=list)


class Lineage(BaseModel):
    derived_from: list[Derivation] = Field(default_factory=list, description="Earlier outcomes (PROV).")
    derivatives: list[Ref] = Field(default_factory=list, description="Later outcomes derived from this one.")


class Mapping(BaseModel):
    predicate: str = Field(description="skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch")
    direction: str = Field(description="'outgoing' (this -> target) or 'incoming' (target -> this)")
    target: Ref
    evidence: str | None = None
    benefit_or_harm: str | None = None


class Value(BaseModel):
    iri: str | None = None
    label: str | None = None
    href: str | None = None
    value: str | None = None
    language: str | None = None
    datatype: str | None = None


class Property(BaseModel):
    property: str
    name: str
    values: list[Value]


class Detail(Item):
    """The JSON view of a resource (``application/json``): an Item plus its links in the graph."""

    sources: list[Ref] = Field(default_factory=list, description="dct:source of the definition.")
    broader: list[Ref] = Field(default_factory=list)
    narrower: list[Ref] = Field(default_factory=list)
    indicators: list[Ref] = Field(default_factory=list)
    indicates: list[Ref] = Field(default_factory=list)
    domains: list[Ref] = Field(default_factory=list)
    lineage: Lineage = Field(default_factory=Lineage)
    mappings: list[Mapping] = Field(default_factory=list)
    properties: list[Property] = Field(default_factory=list, description="Every statement about it.")


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Item]


class SearchHit(Item):
    score: float = Field(description="0-100; see docs/api.md for the bands.")
    match: str = Field(
        description="identifier | label | notation | notation_prefix | label_prefix | alt_label | "
                    "alt_label_prefix | text")


class SearchResults(BaseModel):
    query: str
    total: int = Field(description="How many entries match in all; `items` holds at most `limit` of them.")
    items: list[SearchHit]


class Suggestion(BaseModel):
    iri: str
    label: str
    notation: str | None = None
    href: str


class Suggestions(BaseModel):
    query: str
    items: list[Suggestion]


class ErrorDetail(BaseModel):
    """What went wrong: a stable code, a message for a person, and (for a parameter) its name."""

    model_config = {"extra": "allow"}
    code: str
    message: str
    parameter: str | None = Field(default=None, description="The parameter at fault, where one is.")


class ErrorBody(BaseModel):
    """Every error answer: ``{"error": {"code": ..., "message": ...}}`` (api/errors.py)."""

    error: ErrorDetail
