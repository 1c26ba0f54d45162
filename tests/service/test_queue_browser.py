"""The queue page in a real headless Chromium (Debian's /usr/bin/chromium via Playwright): a
moderator triages ten comments with the keyboard only (j/k, a, r, 1-4, u), focus stays on a
comment after every decision, and the decisions are in the database with the right moderator."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from claimcheck.service.db import Database
from claimcheck.service.queue_store import QueueStore
from claimcheck.types import LABELS
from tests.service.conftest import LiveServer

pytestmark = pytest.mark.slow

COMMENTS = [
    "Had the procedure in Padua in 2010 and the fatigue lifted within a week.",
    "Petrov et al., J Endovasc Ther 2011, found restenosis in about half the patients.",
    "Cheap meds without prescription!!! visit best-pharma-deals dot com today",
    "Honestly I think the hype around this treatment got ahead of the evidence.",
    "My neurologist said the scans looked the same after the operation.",
    "Follow me for daily tips, link in bio!!",
    "A 2012 trial in Neurology found no benefit over sham treatment.",
    "I don't trust any of these clinics, they only want money.",
    "After my venoplasty I could feel my hands again for two months.",
    "Who else thinks the moderators here are doing a great job?",
    "The Lancet review in 2013 summarised five small studies.",
    "Win a free iPhone now, just click and enter your card details",
]
MODERATOR = "Moderator Kim"


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server that passes nothing by itself, so every comment waits for a person."""
    server = LiveServer(tmp_path_factory.mktemp("queue"), CLAIMCHECK_PASS_AT="1.0")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _ingest(server: LiveServer) -> None:
    comments = [
        {"id": f"c{i:02d}", "text": text, "thread_id": "t1", "author": f"user{i}"}
        for i, text in enumerate(COMMENTS)
    ]
    comments[4]["parent_id"] = "c00"
    response = httpx.post(
        f"{server.url}/v1/comments",
        json={"comments": comments},
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=60,
    )
    assert response.status_code == 201, response.text


def test_keyboard_triage_of_ten_comments(browser, queue_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    _ingest(queue_server)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(queue_server.url + "/queue")
    page.get_by_label("API key").fill(queue_server.token)
    page.get_by_label("Your name (optional)").fill(MODERATOR)
    page.keyboard.press("Enter")  # submits the form: loads the queue, focuses the first item

    def idle() -> None:
        page.wait_for_function("document.body.dataset.busy === 'false'")

    def focused() -> str | None:
        return page.evaluate("document.activeElement.closest('.item')?.dataset.id ?? null")

    def press(key: str) -> None:
        page.keyboard.press(key)
        idle()

    idle()
    items = page.locator("#queue .item")
    assert items.count() == len(COMMENTS)
    assert focused() == items.nth(0).get_attribute("data-id")
    # thread context, sentence colours, a confidence bar, counts per state
    reply = page.locator('#queue .item[data-id="c04"]')
    assert COMMENTS[0] in reply.locator(".parent-text").inner_text()
    assert page.locator("#queue .item .sent").count() >= len(COMMENTS)
    assert page.locator("#counts").inner_text().startswith("held ")

    press("j")
    press("k")
    assert focused() == items.nth(0).get_attribute("data-id")
    plan = ["a", "r", "1", "2", "3", "4", "a", "r", "a", "r"]
    label_keys = {str(i + 1): lab.value for i, lab in enumerate(LABELS)}
    expected: dict[str, tuple[str, str | None]] = {}
    for n, key in enumerate(plan):
        if n == 2:
            press("j")  # skip one, decide the next
        target = focused()
        assert target is not None, f"focus lost before decision {n}"
        press(key)
        if key in label_keys:
            label = label_keys[key]
            expected[target] = ("removed" if label == "spam" else "approved", label)
        else:
            expected[target] = ("approved" if key == "a" else "removed", None)
        now = focused()
        assert now is not None and now != target, f"focus after decision {n}: {now}"
        if n == 4:
            press("u")  # undo the relabel just made: the comment is back, focused
            assert focused() == target
            page.get_by_text("is pending again").or_(page.get_by_text("is held again")).wait_for()
            del expected[target]
            press("a")
            expected[target] = ("approved", None)
    assert len(expected) == 10
    assert items.count() == len(COMMENTS) - 10

    database = Database(queue_server.db_url)
    try:
        store = QueueStore(database)
        undone = 0
        for comment_id, (state, label) in expected.items():
            stored = store.get(comment_id)
            assert stored is not None and stored.state == state, (comment_id, stored)
            if label is not None:
                assert stored.label == label
            history = store.history(comment_id)
            assert all(d.moderator == MODERATOR for d in history)
            assert all(d.key_id == queue_server.key_id for d in history)
            undone += sum(1 for d in history if d.action == "undo")
        assert undone == 1
        untouched = [c for c in (f"c{i:02d}" for i in range(12)) if c not in expected]
        assert all(store.history(c) == [] for c in untouched)
    finally:
        database.dispose()
    assert all(url.startswith(queue_server.url) for url in requests), requests
    context.close()


def test_queue_page_asks_for_a_key(browser, queue_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto(queue_server.url + "/queue")
    page.get_by_role("button", name="Load queue").click()
    page.get_by_text("Enter your API key above").wait_for()
    assert page.evaluate("document.activeElement.id") == "api-key"
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, input, select')]
            .filter(el => !(el.labels && el.labels.length) && !el.textContent.trim()
                    && !el.getAttribute('aria-label'))
            .map(el => el.outerHTML)"""
    )
    assert unnamed == []
    context.close()
