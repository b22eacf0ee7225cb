"""The literal codec of the Virtuoso dialect, without a server: what is mapped, what is left alone."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from mscos_kg.store.dialect import VIRTUOSO
from mscos_kg.store.literal_codec import PRIVATE, XSD, LiteralCodec

CODEC = VIRTUOSO.codec
assert CODEC is not None


def _typed(value: str, namespace: str, name: str) -> Literal:
    return Literal(value, datatype=NamedNode(namespace + name))


@pytest.mark.parametrize(
    ("literal", "sent"),
    [
        (_typed("P1Y", XSD, "duration"), _typed("P1Y", PRIVATE, "duration")),
        (_typed("P1DT2H", XSD, "dayTimeDuration"),
         _typed("P1DT2H", PRIVATE, "dayTimeDuration")),
        (_typed("P14M", XSD, "yearMonthDuration"),
         _typed("P14M", PRIVATE, "yearMonthDuration")),
        (_typed("-P1D", XSD, "duration"), _typed("-P1D", PRIVATE, "duration")),
        # what Virtuoso keeps by value (or as written) travels as it is: queries compare and sum these
        (_typed("3.5", XSD, "decimal"), None),
        (_typed("2024", XSD, "gYear"), None),
        (_typed("2024-05-31", XSD, "date"), None),
        (Literal("P1Y"), None),
        (Literal("P1Y", language="en"), None),
    ],
)
def test_a_literal_is_sent_under_a_private_datatype_only_where_virtuoso_alters_it(
    literal: Literal, sent: Literal | None
) -> None:
    encoded = CODEC.encode_literal(literal)
    assert encoded == (sent or literal)
    assert CODEC.decode_term(encoded) == literal
    triple = Triple(BlankNode(), NamedNode("https://example.org/p"), literal)
    assert CODEC.decode_triple(CODEC.encode_triple(triple)) == triple


def test_sparql_json_gets_the_xsd_datatype_back_and_text_is_left_alone() -> None:
    private = PRIVATE + "duration"
    text = f'"datatype": "{private}"'  # a string literal that looks like the member
    document = {"head": {"vars": ["o", "t"]}, "results": {"bindings": [{
        "o": {"type": "typed-literal", "datatype": private, "value": "P6M"},
        "t": {"type": "literal", "value": text},
    }]}}
    decoded = json.loads(CODEC.decode_json(json.dumps(document).encode()))
    row = decoded["results"]["bindings"][0]
    assert row["o"]["datatype"] == XSD + "duration" and row["o"]["value"] == "P6M"
    assert row["t"]["value"] == text


def test_an_answer_without_private_datatypes_is_passed_on_as_it_is() -> None:
    content = b'{"head": {"vars": []}, "results": {"bindings": []}}'
    assert CODEC.decode_json(content) is content
    assert LiteralCodec.private("duration").encoded == {XSD + "duration": PRIVATE + "duration"}
