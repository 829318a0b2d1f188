"""The network (cytoscape.js + fcose) and the map (d3-geo over world-atlas) in headless Chromium, with
the server, the store and the browser of test_browser.py. Screenshots go to test-output/browser/."""
import json
import random
import time

import pytest

from test_browser import SHOTS, api, page, ready, site  # noqa: F401  (fixtures shared with test_browser)

from detente.web.present import actor_directory


def big_network(n_nodes=150, n_isolated=8, seed=15):
    """A network as /api/network answers it, with real actor names: a few hubs, many small actors
    (edges by preferential attachment), and some actors linked to none of the others shown."""
    rnd = random.Random(seed)
    names = actor_directory()
    keys = [k for k, v in names.items() if v["kind"] == "state" and len(k) == 3][:n_nodes - 6]
    keys = ["USA", "RUS", "CHN"] + [k for k in keys if k not in ("USA", "RUS", "CHN")]
    keys = keys[:n_nodes - 6] + ["NATO", "EU", "UN", "ISIS", "AQ", "IMG"]
    linked = keys[:n_nodes - n_isolated]
    pairs, weight = {}, {k: 1 for k in linked}
    for i, k in enumerate(linked[1:], 1):
        for _ in range(rnd.choice((1, 1, 2, 3))):
            other = rnd.choices(linked[:i], weights=[weight[x] for x in linked[:i]])[0]
            a, b = sorted((k, other))
            pairs[(a, b)] = pairs.get((a, b), 0) + rnd.randint(1, 40)
            weight[other] += 3
    degree = {k: 0 for k in keys}
    for (a, b), n in pairs.items():
        degree[a] += n
        degree[b] += n
    for k in keys[n_nodes - n_isolated:]:
        degree[k] = rnd.randint(1, 30)  # active, but with actors that are not shown
    nodes = [{"key": k, **names[k], "n": degree[k]} for k in sorted(keys, key=lambda k: (-degree[k], k))]
    edges = [{"source": a, "target": b, "n": n, "mean_goldstein": rnd.uniform(-8, 6), "n_ab": n // 2,
              "quad": {"1": n, "2": 0, "3": 0, "4": 0}} for (a, b), n in pairs.items()]
    return {"factuality": "asserted", "nodes": nodes, "edges": edges, "dropped_nodes": 40}


LABEL_BOXES = """() => {
  const cy = window.detenteNetwork, off = cy.container().getBoundingClientRect();
  return cy.nodes().not('.box').map((n) => {
    const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    const p = n.renderedPosition();
    return {key: n.id(), shown: !n.hasClass('nolabel'), n: n.data('n'), child: n.isChild(),
            seen: p.x >= 0 && p.y >= 0 && p.x <= off.width && p.y <= off.height,
            x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2, w: b.w, h: b.h,
            inView: b.x1 >= -1 && b.y1 >= -1 && b.x2 <= off.width + 1 && b.y2 <= off.height + 1};
  });
}"""


def overlapping(boxes):
    return [(a["key"], b["key"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]]


def test_network_of_150_actors_is_readable(site, page):  # noqa: F811
    data = big_network()
    page.route("**/api/network*", lambda route: route.fulfill(status=200, content_type="application/json",
                                                              body=json.dumps(data)))
    try:
        page.goto(site + "/?max_nodes=150")
        ready(page, "11-network-150")
    finally:
        page.unroute("**/api/network*")
    assert page.evaluate("window.detenteNetwork.nodes().not('.box').length") == 150
    assert page.evaluate("window.detenteNetwork.edges().length") == len(data["edges"])
    boxes = page.evaluate(LABEL_BOXES)
    shown = [b for b in boxes if b["shown"]]
    assert overlapping(shown) == []                      # no two visible labels overlap
    assert all(b["inView"] and b["w"] > 10 and b["h"] >= 10 for b in shown)  # inside the frame, real size
    busiest = sorted(boxes, key=lambda b: -b["n"])[:5]
    assert all(b["shown"] for b in busiest), [b["key"] for b in busiest if not b["shown"]]
    assert {"United States", "Russia"} <= set(page.evaluate(
        "window.detenteNetwork.nodes().not('.nolabel').map(n => n.data('label'))"))
    print(f"{len(shown)} of {len(boxes)} labels shown")
    assert len(shown) >= 0.6 * len(boxes), f"only {len(shown)} of {len(boxes)} labels fit"

    # The isolated actors sit in a box of their own, below the linked ones and apart from them.
    isolated = [b for b in boxes if b["child"]]
    assert len(isolated) == 8
    linked_bottom = max(b["y2"] for b in boxes if not b["child"])
    assert min(b["y1"] for b in isolated) > linked_bottom

    # Zooming in makes room: more labels show, still without overlap.
    page.click(".zoom-buttons button[title='Zoom in']")
    page.click(".zoom-buttons button[title='Zoom in']")
    page.wait_for_timeout(300)
    zoomed = [b for b in page.evaluate(LABEL_BOXES) if b["seen"]]   # the actors still in the frame
    assert overlapping([b for b in zoomed if b["shown"]]) == []
    assert sum(b["shown"] for b in zoomed) / len(zoomed) > len(shown) / len(boxes)
    page.screenshot(path=str(SHOTS / "12-network-150-zoomed.png"))

    # Kinds are coloured and named in the legend; the page says what IMG is.
    kinds = dict(page.evaluate("window.detenteNetwork.nodes().not('.box').map(n => [n.id(), n.data('kind')])"))
    assert (kinds["USA"], kinds["NATO"], kinds["ISIS"], kinds["IMG"]) == ("state", "organisation", "armed group",
                                                                         "armed group")
    assert page.locator(".legend.kinds .key").all_inner_texts() == [
        "state", "organisation (IGO, NGO, company)", "armed group (IMG)"]
    assert "international militarized group" in page.inner_text(".img-note")


def test_network_sector_filter_and_click(site, page):  # noqa: F811
    page.goto(site + "/")
    ready(page, "13-network")
    everything = api(page, site, "/api/network")
    assert page.evaluate("window.detenteNetwork.nodes().not('.box').length") == len(everything["nodes"])
    page.check("fieldset.sectors input[data-sector=GOV]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?sector=GOV")
    ready(page, "14-network-gov")
    gov = api(page, site, "/api/network?sector=GOV")
    drawn = sorted(page.evaluate("window.detenteNetwork.edges().map(e => e.id())"))
    assert drawn == sorted(f"{e['source']}-{e['target']}" for e in gov["edges"])
    assert 0 < len(gov["edges"]) < len(everything["edges"])
    assert page.is_checked("fieldset.sectors input[data-sector=GOV]")

    # A click on a node opens its page (the canvas is clicked where the node is drawn).
    key = gov["nodes"][0]["key"]
    xy = page.evaluate("(key) => { const cy = window.detenteNetwork, p = cy.getElementById(key).renderedPosition(),"
                       " r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }", key)
    page.mouse.click(*xy)
    page.wait_for_url(f"**/country/{key}")
    ready(page, "15-country-from-network")


def test_map_click_leads_to_the_events(site, page):  # noqa: F811
    data = api(page, site, "/api/map")
    assert data["located"] > 0 and data["countries"]
    top = data["countries"][0]
    page.goto(site + "/map")
    ready(page, "16-map")
    page.evaluate("window.scrollTo(0, document.querySelector('svg.world-map').getBoundingClientRect().top)")
    assert page.locator("svg.world-map .countries path").count() > 150   # the world is drawn
    assert page.locator("svg.world-map a.country").count() == len(data["countries"])
    assert page.locator("svg.world-map a.place").count() == len(data["places"])
    # A country's shape may have its middle at sea (France and French Guiana): click a point of it.
    xy = page.evaluate("""(iso3) => {
      const shape = document.querySelector(`svg.world-map a.country[data-iso3="${iso3}"] path`);
      const b = shape.getBoundingClientRect();
      for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
        const x = b.left + b.width * i / 40, y = b.top + b.height * j / 40;
        if (document.elementFromPoint(x, y) === shape) return [x, y];
      }
      return null;
    }""", top["iso3"])
    page.mouse.click(*xy)
    page.wait_for_url(f"**/events?*place={top['iso3']}*")
    ready(page, "17-events-of-country")
    listed = api(page, site, f"/api/events?place={top['iso3']}&factuality=asserted")
    assert listed["total"] == top["n"]
    assert page.locator("p.count").inner_text() == f"{top['n']} event" + ("s" if top["n"] != 1 else "")
    assert page.locator("form.filters input[name=place]").input_value() == top["iso3"]


@pytest.mark.parametrize("path", ["/api/map?sector=XYZ", "/api/network?sector=GOV,NOPE"])
def test_unknown_sector_is_a_clear_error(site, page, path):  # noqa: F811
    res = page.request.get(site + path)
    assert res.status == 422
    assert "unknown sector" in res.json()["error"]["message"]


def _tone_hex(g):
    """Goldstein g as the dashboard colours it: grey at 0, ColorBrewer RdBu's ends at −10 and +10,
    mixed in RGB (what the d3 diverging scale of charts.js computes)."""
    t = max(-1.0, min(1.0, g / 10))
    end = (0xb2, 0x18, 0x2b) if t < 0 else (0x21, 0x66, 0xac)
    return "#" + "".join(f"{int(204 + (e - 204) * abs(t) + 0.5):02x}" for e in end)


def test_tone_and_map_colours_come_from_d3_scales(site, page):  # noqa: F811
    """goldColor, its legend and the map's shades are d3-scale / d3-scale-chromatic scales (no
    hand-written colour mixing left), with the colours the dashboard always had."""
    page.goto(site + "/")
    ready(page, "18-network-tone")
    assert page.evaluate("typeof d3.scaleDiverging === 'function' && typeof d3.schemeRdBu === 'object' "
                         "&& typeof mix === 'undefined' && typeof shadeSteps === 'undefined'")
    edges = page.evaluate("window.detenteNetwork.edges().map(e => [e.data('g'), e.data('color')])")
    assert edges and all(color == _tone_hex(g) for g, color in edges), edges
    legend = page.evaluate("[...document.querySelectorAll('svg.legend-svg rect')].map(r => r.getAttribute('fill'))")
    assert len(legend) == 41 and (legend[0], legend[20], legend[-1]) == ("#b2182b", "#cccccc", "#2166ac")

    page.goto(site + "/map")
    ready(page, "19-map-shades")
    blues = ["rgb(198, 219, 239)", "rgb(158, 202, 225)", "rgb(107, 174, 214)", "rgb(49, 130, 189)", "rgb(8, 81, 156)"]
    keys = page.evaluate("[...document.querySelectorAll('p.legend .key i')].map(i => i.style.background)")
    assert keys and keys == blues[:len(keys)], keys  # d3.schemeBlues[6] without its palest
    shades = set(page.evaluate("[...document.querySelectorAll('svg.world-map a.country path')].map(p => p.getAttribute('fill'))"))
    assert shades <= {page.evaluate(f"d3.color('{b}').formatHex()") for b in blues[:len(keys)]}, shades


def wait_zoom(page, ok, seconds=5):
    """Wait until the map's zoom factor satisfies ``ok`` (the page's CSP forbids wait_for_function)."""
    end = time.monotonic() + seconds
    while not ok(k := page.evaluate("window.detenteMap.transform().k")):
        assert time.monotonic() < end, f"zoom stayed at {k}"
        page.wait_for_timeout(50)


def test_map_zooms_and_pans(site, page):  # noqa: F811
    """d3-zoom on the map: the buttons, the wheel and a drag move the view; points keep their size on
    screen; a click after zooming still opens the events; Reset shows the whole world again."""
    data = api(page, site, "/api/map")
    top = data["countries"][0]
    page.goto(site + "/map")
    ready(page, "20-map-before-zoom")
    page.evaluate("window.scrollTo(0, document.querySelector('svg.world-map').getBoundingClientRect().top - 60)")
    transform = "(() => { const t = window.detenteMap.transform(); return [t.k, t.x, t.y]; })()"
    assert page.evaluate(transform) == [1, 0, 0]
    dot = "document.querySelector('svg.world-map a.place circle').getBoundingClientRect().width"
    dot_before = page.evaluate(dot)

    page.click("figure.map-box .zoom-buttons button[title='Zoom in']")
    wait_zoom(page, lambda k: k > 1.59)
    box = page.locator("svg.world-map").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -300)  # wheel up: zoom in about the pointer
    wait_zoom(page, lambda k: k > 1.7)
    k, x, y = page.evaluate(transform)
    page.mouse.down()
    page.mouse.move(centre[0] + 120, centre[1] + 40, steps=8)
    page.mouse.up()
    k2, x2, y2 = page.evaluate(transform)
    assert k2 == k and x2 > x and y2 > y, ((k, x, y), (k2, x2, y2))  # dragged right and down
    assert abs(page.evaluate(dot) - dot_before) < 1.5   # the points keep their size on screen
    page.screenshot(path=str(SHOTS / "21-map-zoomed.png"), full_page=True)

    page.click("figure.map-box .zoom-buttons button[title='Show the whole world']")
    wait_zoom(page, lambda k: k == 1)
    page.click("figure.map-box .zoom-buttons button[title='Zoom in']")
    wait_zoom(page, lambda k: k > 1.59)
    # Zoomed in, a click (no drag) on the busiest country still opens its events.
    xy = page.evaluate("""(iso3) => {
      const shape = document.querySelector(`svg.world-map a.country[data-iso3="${iso3}"] path`);
      const b = shape.getBoundingClientRect(), box = shape.ownerSVGElement.getBoundingClientRect();
      for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
        const x = b.left + b.width * i / 40, y = b.top + b.height * j / 40;
        if (x > box.left && x < box.right && y > box.top && y < box.bottom && document.elementFromPoint(x, y) === shape) return [x, y];
      }
      return null;
    }""", top["iso3"])
    assert xy, f"{top['iso3']} is not on screen after zooming in"
    page.mouse.click(*xy)
    page.wait_for_url(f"**/events?*place={top['iso3']}*")
    ready(page, "22-events-after-zoom")
