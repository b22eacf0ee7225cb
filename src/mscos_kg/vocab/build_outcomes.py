"""Outcome tables -> RDF: core outcomes and indicators, the longlist, Round 0, lineage, workshops,
search terms."""

from __future__ import annotations

from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import PROV

from mscos_kg.vocab.builder import EN, MSCOS, Builder
from mscos_kg.vocab.tables import Record, TableError, as_list, records, text

DERIVATION_TYPES = {"same": MSCOS.Same, "renamed": MSCOS.Renamed, "merged": MSCOS.Merged, "split": MSCOS.Split}
DERIVATION_STRENGTHS = {"strong": MSCOS.StrongDerivation, "weak": MSCOS.WeakDerivation}
MATCH_TYPES = {
    "exact": SKOS.exactMatch, "close": SKOS.closeMatch, "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch, "related": SKOS.relatedMatch,
}


def build_core(b: Builder, table: Record) -> None:
    for rec in records(table, "outcomes"):
        iri = b.concept(rec, "core.yaml", types=[MSCOS.CoreOutcome], scheme="core")
        for quote in as_list(rec.get("survivor_quotes")):
            b.graph.add((iri, MSCOS.survivorQuote, Literal(text(quote), lang=EN)))
        for ind in records(rec, "indicators"):
            quote = ind.get("quote")
            if not quote:
                raise TableError(f"core.yaml[{ind.get('id')}]: indicator without a verbatim quote")
            ind_iri = b.concept(ind, "core.yaml indicators", types=[MSCOS.Indicator], scheme="indicators",
                                definition=str(quote))
            b.graph.add((ind_iri, MSCOS.descriptorQuote, Literal(text(quote), lang=EN)))
            b.graph.add((ind_iri, MSCOS.indicates, iri))
            b.graph.add((iri, MSCOS.hasIndicator, ind_iri))
            if ind.get("also_source"):
                b.source(ind_iri, ind["also_source"], f"core.yaml[{ind['id']}].also_source")


def _domain_definition(scheme_title: str, label: str, outcomes: list[str]) -> str:
    listed = "; ".join(outcomes)
    return f"The domain '{label}' of the {scheme_title}, under which the source lists: {listed}."


def build_domains(b: Builder, table: Record, *, file: str, scheme: str, scheme_title: str,
                  outcome_type: URIRef, domain_type: URIRef = MSCOS.OutcomeDomain) -> None:
    """A scheme of domains (top concepts), each with its outcomes as narrower concepts."""
    for dom in records(table, "domains"):
        outcome_labels = [text(o.get("label", "")) for o in records(dom, "outcomes")]
        dom_iri = b.concept(dom, file, types=[domain_type], scheme=scheme,
                            editorial_definition=_domain_definition(scheme_title, text(dom["label"]),
                                                                    outcome_labels))
        for out in records(dom, "outcomes"):
            iri = b.concept(out, file, types=[outcome_type], scheme=scheme, broader=dom_iri)
            b.graph.add((iri, MSCOS.inDomain, dom_iri))
    counts = table.get("counts") or {}
    if counts.get("stated") is not None:
        b.graph.add((b.minter.scheme(scheme), MSCOS.statedCount, Literal(int(counts["stated"]))))


def build_lineage(b: Builder, table: Record) -> None:
    for i, rec in enumerate(records(table, "derivations")):
        where = f"lineage.yaml derivations[{i}]"
        final = b.ref(rec.get("final"), where)
        kind = DERIVATION_TYPES.get(str(rec.get("type")))
        if kind is None:
            raise TableError(f"{where}: type {rec.get('type')!r} is not one of {', '.join(DERIVATION_TYPES)}")
        origins = [str(o) for o in as_list(rec.get("from"))]
        strengths = _strengths(rec.get("strength"), origins, where)
        for origin_id in origins:
            origin = b.ref(origin_id, where)
            node = b.minter.fragment(str(rec["final"]), f"derivation-{origin_id}")
            g = b.graph
            g.add((final, PROV.wasDerivedFrom, origin))
            g.add((final, PROV.qualifiedDerivation, node))
            g.add((node, RDF.type, PROV.Derivation))
            g.add((node, PROV.entity, origin))
            g.add((node, MSCOS.derivationType, kind))
            g.add((node, PROV.hadRole, kind))  # VocPub 2.1.11 asks every qualified derivation for a role
            g.add((node, MSCOS.derivationStrength, strengths[origin_id]))
            b.literal(node, MSCOS.evidence, rec.get("evidence"))
            b.source(node, rec.get("source"), where)
    for i, rec in enumerate(records(table, "no_successor")):
        where = f"lineage.yaml no_successor[{i}]"
        r0 = b.ref(rec.get("round0"), where)
        b.graph.add((r0, MSCOS.noSuccessor, Literal(True)))
        note = f"No final MSCOS outcome derives from this outcome. {text(rec.get('evidence', ''))}"
        b.literal(r0, SKOS.historyNote, note.strip())
    for i, rec in enumerate(records(table, "no_predecessor")):
        where = f"lineage.yaml no_predecessor[{i}]"
        final = b.ref(rec.get("final"), where)
        note = f"No e-Delphi Round 0 outcome precedes this outcome. {text(rec.get('evidence', ''))}"
        b.literal(final, SKOS.historyNote, note.strip())


def _strengths(table: object, origins: list[str], where: str) -> dict[str, URIRef]:
    """One strength per origin, no more and no fewer: a link without one is a table error."""
    if not isinstance(table, dict) or sorted(map(str, table)) != sorted(origins):
        raise TableError(f"{where}: strength must map each of {origins} to strong or weak")
    found: dict[str, URIRef] = {}
    for origin, value in table.items():
        strength = DERIVATION_STRENGTHS.get(str(value))
        if strength is None:
            raise TableError(f"{where}: strength {value!r} of {origin} is not one of {', '.join(DERIVATION_STRENGTHS)}")
        found[str(origin)] = strength
    return found


def build_workshops(b: Builder, table: Record) -> None:
    groupings: dict[str, URIRef] = {}
    recs = list(records(table, "groupings"))
    members: dict[str, list[str]] = {}
    for out in records(table, "outcomes"):
        for gid in as_list(out.get("groupings")):
            members.setdefault(str(gid), []).append(text(out.get("label", "")))
    # Parents first, so that a narrower grouping can point at its broader one.
    for rec in sorted(recs, key=lambda r: r.get("broader") is not None):
        broader = groupings.get(str(rec["broader"])) if rec.get("broader") else None
        if rec.get("broader") and broader is None:
            raise TableError(f"workshops.yaml[{rec.get('id')}]: broader {rec['broader']} is not a grouping")
        listed = "; ".join(members.get(str(rec["id"]), [])) or "no outcome assigned in the report"
        groupings[str(rec["id"])] = b.concept(
            rec, "workshops.yaml groupings", types=[MSCOS.OutcomeGrouping], scheme="workshop", broader=broader,
            editorial_definition=(f"A grouping of outcomes made at the second MSCOS stakeholder workshop "
                                  f"(8 October 2021), labelled '{text(rec['label'])}'. Members: {listed}."))
    for out in records(table, "outcomes"):
        gids = [str(g) for g in as_list(out.get("groupings"))]
        parent = groupings[gids[0]] if gids else None
        iri = b.concept(out, "workshops.yaml", types=[MSCOS.WorkshopOutcome], scheme="workshop", broader=parent,
                        editorial_definition=("An outcome put forward by participants of the first MSCOS "
                                              "stakeholder engagement workshop (1 October 2021): "
                                              f"'{text(out['label'])}'."))
        for gid in gids[1:]:
            b.graph.add((iri, SKOS.broader, groupings[gid]))
            b.graph.add((groupings[gid], SKOS.narrower, iri))
        add_matches(b, iri, str(out["id"]), out.get("matches"), f"workshops.yaml[{out['id']}]")


def add_matches(b: Builder, subject: URIRef, subject_id: str, matches: object, where: str) -> None:
    for m in as_list(matches):
        if not isinstance(m, dict):
            raise TableError(f"{where}: match {m!r} is not a mapping")
        pred = MATCH_TYPES.get(str(m.get("type")))
        if pred is None:
            raise TableError(f"{where}: match type {m.get('type')!r} is not one of {', '.join(MATCH_TYPES)}")
        target_id = str(m.get("target"))
        target = b.ref(target_id, where)
        b.graph.add((subject, pred, target))
        node = b.minter.fragment(subject_id, f"match-{target_id}")
        b.graph.add((node, RDF.type, MSCOS.Mapping))
        b.graph.add((node, MSCOS.mappingSubject, subject))
        b.graph.add((node, MSCOS.mappingObject, target))
        b.graph.add((node, MSCOS.mappingPredicate, pred))
        b.literal(node, MSCOS.evidence, m.get("evidence"))
        if m.get("direction"):
            b.graph.add((node, MSCOS.direction, Literal(str(m["direction"]))))


def build_search_terms(b: Builder, table: Record) -> None:
    """search_terms.yaml: domain synonyms of final outcomes as skos:hiddenLabel, each group justified."""
    for i, rec in enumerate(records(table, "terms")):
        where = f"search_terms.yaml terms[{i}]"
        target = b.ref(rec.get("target"), where)
        final = {MSCOS.CoreOutcome, MSCOS.LonglistOutcome} & set(b.graph.objects(target, RDF.type))
        if str(rec.get("target")) not in b.minted or not final:
            raise TableError(f"{where}: target {rec.get('target')!r} is not a final (core or longlist) outcome")
        if not text(rec.get("why", "")):
            raise TableError(f"{where}: hidden labels need a `why:` (their justification)")
        stated = rec.get("notation")
        known = next((str(o) for o in b.graph.objects(target, SKOS.notation)), None)
        if stated is not None and known is not None and str(stated) != known:
            raise TableError(f"{where}: notation {stated!r} but target {rec.get('target')} is {known!r}")
        labels = [text(label) for label in as_list(rec.get("labels"))]
        if not labels or not all(labels):
            raise TableError(f"{where}: `labels:` must list at least one non-empty label")
        for label in labels:
            b.graph.add((target, SKOS.hiddenLabel, Literal(label, lang=EN)))
