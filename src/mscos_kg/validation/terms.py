"""Namespaces used by the partner-dataset validation (the MSCOS model and the shapes)."""

from __future__ import annotations

from rdflib import Namespace

MSCOS = Namespace("https://w3id.org/mscos/def/")
MSCOS_ID = Namespace("https://w3id.org/mscos/id/")
# The shapes are published beside the model; their IRIs name the rules they enforce.
SHAPES = Namespace("https://w3id.org/mscos/shapes/partner-dataset#")
