"""``POST /reconcile/match``: the 1.0-draft form of a reconciliation batch, on the 0.2 machinery.

A 1.0 query is a list of conditions: a `name` condition is the text to look for, an `id`
condition an identifier (``000615``, an IRI, ``mscos:000615``; search/identifiers.py), and a
`property` condition a property value (``scheme`` and ``notation``, as in 0.2). Each query is
turned into the 0.2 query the service already answers, so both versions rank alike; the answer
is ``{"results": [{"candidates": [...]}, ...]}`` in the order of the queries.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ApiError
from .reconciliation import MAX_BATCH, PropertyValue, Reconciler, ReconQuery, first_error
from .vocabulary import Vocabulary

MAX_CONDITIONS = 20
MAX_TEXT = 500


class Condition(BaseModel):  # field names: the protocol's (camelCase)
    matchType: Literal["name", "id", "property"]
    propertyValue: Any
    propertyId: str | None = Field(None, max_length=200)
    required: bool | None = None
    matchQuantifier: Literal["any", "all", "none"] | None = None
    matchQualifier: str | None = Field(None, max_length=200)


class MatchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the schema: additionalProperties false

    conditions: list[Condition] = Field(min_length=1, max_length=MAX_CONDITIONS)
    type: str | None = Field(None, max_length=512)
    limit: int | None = Field(None, ge=0, le=100)
    lang: str | None = Field(None, max_length=50)
    dir: str | None = Field(None, max_length=10)


class MatchBatch(BaseModel):
    queries: list[MatchQuery] = Field(max_length=MAX_BATCH)


def parse_match(raw: bytes) -> MatchBatch:
    try:
        return MatchBatch.model_validate_json(raw)
    except ValidationError as exc:
        raise ApiError(400, "invalid_queries", first_error(exc)) from None


def _text(value: Any, where: str) -> str | None:
    """The text of a condition's value: a string, or the id of an entity value; the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):  # an entity value: {"id": "...", "name"?: "..."}
        value = value.get("id")
        if not isinstance(value, str):
            raise ApiError(400, "invalid_queries", f"{where}: an entity value needs a string `id`")
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    if len(text) > MAX_TEXT:
        raise ApiError(400, "invalid_queries", f"{where}: a value is longer than {MAX_TEXT} characters")
    return text


def to_query(query: MatchQuery, index: int) -> ReconQuery:
    """The 0.2 query a 1.0 query stands for (an unknown type is a 400, as in 0.2)."""
    text: str | None = None
    properties: list[PropertyValue] = []
    for i, condition in enumerate(query.conditions):
        where = f"queries.{index}.conditions.{i}"
        value = _text(condition.propertyValue, where)
        if condition.matchType in ("name", "id"):
            text = text or value
        elif condition.propertyId and value is not None:
            properties.append(PropertyValue(pid=condition.propertyId, v=value))
    try:
        return ReconQuery(query=text, type=query.type, limit=query.limit, properties=properties or None)
    except ValidationError as exc:
        raise ApiError(400, "invalid_queries", f"queries.{index}: {exc.errors()[0].get('msg')}") from None


def match(vocabulary: Vocabulary, batch: MatchBatch) -> dict[str, Any]:
    reconciler = Reconciler(vocabulary)
    queries = [to_query(q, i) for i, q in enumerate(batch.queries)]
    return {"results": [{"candidates": reconciler.candidates(q)} for q in queries]}
