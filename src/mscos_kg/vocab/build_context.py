"""Context tables -> RDF: glossary, practice model, interventions, instruments, process, COMET, codes."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from mscos_kg.vocab.build_outcomes import add_matches
from mscos_kg.vocab.builder import EN, MSCOS, SCHEMA, Builder, date_datatype
from mscos_kg.vocab.tables import Record, TableError, as_list, records, text

LEVELS = ("individual", "organisational", "governmental", "societal")
STAGE_TYPES = {
    "literature_review": MSCOS.LiteratureReview, "interviews": MSCOS.InterviewStudy,
    "workshop": MSCOS.StakeholderWorkshop, "edelphi_round": MSCOS.DelphiRound,
    "consensus_workshop": MSCOS.ConsensusMeeting, "other": MSCOS.DevelopmentStage,
}
LINK_BASES = {"stated": MSCOS.Stated, "inferred": MSCOS.Inferred}
SCHEME_KEYS = ("core", "longlist", "round0", "workshop", "indicators", "glossary")


def build_glossary(b: Builder, table: Record) -> None:
    for rec in records(table, "terms"):
        iri = b.concept(rec, "glossary.yaml", types=[MSCOS.GlossaryTerm], scheme="glossary")
        b.literal(iri, MSCOS.cites, rec.get("cites"), XSD.string)


def build_practice_model(b: Builder, table: Record, level_iris: dict[str, URIRef]) -> None:
    g = b.graph
    model = table.get("model")
    if model:
        iri = b.entity(model, "practice_model.yaml model", types=[MSCOS.PracticeModel])
        for cid in as_list(model.get("components")):
            g.add((iri, MSCOS.hasComponent, b.ref(cid, "practice_model.yaml components")))
            g.add((iri, MSCOS.addressesOutcome, b.ref(cid, "practice_model.yaml components")))
        wrapping = [b.ref(w, "practice_model.yaml wrapping") for w in as_list(model.get("wrapping"))]
        inner = [b.ref(c, "practice_model.yaml") for c in as_list(model.get("components"))
                 if b.ref(c, "practice_model.yaml") not in wrapping]
        for w in wrapping:
            for c in inner:
                g.add((w, MSCOS.wrapsAround, c))
        if model.get("wrapping_quote"):
            b.literal(iri, SKOS.scopeNote, model["wrapping_quote"])
        for role in as_list(model.get("roles")):
            outcome = b.ref(role.get("outcome"), "practice_model.yaml roles")
            b.literal(outcome, SKOS.scopeNote, role.get("quote"))
            b.source(outcome, role.get("source") or model.get("source"), "practice_model.yaml roles")
    for rec in records(table, "levels"):
        iri = b.concept(rec, "practice_model.yaml levels", types=[MSCOS.InterventionLevel], scheme="levels",
                        definition=rec.get("definition") or rec.get("quote"))
        level_iris[text(rec["label"]).lower()] = iri
    scope = table.get("scope")
    if scope:
        core = b.minter.scheme("core")
        b.literal(core, MSCOS.targetPopulation, scope.get("population"))
        b.literal(core, SKOS.scopeNote, scope.get("quote"))
    for rec in records(table, "recommendations"):
        iri = b.entity(rec, "practice_model.yaml recommendations", types=[MSCOS.Recommendation])
        for about in as_list(rec.get("about")):
            g.add((iri, DCTERMS.subject, b.ref(about, "practice_model.yaml recommendations")))


def build_interventions(b: Builder, table: Record, level_iris: dict[str, URIRef]) -> None:
    g = b.graph
    for rec in records(table, "organisations"):
        iri = b.entity(rec, "interventions.yaml organisations", types=[MSCOS.Organisation, SCHEMA.Organization])
        g.add((iri, SCHEMA.name, Literal(text(rec["label"]))))
        # Role phrases are short fragments from several documents: notes, not sourced quotes.
        roles = "; ".join(text(r) for r in as_list(rec.get("role")))
        b.literal(iri, SKOS.note, f"Roles in the sources: {roles}" if roles else None)
    for key, cls in (("interventions", MSCOS.Intervention), ("programmes", MSCOS.Intervention),
                     ("practice_models", MSCOS.PracticeModel)):
        for rec in records(table, key):
            where = f"interventions.yaml {key}[{rec.get('id')}]"
            iri = b.entity(rec, where, types=[cls])
            if rec.get("primary_outcome"):
                g.add((iri, MSCOS.primaryOutcome, b.ref(rec["primary_outcome"], where)))
                g.add((iri, MSCOS.addressesOutcome, b.ref(rec["primary_outcome"], where)))
            for oid in as_list(rec.get("addresses")):
                g.add((iri, MSCOS.addressesOutcome, b.ref(oid, where)))
            add_outcome_links(b, iri, rec, where)
            b.literal(iri, DCTERMS.bibliographicCitation, rec.get("reference"), XSD.string)
            b.literal(iri, MSCOS.targetPopulation, rec.get("population"))
            b.literal(iri, MSCOS.ageGroup, rec.get("age_group"), XSD.string)
            b.literal(iri, MSCOS.country, rec.get("country"), XSD.string)
            for level in as_list(rec.get("levels")):
                if str(level).lower() not in level_iris:
                    raise TableError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
                g.add((iri, MSCOS.interventionLevel, level_iris[str(level).lower()]))
            for org in as_list(rec.get("organisations")):
                g.add((iri, MSCOS.organisation, b.ref(org, where)))
            ev = rec.get("evaluation")
            if ev:
                ev_iri = b.minter.fragment(str(rec["id"]), "evaluation")
                g.add((ev_iri, RDF.type, MSCOS.Evaluation))
                g.add((ev_iri, MSCOS.evaluates, iri))
                b.literal(ev_iri, RDFS.label, ev.get("label"))
                b.literal(ev_iri, DCTERMS.bibliographicCitation, ev.get("reference"))
                if ev.get("outcome_count") is not None:
                    g.add((ev_iri, MSCOS.outcomeCount, Literal(int(ev["outcome_count"]))))
                for area in as_list(ev.get("outcome_areas")):
                    b.literal(ev_iri, MSCOS.outcomeAreas, area)
                b.literal(ev_iri, MSCOS.quote, ev.get("quote"))
                for ins in as_list(ev.get("instruments")):
                    g.add((ev_iri, MSCOS.usesInstrument, b.ref(ins, where)))
                b.source(ev_iri, ev.get("source") or rec.get("source"), where)


def add_outcome_links(b: Builder, iri: URIRef, rec: Record, where: str) -> None:
    """Each link of an intervention to an outcome as a qualified mscos:OutcomeLink node.

    The node says which link it qualifies (primary outcome, addresses, possibly addresses), its
    basis (stated by the source or inferred by the project) and the evidence: our note, the
    verbatim words it rests on and their source. Every addressed outcome needs one.
    """
    g = b.graph
    addressed = {str(o) for o in as_list(rec.get("addresses"))} | (
        {str(rec["primary_outcome"])} if rec.get("primary_outcome") else set())
    linked: set[str] = set()
    for item in as_list(rec.get("addresses_evidence")):
        if not isinstance(item, dict):
            raise TableError(f"{where}: addresses_evidence item {item!r} is not a mapping")
        target = str(item.get("target"))
        relation = str(item.get("relation", "addresses"))
        basis = LINK_BASES.get(str(item.get("basis")))
        if basis is None:
            raise TableError(f"{where}: basis {item.get('basis')!r} of {target} is not one of {', '.join(LINK_BASES)}")
        if relation not in ("addresses", "possibly"):
            raise TableError(f"{where}: relation {relation!r} of {target} is not 'addresses' or 'possibly'")
        if (relation == "addresses") != (target in addressed):
            raise TableError(f"{where}: {target} is {'not ' if relation == 'addresses' else ''}in `addresses` "
                             f"but its link says relation {relation!r}")
        if not item.get("quote"):
            raise TableError(f"{where}: the link to {target} has no verbatim quote")
        outcome = b.ref(target, where)
        if relation == "possibly":
            prop = MSCOS.possiblyAddressesOutcome
            g.add((iri, prop, outcome))
        else:
            prop = MSCOS.primaryOutcome if target == str(rec.get("primary_outcome")) else MSCOS.addressesOutcome
        node = b.minter.fragment(str(rec["id"]), f"outcome-{target}")
        g.add((iri, MSCOS.qualifiedOutcomeLink, node))
        g.add((node, RDF.type, MSCOS.OutcomeLink))
        g.add((node, MSCOS.linkedOutcome, outcome))
        g.add((node, MSCOS.linkProperty, prop))
        g.add((node, MSCOS.basis, basis))
        b.literal(node, MSCOS.evidence, item.get("evidence"))
        b.literal(node, MSCOS.quote, item.get("quote"))
        b.source(node, item.get("source") or rec.get("source"), where)
        linked.add(target)
    if addressed - linked:
        raise TableError(f"{where}: no addresses_evidence for {', '.join(sorted(addressed - linked))}")


def build_instruments(b: Builder, table: Record) -> None:
    for key, cls in (("instruments", MSCOS.Instrument), ("frameworks", MSCOS.Framework)):
        for rec in records(table, key):
            where = f"instruments.yaml {key}[{rec.get('id')}]"
            iri = b.entity(rec, where, types=[cls])
            for oid in as_list(rec.get("measures")):
                b.graph.add((iri, MSCOS.addressesOutcome, b.ref(oid, where)))
            b.literal(iri, MSCOS.evidence, rec.get("measures_evidence"))
            for iid in as_list(rec.get("used_by")):
                b.graph.add((b.ref(iid, where), MSCOS.usesInstrument, iri))
            if rec.get("part_of"):
                b.graph.add((iri, DCTERMS.isPartOf, b.ref(rec["part_of"], where)))


def build_process(b: Builder, table: Record) -> None:
    g = b.graph
    for rec in records(table, "stages"):
        where = f"process.yaml stages[{rec.get('id')}]"
        stage_type = STAGE_TYPES.get(str(rec.get("type")))
        if stage_type is None:
            raise TableError(f"{where}: type {rec.get('type')!r} is not one of {', '.join(STAGE_TYPES)}")
        iri = b.entity(rec, where, types=[MSCOS.DevelopmentStage, stage_type, PROV.Activity])
        if rec.get("date"):
            date = str(rec["date"])
            g.add((iri, DCTERMS.date, Literal(date, datatype=date_datatype(date))))
        for prev in as_list(rec.get("informed_by")):
            g.add((iri, PROV.wasInformedBy, b.ref(prev, where)))
        if rec.get("produced"):
            scheme = str(rec["produced"])
            if scheme not in SCHEME_KEYS:
                raise TableError(f"{where}: produced {scheme!r} is not one of {', '.join(SCHEME_KEYS)}")
            g.add((iri, MSCOS.outcomeScheme, b.minter.scheme(scheme)))
            g.add((b.minter.scheme(scheme), PROV.wasGeneratedBy, iri))
    for rec in records(table, "claims"):
        where = f"process.yaml claims[{rec.get('id')}]"
        iri = b.entity(rec, where, types=[MSCOS.QuantityClaim])
        about = str(rec.get("about"))
        g.add((iri, MSCOS.claimAbout, b.minter.scheme(about) if about in SCHEME_KEYS else b.ref(about, where)))
        g.add((iri, MSCOS.quantity, Literal(str(rec["quantity"]))))
        g.add((iri, MSCOS.value, Literal(int(rec["value"]))))
        kind = str(rec.get("kind"))
        if kind not in ("stated", "listed"):
            raise TableError(f"{where}: kind {kind!r} is not 'stated' or 'listed'")
        g.add((iri, MSCOS.claimKind, Literal(kind)))
    for rec in records(table, "name_claims"):
        where = f"process.yaml name_claims[{rec.get('id')}]"
        iri = b.entity(rec, where, types=[MSCOS.NameClaim])
        about = str(rec.get("about"))
        g.add((iri, MSCOS.claimAbout, b.minter.scheme(about) if about in SCHEME_KEYS else b.ref(about, where)))
        if not rec.get("name") or not rec.get("quote"):
            raise TableError(f"{where}: a name claim needs the name and the verbatim quote that prints it")
        if text(rec["name"]) not in text(rec["quote"]):
            raise TableError(f"{where}: the quote does not print the name {rec['name']!r}")
        g.add((iri, MSCOS.claimedName, Literal(text(rec["name"]))))
        g.add((iri, MSCOS.claimKind, Literal("stated")))
    for rec in records(table, "discrepancies"):
        where = f"process.yaml discrepancies[{rec.get('id')}]"
        iri = b.entity(rec, where, types=[MSCOS.Discrepancy])
        for cid in as_list(rec.get("claims")):
            g.add((iri, MSCOS.hasClaim, b.ref(cid, where)))


def build_comet(b: Builder, table: Record) -> None:
    areas: dict[str, URIRef] = {}
    for rec in records(table, "areas"):
        areas[str(rec["id"])] = b.concept(
            rec, "comet.yaml areas", types=[MSCOS.CometDomain], scheme="comet",
            editorial_definition=(f"The core area '{text(rec['label'])}' of the COMET outcome taxonomy "
                                  "(Dodd et al. 2018)."))
    for rec in records(table, "domains"):
        area = areas.get(str(rec.get("area")))
        if area is None:
            raise TableError(f"comet.yaml domains[{rec.get('id')}]: area {rec.get('area')!r} is not an area id")
        b.concept(rec, "comet.yaml domains", types=[MSCOS.CometDomain], scheme="comet", broader=area,
                  editorial_definition=(f"Outcome domain {rec.get('notation')} of the COMET outcome taxonomy "
                                        f"(Dodd et al. 2018): '{text(rec['label'])}'."))
    for i, rec in enumerate(records(table, "mappings")):
        matches = [{"type": "broad", "target": d, "evidence": rec.get("evidence"),
                    "direction": rec.get("direction")} for d in as_list(rec.get("domains"))]
        add_matches(b, b.ref(rec.get("outcome"), f"comet.yaml mappings[{i}]"), str(rec["outcome"]),
                    matches, f"comet.yaml mappings[{i}]")


def build_partner_codes(b: Builder, table: Record) -> None:
    for key, cls in (("reporter_types", MSCOS.ReporterType), ("study_designs", MSCOS.StudyDesign),
                     ("observation_status", MSCOS.ObservationStatus)):
        for rec in records(table, key):
            if not rec.get("source"):
                rec = {**rec, "source": "editorial"}
            b.concept(rec, f"partner_codes.yaml {key}", types=[cls], scheme="partner-codes")


def label_literal(value: str) -> Literal:
    return Literal(text(value), lang=EN)
