"""Commune recognition on spellings written apart from the code (tests/unit/data/commune_spellings.yml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.communes import commune_key, keys_for

DATA = yaml.safe_load((Path(__file__).parent / "data" / "commune_spellings.yml").read_text(encoding="utf-8"))


def test_the_data_is_large_enough_and_covers_every_commune(kb):
    assert len(DATA["spellings"]) >= 100 and len(DATA["in_sentences"]) >= 40 and len(DATA["not_martinique"]) >= 25
    assert {c.insee for c in kb.communes()} == {row["insee"] for row in DATA["spellings"]}


@pytest.mark.parametrize("row", DATA["spellings"], ids=lambda r: r["text"])
def test_spelling(kb, row):
    match = kb.match_commune(row["text"])
    assert match is not None and match.insee == row["insee"]


@pytest.mark.parametrize("row", DATA["in_sentences"], ids=lambda r: r["text"])
def test_commune_in_a_message(kb, row):
    match = kb.find_commune(row["text"])
    assert match is not None and match.insee == row["insee"]


@pytest.mark.parametrize("name", DATA["not_martinique"])
def test_a_place_outside_martinique_is_not_forced_onto_a_commune(kb, name):
    assert kb.match_commune(name) is None
    assert kb.find_commune(f"je m'installe à {name}") is None


def test_keys():
    assert commune_key("Les Trois-Îlets") == "troisilets"
    assert commune_key("à Ste-Luce") == "sainteluce"
    assert commune_key("L'Ajoupa-Bouillon") == "ajoupabouillon"
    assert keys_for("Fort-de-France", ["FDF"]) == ["fortdefrance", "fdf"]
