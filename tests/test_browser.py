"""The dashboard in a real browser: headless Chromium (Debian's `chromium` package, driven by Playwright
for Python through executable_path — never `playwright install`) over a store coded from articles
written for this test. A screenshot of every page goes to test-output/browser/."""
import json
import os

import pytest

from conftest import ROOT
from serving import serving

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip("browser tests skipped: Chromium is not installed — run `make browser-deps` "
                "(apt-get install chromium) to enable them", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")


from detente import code_sources  # noqa: E402
from detente import Store  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-output" / "browser"
ARTICLES = [
    {"id": "paris-pact", "date": "2024-03-04", "title": "France and Germany sign a defence pact",
     "text": "France and Germany signed a defence agreement in Paris on Monday. "
             "The German chancellor praised France for its support."},
    {"id": "cyber", "date": "2024-05-10", "title": "Warsaw blames Moscow for cyberattacks",
     "text": "Poland accused Russia of launching cyberattacks against its ministries. "
             "The European Union imposed new sanctions on Russia."},
    {"id": "budapest", "date": "2024-06-02", "title": "Budapest rules out sanctions", "url": "https://example.org/hu",
     "text": "Hungary will not impose sanctions against Russia, its foreign minister said. "
             "Hungary's prime minister met Vladimir Putin in Moscow."},
    {"id": "kyiv-asks", "date": "2024-06-20", "title": "Kyiv asks Berlin for air defence", "url": "javascript:alert(1)",
     "text": "Ukraine asked Germany for more air defence systems."},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app over the coded test articles, served by uvicorn in a thread on a free port."""
    tmp = tmp_path_factory.mktemp("browser")
    source = tmp / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp / "browser.duckdb"
    with Store(db) as store:
        summary = code_sources([str(source)], store=store)
    assert summary.articles_coded == len(ARTICLES)
    yield from serve(db)


def serve(db):
    """Serve the app over ``db`` (serving.py); yields its address."""
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def page(site):
    yield from browser_page()


def browser_page(width=1200, height=900):
    """A headless Chromium page of this size that records page errors and console errors."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": width, "height": height})
        pg.set_default_timeout(15000)
        pg.problems = []
        pg.on("pageerror", lambda exc: pg.problems.append(f"page error: {exc}"))
        pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
        yield pg
        browser.close()


def ready(pg, name):
    """Wait until the page has drawn itself, save its screenshot, and check nothing went wrong."""
    pg.wait_for_selector("#main[data-ready]")
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert not pg.query_selector("#main .error"), pg.inner_text("#main .error")
    assert not pg.problems, pg.problems


def api(pg, site, path):
    return json.loads(pg.request.get(site + path).text())


def test_network_country_dyad_event_and_article(site, page):
    page.goto(site + "/")
    ready(page, "1-network")
    cy = "window.detenteNetwork"  # the network is drawn by cytoscape.js (network.js; test_browser_graph.py)
    assert page.evaluate(f"{cy}.nodes().length") >= 4
    assert page.evaluate(f"{cy}.getElementById('POL-RUS').isEdge()")

    # Click a country: its page lists its partners (its dyads).
    page.mouse.click(*page.evaluate(f"(() => {{ const p = {cy}.getElementById('RUS').renderedPosition(), "
                                    f"r = {cy}.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }})()"))
    page.wait_for_url("**/country/RUS")
    ready(page, "2-country")
    assert page.locator("h1").inner_text().startswith("Russia")
    partners = {r.get_attribute("data-partner") for r in page.locator("table.partners tbody tr").all()}
    assert {"POL", "HUN"} <= partners

    # Open the dyad with Hungary: time line and the events behind it, the refused sanction marked NOT.
    page.locator('tr[data-partner="HUN"] a.dyad-link').click()
    page.wait_for_url("**/dyad/RUS/HUN")
    ready(page, "3-dyad")
    assert page.locator("svg.bars .bar rect").count() >= 1
    refused = page.locator("article.event.fact-negated").first
    assert refused.locator(".badge").inner_text() == "NOT"
    decoration = refused.locator(".etype").evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    assert refused.locator(".etype").inner_text() == "SANCTION"

    # Open the event: the sentence with source, target and trigger highlighted where the spans say.
    event_id = refused.get_attribute("data-event-id")
    refused.locator("a.to-event").click()
    page.wait_for_url(f"**/event/{event_id}")
    ready(page, "4-event")
    ev = api(page, site, f"/api/events/{event_id}")
    art = api(page, site, f"/api/articles/{ev['article_id']}")
    card = page.locator("article.event")
    for role in ("source", "target", "trigger"):
        a, b = ev["evidence"][f"{role}_span"]
        assert card.locator(f"mark.m-{role}").inner_text() == art["text"][a:b]
    assert card.locator("mark.m-source").inner_text() == "Hungary"
    assert card.locator("mark.m-trigger").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert card.locator("blockquote.sentence").inner_text() == ev["evidence"]["sentence"]

    # And its article, with all its events and every trigger underlined in the text.
    page.locator("table.details a", has_text="Budapest rules out sanctions").click()
    page.wait_for_url(f"**/article/{ev['article_id']}*")
    ready(page, "5-article")
    assert page.locator("article.event").count() == len(art["events"])
    assert page.locator(".article-text a.trig").count() >= len({tuple(e["evidence"]["trigger_span"])
                                                                 for e in art["events"]})
    assert page.locator(f"#ev-{event_id}.focus").count() == 1
    assert page.locator('a[href="https://example.org/hu"]', has_text="original").count() == 1


def test_event_list_filters_search_and_other_pages(site, page):
    page.goto(site + "/events")
    ready(page, "6-events")
    total = api(page, site, "/api/events")["total"]
    assert page.locator("p.count").inner_text() == f"{total} events"
    page.fill("form.filters input[name=q]", "sanctions")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?q=sanctions")
    ready(page, "7-events-search")
    found = api(page, site, "/api/events?q=sanctions")["total"]
    assert 0 < found < total and page.locator("article.event").count() == found

    page.fill("#jump-input", "Hungary")
    page.press("#jump-input", "Enter")
    page.wait_for_url("**/country/HUN")
    ready(page, "8-country-hungary")
    assert page.locator("section.alignment svg.chart").count() == 1
    assert page.locator("section.alignment svg.chart rect.lean-a").count() == 1  # leans to Russia in 2024

    for path, name in (("/articles", "9-articles"), ("/docs", "10-api-docs")):
        page.goto(site + path)
        ready(page, name)
        if path == "/articles":  # a stored URL that is not a web address never becomes a link
            page.locator("table.list a", has_text="Kyiv asks Berlin").click()
            page.wait_for_url("**/article/*")
            page.wait_for_selector("#main[data-ready]")
            assert page.locator("a", has_text="original").count() == 0
            assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator("section.endpoint").count() >= 10
    page.goto(site + "/event/doesnotexist")
    page.wait_for_selector("#main[data-ready]")
    assert "no event doesnotexist" in page.inner_text("#main .error")
    page.problems.clear()  # the 404 above is expected
