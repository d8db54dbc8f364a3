"""The web chat in a real browser: the demo page served by bot/webpage.py, its widget talking socket.io to the
assistant (conftest.py), Debian's Chromium driven headless by Playwright.

Screenshots are kept in results/e2e/ (web-widget.png, web-widget-phone.png).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot.servers import ROOT, answers, free_port

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTEFACTS = ROOT / "results" / "e2e"
TIMEOUT_MS = 20_000

PHONE_QUESTION = "Quel est le numéro de la plateforme des professionnels de santé ?"
GREETING = "Bonjour"
QUICK_REPLY = "La plateforme est-elle ouverte ?"
# Answered by billing.tarifs, whose text names ameli.fr (the widget makes it a link). « tarifs conventionnels » was
# used until a retraining sent it to the contracts (« conventionnels » next to « convention »): this test is about the
# widget's links, so it asks what the model understands without doubt.
LINK_QUESTION = "tarifs des actes"
INJECTION = "<img src=x onerror=window.__xss=1>"

expect.set_options(timeout=TIMEOUT_MS)  # a turn may be slow on a loaded 2-core machine


@pytest.fixture(scope="module")
def site(server, tmp_path_factory):
    """The demo page on a free loopback port, its widget pointed at the test's Rasa server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path_factory.mktemp("web") / "webpage.log"
    with open(log, "w") as output:
        proc = subprocess.Popen([sys.executable, "-m", "bot.webpage", "--port", str(port), "--rasa-url", server],
                                cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                                stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while not answers(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"bot/webpage.py did not start:\n{log.read_text()}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: the web chat test drives Debian's chromium (packages chromium and "
                    "chromium-driver), which .ci/run installs with apt-get")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser):
    """Opens a URL in a fresh browser context (its own storage); the page's script errors are collected."""
    contexts = []

    def open_(url: str, **options):
        context = browser.new_context(locale="fr-FR", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors = []
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("console", lambda message: errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.goto(url)
        return page, errors

    yield open_
    for context in contexts:
        context.close()


class Chat:
    """The widget as a person (and a screen reader) finds it: by roles and accessible names."""

    def __init__(self, page: Page):
        self.page = page
        self.launcher = page.get_by_role("button", name="Poser une question")
        self.dialog = page.get_by_role("dialog", name="Assistant des professionnels de santé")
        self.box = page.get_by_role("textbox", name="Votre question")
        self.send_button = page.get_by_role("button", name="Envoyer")
        self.log = page.get_by_role("log", name="Conversation")
        self.messages = self.log.locator(".aps-message")
        self.bot = self.log.locator(".aps-bot")
        self.user = self.log.locator(".aps-user")
        self.sources = self.log.locator(".aps-source")
        self.replies = page.get_by_role("group", name="Réponses suggérées")

    def open(self) -> None:
        self.launcher.click()
        expect(self.dialog).to_be_visible()
        expect(self.box).to_be_focused()

    def ask(self, text: str) -> None:
        """Types the question and presses Enter, then waits for the bot's next message."""
        answered = self.bot.count()
        self.box.focus()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        expect(self.user.last).to_contain_text(text)
        expect(self.bot, f"no answer over socket.io to {text!r}").to_have_count(answered + 1)

    def session_id(self) -> str:
        return json.loads(self.page.evaluate("sessionStorage.getItem('assistant-ps.session')") or "null")


def screenshot(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name))


def user_texts(server: str, session_id: str):
    """What the session's user said, as the Rasa server's tracker recorded it."""
    with urllib.request.urlopen(f"{server}/conversations/{urllib.parse.quote(session_id)}/tracker",
                                timeout=10) as response:
        tracker = json.loads(response.read())
    return [event.get("text") for event in tracker["events"] if event.get("event") == "user"]


def test_keyboard_question_quick_reply_and_reload_keep_the_conversation(server, site, open_page):
    page, errors = open_page(site, viewport={"width": 1280, "height": 900})
    chat = Chat(page)

    # The launcher is reached with Tab and opened with Enter; the question box then has the focus.
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    for _ in range(40):
        page.keyboard.press("Tab")
        if chat.launcher.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("the chat launcher cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    expect(chat.dialog).to_be_visible()
    expect(chat.box).to_be_focused()
    expect(chat.log).to_have_attribute("aria-live", "polite")

    page.evaluate("""() => {
        const typing = document.querySelector('.aps-typing');
        window.__typingSeen = false;
        new MutationObserver(() => { if (typing.childElementCount) window.__typingSeen = true; })
            .observe(typing, {childList: true});
    }""")
    chat.ask(PHONE_QUESTION)
    answer = chat.bot.last
    expect(answer).to_contain_text("plateforme")
    expect(answer.locator(".aps-source")).to_contain_text("Source : «")
    assert answer.locator("p.aps-line").count() >= 2, "the answer's lines are not rendered apart"
    assert page.evaluate("window.__typingSeen"), "no typing indicator while the answer was awaited"
    expect(page.locator(".aps-typing")).to_be_empty()

    # The greeting offers buttons; clicking one sends it and gets its answer.
    chat.ask(GREETING)
    quick_reply = chat.replies.get_by_role("button", name=QUICK_REPLY)
    expect(quick_reply).to_be_visible()
    answered, sourced = chat.bot.count(), chat.sources.count()
    quick_reply.click()
    expect(chat.user.last).to_contain_text(QUICK_REPLY)
    expect(chat.bot, "no answer to the quick reply").to_have_count(answered + 1)
    expect(chat.sources).to_have_count(sourced + 1)
    expect(chat.box).to_be_focused()
    screenshot(page, "web-widget.png")

    # A reload shows the same conversation, and the server goes on with the same session.
    session_id = chat.session_id()
    assert session_id, "the session Rasa confirmed was not kept in sessionStorage"
    before = chat.messages.all_inner_texts()
    page.reload()
    chat = Chat(page)
    expect(chat.dialog).to_be_visible()
    expect(chat.messages).to_have_count(len(before))
    assert chat.messages.all_inner_texts() == before
    chat.ask("Et les horaires de la plateforme ?")
    assert chat.session_id() == session_id
    said = user_texts(server, session_id)
    assert said[0] == PHONE_QUESTION and said[1] == GREETING, said
    assert said[-1] == "Et les horaires de la plateforme ?", said
    assert len(said) == 4, f"the reload started another conversation on the server: {said}"

    # Escape closes the panel and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    expect(chat.dialog).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    assert not errors, errors


def test_messages_are_shown_as_text_never_run(site, open_page):
    page, errors = open_page(site)
    chat = Chat(page)
    chat.open()
    chat.ask(INJECTION)
    expect(chat.user.last.locator(".aps-user-text")).to_have_text(INJECTION)
    expect(chat.log.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)  # an image error handler would have run by now
    assert page.evaluate("window.__xss") is None, "a message's markup was run as HTML"
    assert not errors, errors


def test_phone_width_shows_a_usable_widget_with_links(site, open_page):
    page, errors = open_page(site, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    chat = Chat(page)
    launcher = chat.launcher.bounding_box()
    assert launcher and launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= 375, launcher
    chat.open()
    panel = chat.dialog.bounding_box()
    assert panel and panel["width"] >= 370 and panel["height"] >= 700, f"the panel does not fill the phone: {panel}"
    for control in (chat.box, chat.send_button):
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] + box["height"] <= 740, box

    chat.box.fill(LINK_QUESTION)
    answered = chat.bot.count()
    chat.send_button.tap()
    expect(chat.bot, "no answer over socket.io on the phone").to_have_count(answered + 1)
    link = chat.bot.last.get_by_role("link", name=re.compile(r"^ameli\.fr\b")).first  # not espacepro.ameli.fr
    expect(link).to_have_attribute("href", "https://ameli.fr/")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    hrefs = chat.log.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert all(href.startswith(("http://", "https://")) for href in hrefs), hrefs
    overflow = page.evaluate("""() => [document.documentElement.scrollWidth - window.innerWidth,
        document.querySelector('.aps-scroll').scrollWidth - document.querySelector('.aps-scroll').clientWidth]""")
    assert max(overflow) <= 0, f"content wider than the phone's screen: {overflow}"
    screenshot(page, "web-widget-phone.png")
    assert not errors, errors
