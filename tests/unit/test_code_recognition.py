"""Billing codes recognised in phrasings written apart from the code (tests/unit/data/code_phrasings.yml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.cotations import recognise

DATA = yaml.safe_load((Path(__file__).parent / "data" / "code_phrasings.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def known(kb):
    return [c.code for c in kb.codes()]


def named(kb, known, text):
    """What the cotation action reads: codes by their letters, then codes by their words ("ECG" → DEQP003)."""
    found = recognise(text, known)
    return found + [c for c in kb.codes_named_in(text) if c not in found]


def test_enough_phrasings_and_traps():
    assert len(DATA["phrasings"]) >= 100 and len(DATA["not_codes"]) >= 25


@pytest.mark.parametrize("row", DATA["phrasings"], ids=lambda r: r["text"])
def test_codes_in_a_phrasing(kb, known, row):
    expected = ["DEQP003" if c == "ECG" else c for c in row["codes"]]
    assert named(kb, known, row["text"]) == expected


@pytest.mark.parametrize("text", DATA["not_codes"])
def test_no_code_in_a_trap(kb, known, text):
    assert named(kb, known, text) == []
