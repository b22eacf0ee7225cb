"""Map a list: read it (or a mapping file to continue), suggest, keep what was confirmed, decide.

Stateless: every call takes the whole state (the list, the earlier mapping file, the choices)
and returns the whole state; nothing is kept between calls.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from mscos_kg.mapping.errors import MappingInputError
from mscos_kg.mapping.mapping_file import from_sssom, local_prefix, new_set_id
from mscos_kg.mapping.model import Decision, LocalOutcome, MappedOutcome, MappingSet, Predicate
from mscos_kg.mapping.outcome_list import ListOptions, read_outcome_list
from mscos_kg.mapping.sssom_tsv import looks_like_sssom
from mscos_kg.mapping.suggester import DEFAULT_TOP, suggest
from mscos_kg.search import FINAL_OUTCOME_TYPE, SearchIndex


@dataclass(frozen=True)
class MapOptions:
    top: int = DEFAULT_TOP
    #: The partner's dataset namespace (local outcomes are minted under it, as the template does).
    namespace: str | None = None
    list_options: ListOptions = field(default_factory=ListOptions)


def read_upload(data: bytes, name: str, options: MapOptions | None = None) -> MappingSet | list[LocalOutcome]:
    """A mapping file (SSSOM TSV written by `mscos map`) or a list of names, told apart by content."""
    opts = options or MapOptions()
    if len(data) > opts.list_options.max_bytes:
        raise MappingInputError(f"the file is larger than the limit of {opts.list_options.max_bytes:,} bytes",
                                source=name)
    if looks_like_sssom(data):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MappingInputError("the mapping file is not UTF-8 text", source=name) from None
        return from_sssom(text, name, opts.list_options.max_outcomes)
    return read_outcome_list(data, name, opts.list_options)


def map_outcomes(
    index: SearchIndex,
    outcomes: Iterable[LocalOutcome],
    *,
    resume: MappingSet | None = None,
    options: MapOptions | None = None,
) -> MappingSet:
    """Suggestions for every local outcome; decisions of `resume` kept (matched by key, else by name).

    Outcomes only in `resume` come first, in its order, then the new ones.
    """
    opts = options or MapOptions()
    earlier = {o.local.key: o for o in resume.outcomes} if resume else {}
    by_label = {o.local.label.casefold(): o for o in resume.outcomes} if resume else {}
    merged: list[LocalOutcome] = [o.local for o in resume.outcomes] if resume else []
    known = {o.key for o in merged} | {o.label.casefold() for o in merged}
    for outcome in outcomes:
        if outcome.key in known or outcome.label.casefold() in known:
            if outcome.description:  # the list's description wins: the file does not carry one
                merged = [replace(o, description=outcome.description)
                          if o.key == outcome.key or o.label.casefold() == outcome.label.casefold() else o
                          for o in merged]
            continue
        merged.append(outcome)
        known |= {outcome.key, outcome.label.casefold()}
    result = []
    for local in merged:
        previous = earlier.get(local.key) or by_label.get(local.label.casefold())
        decision = previous.decision if previous else None
        result.append(MappedOutcome(local, suggest(index, local, opts.top), decision))
    prefix = resume.local_prefix if resume else local_prefix(opts.namespace)
    set_id = resume.set_id if resume else new_set_id(prefix, merged)
    return MappingSet(set_id, prefix, tuple(result))


def start(
    index: SearchIndex, data: bytes, name: str, *, resume: bytes | None = None, resume_name: str = "",
    options: MapOptions | None = None,
) -> MappingSet:
    """`map_outcomes` from uploaded bytes: a list, a mapping file, or a list and a mapping file."""
    opts = options or MapOptions()
    first = read_upload(data, name, opts)
    earlier: MappingSet | None = None
    if resume is not None:
        second = read_upload(resume, resume_name or "mapping file", opts)
        if not isinstance(second, MappingSet):
            raise MappingInputError("this is not a mapping file (SSSOM TSV written by mscos map)",
                                    source=resume_name or "mapping file")
        earlier = second
    if isinstance(first, MappingSet):
        if earlier is not None:
            raise MappingInputError("give one mapping file, with or without a list of names", source=name)
        return map_outcomes(index, [], resume=first, options=opts)
    return map_outcomes(index, first, resume=earlier, options=opts)


@dataclass(frozen=True)
class Choice:
    """A person's choice for one local outcome: an MSCOS IRI (None: no MSCOS outcome fits)."""

    iri: str | None
    predicate: Predicate


def decide(
    index: SearchIndex, mapping: MappingSet, choices: Mapping[str, Choice], *, author: str = "",
    date: str | None = None,
) -> MappingSet:
    """Apply choices by local key; an IRI must be a final MSCOS outcome the index knows."""
    today = date or datetime.date.today().isoformat()
    outcomes = []
    for item in mapping.outcomes:
        choice = choices.get(item.local.key)
        if choice is None:
            outcomes.append(item)
            continue
        label = ""
        if choice.iri is not None:
            entry = index.get(choice.iri)
            if entry is None or not entry.has_type(FINAL_OUTCOME_TYPE):
                raise MappingInputError(f"{choice.iri[:80]!r} is not a final MSCOS outcome",
                                        source=item.local.label)
            label = entry.label
        outcomes.append(replace(item, decision=Decision(choice.iri, label, choice.predicate, author, today)))
    return replace(mapping, outcomes=tuple(outcomes))


def undecide(mapping: MappingSet, keys: Iterable[str]) -> MappingSet:
    drop = set(keys)
    return replace(mapping, outcomes=tuple(
        replace(o, decision=None) if o.local.key in drop else o for o in mapping.outcomes))
