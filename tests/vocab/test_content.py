"""The vocabulary holds what the sources list, nothing less, with sources on every statement."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from mscos_kg.terms import MSCOS
from tests.vocab import expected_content as expected

BASE = "https://w3id.org/mscos/"


def label(g: Graph, node: object) -> str:
    value = g.value(node, SKOS.prefLabel) or g.value(node, RDFS.label)  # type: ignore[arg-type]
    return str(value)


def of_type(g: Graph, cls: URIRef) -> list[URIRef]:
    return [s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)]


def domains_with_outcomes(g: Graph, scheme: str, outcome_type: URIRef) -> dict[str, list[str]]:
    """Domain label (casefolded) -> its outcomes' labels in notation order."""
    out: dict[str, list[str]] = {}
    for outcome in of_type(g, outcome_type):
        if g.value(outcome, SKOS.inScheme) != URIRef(BASE + "scheme/" + scheme):
            continue
        domain = g.value(outcome, MSCOS.inDomain)
        out.setdefault(label(g, domain).casefold(), []).append(outcome)  # type: ignore[arg-type]
    def order(node: URIRef) -> int:
        return int(str(g.value(node, SKOS.notation)).rsplit(".", 1)[-1])
    return {d: [label(g, o) for o in sorted(nodes, key=order)] for d, nodes in out.items()}  # type: ignore[arg-type]


def test_the_seven_core_outcomes_with_their_published_labels(vocab: Graph) -> None:
    got = sorted(label(vocab, c) for c in of_type(vocab, MSCOS.CoreOutcome))
    assert got == sorted(expected.CORE_OUTCOMES)


def test_core_outcome_notations_follow_the_toolkit_order(vocab: Graph) -> None:
    by_notation = {str(vocab.value(c, SKOS.notation)): label(vocab, c) for c in of_type(vocab, MSCOS.CoreOutcome)}
    assert [by_notation[f"CO{i}"] for i in range(1, 8)] == expected.CORE_OUTCOMES


def test_label_variants_of_other_documents_are_alternative_labels(vocab: Graph) -> None:
    alts = {str(a) for c in of_type(vocab, MSCOS.CoreOutcome) for a in vocab.objects(c, SKOS.altLabel)}
    assert "Compassionate, trauma informed services" in alts  # the summary's spelling
    assert "Safety from any other trafficker or abuser" in alts  # the toolkit contents page


@pytest.mark.parametrize("core_label", expected.CORE_OUTCOMES)
def test_each_core_outcome_has_7_to_13_indicators_quoted_from_its_descriptor(vocab: Graph, core_label: str) -> None:
    (outcome,) = [c for c in of_type(vocab, MSCOS.CoreOutcome) if label(vocab, c) == core_label]
    indicators = list(vocab.objects(outcome, MSCOS.hasIndicator))
    assert 7 <= len(indicators) <= 13, f"{core_label}: {len(indicators)} indicators"
    descriptor = " ".join(str(vocab.value(outcome, SKOS.definition)).split())
    for ind in indicators:
        assert (ind, RDF.type, MSCOS.Indicator) in vocab
        assert vocab.value(ind, MSCOS.indicates) == outcome
        assert vocab.value(ind, DCTERMS.source) is not None
        quote = " ".join(str(vocab.value(ind, MSCOS.descriptorQuote)).split())
        in_descriptor = quote in descriptor
        in_measuring = any(str(s).endswith("/measuring-outcomes") for s in vocab.objects(ind, DCTERMS.source))
        assert in_descriptor or in_measuring, f"{label(vocab, ind)}: quote {quote!r} not from the descriptor"


def test_measuring_outcomes_indicators_are_present(vocab: Graph) -> None:
    """The toolkit's 'Measuring outcomes' names indicators of housing and of medical treatment."""
    cited = [i for i in of_type(vocab, MSCOS.Indicator)
             if any(str(s).endswith("/measuring-outcomes") for s in vocab.objects(i, DCTERMS.source))]
    outcomes = {label(vocab, vocab.value(i, MSCOS.indicates)) for i in cited}
    assert outcomes == {"Secure and suitable housing", "Access to medical treatment"}


def test_the_final_longlist_by_domain(vocab: Graph) -> None:
    assert domains_with_outcomes(vocab, "longlist", MSCOS.LonglistOutcome) == expected.LONGLIST


def test_the_longlist_gap_between_stated_and_listed_is_recorded(vocab: Graph) -> None:
    listed = sum(len(v) for v in expected.LONGLIST.values())
    claims = {(str(vocab.value(c, MSCOS.claimKind)), int(vocab.value(c, MSCOS.value)))  # type: ignore[arg-type]
              for c in of_type(vocab, MSCOS.QuantityClaim)
              if vocab.value(c, MSCOS.claimAbout) == URIRef(BASE + "scheme/longlist")
              and str(vocab.value(c, MSCOS.quantity)) == "outcomes"}
    assert ("stated", expected.LONGLIST_STATED) in claims
    assert ("listed", listed) in claims


def test_the_round0_taxonomy_by_domain(vocab: Graph) -> None:
    assert domains_with_outcomes(vocab, "round0", MSCOS.Round0Outcome) == expected.ROUND0


def test_the_round0_gap_between_stated_and_listed_is_recorded(vocab: Graph) -> None:
    listed = sum(len(v) for v in expected.ROUND0.values())
    claims = {(str(vocab.value(c, MSCOS.claimKind)), int(vocab.value(c, MSCOS.value)))  # type: ignore[arg-type]
              for c in of_type(vocab, MSCOS.QuantityClaim)
              if vocab.value(c, MSCOS.claimAbout) == URIRef(BASE + "scheme/round0")
              and str(vocab.value(c, MSCOS.quantity)) == "outcomes"}
    assert ("stated", expected.ROUND0_STATED) in claims and ("listed", listed) in claims


def test_every_final_outcome_has_lineage_or_says_it_has_none(vocab: Graph) -> None:
    finals = of_type(vocab, MSCOS.CoreOutcome) + of_type(vocab, MSCOS.LonglistOutcome)
    missing = [label(vocab, f) for f in finals
               if (f, PROV.wasDerivedFrom, None) not in vocab and (f, SKOS.historyNote, None) not in vocab]
    assert missing == []


def test_every_lineage_link_is_qualified_with_type_and_evidence(vocab: Graph) -> None:
    for final, origin in vocab.subject_objects(PROV.wasDerivedFrom):
        if not str(final).startswith(BASE + "id/"):
            continue
        assert (origin, RDF.type, MSCOS.Round0Outcome) in vocab, f"{final} derives from a non-Round-0 {origin}"
        nodes = [n for n in vocab.objects(final, PROV.qualifiedDerivation) if vocab.value(n, PROV.entity) == origin]
        assert len(nodes) == 1
        assert vocab.value(nodes[0], MSCOS.derivationType) in {MSCOS.Same, MSCOS.Renamed, MSCOS.Merged, MSCOS.Split}
        assert vocab.value(nodes[0], MSCOS.evidence)
        assert list(vocab.objects(nodes[0], MSCOS.derivationStrength)) in (
            [MSCOS.StrongDerivation], [MSCOS.WeakDerivation])


def test_weak_lineage_links_are_exactly_those_the_evidence_calls_weaker(vocab: Graph) -> None:
    """The strength is the evidence's own judgement as data (issue 15: "lineage links carry no strength")."""
    weak_by_final: dict[str, list[str]] = {}
    said_weaker: dict[str, str] = {}
    for final, node in vocab.subject_objects(PROV.qualifiedDerivation):
        evidence = str(vocab.value(node, MSCOS.evidence))
        if "weaker" in evidence:
            said_weaker[label(vocab, final)] = evidence
        if vocab.value(node, MSCOS.derivationStrength) == MSCOS.WeakDerivation:
            origin = label(vocab, vocab.value(node, PROV.entity))
            assert origin in evidence, f"{origin}: a weak origin the evidence does not name"
            weak_by_final.setdefault(label(vocab, final), []).append(origin)
    assert set(weak_by_final) == set(said_weaker)
    counts = {final: 2 if "Two weaker links" in evidence else 1 for final, evidence in said_weaker.items()}
    assert {final: len(origins) for final, origins in weak_by_final.items()} == counts
    assert sorted(o for origins in weak_by_final.values() for o in origins) == sorted(expected.WEAK_LINEAGE_ORIGINS)


def test_every_round0_outcome_has_a_successor_or_is_marked_as_having_none(vocab: Graph) -> None:
    derived_from = set(vocab.objects(None, PROV.wasDerivedFrom))
    for r0 in of_type(vocab, MSCOS.Round0Outcome):
        marked = (r0, MSCOS.noSuccessor, Literal(True)) in vocab
        assert (r0 in derived_from) != marked, f"{label(vocab, r0)}: successor={r0 in derived_from}, marked={marked}"


def test_where_did_this_core_outcome_come_from(vocab: Graph) -> None:
    """Secure and suitable housing derives from the Round 0 'Secure and protected housing'."""
    (housing,) = [c for c in of_type(vocab, MSCOS.CoreOutcome) if label(vocab, c) == "Secure and suitable housing"]
    origins = {label(vocab, o) for o in vocab.objects(housing, PROV.wasDerivedFrom)}
    assert "Secure and protected housing" in origins


def test_the_glossary_terms(vocab: Graph) -> None:
    got = {label(vocab, t).casefold() for t in of_type(vocab, MSCOS.GlossaryTerm)}
    assert set(expected.GLOSSARY) <= got


def intervention(g: Graph, name: str) -> URIRef:
    (iv,) = [i for i in of_type(g, MSCOS.Intervention) if label(g, i) == name]
    return iv


@pytest.mark.parametrize(("name", "core"), expected.INTERVENTION_EXAMPLES.items())
def test_intervention_examples_address_their_core_outcome(vocab: Graph, name: str, core: str) -> None:
    iv = intervention(vocab, name)
    assert label(vocab, vocab.value(iv, MSCOS.primaryOutcome)) == core
    evaluations = list(vocab.subjects(MSCOS.evaluates, iv))
    assert bool(evaluations) == (name in expected.EVALUATED_EXAMPLES), f"{name}: evaluations {evaluations}"


def test_no_evaluation_of_learn_to_identify_and_fight_trafficking_that_the_toolkit_does_not_describe(
        vocab: Graph) -> None:
    iv = intervention(vocab, "Learn to Identify and Fight Trafficking")
    assert list(vocab.subjects(MSCOS.evaluates, iv)) == []
    assert not [s for s in vocab.subjects(RDFS.label, None) if "Evaluation of Learn" in str(vocab.value(s, RDFS.label))]
    assert str(vocab.value(iv, DCTERMS.bibliographicCitation)) == "Lee et al. 2021"


def _links(g: Graph) -> dict[tuple[str, str], tuple[URIRef, URIRef]]:
    """(intervention, outcome) label pairs -> (link property, basis) from the qualified links."""
    out = {}
    for iv in of_type(g, MSCOS.Intervention):
        for node in g.objects(iv, MSCOS.qualifiedOutcomeLink):
            key = (label(g, iv), label(g, g.value(node, MSCOS.linkedOutcome)))
            assert key not in out, f"two links for {key}"
            out[key] = (g.value(node, MSCOS.linkProperty), g.value(node, MSCOS.basis))  # type: ignore[assignment]
    return out


def test_intervention_outcome_links_say_whether_stated_or_inferred(vocab: Graph) -> None:
    links = _links(vocab)
    addressed = {k: v for k, v in links.items() if v[0] != MSCOS.possiblyAddressesOutcome}
    basis_words = {MSCOS.Stated: "stated", MSCOS.Inferred: "inferred"}
    assert {k: basis_words[v[1]] for k, v in addressed.items()} == expected.OUTCOME_LINKS


def test_every_outcome_link_is_qualified_with_a_verbatim_quote_and_its_source(vocab: Graph) -> None:
    for predicate in (MSCOS.primaryOutcome, MSCOS.addressesOutcome, MSCOS.possiblyAddressesOutcome):
        for iv, outcome in vocab.subject_objects(predicate):
            if (iv, RDF.type, MSCOS.Intervention) not in vocab:
                continue
            nodes = [n for n in vocab.objects(iv, MSCOS.qualifiedOutcomeLink)
                     if vocab.value(n, MSCOS.linkedOutcome) == outcome]
            assert len(nodes) == 1, (iv, outcome)
            node = nodes[0]
            assert (node, RDF.type, MSCOS.OutcomeLink) in vocab
            assert vocab.value(node, MSCOS.quote) and vocab.value(node, DCTERMS.source), node


def test_intervention_evidence_is_rdf_not_a_python_repr_string(vocab: Graph) -> None:
    """1.0.0 wrote the addresses_evidence list as one literal: "[{'target': '000104', ...}]"."""
    for iv in of_type(vocab, MSCOS.Intervention):
        for value in vocab.objects(iv, MSCOS.evidence):
            assert not str(value).startswith("[{"), value
    reprs = [o for o in vocab.objects(None, MSCOS.evidence) if "'basis':" in str(o) or "'target':" in str(o)]
    assert reprs == []


def test_inferred_links_are_queryable_with_sparql(vocab: Graph) -> None:
    rows = vocab.query("""
        PREFIX mscos: <https://w3id.org/mscos/def/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?intervention ?outcome WHERE {
          ?i mscos:qualifiedOutcomeLink ?link ; rdfs:label ?intervention .
          ?link mscos:basis mscos:Inferred ; mscos:linkedOutcome/skos:prefLabel ?outcome .
        }""")
    got = {(str(r[0]), str(r[1])) for r in rows}  # type: ignore[index]
    assert got == {k for k, basis in expected.OUTCOME_LINKS.items() if basis == "inferred"}


def test_thriving_conversation_possible_effect_on_education_is_emitted_but_not_as_addressed(vocab: Graph) -> None:
    links = _links(vocab)
    possible = {k for k, v in links.items() if v[0] == MSCOS.possiblyAddressesOutcome}
    assert possible == expected.POSSIBLE_LINKS
    for name, outcome in expected.POSSIBLE_LINKS:
        iv = intervention(vocab, name)
        assert outcome in {label(vocab, o) for o in vocab.objects(iv, MSCOS.possiblyAddressesOutcome)}
        assert outcome not in {label(vocab, o) for o in vocab.objects(iv, MSCOS.addressesOutcome)}


def test_source_documents_carry_only_the_dates_and_publishers_a_document_states(vocab: Graph) -> None:
    issued = {}
    for doc in of_type(vocab, MSCOS.SourceDocument):
        key = str(doc).rsplit("/", 1)[-1]
        assert vocab.value(doc, DCTERMS.publisher) is None, f"{key}: no document states its publisher"
        if vocab.value(doc, DCTERMS.issued) is not None:
            issued[key] = str(vocab.value(doc, DCTERMS.issued))
    assert issued == expected.ISSUED


def test_featured_practice_models_stated_and_listed(vocab: Graph) -> None:
    claims = {(str(vocab.value(c, MSCOS.quantity)), str(vocab.value(c, MSCOS.claimKind)),
               int(vocab.value(c, MSCOS.value)))  # type: ignore[arg-type]
              for c in of_type(vocab, MSCOS.QuantityClaim)
              if str(vocab.value(c, MSCOS.quantity)).startswith("featured_practice_models")}
    listed = sorted(label(vocab, m) for m in of_type(vocab, MSCOS.PracticeModel)
                    if any(str(s).endswith("/grant/community-of-practice-impact")
                           for s in vocab.objects(m, DCTERMS.source)))
    assert listed == sorted(expected.FEATURED_PRACTICE_MODELS)
    assert claims == {("featured_practice_models", "stated", expected.FEATURED_PRACTICE_MODELS_STATED),
                      ("featured_practice_models_named", "listed", len(listed))}


@pytest.mark.parametrize(("label_part", "names"), [("advisory board", expected.BOARD_NAMES),
                                                   ("Abbreviation", expected.SET_ABBREVIATIONS)])
def test_naming_discrepancies_are_recorded_as_name_claims(vocab: Graph, label_part: str, names: set[str]) -> None:
    (d,) = [d for d in of_type(vocab, MSCOS.Discrepancy) if label_part.casefold() in label(vocab, d).casefold()]
    claims = list(vocab.objects(d, MSCOS.hasClaim))
    assert {str(vocab.value(c, MSCOS.claimedName)) for c in claims} == names
    for c in claims:
        assert (c, RDF.type, MSCOS.NameClaim) in vocab
        assert str(vocab.value(c, MSCOS.claimedName)) in str(vocab.value(c, MSCOS.quote))


def test_one_workshop_planned_two_held_is_recorded(vocab: Graph) -> None:
    (d,) = [d for d in of_type(vocab, MSCOS.Discrepancy) if "workshops in phase one" in label(vocab, d)]
    values = {int(vocab.value(c, MSCOS.value)) for c in vocab.objects(d, MSCOS.hasClaim)}  # type: ignore[arg-type]
    assert values == {1, 2}


def test_the_florida_evaluation_looked_at_43_outcomes(vocab: Graph) -> None:
    (iv,) = [i for i in of_type(vocab, MSCOS.Intervention) if label(vocab, i) == "The Florida Freedom Partnership"]
    (ev,) = vocab.subjects(MSCOS.evaluates, iv)
    assert int(vocab.value(ev, MSCOS.outcomeCount)) == 43  # type: ignore[arg-type]


@pytest.mark.parametrize("name", expected.INSTRUMENTS)
def test_named_instruments_are_present(vocab: Graph, name: str) -> None:
    labels = [label(vocab, i) for i in of_type(vocab, MSCOS.Instrument)]
    assert any(name.casefold() in lab.casefold() for lab in labels), labels


@pytest.mark.parametrize("name", expected.FRAMEWORKS)
def test_named_frameworks_are_present(vocab: Graph, name: str) -> None:
    labels = [label(vocab, i) for i in of_type(vocab, MSCOS.Framework)]
    assert any(name.casefold() in lab.casefold() for lab in labels), labels


def test_practice_model_two_outcomes_wrap_around_the_others(vocab: Graph) -> None:
    wrapping = {label(vocab, s) for s in vocab.subjects(MSCOS.wrapsAround, None)}
    assert wrapping == {"Compassionate, trauma-informed services", "Long-term, consistent support"}
    inner = {label(vocab, o) for o in vocab.objects(None, MSCOS.wrapsAround)}
    assert inner == set(expected.CORE_OUTCOMES) - wrapping


def test_intervention_levels(vocab: Graph) -> None:
    got = {label(vocab, c).casefold() for c in of_type(vocab, MSCOS.InterventionLevel)}
    assert got == {"individual", "organisational", "governmental", "societal"}


def test_scope_is_adult_survivors_with_the_reason(vocab: Graph) -> None:
    core = URIRef(BASE + "scheme/core")
    assert "adult" in str(vocab.value(core, MSCOS.targetPopulation)).casefold()
    assert any("only for use with adult survivors" in str(n) for n in vocab.objects(core, SKOS.scopeNote))


def test_consistent_regular_timepoints_recommendation(vocab: Graph) -> None:
    quotes = [str(vocab.value(r, MSCOS.quote)) for r in of_type(vocab, MSCOS.Recommendation)]
    assert any("consistent, regular timepoints" in q for q in quotes)


def test_development_stages_are_prov_activities_with_sources(vocab: Graph) -> None:
    stages = of_type(vocab, MSCOS.DevelopmentStage)
    kinds = {k for s in stages for k in vocab.objects(s, RDF.type)}
    assert {MSCOS.LiteratureReview, MSCOS.InterviewStudy, MSCOS.StakeholderWorkshop, MSCOS.DelphiRound} <= kinds
    for s in stages:
        assert (s, RDF.type, PROV.Activity) in vocab and vocab.value(s, DCTERMS.source) is not None


def test_disagreements_between_documents_are_recorded_with_both_claims(vocab: Graph) -> None:
    discrepancies = of_type(vocab, MSCOS.Discrepancy)
    assert len(discrepancies) >= 3
    for d in discrepancies:
        claims = list(vocab.objects(d, MSCOS.hasClaim))
        values = {str(vocab.value(c, MSCOS.value) or vocab.value(c, MSCOS.claimedName)) for c in claims}
        assert len(claims) >= 2 and len(values) >= 2, f"{label(vocab, d)}: claims do not disagree"
        for c in claims:
            assert vocab.value(c, DCTERMS.source) is not None


def test_every_final_outcome_maps_to_the_comet_taxonomy(vocab: Graph) -> None:
    finals = of_type(vocab, MSCOS.CoreOutcome) + of_type(vocab, MSCOS.LonglistOutcome)
    comet = set(of_type(vocab, MSCOS.CometDomain))
    unmapped = [label(vocab, f) for f in finals if not (set(vocab.objects(f, SKOS.broadMatch)) & comet)]
    assert unmapped == []
    assert len([d for d in comet if (d, SKOS.broader, None) in vocab]) == 38


def test_every_concept_has_the_required_properties(vocab: Graph) -> None:
    problems = []
    for c in set(vocab.subjects(RDF.type, SKOS.Concept)):
        for prop in (SKOS.prefLabel, SKOS.definition, SKOS.notation, SKOS.inScheme, DCTERMS.source):
            if (c, prop, None) not in vocab:
                problems.append(f"{c} lacks {prop}")
        if len([lab for lab in vocab.objects(c, SKOS.prefLabel) if lab.language == "en"]) != 1:  # type: ignore[attr-defined]
            problems.append(f"{c} has not exactly one English prefLabel")
    assert problems == []


def test_evaluation_outcome_areas_are_separate_values_not_a_python_repr(vocab: Graph) -> None:
    """1.0.0 wrote "['housing', 'food', ...]" as one literal for the Florida evaluation."""
    (ev,) = vocab.subjects(MSCOS.evaluates, intervention(vocab, "The Florida Freedom Partnership"))
    areas = sorted(str(a) for a in vocab.objects(ev, MSCOS.outcomeAreas))
    assert "housing" in areas and "life skills" in areas and len(areas) == 8
    assert not [o for o in vocab.objects(None, None) if isinstance(o, Literal) and str(o).startswith(("['", "[{"))]


def test_the_florida_freedom_partnership_is_in_the_united_states(vocab: Graph) -> None:
    """"victims of human trafficking who were undocumented immigrants in the United States" (toolkit)."""
    assert str(vocab.value(intervention(vocab, "The Florida Freedom Partnership"), MSCOS.country)) == "US"


def test_organisation_roles_quoted_in_other_documents_are_emitted_with_their_sources(vocab: Graph) -> None:
    """The tables' also_quoted (further roles, other documents) was not emitted in 1.0.0."""
    (alliance,) = [o for o in of_type(vocab, MSCOS.Organisation) if label(vocab, o) == "Survivor Alliance"]
    quotes = " ".join(str(q) for q in vocab.objects(alliance, MSCOS.quote))
    assert "The SRAB is coordinated by Survivor Alliance" in quotes
    assert "in partnership with Survivor Alliance" in quotes
    sources = {str(s).split("/source/", 1)[1] for s in vocab.objects(alliance, DCTERMS.source)}
    assert {"grant/survivor-research-advisory-board", "toolkit/introduction", "toolkit/key-definitions"} <= sources
