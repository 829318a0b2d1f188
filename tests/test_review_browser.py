"""Review mode in headless Chromium: open an event, correct its target and factuality, add a missed
event by selecting its trigger words in the article, see both in the event list and on the dyad page
(marked REVIEWED), and export them as gold the trainer's loader reads. Skips as test_browser.py does."""
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, SHARED
from review_helpers import TEXT, coded, event_id  # noqa: F401 (fixtures)

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip("browser tests skipped: Chromium is not installed (make browser-deps)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

import uvicorn  # noqa: E402

from detente.eval_news import load_news  # noqa: E402
from detente import Store  # noqa: E402
from detente.store.review_export import export_gold  # noqa: E402
from detente.web import create_app  # noqa: E402
from detente.web.review_api import ReviewSettings  # noqa: E402
from test_browser import SHOTS, page  # noqa: E402,F401 (page: the Chromium fixture)
from serving import free_port  # noqa: E402

TOKEN = "browser-token-0123456789abcdef"


SNUBS = "Norway snubbed Sweden at the summit in Oslo. Chile snubbed Peru at the trade talks in Lima."


@pytest.fixture(scope="module")
def snubs():
    """Two sentences whose verb the coder does not know: what analysts add, the model then learns."""
    from detente import code_text
    return code_text(SNUBS, "2024-10-01", coder="rules", title="Two snubs, written for the review tests")


@pytest.fixture(scope="module")
def site(tmp_path_factory, coded, snubs):
    db = tmp_path_factory.mktemp("review-browser") / "b.duckdb"
    with Store(db) as s:
        s.write([coded, snubs])
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


def select_words(pg, words, nth=0):
    """Select the nth occurrence of ``words`` in the article text, as a mouse would."""
    pg.evaluate("""([words, nth]) => {
        const root = document.querySelector('.article-text');
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const at = n.textContent.indexOf(words);
            if (at < 0 || nth-- > 0) continue;
            const r = document.createRange();
            r.setStart(n, at); r.setEnd(n, at + words.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
            document.dispatchEvent(new Event('selectionchange'));
            return;
        }
        throw new Error('words not found: ' + words);
    }""", [words, nth])


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


def add_in_browser(page, url, article_id, words, nth, event, source, target):
    page.goto(f"{url}/article/{article_id}")
    reviewed_page(page, f"6-add-{source}")
    select_words(page, words, nth)
    page.select_option("#review-event", event)
    page.fill("#review-source", source)
    page.fill("#review-target", target)
    with page.expect_navigation():
        page.click("#review-add-save")
    reviewed_page(page, f"7-added-{source}")


LEARNED_EVENTS = """
import json, sys
from pathlib import Path
import detente.coding.learned.coder as learned
learned.MODEL_PATH = Path(sys.argv[1])  # the small model trained on the reviews, not the committed one
from detente import code_text
for e in code_text(sys.argv[2], "2024-10-01", coder="learned").events:
    print(json.dumps([e.source.code, e.event, e.target.code if e.target else None, e.factuality]))
"""


@pytest.mark.skipif(not (SHARED / "gold" / "news" / "statements.jsonl").exists(), reason="../shared/gold is absent")
def test_added_events_exported_and_trained_on_are_then_coded(site, page, snubs, tmp_path):
    """The analyst adds the two missed snubs by selecting them; the export trains a small model
    (2% of the shared training data plus the reviews) that then codes the sentence as corrected."""
    url, app = site
    add_in_browser(page, url, snubs.article.id, "snubbed", 0, "REJECT", "NOR", "SWE")
    add_in_browser(page, url, snubs.article.id, "snubbed", 1, "REJECT", "CHL", "PER")
    gold = tmp_path / "reviews.jsonl"
    cur = app.state.store.con.cursor()
    try:
        export_gold(cur, gold)
    finally:
        cur.close()
    model = tmp_path / "small.npz"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "detente.coding.learned.train", "--gold", str(SHARED / "gold"),
                    "--fraction", "0.02", "--extra", str(gold), "--out", str(model)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    sentence = SNUBS.split(". ")[0] + "."
    out = subprocess.run([sys.executable, "-c", LEARNED_EVENTS, str(model), sentence], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=300).stdout
    assert ["NOR", "REJECT", "SWE", "asserted"] in [json.loads(line) for line in out.splitlines()]
