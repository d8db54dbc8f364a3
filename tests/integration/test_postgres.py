"""The same knowledge base on a real PostgreSQL server, started on loopback for the test.

Skipped, with the reason, when no PostgreSQL server binaries are installed; REQUIRE_POSTGRES=1 (set by CI, which
installs them) turns that skip into a failure so the check cannot silently disappear.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from bot.servers import free_port
from knowledge.loader import build
from knowledge.queries import KnowledgeBase

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return str(Path(candidates[-1]).parent)
    found = shutil.which("initdb")
    return str(Path(found).parent) if found else ""


def _as_server_user(cmd):
    """PostgreSQL refuses to run as root: use the postgres account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


@pytest.fixture(scope="module")
def pg_url():
    bindir = _pg_bin()
    if not bindir:
        reason = "no PostgreSQL server binaries (apt-get install postgresql)"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + ", and REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    workdir = tempfile.mkdtemp(prefix="kb-pg-")
    data = os.path.join(workdir, "data")
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = free_port()
    subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
                                    "--encoding=UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    server = subprocess.Popen(_as_server_user([f"{bindir}/postgres", "-D", data, "-p", str(port),
                                               "-h", "127.0.0.1", "-k", workdir]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if subprocess.run(_as_server_user([f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)]),
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        else:
            pytest.fail("PostgreSQL did not start")
        subprocess.run(_as_server_user([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U",
                                        "postgres", "kb"]), check=True, capture_output=True)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/kb"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


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
