// The network page (/): who deals with whom, drawn by cytoscape.js with the fcose layout (vendored in
// static/vendor, see VERSIONS.tsv). Uses the helpers of app.js (h, api, query, go …) at call time;
// loaded before app.js so that app.js's router can name pageNetwork.
"use strict";

const NET_LIBS = ["cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"];
// Node colour and shape by kind; the legend is drawn from this table.
const KINDS = {
  state: { label: "state", color: "#3b6ea8", shape: "ellipse" },
  organisation: { label: "organisation (IGO, NGO, company)", color: "#e08a1e", shape: "round-rectangle" },
  "armed group": { label: "armed group (IMG)", color: "#c0392b", shape: "diamond" },
  other: { label: "other", color: "#8c8c8c", shape: "ellipse" },
};
const LABEL_PX = 12;   // label size on screen, whatever the zoom
const ISOLATED = "__isolated";

function kindOf(d) { return KINDS[d.kind] ? d.kind : "other"; }

function netElements(data) {
  const linked = new Set(data.edges.flatMap((e) => [e.source, e.target]));
  const maxNode = Math.max(1, ...data.nodes.map((d) => d.n));
  const maxEdge = Math.max(1, ...data.edges.map((e) => e.n));
  const isolated = data.nodes.filter((d) => !linked.has(d.key));
  const els = [];
  if (isolated.length) els.push({ group: "nodes", data: { id: ISOLATED, label: "Not linked to the actors shown" }, classes: "box" });
  data.nodes.forEach((d, i) => {
    const size = 14 + 30 * Math.sqrt(d.n / maxNode);
    // Deterministic start (a spiral by activity), so the same data gives the same picture.
    const angle = i * 2.39996, radius = 40 * Math.sqrt(i);
    els.push({ group: "nodes", data: { id: d.key, label: d.name.length > 22 ? d.key : d.name, name: d.name, n: d.n,
      z: data.nodes.length - i,  // nodes come busiest first: the busiest is drawn on top
      size, color: KINDS[kindOf(d)].color, shape: KINDS[kindOf(d)].shape, kind: kindOf(d),
      parent: linked.has(d.key) ? undefined : ISOLATED },
      position: { x: radius * Math.cos(angle), y: radius * Math.sin(angle) } });
  });
  for (const e of data.edges) {
    els.push({ group: "edges", data: { id: `${e.source}-${e.target}`, source: e.source, target: e.target, n: e.n,
      g: e.mean_goldstein, color: goldColor(e.mean_goldstein),
      width: 1 + 9 * Math.log1p(e.n) / Math.log1p(maxEdge), opacity: 0.35 + 0.6 * Math.log1p(e.n) / Math.log1p(maxEdge) } });
  }
  return { els, isolated };
}

function netStyle() {
  return [
    { selector: "node", style: { "background-color": "data(color)", shape: "data(shape)", width: "data(size)",
      height: "data(size)", label: "data(label)", "font-size": LABEL_PX, "font-weight": 600, color: "#1d2733",
      "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#ffffff", "text-background-opacity": 0.8,
      "text-background-padding": 1, "border-color": "#fff", "border-width": 1.5, "z-index": "data(z)" } },
    { selector: "node.lbl-t", style: { "text-valign": "top", "text-margin-y": -3 } },
    { selector: "node.lbl-r", style: { "text-valign": "center", "text-halign": "right", "text-margin-y": 0, "text-margin-x": 3 } },
    { selector: "node.lbl-l", style: { "text-valign": "center", "text-halign": "left", "text-margin-y": 0, "text-margin-x": -3 } },
    { selector: "node.nolabel", style: { "text-opacity": 0, "text-background-opacity": 0 } },
    { selector: "node.hover", style: { "text-opacity": 1, "text-background-opacity": 0.9, "border-color": "#ffb300", "border-width": 3, "z-index": 9999 } },
    { selector: "node.box", style: { "background-color": "#f6f7f9", "background-opacity": 1, shape: "round-rectangle",
      "border-color": "#b8c0cc", "border-style": "dashed", "border-width": 1, label: "data(label)", "text-valign": "top",
      "text-halign": "center", color: "#5b6573", "font-weight": 400, padding: 18 } },
    { selector: "edge", style: { "line-color": "data(color)", width: "data(width)", opacity: "data(opacity)",
      "curve-style": "haystack" } },
    { selector: "edge.hover", style: { opacity: 1, "z-index": 9998 } },
  ];
}

// Nodes, lines and labels keep one size on screen whatever the zoom: zooming in only moves them
// apart. Biggest actors first (so "United States" is never the one hidden), each label goes below its
// node, else above, right or left — the first place where it covers neither a label already placed
// nor a busier node (busier nodes are drawn on top, their labels too); where none is free it is hidden (it shows on hover, and comes back when zooming
// in makes room).
const LABEL_SIDES = ["lbl-b", "lbl-t", "lbl-r", "lbl-l"];
const hits = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

function placeLabels(cy) {
  const z = cy.zoom();
  cy.batch(() => {
    cy.nodes().style("font-size", LABEL_PX / z);
    cy.nodes().not(".box").forEach((n) => { n.style({ width: n.data("size") / z, height: n.data("size") / z }); });
    cy.edges().forEach((e) => { e.style("width", e.data("width") / z); });
  });
  const order = cy.nodes().not(".box").sort((a, b) => b.data("n") - a.data("n") || (a.id() < b.id() ? -1 : 1));
  const taken = [], bodies = [];
  const W = cy.width(), H = cy.height();
  const free = (b) => b.x1 >= 0 && b.y1 >= 0 && b.x2 <= W && b.y2 <= H &&  // not cut by the frame
    !taken.some((t) => hits(b, t)) && !bodies.some((o) => hits(b, o));
  order.forEach((n) => {
    const own = n.renderedBoundingBox({ includeLabels: false });  // an obstacle only to the labels after it
    n.removeClass(["nolabel", ...LABEL_SIDES].join(" "));
    for (const side of LABEL_SIDES) {
      n.addClass(side);
      const box = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (free(box)) { taken.push(box); bodies.push(own); return; }
      n.removeClass(side);
    }
    n.addClass("nolabel");
    bodies.push(own);
  });
}

async function drawNetwork(box, data) {
  await loadVendor(NET_LIBS);
  if (!window.DETENTE_FCOSE) { cytoscape.use(cytoscapeFcose); window.DETENTE_FCOSE = true; }
  const { els, isolated } = netElements(data);
  const cy = cytoscape({ container: box, elements: els, style: netStyle(), minZoom: 0.1, maxZoom: 6,
                         wheelSensitivity: 0.3, boxSelectionEnabled: false, autoungrabify: true });
  const linked = cy.nodes().not(".box").filter((n) => !n.isChild());
  const linkedEls = linked.union(linked.connectedEdges());
  // fcose: spring layout that keeps node and label boxes apart; deterministic from the spiral start.
  const run = (eles, opts) => new Promise((resolve) => {
    const l = eles.layout(opts); l.one("layoutstop", resolve); l.run();
  });
  if (linked.length) await run(linkedEls, { name: "fcose", quality: "proof", randomize: false, animate: false,
    fit: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 30000, idealEdgeLength: () => 110,
    edgeElasticity: () => 0.25, gravity: 0.15, nodeSeparation: 110, packComponents: true, numIter: 3000 });
  // Fit by moving the nodes apart (zoom stays 1), so nodes and labels keep their size on screen;
  // the isolated actors get rows of their own at the bottom, in a labelled box.
  const W = cy.width(), H = cy.height(), MX = 70, CELL_W = 150, CELL_H = 58;
  const cols = Math.max(1, Math.floor((W - 2 * MX) / CELL_W));
  const boxH = isolated.length ? Math.ceil(isolated.length / cols) * CELL_H + 50 : 0;
  if (linked.length) spread(linked, MX, 24, W - 2 * MX, H - boxH - 60);
  if (isolated.length) {
    const kids = cy.getElementById(ISOLATED).children(), used = Math.min(cols, kids.length);
    await run(kids, { name: "grid", fit: false, avoidOverlap: false, cols: used, condense: false,
      boundingBox: { x1: (W - used * CELL_W) / 2, y1: H - boxH + 10, w: used * CELL_W, h: boxH - 40 } });
  }
  cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });
  placeLabels(cy);
  let pending = null;
  cy.on("zoom", () => { clearTimeout(pending); pending = setTimeout(() => placeLabels(cy), 60); });
  cy.on("mouseover", "node, edge", (e) => { e.target.addClass("hover"); box.title = netTip(e.target); });
  cy.on("mouseout", "node, edge", (e) => { e.target.removeClass("hover"); box.title = ""; });
  cy.on("tap", "node", (e) => { if (!e.target.hasClass("box")) go(`/country/${encodeURIComponent(e.target.id())}`); });
  cy.on("tap", "edge", (e) => go(`/dyad/${encodeURIComponent(e.target.data("source"))}/${encodeURIComponent(e.target.data("target"))}`));
  window.detenteNetwork = cy;  // for the browser tests and the curious
  box.dataset.drawn = "1";
  return cy;
}

// Scale the layout's positions into the rectangle (x, y, w, h); x and y may stretch differently, but
// never one more than 1.6 times the other, so a wide frame is filled without distorting much.
function spread(nodes, x, y, w, hgt) {
  const bb = nodes.boundingBox({ includeLabels: false });
  // At most twice the layout's own spacing: a small network stays together in the middle.
  const sx = Math.min(2, w / Math.max(1, bb.w)), sy = Math.min(2, hgt / Math.max(1, bb.h)), k = Math.min(sx, sy);
  const kx = Math.min(sx, 1.6 * k), ky = Math.min(sy, 1.6 * k);
  const cx = (bb.x1 + bb.x2) / 2, cy = (bb.y1 + bb.y2) / 2;
  nodes.positions((n) => ({ x: x + w / 2 + (n.position("x") - cx) * kx, y: y + hgt / 2 + (n.position("y") - cy) * ky }));
}

function netTip(el) {
  if (el.isNode()) return el.hasClass("box") ? "" : `${el.data("name")} (${el.id()}): ${plural(el.data("n"), "event")} with the others shown — click to open its page`;
  const [a, b] = [el.source().data("name"), el.target().data("name")];
  return `${a} ↔ ${b}: ${plural(el.data("n"), "event")}, mean Goldstein ${fmtG(el.data("g"))} — click to see them`;
}

function kindLegend() {
  return h("p", { class: "legend kinds" }, Object.entries(KINDS).filter(([k]) => k !== "other").map(([k, d]) =>
    h("span", { class: "key", "data-kind": k }, h("i", { class: `shape-${d.shape}`, style: `background:${d.color}` }), d.label)));
}

function zoomButtons(getCy) {
  const btn = (text, title, fn) => h("button", { type: "button", title, onclick: () => { const cy = getCy(); if (cy) fn(cy); } }, text);
  const zoomBy = (cy, f) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  return h("div", { class: "zoom-buttons" }, btn("+", "Zoom in", (cy) => zoomBy(cy, 1.4)),
    btn("−", "Zoom out", (cy) => zoomBy(cy, 1 / 1.4)), btn("Fit", "Show everything", (cy) => cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } })));
}

async function pageNetwork(main) {
  setTitle("Network");
  const p = query();
  const m = await meta();
  const [data] = await Promise.all([api("/network", { ...sharedFilterParams(p), max_nodes: p.max_nodes }),
    scaleLibs().catch(() => {})]);  // the tone colours; without them the lines are grey
  const form = filterForm([...sharedFilterFields(p, m),
    select("max_nodes", [["", "50"], ["20", "20"], ["100", "100"], ["150", "150"]], p.max_nodes, "Actors")],
    (v) => go("/", v), "/");
  put(main, h("h1", {}, "Who deals with whom"),
    h("p", { class: "lead" }, "Each line joins two states or organisations that acted towards each other in the news. ",
      "Its colour is the average tone of their events — red for conflict, blue for cooperation (Goldstein scale) — and its width the number of events. ",
      "Scroll or pinch to zoom, drag to move; click an actor to open its page, or a line to see the events behind it."),
    form);
  if (!data.nodes.length) {
    put(main, empty(m.events ? "No events between two actors match these filters." :
      "This store holds no events yet. Code some articles with `detente code` and reload."));
    return;
  }
  let cy = null;
  const box = h("div", { class: "network-canvas", style: `height:${Math.round(Math.min(820, 420 + 2.6 * data.nodes.length))}px`, role: "img", "aria-label": `Network of ${plural(data.nodes.length, "actor")}` });
  put(main, h("div", { class: "legend-row" }, goldLegend(), kindLegend()),
    h("p", { class: "legend" }, data.dropped_nodes ? `${plural(data.dropped_nodes, "less active actor")} not shown (see “Actors”). ` : "",
      "Labels that would overlap are hidden until you zoom in; hover a node to see its name."),
    h("figure", { class: "network-box" }, zoomButtons(() => cy), box),
    h("p", { class: "note img-note" }, h("strong", {}, "IMG"), " is CAMEO's code for an ", h("em", {}, "international militarized group"),
      ": a militant group that acts across borders, such as the Islamic State or al-Qaeda. Groups the coder can name are drawn under their name; ",
      "a node labelled “Militant group (unnamed, IMG)” gathers the ones it could not name. A group coded to one country (Hamas, the Taliban) is counted with that country, sector REB."));
  cy = await drawNetwork(box, data);
  const rows = [...data.edges].sort((a, b) => b.n - a.n).slice(0, 25);
  const name = new Map(data.nodes.map((d) => [d.key, d.name]));
  put(main, h("h2", {}, "Strongest relations"), h("table", { class: "list" },
    h("thead", {}, h("tr", {}, h("th", {}, "Between"), h("th", { class: "num" }, "Events"), h("th", {}, "Mean tone"), h("th", {}, "Kinds"))),
    h("tbody", {}, rows.map((e) => h("tr", {},
      h("td", {}, h("a", { href: `/dyad/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}` }, `${name.get(e.source)} ↔ ${name.get(e.target)}`)),
      h("td", { class: "num" }, e.n), h("td", {}, toneBar(e.mean_goldstein)), h("td", {}, quadStrip(e.quad, e.n)))))));
}
