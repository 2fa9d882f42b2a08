"""The chat page in a real browser (Debian chromium via Playwright) against the real bot (stack fixture)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers import Stack
from tests.web.support import Process

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]

XSS = "<img src=x onerror=\"document.title='gehackt'\">"


def bot_messages(page):
    return page.locator("#chat-log .chat__msg--bot")


def ask(page, text: str):
    """Type a question and send it with Enter; returns the count of bot messages before the reply."""
    before = bot_messages(page).count()
    page.locator("#chat-input").fill(text)
    page.keyboard.press("Enter")
    return before


def wait_reply(page, before: int):
    expect(bot_messages(page).nth(before)).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1500)  # the rest of a multi-part answer


def open_chat(page, url: str):
    page.goto(url)
    expect(page.locator("#chat-log .chat__choice").first).to_be_visible(timeout=60_000)  # the bot's greeting


def test_conversation_quick_reply_hero_reload_and_xss(stack, new_page, shot):
    page = new_page()
    page.context.route("https://www.technopolis.be/**", lambda route: route.fulfill(body="video", status=200))
    open_chat(page, stack.web_url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    title = page.title()

    # record every time the typing indicator shows: a fast bot may hide it again before a poll would see it
    page.evaluate("""() => { const t = document.getElementById('chat-typing'); window.typingShown = 0;
        new MutationObserver(() => { if (!t.hidden) window.typingShown += 1; })
            .observe(t, {attributes: true, attributeFilter: ['hidden']}); }""")
    before = ask(page, "wat is STEM?")
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: wat is STEM?")
    wait_reply(page, before)
    assert page.evaluate("window.typingShown") >= 1, "the typing indicator showed while the bot was answering"
    expect(page.locator("#chat-typing")).to_be_hidden()
    expect(bot_messages(page).nth(before)).to_contain_text("wetenschap")

    before = bot_messages(page).count()
    page.get_by_role("button", name="Toon een STEMheld").first.click()
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: Toon een STEMheld")
    wait_reply(page, before)
    card = page.locator("#chat-log .chat__card").last  # the real actions send a hero card to the web chat
    expect(card.locator(".chat__card-title")).not_to_be_empty()
    expect(card).to_contain_text("Studies")
    hero = card.get_by_role("link", name="Bekijk de video")
    assert hero.get_attribute("target") == "_blank" and "noopener" in hero.get_attribute("rel")
    with page.context.expect_page() as popup:
        hero.click()
    assert "technopolis.be" in popup.value.url
    popup.value.close()
    expect(page.get_by_role("button", name="Nog eentje").last).to_be_visible()

    before = ask(page, "hoeveel meisjes zitten er in stem in het bso?")
    wait_reply(page, before)
    expect(page.locator("#chat-log .chat__figure").last).to_contain_text("4%")  # the number as a small chart
    expect(page.locator("#chat-log .chat__figure").last).to_contain_text("STEM-monitor")

    before = ask(page, XSS)
    wait_reply(page, before)
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: " + XSS)
    assert page.locator("#chat-log img").count() == 0
    assert page.title() == title

    count = page.locator("#chat-log .chat__msg").count()
    path = shot(page)
    page.reload()
    expect(page.locator("#chat-log .chat__msg")).to_have_count(count)
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: " + XSS)
    expect(page.locator("#chat-status")).to_be_empty(timeout=30_000)
    before = ask(page, "nog eentje")  # the bot still knows we were talking about heroes
    wait_reply(page, before)
    expect(bot_messages(page).nth(before)).to_contain_text("video")
    assert path.exists() and path.stat().st_size > 10_000
    assert not page.js_errors, page.js_errors


def test_keyboard_only(stack, new_page):
    page = new_page()
    open_chat(page, stack.web_url + "/")
    expect(page.locator("#chat-input")).to_be_focused()
    page.keyboard.type("hallo")
    before = bot_messages(page).count()
    page.keyboard.press("Enter")
    wait_reply(page, before)
    page.keyboard.press("Shift+Tab")  # from the input back to the last quick reply of the greeting
    focused = page.locator(".chat__choice:focus")
    expect(focused).to_have_count(1)
    label = focused.inner_text()
    before = bot_messages(page).count()
    page.keyboard.press("Enter")
    expect(page.locator(".chat__msg--user").last).to_have_text("Jij: " + label)
    wait_reply(page, before)


def _contrast(fg, bg) -> float:
    def lum(rgb):
        def ch(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (ch(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _rgb(css: str):
    return tuple(int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


@pytest.mark.parametrize("color", ["#0b5394", "#ffcc00"])
def test_wcag_aa_contrast_and_live_regions(stack, new_page, color):
    page = new_page()
    open_chat(page, f"{stack.web_url}/?color=%23{color[1:]}")
    page.locator("#chat-input").fill("wat is STEM?")
    page.keyboard.press("Enter")
    expect(page.locator(".chat__msg--user")).to_have_count(1)
    for selector in (".chat__title", ".chat__msg--bot .chat__bubble", ".chat__msg--user .chat__bubble", ".chat__choice",
                     ".chat__send", "#chat-input", ".chat__action"):
        node = page.locator(selector).first
        fg = node.evaluate("e => getComputedStyle(e).color")
        bg = node.evaluate("""e => { for (let n = e; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; }""")
        ratio = _contrast(_rgb(fg), _rgb(bg))
        assert ratio >= 4.5, f"{selector}: {fg} on {bg} has contrast {ratio:.2f} < 4.5 with accent {color}"
    assert page.locator("#chat-log").get_attribute("aria-live") == "polite"
    assert page.locator("#chat-status").get_attribute("aria-live") == "polite"


def test_phone_360px_wide(stack, new_page, shot):
    page = new_page(width=360, height=740, is_mobile=True, has_touch=True)
    open_chat(page, stack.web_url + "/")
    before = ask(page, "toon een STEMheld")
    wait_reply(page, before)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling on a phone"
    for selector in ("#chat-input", ".chat__send", "#chat-new"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
        assert box["height"] >= 44, f"{selector} is too small to tap"
    shot(page)


def test_embed_snippet_on_a_school_site(stack, new_page, shot):
    school = Process([sys.executable, str(Path(__file__).with_name("host_page.py")), stack.web_url]).start()
    try:
        embedded_chat(new_page(), school.url.replace("127.0.0.1", "localhost") + "/", shot)
    finally:
        school.stop()


def embedded_chat(page, host: str, shot):
    page.goto(host)
    launcher = page.get_by_role("button", name="Vragen over STEM? Chat met stembot")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator("#stembot-frame")
    expect(chat.locator(".chat__title")).to_have_text("STEM-vragen?")
    expect(chat.locator("#chat-log .chat__choice").first).to_be_visible(timeout=60_000)
    chat.locator("#chat-input").fill("wat is STEM?")
    chat.locator("#chat-input").press("Enter")
    expect(chat.locator(".chat__msg--user")).to_have_text(["Jij: wat is STEM?"])
    expect(chat.locator(".chat__msg--bot").nth(1)).to_contain_text("wetenschap", timeout=60_000)  # after the greeting
    page.wait_for_timeout(1000)
    shot(page)
    chat.get_by_role("button", name="Chat sluiten").click()
    expect(page.locator("#stembot-frame")).to_be_hidden()
    expect(launcher).to_be_focused()
    assert page.title() == "Onze school"


def test_page_reconnects_after_a_rasa_restart(new_page):
    """Its own stack: stopping Rasa must not disturb the other tests."""
    own = Stack("reconnect", names=("actions", "rasa", "web"))
    try:
        own.start(timeout=600)  # a busy CI machine can take minutes to load Rasa
        page = new_page()
        open_chat(page, own.web_url + "/")
        wait_reply(page, ask(page, "wat is STEM?"))
        own.stop("rasa")
        expect(page.locator("#chat-status")).to_contain_text("niet bereikbaar", timeout=30_000)
        own.start("rasa", timeout=600)
        expect(page.locator("#chat-status")).to_be_empty(timeout=60_000)
        before = ask(page, "waarom STEM?")
        wait_reply(page, before)
        expect(page.locator(".chat__msg--user").last).to_have_text("Jij: waarom STEM?")
    finally:
        own.stop()
