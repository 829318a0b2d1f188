// The map page (/map): where the events took place. Countries are shaded by their number of events and
// located places drawn as points, with d3-geo over the country shapes of world-atlas (Natural Earth,
// 1:110m) served from static/vendor — no tile server. Clicking goes to the events.
// Uses the helpers of app.js and vendor.js at call time; loaded before app.js (its router names pageMap).
"use strict";

// d3-zoom needs d3-dispatch, d3-selection, d3-drag, d3-interpolate (in SCALE_LIBS) and d3-transition
// (which needs d3-ease and d3-timer).
const MAP_LIBS = ["d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js", "d3-dispatch.min.js",
  "d3-selection.min.js", "d3-drag.min.js", "d3-ease.min.js", "d3-timer.min.js", "d3-transition.min.js",
  "d3-zoom.min.js"];
const MAP_MAX_ZOOM = 12;
const MAP_NONE = "#e2e6eb";  // a country with no event
const MAP_SHADES = 5;
let WORLD = null;

async function worldShapes() {
  if (!WORLD) {
    const res = await fetch("/static/vendor/countries-110m.json");
    if (!res.ok) throw new Error(`could not load the world map (${res.status})`);
    const topo = await res.json();
    WORLD = topojson.feature(topo, topo.objects.countries).features;
  }
  return WORLD;
}

// Counts on a log scale: a country with 2 events and one with 2,000 both stay visible. A d3 log
// scale over 1 … max+1 cut into MAP_SHADES equal steps; each step starts at a whole count ("12+"),
// equal starts are merged (few events give few shades) and take d3-scale-chromatic's Blues; a
// threshold scale gives each count its shade.
function shadeScale(max) {
  const log = d3.scaleLog([1, max + 1], [0, MAP_SHADES]);
  const starts = [...new Set(d3.range(MAP_SHADES).map((i) => Math.max(1, Math.ceil(log.invert(i) - 1))))];
  const blues = d3.schemeBlues[MAP_SHADES + 1].slice(1);
  return d3.scaleThreshold(starts, [MAP_NONE, ...blues.slice(0, starts.length)]);
}

function shade(n, scale) { return n ? scale(n) : MAP_NONE; }

function eventsLink(p, place) {
  // The event list shows every factuality unless told; the map counts asserted ones unless told.
  const f = p.factuality === "all" ? "" : (p.factuality || "asserted");
  const qs = new URLSearchParams(Object.entries({ ...sharedFilterParams(p), factuality: f, place }).filter(([, v]) => v));
  return `/events?${qs}`;
}

function mapChart(shapes, data, p) {
  const W = 960, H = 500;
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [W - 4, H - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const byNumeric = new Map(data.countries.filter((c) => c.iso_numeric).map((c) => [c.iso_numeric, c]));
  const byName = new Map(data.countries.map((c) => [c.name, c]));  // shapes without an ISO number (Kosovo)
  const steps = shadeScale(Math.max(1, ...data.countries.map((c) => c.n)));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart world-map", role: "img", "aria-label": "World map of events" },
    s("path", { d: path({ type: "Sphere" }), class: "sphere" }));
  const land = s("g", { class: "countries" }), dots = s("g", { class: "places" });
  const layer = s("g", { class: "zoom-layer" }, land, dots);
  svg.append(layer);
  for (const f of shapes) {
    const c = byNumeric.get(f.id) || byName.get(f.properties.name);
    const shape = s("path", { d: path(f), fill: shade(c && c.n, steps), class: c ? "has-events" : "" },
      s("title", {}, c ? `${c.name}: ${plural(c.n, "event")} took place here — click to see them` : f.properties.name));
    land.append(c ? s("a", { href: eventsLink(p, c.iso3), class: "country", "data-iso3": c.iso3 }, shape) : shape);
  }
  const maxPlace = Math.max(1, ...data.places.map((d) => d.n));
  for (const d of [...data.places].reverse()) {  // biggest last, drawn on top
    const xy = projection([d.lon, d.lat]);
    if (!xy) continue;
    const r = 2 + 10 * Math.sqrt(d.n / maxPlace);
    dots.append(s("a", { href: eventsLink(p, d.iso3), class: "place", "data-place": d.name, "data-iso3": d.iso3 },
      s("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), "data-r": r.toFixed(2), fill: goldColor(d.mean_goldstein) }),
      s("title", {}, `${d.name} (${d.iso3}): ${plural(d.n, "event")}, mean Goldstein ${fmtG(d.mean_goldstein)} — click for the events in ${d.iso3}`)));
  }
  return svg;
}

// Zoom and pan with d3-zoom: the wheel or a pinch zooms (1× to MAP_MAX_ZOOM×) about the pointer, a
// drag pans within the map's frame, and the + − Reset buttons do the same by steps. Points keep their
// size on screen and borders their width (non-scaling strokes), so zooming in separates crowded
// places. A click that did not drag still opens the events of the country or place under it.
function mapZoom(svg) {
  const layer = d3.select(svg).select("g.zoom-layer");
  const [, , W, H] = svg.getAttribute("viewBox").split(" ").map(Number);
  const circles = layer.selectAll("g.places circle");
  const zoom = d3.zoom().scaleExtent([1, MAP_MAX_ZOOM]).extent([[0, 0], [W, H]]).translateExtent([[0, 0], [W, H]])
    .on("zoom", (event) => {
      const t = event.transform;
      layer.attr("transform", t.toString());
      circles.attr("r", function () { return (this.getAttribute("data-r") / t.k).toFixed(2); });
      svg.dataset.zoom = t.k.toFixed(3);
    });
  const view = d3.select(svg).call(zoom);
  const by = (f) => view.transition().duration(250).call(zoom.scaleBy, f);
  const buttons = h("div", { class: "zoom-buttons" },
    h("button", { type: "button", title: "Zoom in", onclick: () => by(1.6) }, "+"),
    h("button", { type: "button", title: "Zoom out", onclick: () => by(1 / 1.6) }, "−"),
    h("button", { type: "button", title: "Show the whole world", onclick: () => view.transition().duration(250).call(zoom.transform, d3.zoomIdentity) }, "Reset"));
  window.detenteMap = { svg, zoom, transform: () => d3.zoomTransform(svg) };
  return buttons;
}

function shadeLegend(max) {
  const scale = shadeScale(max);
  return h("p", { class: "legend" }, "Events in the country:",
    scale.domain().map((from, i) => h("span", { class: "key" }, h("i", { style: `background:${scale.range()[i + 1]}` }), `${from}+`)),
    " · points: places, sized by events and coloured by mean tone (red conflict, blue cooperation)");
}

function mapFigure(svg) {
  return h("figure", { class: "map-box" }, mapZoom(svg), svg,
    h("figcaption", { class: "note" }, "Scroll or pinch to zoom, drag to move; + − and Reset do the same."));
}

async function pageMap(main) {
  setTitle("Map");
  const p = query();
  const m = await meta();
  const [data] = await Promise.all([api("/map", sharedFilterParams(p)), loadVendor([...SCALE_LIBS, ...MAP_LIBS])]);
  const shapes = await worldShapes();
  put(main, h("h1", {}, "Where it happened"),
    h("p", { class: "lead" }, "Countries are shaded by the number of events that took place there; points are the places named in the news. ",
      "Click a country or a point to see its events."),
    filterForm(sharedFilterFields(p, m), (v) => go("/map", v), "/map"));
  if (!data.total) {
    put(main, empty(m.events ? "No events match these filters." : "This store holds no events yet. Code some articles with `detente code` and reload."));
    return;
  }
  const max = Math.max(1, ...data.countries.map((c) => c.n));
  put(main, shadeLegend(max),
    h("p", { class: "count" }, `${plural(data.located, "event")} of ${data.total} have a place`),
    mapFigure(mapChart(shapes, data, p)));
  if (data.countries.length) put(main, h("h2", {}, "Countries"), h("table", { class: "list countries" },
    h("thead", {}, h("tr", {}, h("th", {}, "Country"), h("th", { class: "num" }, "Events"), h("th", {}, "Mean tone"))),
    h("tbody", {}, data.countries.slice(0, 30).map((c) => h("tr", {},
      h("td", {}, h("a", { href: eventsLink(p, c.iso3) }, c.name)), h("td", { class: "num" }, c.n), h("td", {}, toneBar(c.mean_goldstein)))))));
}
