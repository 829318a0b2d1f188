"""The dashboard's time ranges, phone layout and search in headless Chromium (started as in
test_browser.py), over the store of test_web_edges.py: twelve monthly US–China meetings in 2017, one
of them dated 1972 by its sentence, and a sentence naming Vučić. Screenshots go to test-output/browser/."""
import pytest

from test_browser import SHOTS, browser_page, ready, serve  # skips there when Chromium is missing
from test_web_edges import build

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-time") / "time.duckdb"
    build(db)
    yield from serve(db)


@pytest.fixture(scope="module")
def page(site):
    yield from browser_page()


def test_dyad_page_dates_drive_the_chart_and_the_list(site, page):
    page.goto(site + "/dyad/USA/CHN")
    ready(page, "time-1-dyad-default")
    note = page.locator(".dyad-chart .range-note").inner_text()
    assert "2017-01-15 to 2017-12-20" in note and "1 event with a stray date" in note
    assert page.locator("svg.bars .bar").count() == 12  # Jan–Dec 2017, not 1972–2017
    # d3-axis drew whole-number counts (no "1.0") and the months, thinned to what fits.
    assert page.locator("svg.bars .y-axis text.tick").all_text_contents() == ["0", "1", "2"]
    months = page.locator("svg.bars .x-axis text.tick").all_text_contents()
    assert months[0] == "Jan 2017" and 3 <= len(months) <= 12

    page.fill("form.filters input[name=since]", "2017-03-01")
    page.fill("form.filters input[name=until]", "2017-05-31")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/dyad/USA/CHN?since=2017-03-01&until=2017-05-31*")
    ready(page, "time-2-dyad-since-until")
    assert [b.get_attribute("data-period") for b in page.locator("svg.bars .bar").all()] == \
        ["2017-03-01", "2017-04-01", "2017-05-01"]
    assert page.locator("article.event").count() == 3
    assert "from 2017-03-01 to 2017-05-31" in page.locator("h2#events").inner_text()
    csv = page.locator('.export a[data-format="csv"]').get_attribute("href")
    assert "since=2017-03-01" in csv and "until=2017-05-31" in csv and "pair=USA%2CCHN" in csv

    # Typed into the address, since reaches the chart: by year from 1970 the 1972 meeting is a bar.
    page.goto(site + "/dyad/USA/CHN?period=year&since=1970-01-01")
    ready(page, "time-3-dyad-from-1970")
    assert page.locator('svg.bars .bar[data-period="1972-01-01"] rect').count() == 1


def test_a_failing_chart_still_lists_the_events(site, page):
    page.goto(site + "/dyad/USA/CHN?period=day&since=1970-01-01")  # 20,000 days: the chart is refused
    page.wait_for_selector("#main[data-ready]")
    page.screenshot(path=str(SHOTS / "time-4-dyad-chart-refused.png"), full_page=True)
    assert "narrow since/until" in page.locator(".dyad-chart .error").inner_text()
    assert page.locator("article.event").count() == 14
    page.problems.clear()  # the browser logs the refused request


def test_chart_library_missing_still_lists_the_events(site, page):
    page.route("**/static/vendor/d3-scale.min.js", lambda route: route.abort())
    try:
        page.goto(site + "/dyad/USA/CHN")
        page.wait_for_selector("#main[data-ready]")
        assert "d3-scale.min.js" in page.locator(".dyad-chart .error").inner_text()
        assert page.locator("article.event").count() == 14
    finally:
        page.unroute("**/static/vendor/d3-scale.min.js")
        page.problems.clear()  # the browser logs the refused file


def test_country_page_shows_its_events_over_time_and_a_download(site, page):
    page.goto(site + "/country/SRB?period=month")
    ready(page, "time-5-country")
    assert page.locator("section.actor-series svg.bars .bar").count() == 2
    assert page.locator("section.actor-series svg.tone-strip rect").count() == 2
    # The tone cells sit under the bars of the same months (one d3 band scale for both).
    for period in ("2017-06-01", "2017-07-01"):
        bar = page.locator(f'section.actor-series svg.bars .bar[data-period="{period}"] rect').bounding_box()
        cell = page.locator(f'section.actor-series svg.tone-strip rect[data-period="{period}"]').bounding_box()
        assert abs((bar["x"] + bar["width"] / 2) - (cell["x"] + cell["width"] / 2)) < 2
    assert page.locator('.export a[data-format="parquet"]').count() == 1
    footer = page.locator("#foot").inner_text()
    assert "articles from 2017-01-15 to 2017-12-15" in footer and "2051" not in footer


def test_search_ignores_accents_and_marks_the_words(site, page):
    for typed in ("Vucic", "VUČIĆ"):
        page.goto(site + "/events")
        page.wait_for_selector("#main[data-ready]")
        page.fill("form.filters input[name=q]", typed)
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/events?q=*")
        ready(page, "time-6-search-" + typed.lower())
        assert page.locator("article.event").count() == 1
        assert page.locator("article.event mark.m-q").inner_text() == "Vučić"


@pytest.mark.parametrize("path", ["/", "/events", "/events?q=vucic", "/country/USA", "/dyad/USA/CHN", "/articles",
                                  "/docs"])
def test_phone_pages_do_not_scroll_sideways(site, page, path):
    page.set_viewport_size(PHONE)
    try:
        page.goto(site + path)
        ready(page, "phone" + path.replace("/", "-").replace("?", "-").replace("=", "-"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
        for table in page.locator("table.list").all():  # tables became cards
            assert table.locator("thead").evaluate("e => getComputedStyle(e).display") == "none"
            assert table.locator("tbody tr").first.evaluate("e => getComputedStyle(e).display") == "block"
        for tick in page.locator("svg.bars text.tick").all()[:3]:  # chart text as big as the page's small print
            assert tick.bounding_box()["height"] >= 10, path
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})


def test_phone_event_and_article_pages_do_not_scroll_sideways(site, page):
    page.set_viewport_size(PHONE)
    try:
        page.goto(site + "/events?q=vucic")
        ready(page, "phone-events-before-event")
        page.locator("article.event a.to-event").click()
        page.wait_for_url("**/event/*")
        ready(page, "phone-event")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("table.details a").first.click()
        page.wait_for_url("**/article/*")
        ready(page, "phone-article")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})
