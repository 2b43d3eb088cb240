"""Every error rule of SUBMISSION_SPEC section 4 has a bad file in tests/corpus; each must be refused with it."""

import csv
from pathlib import Path

import pytest

from sources.landing.ingest import dry_run
from tests.corpus.make_corpus import FILES, HERE, write_corpus

EXPECTED = list(csv.DictReader((HERE / "expected.csv").open(encoding="utf-8")))
SPEC_ERROR_RULES = {  # section 4's error list → the code that names it
    "unreadable file": "unreadable_file",
    "unknown province": "unknown_province",
    "non-existent province": "province_not_in_force",
    "bad period": "bad_period",
    "unfinished period": "unfinished_period",
    "missing coops_total": "missing_coops_total",
    "unknown indicator": "unknown_indicator",
    "non-numeric value": "bad_value_not_numeric",
    "ambiguous value": "bad_value_ambiguous",
    "unit that cannot be converted": "bad_value_bad_unit",
    "a count below zero": "count_not_negative",
    "3+4+5 stars > total": "ocop_stars_within_total",
    "ocop_products_coop > total": "ocop_coop_within_total",
    "coops_effective > total": "effective_within_total",
    "coops_ntm_13_1 > total": "ntm_within_total",
    "duplicate ma_htx": "duplicate_coop_id",
    "so_sao not in 3..5": "bad_stars",
}


def test_corpus_covers_every_error_rule_of_the_spec():
    assert set(SPEC_ERROR_RULES.values()) <= {row["error_code"] for row in EXPECTED}


@pytest.mark.parametrize("case", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_bad_file_is_quarantined_with_its_reason(case):
    result = dry_run(FILES / case["file"])
    assert result.status == "quarantined"
    codes = [e["code"] for e in result.errors]
    assert case["error_code"] in codes
    for problem in result.errors:  # every message is bilingual
        assert problem["message_vi"] and problem["message_en"] and problem["message_vi"] != problem["message_en"]


def test_committed_corpus_is_what_the_script_writes(tmp_path: Path):
    write_corpus(tmp_path / "files", tmp_path / "expected.csv")
    for case in EXPECTED:
        assert (tmp_path / "files" / case["file"]).read_bytes() == (FILES / case["file"]).read_bytes(), case["file"]
