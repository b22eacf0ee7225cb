"""Facts about the vocabulary that every page needs, computed once per vocabulary.

The vocabulary does not change while the service runs, so the home page, the kinds of every
concept, the interventions that address each outcome and the choices offered by forms are
worked out on first use and kept (``Site.of(vocabulary)``).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.term import Node

from mscos_kg.search.entries import MSCOS

from .. import views
from ..models import Ref

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

#: Kinds of resource a reader is told about, most specific first.
KINDS: tuple[tuple[str, str], ...] = (
    ("CoreOutcome", "Core outcome"),
    ("LonglistOutcome", "Longlist outcome"),
    ("Round0Outcome", "e-Delphi Round 0 outcome"),
    ("WorkshopOutcome", "Workshop outcome"),
    ("OutcomeGrouping", "Workshop grouping"),
    ("OutcomeDomain", "Outcome domain"),
    ("Indicator", "Qualitative indicator"),
    ("GlossaryTerm", "Glossary term"),
    ("CometDomain", "COMET taxonomy domain"),
    ("CometCoreArea", "COMET core area"),
    ("PracticeModel", "Practice model"),
    ("Intervention", "Intervention"),
    ("Instrument", "Instrument"),
    ("Discrepancy", "Discrepancy between sources"),
    ("QuantityClaim", "Quantity claim"),
    ("NameClaim", "Name claim"),
    ("SourceSection", "Source section"),
    ("SourceDocument", "Source document"),
)
#: The search form's type filter: (value of ?type=, what a reader sees).
TYPE_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "Anything"),
    ("FinalOutcome", "Core and longlist outcomes"),
    ("CoreOutcome", "Core outcomes"),
    ("Indicator", "Qualitative indicators"),
    ("OutcomeDomain", "Outcome domains"),
    ("Outcome", "Outcomes of every stage (Round 0, workshops)"),
    ("Intervention", "Interventions"),
    ("Instrument", "Instruments"),
)
#: Concept schemes a person browses, in the order the home page lists them.
BROWSE_SCHEMES = ("core", "longlist", "indicators", "round0", "workshop", "glossary", "comet")


def natural(text: str | None) -> str:
    """A sort key that puts 'CO10' after 'CO9'."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), text or "~")


def _literal(node: Node | None) -> str | None:
    return str(node) if isinstance(node, Literal) else None


def by_notation(ref: Ref) -> tuple[str, str]:
    return natural(ref.notation), ref.label or ref.iri


@dataclass(frozen=True)
class Choice:
    """An option of a form: the value sent, what a reader sees."""

    value: str
    text: str


@dataclass(frozen=True)
class Addressing:
    """An intervention (or practice model) that addresses an outcome, with the link's basis."""

    intervention: Ref
    kind: str
    primary: bool
    possibly: bool = False
    basis: str | None = None  # "stated" or "inferred" (the mscos:OutcomeLink), None if unqualified
    evidence: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Section:
    """A top concept of a scheme and the concepts under it."""

    head: Ref
    definition: str | None
    members: tuple[tuple[Ref, str | None], ...]


@dataclass
class Site:
    """What the pages share about one vocabulary."""

    vocabulary: Vocabulary
    kinds: dict[str, str] = field(default_factory=dict)
    core: list[Ref] = field(default_factory=list)
    interventions: dict[str, list[Addressing]] = field(default_factory=dict)
    comet: frozenset[str] = frozenset()
    workshop: frozenset[str] = frozenset()
    round0: frozenset[str] = frozenset()
    final: frozenset[str] = frozenset()
    outcome_choices: list[Choice] = field(default_factory=list)
    intervention_choices: list[Choice] = field(default_factory=list)
    scheme_choices: list[Choice] = field(default_factory=list)
    cache: dict[str, bytes] = field(default_factory=dict)

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _sites: ClassVar[weakref.WeakKeyDictionary[Vocabulary, Site]] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> Site:
        """The site of this vocabulary, built on first use."""
        found = cls._sites.get(vocabulary)
        if found is None:
            with cls._lock:
                found = cls._sites.get(vocabulary)
                if found is None:
                    found = cls._sites[vocabulary] = cls.build(vocabulary)
        return found

    @classmethod
    def build(cls, vocabulary: Vocabulary) -> Site:
        g = vocabulary.graph
        site = cls(vocabulary)
        for local, text in reversed(KINDS):  # most specific last, so it wins
            for s in g.subjects(RDF.type, MSCOS[local]):
                site.kinds[str(s)] = text
        site.core = sorted((site.ref(s) for s in g.subjects(RDF.type, MSCOS.CoreOutcome)), key=by_notation)
        site.comet = site._members("comet")
        site.workshop = frozenset(str(s) for s in g.subjects(RDF.type, MSCOS.WorkshopOutcome))
        site.round0 = frozenset(str(s) for s in g.subjects(RDF.type, MSCOS.Round0Outcome))
        site.final = frozenset(str(s) for s in g.subjects(RDF.type, MSCOS.FinalOutcome)) | frozenset(
            str(s) for kind in (MSCOS.CoreOutcome, MSCOS.LonglistOutcome) for s in g.subjects(RDF.type, kind))
        site.interventions = site._interventions()
        finals = sorted((site.ref(URIRef(i)) for i in site.final), key=by_notation)
        site.outcome_choices = [Choice(r.iri.rsplit("/", 1)[-1], f"{r.notation} {r.label}") for r in finals]
        doers = {a.intervention.iri: a.intervention for lst in site.interventions.values() for a in lst}
        site.intervention_choices = [
            Choice(r.iri.rsplit("/", 1)[-1], r.label or r.iri) for r in sorted(doers.values(), key=by_notation)]
        site.scheme_choices = [Choice("", "Every scheme")] + [
            Choice(key, site.label(f"{vocabulary.base_iri}scheme/{key}")) for key in BROWSE_SCHEMES
            if f"{vocabulary.base_iri}scheme/{key}" in vocabulary.minted]
        return site

    # -- small helpers ---------------------------------------------------------------------
    def ref(self, node: Node) -> Ref:
        return views.ref(self.vocabulary, node)

    def label(self, iri: str) -> str:
        return self.ref(URIRef(iri)).label or iri

    def kind(self, iri: str) -> str | None:
        return self.kinds.get(iri)

    def scheme_iri(self, key: str) -> str:
        return f"{self.vocabulary.base_iri}scheme/{key}"

    def _members(self, key: str) -> frozenset[str]:
        scheme = URIRef(self.scheme_iri(key))
        return frozenset(str(s) for s in self.vocabulary.graph.subjects(SKOS.inScheme, scheme))

    def _interventions(self) -> dict[str, list[Addressing]]:
        g = self.vocabulary.graph
        out: dict[str, list[Addressing]] = defaultdict(list)
        links = {(doer, g.value(node, MSCOS.linkedOutcome)): node
                 for doer, node in g.subject_objects(MSCOS.qualifiedOutcomeLink)}
        for predicate in (MSCOS.primaryOutcome, MSCOS.addressesOutcome, MSCOS.possiblyAddressesOutcome):
            for doer, outcome in g.subject_objects(predicate):
                if not isinstance(doer, URIRef):
                    continue
                listed = out[str(outcome)]
                if any(a.intervention.iri == str(doer) for a in listed):
                    continue
                primary = (doer, MSCOS.primaryOutcome, outcome) in g
                node = links.get((doer, outcome))
                basis = g.value(node, MSCOS.basis) if node is not None else None
                listed.append(Addressing(
                    self.ref(doer), self.kinds.get(str(doer), "Intervention"), primary,
                    possibly=predicate == MSCOS.possiblyAddressesOutcome,
                    basis=self.ref(basis).label if basis is not None else None,
                    evidence=_literal(g.value(node, MSCOS.evidence)) if node is not None else None,
                    quote=_literal(g.value(node, MSCOS.quote)) if node is not None else None))
        for listed in out.values():
            listed.sort(key=lambda a: (not a.primary, a.possibly, a.kind != "Intervention",
                                       a.intervention.label or ""))
        return dict(out)

    # -- scheme pages ----------------------------------------------------------------------
    def sections(self, scheme_iri: str) -> tuple[list[Section], list[tuple[Ref, str | None]]]:
        """A scheme's top concepts that have members (sections) and the concepts on their own."""
        g = self.vocabulary.graph
        scheme = URIRef(scheme_iri)
        members = {s for s in g.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
        tops = sorted((t for t in g.objects(scheme, SKOS.hasTopConcept) if isinstance(t, URIRef)),
                      key=lambda t: natural(self.ref(t).notation))
        sections: list[Section] = []
        alone: list[tuple[Ref, str | None]] = []
        placed: set[URIRef] = set()
        for top in tops:
            children = sorted((c for c in g.objects(top, SKOS.narrower) if c in members),
                              key=lambda c: natural(self.ref(c).notation))
            placed.add(top)
            if children:
                placed.update(children)  # type: ignore[arg-type]
                sections.append(Section(self.ref(top), self.definition(top),
                                        tuple((self.ref(c), self.definition(c)) for c in children)))
            else:
                alone.append((self.ref(top), self.definition(top)))
        rest = sorted(members - placed, key=lambda c: natural(self.ref(c).notation))
        alone.extend((self.ref(c), self.definition(c)) for c in rest)
        return sections, alone

    def definition(self, node: Node) -> str | None:
        values = [o for o in self.vocabulary.graph.objects(node, SKOS.definition) if isinstance(o, Literal)]
        english = [v for v in values if v.language in (None, "en")] or values
        return str(sorted(english)[0]) if english else None
