"""House rules of the shapes file and the JSON-LD context."""

from __future__ import annotations

import json
import re

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from mscos_kg.resources import ontology_dir, shapes_dir, tables_dir
from mscos_kg.validation.context import build_context, model_terms
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.terms import SHAPES
from tests.validation.conftest import ROOT


def test_no_sparql_uses_not_exists() -> None:
    text = (shapes_dir() / "partner-dataset.ttl").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"NOT\s+EXISTS", code, re.IGNORECASE)


def test_every_shape_is_named_and_has_a_message() -> None:
    shapes = load_shapes(10)
    helpers = set(shapes.objects(None, SH["not"])) | set(shapes.objects(None, SH.qualifiedValueShape))
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for shape in named - helpers:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES)), shape
        has_message = (shape, SH.message, None) in shapes or any(
            (c, SH.message, None) in shapes for c in shapes.objects(shape, SH.sparql)
        )
        assert has_message, f"{shape} has no sh:message"
    # Anonymous property shapes would report results that no rule name explains.
    for parent, shape in shapes.subject_objects(SH.property):
        if isinstance(parent, URIRef) and parent not in helpers:
            assert isinstance(shape, URIRef), f"{parent} has an anonymous property shape"


def test_every_rule_is_documented() -> None:
    doc = (ROOT / "docs" / "partner-data.md").read_text(encoding="utf-8")
    shapes = load_shapes(10)
    rules = {
        str(s)[len(str(SHAPES)) :].split("-")[0] for s in shapes.subjects() if str(s).startswith(str(SHAPES))
    }
    rules -= {"ContactDetail", "ConfidentialStatus"}
    missing = sorted(r for r in rules if f"`{r}`" not in doc)
    assert not missing


def test_the_context_covers_every_model_term_and_is_current() -> None:
    model = Graph().parse(data=(tables_dir() / "model.ttl").read_text(encoding="utf-8"), format="turtle")
    shipped = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    missing = model_terms(model) - set(shipped["@context"])
    assert not missing, f"run `python -m mscos_kg.validation.context` ({sorted(missing)[:5]})"
    assert shipped == build_context(model), (
        "ontology/context.jsonld is stale: python -m mscos_kg.validation.context"
    )
