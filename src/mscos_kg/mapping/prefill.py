"""The partner-dataset template pre-filled with the mapped local outcomes, one row each.

Confirmed exact and close mappings fill 'MSCOS outcome' (its notation) and 'Local outcome match';
the template's match column knows only those two, so a broad, narrow or related mapping (and an
unconfirmed one) leaves the MSCOS outcome empty for the partner to decide. The other columns are
the partner's to fill; once they are, the file passes `mscos validate`.
"""

from __future__ import annotations

import io

from mscos_kg.csvsafe import SafeWriter
from mscos_kg.mapping.mapping_file import DEFAULT_NAMESPACE
from mscos_kg.mapping.model import MappingSet, Predicate
from mscos_kg.search import SearchIndex
from mscos_kg.validation.template import COLUMNS, template_text

_TEMPLATE_MATCHES = {Predicate.EXACT: "exact", Predicate.CLOSE: "close"}


def prefilled_template(index: SearchIndex, mapping: MappingSet, threshold: int = 10) -> str:
    blank = template_text(threshold)
    header_at = blank.rstrip("\n").rfind("\n") + 1
    buffer = io.StringIO()
    buffer.write(blank[:header_at])
    buffer.write("# Pre-filled by `mscos map`: one row per local outcome; fill in the other columns.\n")
    writer = SafeWriter(buffer, lineterminator="\n")
    writer.writerow(c.header for c in COLUMNS)
    namespace = mapping.local_prefix.removesuffix("local-outcome/")
    for item in mapping.outcomes:
        cells = dict.fromkeys((c.key for c in COLUMNS), "")
        cells["local_outcome"] = item.local.label
        decision = item.decision
        if decision is not None and decision.iri and decision.predicate in _TEMPLATE_MATCHES:
            entry = index.get(decision.iri)
            cells["outcome"] = (entry.notation if entry and entry.notation else decision.iri)
            cells["local_outcome_match"] = _TEMPLATE_MATCHES[decision.predicate]
        if namespace != DEFAULT_NAMESPACE:
            cells["namespace"] = namespace
        writer.writerow(cells[c.key] for c in COLUMNS)
    return buffer.getvalue()
