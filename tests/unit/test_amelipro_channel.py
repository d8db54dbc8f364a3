"""The amelipro messaging channel's protocol work, without a server: signatures, the numbered suggestions."""
from __future__ import annotations

from bot.amelipro import SUGGESTIONS_INTRO, AmeliproInput, SignatureCheck, compose, signature


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
    text, payloads, custom = compose([
        {"text": "Réponse.", "buttons": [{"title": "Les aides", "payload": "/ask_installation_aid"},
                                          {"title": "Qui contacter ?", "payload": "/ask_contact"}]},
        {"custom": {"facts": ["a.x"], "handoff": True}}])
    assert text == f"Réponse.\n\n{SUGGESTIONS_INTRO}\n1. Les aides\n2. Qui contacter ?"
    assert payloads == ["/ask_installation_aid", "/ask_contact"] and custom == {"facts": ["a.x"], "handoff": True}


def test_a_number_answers_the_threads_last_list_only():
    channel = AmeliproInput(check())
    channel._remember("t1", ["/ask_installation_aid", "/ask_contact"])
    assert channel._resolve("t1", " 2 ") == "/ask_contact"
    assert channel._resolve("t1", "3") == "3" and channel._resolve("t2", "1") == "1"
    channel._remember("t1", [])
    assert channel._resolve("t1", "1") == "1"
