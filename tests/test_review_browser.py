"""Review mode in headless Chromium: open an event, correct its target and factuality, add a missed
event by selecting its trigger words in the article, see both in the event list and on the dyad page
(marked REVIEWED), and export them as gold the trainer's loader reads. Skips as test_browser.py does."""
import json
import os
import threading
import time

import pytest

from conftest import ROOT
from review_helpers import TEXT, coded, event_id  # noqa: F401 (fixtures)

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip("browser tests skipped: Chromium is not installed (make browser-deps)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

import uvicorn  # noqa: E402

from detente.eval_news import load_news  # noqa: E402
from detente.store import Store  # noqa: E402
from detente.store.review_export import export_gold  # noqa: E402
from detente.web import create_app  # noqa: E402
from detente.web.review_api import ReviewSettings  # noqa: E402
from test_browser import SHOTS, free_port, page  # noqa: E402,F401 (page: the Chromium fixture)

TOKEN = "browser-token-0123456789abcdef"


@pytest.fixture(scope="module")
def site(tmp_path_factory, coded):
    db = tmp_path_factory.mktemp("review-browser") / "b.duckdb"
    with Store(db) as s:
        s.write([coded])
    SHOTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    app = create_app(db, review=ReviewSettings(reviewer="ana", token=TOKEN, origins=(f"http://127.0.0.1:{port}",)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    for _ in range(400):  # 20 s at most
        if server.started or not runner.is_alive():
            break
        time.sleep(0.05)
    assert server.started, "the review server did not start"
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    runner.join(10)

def reviewed_page(pg, name):
    pg.wait_for_selector("#main[data-ready]")
    pg.wait_for_selector("#main[data-review-ready]")
    pg.screenshot(path=str(SHOTS / f"review-{name}.png"), full_page=True)
    assert not pg.problems, pg.problems


def select_words(pg, words):
    """Select the first occurrence of ``words`` in the article text, as a mouse would."""
    pg.evaluate("""(words) => {
        const root = document.querySelector('.article-text');
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const at = n.textContent.indexOf(words);
            if (at < 0) continue;
            const r = document.createRange();
            r.setStart(n, at); r.setEnd(n, at + words.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
            document.dispatchEvent(new Event('selectionchange'));
            return;
        }
        throw new Error('words not found: ' + words);
    }""", words)


def test_correct_add_see_everywhere_and_export(site, page, coded, tmp_path):
    url, app = site
    sanction = event_id(coded, "SANCTION")
    page.goto(f"{url}/#token={TOKEN}")
    page.wait_for_selector("#main[data-ready]")
    assert "token" not in page.url  # taken out of the address bar

    # Correct the sanction: towards Ukraine, and it did not happen.
    page.goto(f"{url}/event/{sanction}")
    reviewed_page(page, "1-event")
    page.fill("#review-target", "UKR")
    page.select_option("#review-factuality", "negated")
    with page.expect_navigation():
        page.click("#review-save")
    reviewed_page(page, "2-corrected")
    card = page.locator("article.event")
    assert card.locator(".badge.reviewed").inner_text() == "REVIEWED"
    assert card.locator(".badge.fact-negated").inner_text() == "NOT"
    assert card.locator("a.actor.tgt").inner_text().startswith("Ukraine")
    assert "ana: correct" in page.locator(".review-history").inner_text()

    # Add the missed consultation by selecting its trigger in the article.
    page.goto(f"{url}/article/{coded.article.id}")
    reviewed_page(page, "3-article")
    select_words(page, "discuss")
    assert page.locator("#review-trigger").inner_text().startswith("“discuss”")
    page.select_option("#review-event", "CONSULT")
    page.fill("#review-source", "FRA")
    page.fill("#review-target", "ITA")
    with page.expect_navigation():
        page.click("#review-add-save")
    reviewed_page(page, "4-added")
    assert page.locator("article.event mark.m-trigger").inner_text() == "discuss"

    # Both in the event list, marked; the corrected one on the SRB–UKR dyad page.
    page.goto(f"{url}/events?factuality=all")
    page.wait_for_selector("#main[data-ready]")
    assert page.locator("article.event .badge.reviewed").count() == 2
    page.goto(f"{url}/dyad/SRB/UKR?factuality=all")
    page.wait_for_selector("#main[data-ready]")
    assert page.locator(f'article.event[data-event-id="{sanction}"] .badge.reviewed').count() == 1
    page.screenshot(path=str(SHOTS / "review-5-dyad.png"), full_page=True)
    assert not page.problems, page.problems

    # Export them as gold (through the server's own connection: its store is open read-write).
    out = tmp_path / "mine.jsonl"
    cur = app.state.store.con.cursor()
    try:
        assert export_gold(cur, out) == (1, 4)  # the four events of the article, as reviewed
    finally:
        cur.close()
    [record], skipped = load_news(out)
    assert skipped == []
    assert {(e.source, e.event, e.target, e.factuality, e.trigger) for e in record.events} >= {
        ("SRB", "SANCTION", "UKR", "negated", "imposed sanctions"), ("FRA", "CONSULT", "ITA", "asserted", "discuss")}
    assert json.loads(out.read_text())["text"] == TEXT
