"""What keeps the service up and the conversations kept (issue 10): the channels' cleaning step, the message sent when
a turn gives no reply, the language check, the SQL tracker store and its retention purge."""
from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import retention
from bot.inbound import clean, unavailable_text
from bot.language import looks_foreign
from bot.privacy import NIR_MARK
from bot.stores import ConversationLocks, ConversationStore
from knowledge import french
from knowledge.hours import week_spans
from tests.unit.conftest import ROOT


def test_clean_drops_control_characters_keeps_line_breaks_and_masks():
    assert clean("CAIM\x00 à\x07 Ducos\n\tmerci\x9f") == "CAIM  à  Ducos\n\tmerci "
    assert NIR_MARK in clean("patient 1 85 05 78 006 084 36")
    assert clean(None) == ""


@pytest.fixture(scope="module")
def responses():
    return Domain.load(str(ROOT / "domain.yml")).responses


def test_the_unavailable_message_has_a_variation_per_channel(responses):
    web, phone = unavailable_text(responses, "rest"), unavailable_text(responses, "ivr")
    assert web and phone and web != phone
    assert unavailable_text({}, "rest") == ""


def test_the_unavailable_message_gives_the_platforms_number_and_hours_of_the_knowledge_base(responses, kb):
    """The message is sent when the knowledge base may be down, so it is written in the domain: it must say what
    the knowledge base says, as the actions word it."""
    text = unavailable_text(responses, "rest")
    schedule = kb.schedule("plateforme_ps")
    assert schedule.contact.phone in text
    assert french.fmt_week(week_spans(schedule.slots)) in text
    assert schedule.contact.source.title in text and schedule.contact.source.date_label in text
    assert "amelipro" in text and "Contacts" in text


@pytest.mark.parametrize("text", [
    "Hello, how can I get my CPS card?", "Where is the CGSS office?", "What is the CAIM please",
    "Hola, ¿cómo puedo facturar una consulta?", "Buenos días, necesito el número de la CGSS"])
def test_another_language_is_noticed(text):
    assert looks_foreign(text)


@pytest.mark.parametrize("text", [
    "bonjour comment avoir ma carte CPS", "combien pour le CAIM à Ducos", "cotation G + MU", "ok", "non", "hi",
    "a quelle heure ouvre la plateforme", "je suis medecin a fort de france, is it ok", "OPTAM", ""])
def test_french_and_jargon_are_not_taken_for_another_language(text):
    assert not looks_foreign(text)


def _tracker(sender: str, at: float, domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in (ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                  ActionExecuted("action_listen", timestamp=at), UserUttered("bonjour", timestamp=at + 1)):
        tracker.update(event)
    return tracker


def test_conversations_are_kept_in_sql_and_purged_after_the_retention_period(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'sub' / 'conversations.db'}"
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    domain = Domain.load(str(ROOT / "domain.yml"))
    store = ConversationStore(domain)
    now = time.time()
    asyncio.run(store.save(_tracker("old", now - 100 * 86400, domain)))
    asyncio.run(store.save(_tracker("recent", now - 2 * 86400, domain)))
    # Reopened as a restarted server would: the conversations are there.
    assert sorted(asyncio.run(ConversationStore(domain).keys())) == ["old", "recent"]

    assert retention.purge(url, 90, now=now, dry_run=True) == (1, 4)
    assert sorted(asyncio.run(store.keys())) == ["old", "recent"]
    assert retention.purge(url, 90, now=now) == (1, 4)
    assert asyncio.run(store.keys()) == ["recent"]
    assert retention.purge(url, 90, now=now) == (0, 0)
    # The recent conversation keeps every event.
    assert len(asyncio.run(store.retrieve("recent")).events) == 4


def test_purge_command_reads_its_settings_from_the_environment(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "1")
    domain = Domain.load(str(ROOT / "domain.yml"))
    asyncio.run(ConversationStore(domain).save(_tracker("yesterday", time.time() - 2 * 86400, domain)))
    assert retention.main([]) == 0
    assert "1 conversations (4 events) idle for more than 1 days purged" in capsys.readouterr().out
    assert retention.purge(url, 1) == (0, 0)
    with pytest.raises(SystemExit):
        retention.main(["--days", "0"])


def test_an_empty_store_purges_nothing(tmp_path):
    assert retention.purge(f"sqlite:///{tmp_path / 'none.db'}", 30) == (0, 0)


def test_locks_stay_in_memory_without_a_lock_store_url(monkeypatch):
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    locks = ConversationLocks()
    assert isinstance(locks.store, InMemoryLockStore)
    first, second = locks.issue_ticket("c1"), locks.issue_ticket("c1")
    assert not locks.get_lock("c1").is_locked(first)
    assert locks.get_lock("c1").is_locked(second)  # the second turn waits for the first
    locks.finish_serving("c1", first)
    assert not locks.get_lock("c1").is_locked(second)
