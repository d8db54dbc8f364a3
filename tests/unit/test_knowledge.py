"""The knowledge base: facts are checked against their sources, built into SQL, and queried."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from knowledge import config
from knowledge.check import check_records, check_references
from knowledge.records import load_documents, read_records


def test_every_fact_is_found_in_its_source():
    records, documents = read_records(), load_documents()
    assert check_records(records, documents) == []
    assert check_references(records, documents) == []


def test_the_sources_are_the_project_copies_of_the_seed_documents():
    documents = load_documents()
    assert set(documents) == {"000", "001", "002", "003", "004"}
    for doc in documents.values():
        assert doc.path.is_file(), doc.file
        assert doc.path.parent == config.SOURCES_DIR


def _check_edited(tmp_path: Path, edit, file: str = "contacts.yml", check=check_records) -> list:
    """Runs a check on a copy of the facts after `edit` changed one fact file's data."""
    facts = tmp_path / "facts"
    shutil.copytree(config.FACTS_DIR, facts)
    path = facts / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return check(read_records(facts), load_documents())


def test_a_wrong_quote_fails_the_check(tmp_path):
    def edit(data):
        data["contacts"][0]["quote"] = "Un numéro unique pour toutes vos demandes, 24 h sur 24"

    problems = _check_edited(tmp_path, edit)
    assert len(problems) == 1
    assert "contacts.plateforme_ps" in problems[0] and "quote not found" in problems[0]


def test_a_missing_field_and_an_unknown_document_fail_the_check(tmp_path):
    def edit(data):
        del data["contacts"][1]["role"]
        data["contacts"][2]["source"]["document"] = "999"

    problems = _check_edited(tmp_path, edit)
    assert any("missing field 'role'" in p for p in problems)
    assert any("unknown document '999'" in p for p in problems)


def test_an_alias_used_by_two_contacts_fails_the_check(tmp_path):
    def edit(data):
        data["contacts"][1]["aliases"].append("conventionnement")

    problems = _check_edited(tmp_path, edit)
    assert any("alias 'conventionnement' already used" in p for p in problems)


def test_quotes_match_whatever_the_case_and_spacing(tmp_path):
    def edit(data):
        data["contacts"][0]["quote"] = "UN NUMÉRO   UNIQUE\n pour vos demandes"

    assert _check_edited(tmp_path, edit) == []


def test_only_the_home_document_gives_contacts():
    """Documents 001-003 are other caisses': none of their contacts may become the CGSS Martinique's."""
    contact_sources = {r.document for r in read_records() if r.kind == "contact"}
    assert contact_sources == {"000"}


def test_build_loads_every_record(kb_engine):
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from knowledge.models import Contact, Fact, ScheduleSlot

    records = read_records()
    with Session(kb_engine) as session:
        assert session.scalar(select(func.count()).select_from(Fact)) == len(records)
        assert session.scalar(select(func.count()).select_from(Contact)) == sum(
            r.kind == "contact" for r in records)
        # Monday and Thursday, Tuesday, Wednesday and Friday: 5 opening spans for the platform.
        assert session.scalar(select(func.count()).select_from(ScheduleSlot).where(
            ScheduleSlot.contact_id == "plateforme_ps", ScheduleSlot.kind == "open")) == 5


def test_build_is_repeatable(kb_engine):
    from knowledge.loader import build

    first = build(kb_engine)
    assert build(kb_engine) == first


def test_a_contact_taken_from_another_caisse_document_fails_the_check(tmp_path):
    def edit(data):
        data["contacts"][0]["source"]["document"] = "003"

    problems = _check_edited(tmp_path, edit, check=check_references)
    assert any("contacts.plateforme_ps" in p and "not 003" in p for p in problems)


def test_a_commune_in_an_unknown_zone_and_a_shared_spelling_fail_the_check(tmp_path):
    def edit(data):
        data["communes"][0]["zone"] = "C"
        data["communes"][1]["aliases"] = ["Ducos"]

    problems = _check_edited(tmp_path, edit, "zoning.yml", check_references)
    assert any("unknown zone 'C'" in p for p in problems)
    assert any("spelling 'ducos' already names" in p for p in problems)


def test_a_follow_up_asking_for_two_answers_and_a_table_row_without_its_answer_fail_the_check(tmp_path):
    def edit(data):
        data["answers"][0]["follow_ups"] = {"ald": ["prolongation"], "astrologie": ["etoiles"]}
        data["ald_admissions"][0]["answer"] = "ald.nowhere"
        data["ald_admissions"][1]["admission"] = "maybe"

    problems = _check_edited(tmp_path, edit, "ald.yml", check_references)
    assert any("ald.ald_renouvellement_automatique" in p and "'ald:prolongation' already asks for ald.ald_kinds" in p
               for p in problems)
    assert any("follow_ups after unknown topic 'astrologie'" in p for p in problems)
    assert any("ald.ald.12" in p and "answer names no answer 'ald.nowhere'" in p for p in problems)
    assert any("ald.ald.14" in p and "admission must be one of" in p
               for p in _check_edited(tmp_path / "records", edit, "ald.yml"))


def test_an_indicator_of_an_unknown_profession_and_a_teleservice_of_an_unknown_contact_fail_the_check(tmp_path):
    def edit_fami(data):
        data["fami_indicators"][0]["professions"].append("astronaute")

    def edit_teleservices(data):
        data["teleservices"][0]["contacts"] = ["cpam_du_var"]
        data["teleservices"][1]["answer"] = "ald.nowhere"

    problems = _check_edited(tmp_path / "fami", edit_fami, "fami.yml", check_references)
    assert any("unknown FAMI profession 'astronaute'" in p for p in problems)
    problems = _check_edited(tmp_path / "tele", edit_teleservices, "teleservices.yml", check_references)
    assert any("unknown contact 'cpam_du_var'" in p for p in problems)
    assert any("answer names no answer 'ald.nowhere'" in p for p in problems)
