"""The amelipro messaging channel's protocol work, without a server: signatures, the numbered suggestions."""
from __future__ import annotations

from bot.amelipro import (SUGGESTIONS_INTRO, SignatureCheck, chosen_number, compose, last_suggestions, resolve,
                          signature)


SECRET = b"s3cret"
BODY = b'{"thread_id": "t1", "text": "bonjour"}'


def check(now: float = 1_000_000.0) -> SignatureCheck:
    return SignatureCheck(SECRET, max_age=300, clock=lambda: now)


def test_a_signed_fresh_request_is_accepted_once():
    c = check()
    signed = signature(SECRET, "1000000", BODY)
    assert c.accepts("1000000", signed, BODY)
    assert not c.accepts("1000000", signed, BODY)  # the same request again is a replay


def test_unsigned_badly_signed_altered_or_stale_requests_are_refused():
    c = check()
    assert not c.accepts(None, None, BODY)
    assert not c.accepts("1000000", "sha256=00", BODY)
    assert not c.accepts("1000000", signature(b"other", "1000000", BODY), BODY)
    assert not c.accepts("1000000", signature(SECRET, "1000000", BODY), BODY + b" ")
    assert not c.accepts("999000", signature(SECRET, "999000", BODY), BODY)  # 1 000 s old
    assert not c.accepts("soon", signature(SECRET, "soon", BODY), BODY)


def test_without_a_secret_every_request_is_refused():
    assert not SignatureCheck(None).accepts("1", signature(b"", "1", BODY), BODY)


def test_buttons_become_a_numbered_list_and_marks_are_merged():
    text, custom = compose([
        {"text": "Réponse.", "buttons": [{"title": "Les aides", "payload": "/ask_installation_aid"},
                                          {"title": "Qui contacter ?", "payload": "/ask_contact"}]},
        {"custom": {"facts": ["a.x"], "handoff": True}}])
    assert text == f"Réponse.\n\n{SUGGESTIONS_INTRO}\n1. Les aides\n2. Qui contacter ?"
    assert custom == {"facts": ["a.x"], "handoff": True}


def _bot(*payloads):
    return {"event": "bot", "text": "…", "data": {"buttons": [{"title": p, "payload": p} for p in payloads]}}


def test_a_number_answers_the_last_turns_list_only():
    """The list is read from the conversation's events (any replica reads the same): the buttons of the bot's
    messages after the last user message."""
    events = [{"event": "user", "text": "x"}, _bot("/old"), {"event": "user", "text": "y"},
              _bot("/ask_installation_aid"), {"event": "bot", "text": "…", "data": {}}, _bot("/ask_contact")]
    suggestions = last_suggestions(events)
    assert suggestions == ["/ask_installation_aid", "/ask_contact"]
    assert [chosen_number(t) for t in (" 2 ", "3.", "1)", "deux", "2 jours", "")] == [2, 3, 1, None, None, None]
    assert resolve(2, suggestions) == "/ask_contact"
    assert resolve(3, suggestions) is None and resolve(0, suggestions) is None
    assert last_suggestions(events + [{"event": "user", "text": "z"}]) == []
