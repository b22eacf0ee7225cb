"""The spreadsheet template: its columns, and the blank template `mscos template` writes."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("organisation", "Organisation", True, "Name of the organisation that runs the intervention."),
    Column("organisation_country", "Organisation country", False, "ISO 3166-1 alpha-2 code, e.g. GB."),
    Column(
        "intervention_id", "Intervention ID", True, "Your own short code for the intervention, e.g. INT1."
    ),
    Column("intervention_name", "Intervention name", True, "Name of the intervention."),
    Column("intervention_description", "Intervention description", True, "What it offers, to whom."),
    Column("country", "Country", False, "ISO 3166-1 alpha-2 code of the country where it is delivered."),
    Column("setting", "Setting", False, "Where it is delivered, e.g. safe house, community outreach."),
    Column(
        "intervention_level",
        "Intervention level",
        False,
        "individual, organisational, governmental or societal (or LVL.IND, LVL.ORG, LVL.GOV, LVL.SOC).",
    ),
    Column(
        "target_population",
        "Target population",
        True,
        "Who it is for, e.g. adult survivors of labour exploitation.",
    ),
    Column("age_group", "Age group", True, "adults, children or mixed (the MSCOS is for adult survivors)."),
    Column("evaluation_id", "Evaluation ID", True, "Your own short code for the evaluation, e.g. EV1."),
    Column("evaluation_title", "Evaluation title", True, "Title of the evaluation or study."),
    Column(
        "study_design",
        "Study design",
        True,
        "RCT, NRCS, BA, COHORT, XS, QUAL, MIXED or MONITORING (or the label, e.g. before-and-after study).",
    ),
    Column("year", "Year", False, "Year of the evaluation, e.g. 2023."),
    Column("sample_size", "Sample size", False, "Number of participants (a whole number)."),
    Column(
        "reference", "Reference (DOI or URL)", False, "https://doi.org/... or a web address of the report."
    ),
    Column(
        "outcome",
        "MSCOS outcome",
        False,
        "Notation (CO1..CO7, LL.SAF.1, ...) or IRI of the MSCOS outcome measured."
        " Required unless a local outcome is given.",
    ),
    Column(
        "local_outcome",
        "Local outcome",
        False,
        "Your own name for the outcome, if it is not an MSCOS outcome.",
    ),
    Column(
        "local_outcome_match",
        "Local outcome match",
        False,
        "exact or close: how your local outcome matches the MSCOS outcome in 'MSCOS outcome'.",
    ),
    Column("instrument", "Instrument", False, "Questionnaire, scale or record used, e.g. PHQ-9."),
    Column(
        "timepoint",
        "Timepoint",
        True,
        "ISO 8601 duration from baseline: P0D baseline, P6M six months, P1Y a year.",
    ),
    Column(
        "reported_by",
        "Reported by",
        True,
        "SELF (survivor self-report), PRAC (practitioner) or ADMIN (records).",
    ),
    Column("n", "n", False, "Number of participants in this result (not below the disclosure threshold)."),
    Column("mean", "Mean", False, "Mean score."),
    Column("sd", "SD", False, "Standard deviation."),
    Column("median", "Median", False, "Median."),
    Column("iqr_low", "IQR low", False, "First quartile."),
    Column("iqr_high", "IQR high", False, "Third quartile."),
    Column(
        "count",
        "Count",
        False,
        "Number of participants with the outcome (not below the disclosure threshold).",
    ),
    Column("proportion", "Proportion", False, "Share of participants with the outcome, between 0 and 1."),
    Column(
        "namespace",
        "Dataset namespace",
        False,
        "Your organisation's web address for this dataset's records, ending in / (e.g."
        " https://your-organisation.example/data/housing-2023/), the same on every row. Needed to publish:"
        " no other partner may use it.",
    ),
    Column(
        "observation_status",
        "Observation status",
        False,
        "C (confidential: suppressed small count), M (missing) or A (normal). Leave the figures empty for C and M.",
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


#: Accepted spellings of each header: the printed header and the key.
HEADER_KEYS = {normalise_header(c.header): c.key for c in COLUMNS} | {
    normalise_header(c.key): c.key for c in COLUMNS
}


def template_text(threshold: int = 10) -> str:
    """The blank CSV template: instructions as '#' lines, then the header row."""
    buffer = io.StringIO()
    lines = [
        "MSCOS partner dataset template: one row per outcome measurement (aggregate results only).",
        "Lines starting with # are instructions and are ignored. Keep the header row as it is.",
        "Repeat the intervention and evaluation columns on every row of the same evaluation.",
        "Never enter data about individuals (names, birth dates, addresses, contact details, case notes).",
        f"Counts and n below {threshold} must be left empty with Observation status C (confidential).",
        "Check the file with: mscos validate FILE.csv",
        "",
        "Columns (* = required):",
    ]
    lines += [f"  {c.header}{' *' if c.required else ''}: {c.help}" for c in COLUMNS]
    for line in lines:
        buffer.write(f"# {line}".rstrip() + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in COLUMNS])
    return buffer.getvalue()
