"""The moderation page in a real headless Chromium (Debian's /usr/bin/chromium via Playwright):
paste comments, classify, read the labels, correct one with the keyboard alone, and find the
correction in the database."""

from __future__ import annotations

import pytest

from claimcheck.service.db import Database

pytestmark = pytest.mark.slow

LABEL_NAMES = {"Testimonial", "Evidence citation", "Spam", "Opinion", "No label (empty)"}
COMMENTS = [
    "Had the procedure in Padua in 2010.\nThe fatigue lifted within a week and I walk again.",
    "Petrov et al., J Endovasc Ther 2011, found restenosis in about half of the patients.",
    "Honestly I think the hype got ahead of the evidence here 🙂",
]


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh tab (fresh sessionStorage) that records every URL it requests."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.goto(live_server.url + "/")
    yield tab
    context.close()


def _visible_text(locator) -> str:  # type: ignore[no-untyped-def]
    """The text a sighted reader sees (screen-reader-only hints removed)."""
    return str(
        locator.evaluate(
            "e => { const c = e.cloneNode(true);"
            " c.querySelectorAll('.sr-only').forEach(n => n.remove()); return c.textContent; }"
        )
    )


def _paste_and_classify(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Paste comments").fill("\n\n".join(COMMENTS))
    page.get_by_label("Your name (optional)").focus()
    page.keyboard.press("Tab")  # keyboard only from here: the next stop is the button
    assert page.evaluate("document.activeElement.id") == "classify"
    page.keyboard.press("Enter")
    page.locator(".result").nth(len(COMMENTS) - 1).wait_for()
    page.get_by_text("Classified 3 comments").wait_for()


def test_classify_and_correct_with_the_keyboard(page, live_server):  # type: ignore[no-untyped-def]
    page.get_by_label("API key").fill(live_server.token)
    page.get_by_label("Your name (optional)").fill("Moderator Kim")
    _paste_and_classify(page)

    results = page.locator(".result")
    assert results.count() == 3
    badges = [results.nth(i).locator(".badge").inner_text() for i in range(3)]
    assert set(badges) <= LABEL_NAMES and "No label (empty)" not in badges
    # the text is shown whole, split into coloured sentences, with cues marked
    shown = [_visible_text(results.nth(i).locator(".comment-text")) for i in range(3)]
    assert shown == COMMENTS  # whole text, newlines and emoji intact
    assert results.nth(0).locator(".sent").count() >= 2
    cue_texts = results.nth(1).locator("mark.cue").all_inner_texts()
    assert cue_texts and all(text in COMMENTS[1] for text in cue_texts)
    width = results.nth(0).locator(".bar-fill").evaluate("e => e.style.width")
    assert width.endswith("%") and 0 < float(width[:-1]) <= 100

    # choose a label the model did not give comment 2, then reach its button with Tab alone
    predicted = results.nth(1).get_attribute("data-label")
    target = "spam" if predicted != "spam" else "opinion"
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.dataset.label, "
            "document.activeElement.closest('.result')?.dataset.id]"
        )
        if focused == [target, "2"]:
            break
    else:
        pytest.fail(f"could not reach the {target!r} button of comment 2 with Tab")
    page.keyboard.press("Enter")
    saved = results.nth(1).locator(".saved")
    saved.get_by_text("Saved").wait_for()
    button = results.nth(1).locator(f'.label-button[data-label="{target}"]')
    assert button.get_attribute("aria-pressed") == "true"

    database = Database(live_server.db_url)
    try:
        (record,) = database.list_feedback(label=target)
        assert record.text == COMMENTS[1]
        assert record.predicted_label == predicted
        assert record.author == "Moderator Kim"
        assert record.comment_id == "2"
        assert record.key_id == live_server.key_id
    finally:
        database.dispose()
    assert all(url.startswith(live_server.url) for url in page.requests), page.requests


def test_correcting_without_a_key_asks_for_one(page, live_server):  # type: ignore[no-untyped-def]
    database = Database(live_server.db_url)
    try:
        before = database.count_feedback()
        _paste_and_classify(page)
        page.locator(".result").nth(0).locator('.label-button[data-label="opinion"]').click()
        page.get_by_text("Enter your API key above").wait_for()
        assert page.evaluate("document.activeElement.id") == "api-key"
        page.get_by_label("API key").fill("cc_wrong_key")
        page.locator(".result").nth(0).locator('.label-button[data-label="opinion"]').click()
        page.get_by_text("the API key was refused").wait_for()
        assert database.count_feedback() == before
    finally:
        database.dispose()


def test_every_control_has_an_accessible_name(page):  # type: ignore[no-untyped-def]
    _paste_and_classify(page)
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, input, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.textContent.trim()
                    && !el.getAttribute('aria-label'))
            .map(el => el.outerHTML)"""
    )
    assert unnamed == []
    assert page.locator("#status").get_attribute("aria-live") == "polite"
    groups = page.locator(".correct")
    assert groups.nth(0).get_attribute("aria-label") == "Correct label for comment 1"
