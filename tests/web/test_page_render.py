"""How the page renders what a bot can send (cards, figures, hostile text) and how it copes with a lost bot.

The bot here is tests/web/fake_bot.py, a real socket.io server speaking Rasa's channel protocol, because the
actions do not send hero-card/figure payloads yet and because it restarts in a second; the conversation with the
real Rasa (including a Rasa restart) is in test_browser.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers import Stack
from tests.web.support import Process

pytestmark = [pytest.mark.browser]


@pytest.fixture()
def chat_on(fake_bot):
    stack = Stack("fakebot", names=("web",), env={"STEMBOT_PUBLIC_BOT_URL": fake_bot.url}).start()
    yield stack
    stack.stop()


@pytest.fixture()
def chat_on_slow_bot():
    """A bot that answers the greeting after 4 s and "traag" after 6 s."""
    bot = Process([sys.executable, str(Path(__file__).with_name("fake_bot.py")),
                   "--delay", "/greet=4", "--delay", "traag=6"]).start()
    stack = Stack("fakebot-slow", names=("web",), env={"STEMBOT_PUBLIC_BOT_URL": bot.url}).start()
    yield stack
    stack.stop()
    bot.stop()


def say(page, text: str):
    page.locator("#chat-input").fill(text)
    page.keyboard.press("Enter")


def test_hero_card_and_figure_chart(chat_on, new_page, shot):
    page = new_page(width=360, height=740)
    page.goto(chat_on.web_url + "/")
    expect(page.locator("#chat-status")).to_be_empty()
    say(page, "held")
    card = page.locator(".chat__card")
    expect(card.get_by_role("heading", name="Robotbreinen ontwikkelen")).to_be_visible()
    expect(card.get_by_role("img", name="Een robot")).to_be_visible()
    video = card.get_by_role("link", name="Bekijk de video")
    assert video.get_attribute("href") == "https://www.technopolis.be/STEMhelden"
    assert video.get_attribute("target") == "_blank" and "noopener" in video.get_attribute("rel")
    expect(card).to_contain_text("Informatica, Elektromechanica")
    expect(card).to_contain_text("Bron: Technopolis (2021)")

    say(page, "cijfer")
    figure = page.locator("figure.chat__figure").first
    expect(figure.locator(".chat__figure-number")).to_have_text("4%")
    expect(figure.get_by_role("img", name="4% van 100%")).to_be_visible()
    assert figure.locator(".chat__bar-fill").evaluate("e => e.style.width") == "4%"
    expect(figure).to_contain_text("Meisjes in STEM, derde graad bso")
    expect(figure).to_contain_text("Bron: STEM-monitor, 2021")
    count = page.locator("figure.chat__figure").nth(1)
    expect(count.locator(".chat__figure-number")).to_have_text("13 video's")
    expect(count.locator(".chat__bar")).to_have_count(0)  # a count has no share of 100 % to draw
    shot(page)

    card.get_by_role("button", name="Nog eentje").click()
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: Nog eentje")
    expect(page.locator(".chat__msg--bot").last).to_contain_text("Je zei: /ask_another")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not page.js_errors, page.js_errors


def test_bot_text_is_never_html(chat_on, new_page):
    page = new_page()
    page.goto(chat_on.web_url + "/")
    title = page.title()
    say(page, "gevaarlijk")
    bubble = page.locator(".chat__msg--bot .chat__bubble").last
    expect(bubble).to_contain_text('<img src=x onerror="document.title=\'xss\'">')
    assert page.locator("#chat-log img").count() == 0 and page.title() == title
    expect(bubble.locator("strong")).to_have_text("vet")
    links = bubble.locator("a")
    expect(links).to_have_count(1)  # the javascript: link stays text
    assert links.first.get_attribute("href") == "https://example.org/a"
    expect(bubble).to_contain_text("[klik](javascript:alert(1))")
    expect(page.get_by_role("button", name="<b>knop</b>")).to_be_visible()


def test_unreachable_bot_is_said_plainly_and_the_page_reconnects(chat_on, fake_bot, new_page):
    page = new_page()
    page.goto(chat_on.web_url + "/")
    expect(page.locator("#chat-status")).to_be_empty()
    say(page, "hallo")
    expect(page.locator(".chat__msg--bot").last).to_contain_text("Je zei: hallo")

    fake_bot.stop()
    expect(page.locator("#chat-status")).to_contain_text("niet bereikbaar", timeout=30_000)
    assert page.locator("#chat-status").get_attribute("role") == "alert"
    say(page, "ben je daar?")
    expect(page.locator("#chat-status")).to_contain_text("niet verstuurd")
    expect(page.locator("#chat-input")).to_have_value("ben je daar?"), "the question is kept to send again"

    fake_bot.start()
    expect(page.locator("#chat-status")).to_be_empty(timeout=30_000)
    page.keyboard.press("Enter")
    expect(page.locator(".chat__msg--bot").last).to_contain_text("Je zei: ben je daar?")


def test_new_conversation_forgets_the_old_one(chat_on, new_page):
    page = new_page()
    page.goto(chat_on.web_url + "/")
    say(page, "hallo")
    expect(page.locator(".chat__msg--bot").last).to_contain_text("Je zei: hallo")
    old = page.evaluate("JSON.parse(localStorage.getItem('stembot.conversation.v1')).sessionId")
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.locator(".chat__msg--user")).to_have_count(0)
    expect(page.locator(".chat__msg--bot")).to_have_count(1)  # only the new greeting
    new = page.evaluate("JSON.parse(localStorage.getItem('stembot.conversation.v1')).sessionId")
    assert new != old
    page.reload()
    expect(page.locator(".chat__msg--user")).to_have_count(0)


def test_typing_indicator_stays_on_while_a_question_is_open(chat_on_slow_bot, new_page):
    """A late answer to the greeting must not hide the indicator while the pupil's question is still unanswered."""
    page = new_page()
    page.goto(chat_on_slow_bot.web_url + "/")
    # for every message added to the log: who, and whether the indicator is on right after the page handled it
    page.evaluate("""() => { const t = document.getElementById('chat-typing'); window.seen = [];
        new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => window.seen.push(
            {text: n.textContent, typing: !t.hidden})))).observe(document.getElementById('chat-log'),
            {childList: true}); }""")
    expect(page.locator("#chat-status")).to_be_empty()  # connected: the greeting is on its way (answered after 4 s)
    say(page, "traag")
    expect(page.locator(".chat__msg--bot").last).to_contain_text("Je zei: traag", timeout=30_000)
    expect(page.locator("#chat-typing")).to_be_hidden()
    seen = page.evaluate("window.seen")
    texts = [s["text"] for s in seen]
    greeting = next(i for i, t in enumerate(texts) if "Je zei: /greet" in t)
    assert "Jij: traag" in texts[:greeting], f"the question went out after the greeting was answered: {texts}"
    assert seen[greeting]["typing"], f"the greeting's answer hid the indicator while 'traag' was open: {seen}"
    assert not page.js_errors, page.js_errors
