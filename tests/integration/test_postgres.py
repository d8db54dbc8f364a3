"""The same knowledge base on a real PostgreSQL server, started on loopback for the test (tests/services.py: skipped
without PostgreSQL, a failure with REQUIRE_SERVICES=1 as in CI)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from knowledge.loader import build
from knowledge.queries import KnowledgeBase
from tests.services import postgres

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pg_url():
    with postgres() as server:
        yield server.create("kb")


def test_build_and_query_on_postgresql(pg_url, kb):
    engine = create_engine(pg_url, future=True)
    counts = build(engine)
    assert counts["contact"] >= 10
    pg = KnowledgeBase(engine)
    for text in ("quel mail pour le conventionnement", "numéro de l'Ordre", "service médical", "joindre la caisse"):
        assert pg.find_contact(text) == kb.find_contact(text)
    assert pg.schedule("plateforme_ps") == kb.schedule("plateforme_ps")
    assert pg.menu_choice_for("plateforme_ps", "je suis kiné") == kb.menu_choice_for("plateforme_ps", "je suis kiné")
    assert [c.id for c in pg.contacts()] == [c.id for c in kb.contacts()]
    assert pg.find_contact("service des sports") is None
    for text in ("carte cps pas arrivée", "secteur 2", "cumul des aides", "installation"):
        assert pg.find_answers(text) == kb.find_answers(text)
    assert pg.commune_index() == kb.commune_index()
    assert pg.communes("vigilance") == kb.communes("vigilance")
    assert pg.contracts() == kb.contracts()
    assert [c.parameters for c in pg.contracts()] == [c.parameters for c in kb.contracts()]
    assert pg.answer("aids.assistant_medical_2023") == kb.answer("aids.assistant_medical_2023")
    for text, after in (("et pour la prolongation ?", "ald"), ("et si c'est un accident du travail ?", "arrets_travail")):
        assert pg.follow_ups(text, after) == kb.follow_ups(text, after) != []
    assert pg.scored_answers("ald hors liste") == kb.scored_answers("ald hors liste")
    assert pg.ald_admissions() == kb.ald_admissions() and len(pg.ald_admissions()) == 4
    assert pg.forms() == kb.forms() and pg.mentions() == kb.mentions()
    assert pg.teleservices() == kb.teleservices() and pg.find_teleservices("dsg") == kb.find_teleservices("dsg")
    assert pg.fami_professions() == kb.fami_professions()
    assert pg.fami_indicators("kine") == kb.fami_indicators("kine") != []
    assert pg.search_documents() == kb.search_documents()  # so the search answers the same on both engines
    for text in ("arret maladie en ligne", "jsuis kiné, le conventionnement ?", "' OR 1=1 --"):
        assert pg.search(text) == kb.search(text)


def test_command_line_build_uses_database_url(pg_url):
    env = dict(os.environ, DATABASE_URL=pg_url)
    result = subprocess.run([sys.executable, "-m", "knowledge", "build"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Built postgresql+psycopg2://" not in result.stdout or "127.0.0.1" in result.stdout
    assert "contact" in result.stdout
