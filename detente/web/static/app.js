// Détente dashboard: plain JavaScript; the network (network.js), the map (map.js) and the time-line
// charts (charts.js) are drawn with vendored libraries (static/vendor). Every page is drawn from the URL and the
// read-only JSON API under /api; filters live in the query string, so every view can be bookmarked.
// Text from the data is always inserted as text (never as HTML).
"use strict";

// ---------------------------------------------------------------------------------- helpers
const SVG_NS = "http://www.w3.org/2000/svg";

function build(ns, tag, attrs, children) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const h = (tag, attrs, ...children) => build(null, tag, attrs, children);
// Append children to a node; arrays are flattened and null/false skipped (as in h()).
function put(parent, ...children) {
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false)
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return parent;
}
const s = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);

const QUAD = {
  1: { name: "Verbal cooperation", color: "#92c5de" },
  2: { name: "Material cooperation", color: "#2166ac" },
  3: { name: "Verbal conflict", color: "#f4a582" },
  4: { name: "Material conflict", color: "#b2182b" },
};
const FACT = {
  asserted: null,
  negated: { badge: "NOT", title: "The text says this did NOT happen (denied, refused or ruled out)" },
  future: { badge: "PLANNED", title: "Announced, promised or planned: not (yet) done" },
  hypothetical: { badge: "MAY", title: "Only possible, conditional or demanded: not done" },
};
const PERIOD_NAMES = { day: "Day", week: "Week", month: "Month", year: "Year" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

class ApiError extends Error {}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = "/api" + path + (qs.toString() ? "?" + qs : "");
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) throw new ApiError((body && body.error && body.error.message) || `${res.status} ${res.statusText}`);
  return body;
}

function query() { return Object.fromEntries(new URLSearchParams(location.search)); }

function go(path, params, hash) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  location.href = path + (qs.toString() ? "?" + qs : "") + (hash ? "#" + hash : "");
}

const fmtG = (g) => (g === null || g === undefined ? "–" : (g > 0 ? "+" : g < 0 ? "−" : "") + Math.abs(g).toFixed(1));
const plural = (n, word, many) => `${n.toLocaleString("en")} ${n === 1 ? word : many || word + "s"}`;

function periodLabel(day, period) {
  const [y, m] = day.split("-").map(Number);
  if (period === "year") return String(y);
  if (period === "month") return `${MONTHS[m - 1]} ${y}`;
  return day;
}

// The last day of the period that starts on `day` (YYYY-MM-DD).
function periodEnd(day, period) {
  const d = new Date(day + "T00:00:00Z");
  if (period === "day") return day;
  if (period === "week") d.setUTCDate(d.getUTCDate() + 6);
  else {
    const months = { month: 1, year: 12 }[period];
    d.setUTCMonth(d.getUTCMonth() + months);
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return d.toISOString().slice(0, 10);
}

// Links to the original article: only web addresses (a stored URL could be anything, e.g. javascript:).
const safeUrl = (u) => (/^https?:\/\//i.test(u || "") ? u : null);

function setTitle(text) { document.title = text ? `${text} · Détente` : "Détente"; }

function actorLink(a, cls) {
  if (!a) return h("span", { class: "actor none" }, "—");
  return h("a", { class: "actor " + (cls || ""), href: `/country/${encodeURIComponent(a.key)}`,
                  title: `${a.label} (${a.key})${a.sector ? ", sector " + a.sector : ""}` +
                         (a.name && a.name !== a.label ? ` — “${a.name}” in the text` : "") },
           a.label, a.sector ? h("small", { class: "sector" }, " " + a.sector) : null);
}

function badge(fact) {
  const f = FACT[fact];
  return f ? h("span", { class: `badge fact-${fact}`, title: f.title }, f.badge) : null;
}

function quadChip(q) {
  return q ? h("span", { class: "chip", style: `border-color:${QUAD[q].color}` }, QUAD[q].name) : null;
}

function legendHighlights() {
  return h("p", { class: "legend" }, "In each sentence:",
    h("mark", { class: "m-source" }, "who acts"), h("mark", { class: "m-target" }, "towards whom"),
    h("mark", { class: "m-trigger" }, "what happened"), "·",
    h("span", {}, h("span", { class: "badge fact-negated" }, "NOT"), " the text says it did not happen"),
    h("span", {}, h("span", { class: "badge fact-future" }, "PLANNED"), " announced, not done"),
    h("span", {}, h("span", { class: "badge fact-hypothetical" }, "MAY"), " only possible"));
}

// Search ignores case and accents, as the server does ("Vucic" finds "Vučić"): each character is
// folded on its own, so a match in the folded text maps back to the original characters.
const FOLD_EXTRA = { "đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i" };
function foldChar(c) {
  const low = c.toLowerCase();
  return FOLD_EXTRA[low] || low.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// `text` as text and <mark class="m-q"> nodes around every place the search words occur.
function markSearch(text, q) {
  const needle = Array.from((q || "").trim()).map(foldChar).join("");
  if (!needle || !text) return [text];
  let folded = "";
  const origin = [];  // origin[i]: index in `text` of the character folded[i] came from
  Array.from(text).reduce((at, c) => {
    const f = foldChar(c);
    for (const _ of f) origin.push(at);
    folded += f;
    return at + c.length;
  }, 0);
  const out = [];
  let from = 0, last = 0, i;
  while ((i = folded.indexOf(needle, from)) >= 0) {
    const a = origin[i], b = i + needle.length < origin.length ? origin[i + needle.length] : text.length;
    if (a > last) out.push(text.slice(last, a));
    out.push(h("mark", { class: "m-q", title: "matches your search" }, text.slice(a, b)));
    last = b;
    from = i + needle.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// The evidence sentence with source, target and trigger marked (pieces computed by the server),
// and the words searched for (q) marked inside them.
function sentenceView(ev, q) {
  const pieces = ev.evidence.highlight || [{ text: ev.evidence.sentence || "", marks: [] }];
  const quote = h("blockquote", { class: "sentence" }, pieces.map((p) => {
    if (!p.marks.length) return markSearch(p.text, q);
    const roles = { source: "who acts", target: "towards whom", trigger: "what happened" };
    return h("mark", { class: p.marks.map((m) => "m-" + m).join(" "),
                       title: p.marks.map((m) => roles[m]).join(" + ") }, markSearch(p.text, q));
  }));
  const shown = new Set(pieces.flatMap((p) => p.marks));
  const notes = [];
  if (ev.evidence.sentence_start === null || ev.evidence.sentence_start === undefined)
    notes.push("the sentence could not be located in the article, so nothing is marked");
  else {
    if (ev.evidence.source_span && !shown.has("source")) notes.push(`“${ev.source.name}” is named elsewhere in the article`);
    if (ev.evidence.target_span && !shown.has("target")) notes.push(`“${ev.target.name}” is named elsewhere in the article`);
  }
  return [quote, notes.length ? h("p", { class: "note" }, "Note: " + notes.join("; ") + ".") : null];
}

// How sure the learned coder was (evidence.scores; README "Event JSON"): "model 0.91 · source 0.88 ·
// target 0.70 · kept 0.64", or null for an event the rules alone coded.
const SCORE_NAMES = [["event", "model"], ["source", "source"], ["target", "target"], ["sentence", "sentence"],
                     ["fallback", "fallback"], ["kept", "kept"]];
const SCORES_TITLE = "The learned coder's probabilities: model = the event type, source / target = the actors, " +
  "sentence = the sentence model's, fallback = a fallback word's, kept = the event filter's that a person codes this";
function scoresText(ev, sep) {
  const s = ev.evidence && ev.evidence.scores;
  if (!s) return null;
  const parts = SCORE_NAMES.filter(([k]) => typeof s[k] === "number").map(([k, name]) => `${name} ${s[k].toFixed(2)}`);
  return parts.length ? parts.join(sep) : null;
}

function eventCard(ev, opts) {
  opts = opts || {};
  const fact = ev.factuality;
  const typeTitle = (window.DETENTE_TYPES || {})[ev.event] || "";
  const head = h("div", { class: "ev-head" },
    h("span", { class: "date" }, ev.date),
    actorLink(ev.source, "src"),
    h("span", { class: "arrow", "aria-hidden": "true" }, "→"),
    badge(fact),
    h("span", { class: "etype", title: typeTitle, style: `border-color:${QUAD[ev.quad_class] ? QUAD[ev.quad_class].color : "#999"}` },
      ev.event + (ev.mode ? ` / ${ev.mode}` : "")),
    h("span", { class: "arrow", "aria-hidden": "true" }, "→"),
    actorLink(ev.target, "tgt"),
    ev.reviewed ? h("span", { class: "badge reviewed", title: "An analyst reviewed this event (docs/review.md)" }, "REVIEWED") : null);
  const bits = [];
  if (ev.speaker) bits.push(`said by ${ev.speaker}`);
  if (ev.location) bits.push(`in ${ev.location.name}`);
  bits.push(`CAMEO ${ev.cameo}`, `Goldstein ${fmtG(ev.goldstein)}`);
  const scores = scoresText(ev, ", ");
  if (scores) bits.push(h("span", { class: "scores", title: SCORES_TITLE }, "scores: " + scores));
  if (!opts.noArticle) bits.push(h("a", { href: `/article/${ev.article_id}#ev-${ev.id}`, class: "to-article" },
    "article: " + (ev.article.title || ev.article_id)));
  if (ev.source && ev.target && ev.source.key !== ev.target.key)
    bits.push(h("a", { href: `/dyad/${encodeURIComponent(ev.source.key)}/${encodeURIComponent(ev.target.key)}` },
      `${ev.source.label} ↔ ${ev.target.label}`));
  if (!opts.noDetails) bits.push(h("a", { href: `/event/${ev.id}`, class: "to-event" }, "details"));
  const foot = h("div", { class: "ev-foot" }, quadChip(ev.quad_class), " ",
    bits.flatMap((b, i) => (i ? [" · ", b] : [b])));
  return h("article", { class: `event fact-${fact}`, id: `ev-${ev.id}`, "data-event-id": ev.id },
    head, sentenceView(ev, opts.q), foot);
}

function pager(total, limit, offset, onGo, words) {
  const last = Math.min(total, offset + limit);
  const [back, on] = words || ["← Newer", "Older →"];
  return h("nav", { class: "pager" },
    h("button", { type: "button", disabled: offset <= 0, onclick: () => onGo(Math.max(0, offset - limit)) }, back),
    h("span", {}, total ? `${(offset + 1).toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")}` : "none"),
    h("button", { type: "button", disabled: last >= total, onclick: () => onGo(offset + limit) }, on));
}

function errorBox(err) {
  return h("div", { class: "error", role: "alert" }, "Could not load: " + (err.message || err));
}

function empty(text) { return h("p", { class: "empty" }, text); }

function select(name, options, value, label) {
  return h("label", {}, label, " ", h("select", { name },
    options.map(([v, t]) => h("option", { value: v, selected: String(v) === String(value ?? "") }, t))));
}
function input(name, value, label, attrs) {
  return h("label", {}, label, " ", h("input", { name, value: value || "", ...(attrs || {}) }));
}

function filterForm(fields, onSubmit, resetPath) {
  const form = h("form", { class: "filters" }, fields, h("button", { type: "submit" }, "Apply"),
    resetPath ? h("a", { href: resetPath, class: "reset" }, "Clear") : null);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    onSubmit(Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

// From / to date fields: they go into the URL with the other filters, and every chart reads them.
function dateFields(p) {
  return [input("since", p.since, "From", { type: "date" }), input("until", p.until, "to", { type: "date" })];
}

// What range a chart shows and why (the API says which bounds came from the data).
function rangeNote(range) {
  if (!range) return null;
  const bits = [`${range.since} to ${range.until}`];
  if (range.from_data && range.from_data.length) bits.push("where the events are");
  if (range.outside) bits.push(`${plural(range.outside, "event")} with a stray date far from the rest left out — set From/to to see ${range.outside === 1 ? "it" : "them"}`);
  if (range.cut) bits.push("only the latest periods fit: choose a longer period to see all");
  return h("p", { class: "muted range-note" }, "Showing " + bits.join("; ") + ".");
}

// Download buttons for the events of the current filter (the API's /api/export).
function exportBar(params) {
  const qs = (fmt) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, v);
    u.set("format", fmt);
    return "/api/export?" + u;
  };
  return h("p", { class: "export" }, "Download these events: ",
    [["csv", "CSV"], ["parquet", "Parquet"], ["gdelt", "GDELT TSV"]].map(([fmt, name]) =>
      h("a", { class: "button", href: qs(fmt), download: "", "data-format": fmt }, name)));
}

// Charts are drawn at the width they get, so that their text stays readable on a phone.
function chartWidth() {
  const main = document.getElementById("main");
  return Math.round(Math.max(320, Math.min(900, (main && main.clientWidth) || 900)));
}

let META = null;
async function meta() {
  if (!META) {
    META = await api("/meta");
    window.DETENTE_TYPES = Object.fromEntries(META.plover_types.map((t) => [t.event, t.definition]));
  }
  return META;
}
const typeOptions = () => [["", "any type"], ...META.plover_types.map((t) => [t.event, t.event])];
const quadOptions = () => [["", "any kind"], ...Object.entries(QUAD).map(([q, d]) => [q, d.name])];

let ACTORS = null;
async function actorList() {
  if (!ACTORS) ACTORS = (await api("/actors", { limit: 500, factuality: "all" })).items;
  return ACTORS;
}

// ------------------------------------------------------------------------------------- charts
// The time-line charts (quadBars, toneStrip, alignmentChart) are in charts.js, drawn with d3.

function quadLegend() {
  return h("p", { class: "legend" }, Object.values(QUAD).map((q) =>
    h("span", { class: "key" }, h("i", { style: `background:${q.color}` }), q.name)));
}

// -------------------------------------------------------------------------------------- pages
// pageNetwork is in network.js, pageMap in map.js.

const fmtIndex = (v) => (v > 0 ? "+" : v < 0 ? "−" : "") + Math.abs(v || 0).toFixed(2);

function toneBar(g) {
  const w = g === null || g === undefined ? 0 : Math.abs(g) * 4;
  return h("span", { class: "tone", title: `mean Goldstein ${fmtG(g)}` },
    h("span", { class: "tone-track" }, h("span", { class: "tone-fill " + (g < 0 ? "neg" : "pos"),
      style: `width:${w}%;background:${goldColor(g)}` })), " ", fmtG(g));
}

function quadStrip(quad, n) {
  return h("span", { class: "quad-strip", title: [1, 2, 3, 4].map((q) => `${QUAD[q].name}: ${quad[q] || 0}`).join("\n") },
    [1, 2, 3, 4].map((q) => (quad[q] ? h("span", { style: `flex:${quad[q]};background:${QUAD[q].color}` }) : null)),
    n ? null : "–");
}

const PARTNERS_PAGE = 25;

async function pageCountry(main, key) {
  await meta();
  const p = query();
  const here = `/country/${encodeURIComponent(key)}`;
  const dates = { since: p.since, until: p.until };
  const poffset = Number(p.poffset || 0);
  let info;
  try { info = await api(`/actors/${encodeURIComponent(key)}`, { factuality: p.factuality, ...dates, limit: PARTNERS_PAGE, offset: poffset }); }
  catch (err) { put(main, h("h1", {}, key), errorBox(err)); return; }
  setTitle(info.name);
  const period = PERIOD_NAMES[p.period] ? p.period : "month";
  put(main, h("h1", {}, info.name, " ", h("span", { class: "code" }, info.key)),
    h("p", { class: "lead" }, `${info.kind === "organisation" ? "Organisation" : "State"} · `,
      `${plural(info.n, "event")} that happened (${info.n_source} as actor, ${info.n_target} as target)`,
      info.first_date ? `, ${info.first_date} to ${info.last_date}` : "", ". ",
      h("a", { href: `/events?actor=${encodeURIComponent(info.key)}` }, "All its events, including denied and planned ones →")),
    filterForm([...dateFields(p), select("period", Object.entries(PERIOD_NAMES), period, "by")],
      (v) => go(here, { ...p, ...v, poffset: 0 }), here));

  // Its events over time: volume by kind, and the mean tone of each period.
  const over = h("section", { class: "actor-series" });
  put(main, h("h2", {}, "Events over time"), over);
  try {
    const [ser] = await Promise.all([
      api(`/actors/${encodeURIComponent(info.key)}/series`, { period, ...dates, factuality: p.factuality }), chartLibs()]);
    if (ser.series.some((x) => x.n)) put(over, rangeNote(ser.range), quadLegend(),
      quadBars(ser.series, period, (day) => go("/events", { actor: info.key, since: day, until: periodEnd(day, period) })),
      toneStrip(ser.series, period));
    else put(over, empty("No events in these dates."));
  } catch (err) { put(over, errorBox(err)); }

  // Partners, a page at a time (their tone bars take the colour scale; without it they are grey)
  await scaleLibs().catch(() => {});
  put(main, h("h2", { id: "partners" }, "Partners"), h("p", { class: "muted" }, "States and organisations it acted with, either way. Click a row for the time line and the events."));
  if (!info.partners.length) put(main, empty("No events with another actor."));
  else put(main, h("table", { class: "list partners" },
    h("thead", {}, h("tr", {}, h("th", {}, "Partner"), h("th", { class: "num" }, "Events"), h("th", { class: "num" }, "by " + info.name),
      h("th", { class: "num" }, "towards " + info.name), h("th", {}, "Mean tone"), h("th", {}, "Kinds"))),
    h("tbody", {}, info.partners.map((r) => h("tr", { "data-partner": r.key },
      h("td", {}, h("a", { href: `/dyad/${encodeURIComponent(info.key)}/${encodeURIComponent(r.key)}` + (p.since || p.until ? "?" + new URLSearchParams(Object.entries(dates).filter(([, v]) => v)) : ""), class: "dyad-link" }, `${info.name} ↔ ${r.name}`)),
      h("td", { class: "num" }, r.n), h("td", { class: "num" }, r.n_out), h("td", { class: "num" }, r.n_in),
      h("td", {}, toneBar(r.mean_goldstein)), h("td", {}, quadStrip({ 1: r.q1, 2: r.q2, 3: r.q3, 4: r.q4 }, r.n)))))),
    info.partners_total > PARTNERS_PAGE ? pager(info.partners_total, PARTNERS_PAGE, poffset, (o) => go(here, { ...p, poffset: o }, "partners"), ["← More active", "Less active →"]) : null);

  // Alignment between two poles (detente alignment's index)
  const actors = (await actorList()).filter((a) => a.key !== info.key);
  const m = await meta();
  // Without poles in the URL the API picks them (never a bloc the actor belongs to: USA is not
  // measured towards the West it is part of).
  const given = p.pole_a && p.pole_b ? { pole_a: p.pole_a, pole_b: p.pole_b } : {};
  const opts = [...m.blocs.map((b) => [b.key, `${b.name} (bloc)`]), ...actors.map((a) => [a.key, `${a.name} (${a.key})`])];
  const alPeriod = PERIOD_NAMES[p.alperiod] ? p.alperiod : "year";
  const sec = h("section", { class: "alignment" });
  put(main, h("h2", {}, "Alignment over time"), sec);
  try {
    const [al] = await Promise.all([api("/alignment", { actor: info.key, ...given, period: alPeriod, ...dates }), chartLibs()]);
    const [A, B] = al.poles;
    const [pa, pb] = [A.key, B.key];
    for (const v of [pa, pb]) if (!opts.some(([k]) => k === v)) opts.unshift([v, v]);
    put(sec, filterForm([
      select("pole_a", opts, pa, "Between"), select("pole_b", opts, pb, "and"),
      select("alperiod", Object.entries(PERIOD_NAMES), alPeriod, "by"),
    ], (v) => go(here, { ...p, ...v })));
    const oa = al.overall.poles[A.key], ob = al.overall.poles[B.key];
    for (const [i, pole] of [A, B].entries()) {  // name the poles the actor list did not know
      const opt = sec.querySelectorAll("select")[i].selectedOptions[0];
      if (opt && opt.textContent === pole.key) opt.textContent = pole.name;
    }
    const tone = (r) => (r.affinity > 0 ? "friendly" : r.affinity < 0 ? "hostile" : "mixed");
    let lean;
    if (!oa || (!oa.events && !ob.events)) lean = `No events between ${info.name} and either pole.`;
    else if (!oa.events || !ob.events) {
      const [some, none, r] = oa.events ? [A, B, oa] : [B, A, ob];
      lean = `Overall: no events with ${none.name}; relations with ${some.name} are ${tone(r)} (affinity ${fmtIndex(r.affinity)}).`;
    } else if (al.overall.leaning === "even") lean = "Overall: no lean either way.";
    else if (al.overall.leaning === "no signal") lean = "Overall: no signal (no happening with the pole it would lean to).";
    else {
      // The index of the first pole, as the chart draws it: + towards the first pole, − towards the second.
      const toA = al.overall.leaning === A.key;
      lean = `Overall: leans to ${toA ? A.name : B.name} (index ${fmtIndex(oa.index)}; + is towards ${A.name}, − towards ${B.name}).`;
    }
    put(sec,
      h("p", { class: "muted" }, `Each happening between ${info.name} and a member of a pole is a signal: its Goldstein tone, weighted by direction and factuality — `,
        "refusing to sanction Russia is a signal towards Russia. The index compares the poles' summed signals, from −1 to +1. ",
        h("a", { href: `/events?actor=${encodeURIComponent(info.key)}` }, "See the events"), "."),
      oa ? h("p", { class: "legend" },
        h("span", { class: "key" }, h("i", { class: "pole-a-key" }), `${A.name}: ${plural(oa.events, "happening")} (${oa.cooperative} cooperative, ${oa.conflictual} conflictual)`),
        h("span", { class: "key" }, h("i", { class: "pole-b-key" }), `${B.name}: ${plural(ob.events, "happening")} (${ob.cooperative} cooperative, ${ob.conflictual} conflictual)`)) : null,
      h("p", { class: "verdict" }, lean),
      al.series.length ? [rangeNote(al.range), alignmentChart(al)] : null);
  } catch (err) { put(sec, errorBox(err)); }

  // Latest events
  const latest = await api("/events", { actor: info.key, limit: 10, ...dates });
  put(main, h("h2", {}, "Latest events"), exportBar({ actor: info.key, ...dates }), legendHighlights(),
    latest.items.length ? latest.items.map((ev) => eventCard(ev)) : empty("No events."),
    latest.total > latest.items.length ? h("p", {}, h("a", { href: `/events?actor=${encodeURIComponent(info.key)}` }, `All ${latest.total} events →`)) : null);
}

function otherFacts(o) {
  const words = { negated: "denied", future: "planned", hypothetical: "only possible" };
  return Object.entries(o || {}).filter(([, n]) => n).map(([k, n]) => `${n} ${words[k] || k}`).join(", ");
}

async function pageDyad(main, a, b) {
  await meta();
  const p = query();
  const period = PERIOD_NAMES[p.period] ? p.period : "month";
  const here = location.pathname;
  // since/until in the address drive both the chart and the list; the form writes them there.
  const form = filterForm([
    ...dateFields(p),
    select("period", Object.entries(PERIOD_NAMES), period, "Time line by"),
    select("event", typeOptions(), p.event, "Event type"),
  ], (v) => go(here, { ...v, factuality: p.factuality }), here);
  const heading = h("h1", {}, `${a} ↔ ${b}`);
  const lead = h("p", { class: "lead" });
  put(main, heading, lead, form);
  const chart = h("section", { class: "dyad-chart" });
  put(main, chart);
  try {
    const [d] = await Promise.all([api(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
                                       { period, event: p.event, since: p.since, until: p.until }), chartLibs()]);
    setTitle(`${d.a.name} ↔ ${d.b.name}`);
    heading.replaceChildren(h("a", { href: `/country/${encodeURIComponent(d.a.key)}` }, d.a.name), " ↔ ",
      h("a", { href: `/country/${encodeURIComponent(d.b.key)}` }, d.b.name));
    put(lead, `${plural(d.total, "happening")} between them that the news says took place (${plural(d.mentions, "report")}): `,
      `${d.n_ab} by ${d.a.name}, ${d.n_ba} by ${d.b.name}; mean tone ${fmtG(d.mean_goldstein)}. `,
      otherFacts(d.other_factuality) ? `Besides: ${otherFacts(d.other_factuality)} — listed below, marked, not counted in the bars. ` : "",
      "Reports of the same act are merged into one happening.");
    if (d.series.length) put(chart, rangeNote(d.range), quadLegend(), quadBars(d.series, period, (day) =>
      go(here, { ...p, since: day, until: periodEnd(day, period), offset: 0 }, "events")));
    else put(chart, empty("No events between them" + (p.since || p.until ? " in these dates." : ".")));
  } catch (err) { put(chart, errorBox(err)); }  // the events below are listed all the same

  // The events behind it
  const offset = Number(p.offset || 0);
  const filter = { pair: `${a},${b}`, event: p.event, since: p.since, until: p.until, factuality: p.factuality };
  const list = await api("/events", { ...filter, limit: 25, offset });
  const dated = p.since || p.until;
  put(main, h("h2", { id: "events" }, "The events", dated ? ` from ${p.since || "the start"} to ${p.until || "the end"}` : "",
      dated ? [" ", h("a", { href: here + (p.period ? "?period=" + p.period : ""), class: "reset" }, "(all dates)")] : null),
    h("div", { class: "filters" }, select("factuality", [["", "all, incl. denied & planned"], ["asserted", "happened"], ["negated", "denied (NOT)"], ["future", "planned"], ["hypothetical", "possible"]], p.factuality, "Show")),
    exportBar(filter), legendHighlights(),
    list.items.length ? list.items.map((ev) => eventCard(ev)) : empty("No events."),
    pager(list.total, list.limit, list.offset, (o) => go(here, { ...p, offset: o })));
  main.querySelector("select[name=factuality]").addEventListener("change", (e) =>
    go(here, { ...p, factuality: e.target.value, offset: 0 }));
}

async function pageEvents(main) {
  setTitle("Events");
  await meta();
  const p = query();
  const offset = Number(p.offset || 0);
  put(main, h("h1", {}, "Events"),
    h("p", { class: "lead" }, "Every coded event with the sentence it comes from. Filter by actor (country code like SRB, or NATO), pair (SRB,RUS), type or words."),
    filterForm([
      input("actor", p.actor, "Actor", { list: "actor-list", size: 8, placeholder: "SRB" }),
      input("pair", p.pair, "Pair", { size: 9, placeholder: "SRB,RUS" }),
      select("event", typeOptions(), p.event, "Type"), select("quad_class", quadOptions(), p.quad_class, "Kind"),
      select("factuality", [["", "any"], ["asserted", "happened"], ["negated", "denied (NOT)"], ["future", "planned"], ["hypothetical", "possible"]], p.factuality, "Status"),
      ...dateFields(p),
      input("q", p.q, "Words", { type: "search", placeholder: "sanctions", size: 12 }),
      input("place", p.place, "Where", { size: 4, placeholder: "SRB", title: "ISO3 code of the country it took place in" }),
      h("input", { type: "hidden", name: "sector", value: p.sector || "" }),
    ], (v) => go("/events", v), "/events"));
  const filter = { actor: p.actor, pair: p.pair, event: p.event, quad_class: p.quad_class,
    factuality: p.factuality, since: p.since, until: p.until, q: p.q, place: p.place, sector: p.sector };
  const list = await api("/events", { ...filter, limit: 50, offset });
  put(main, h("p", { class: "count" }, plural(list.total, "event")), exportBar(filter), legendHighlights(),
    list.items.length ? list.items.map((ev) => eventCard(ev, { q: p.q })) : empty("No events match these filters."),
    pager(list.total, list.limit, list.offset, (o) => go("/events", { ...p, offset: o })));
}

function actorDetails(a) {
  if (!a) return "none";
  return [h("strong", {}, a.label), ` (${a.key}${a.sector ? ", " + a.sector : ""}; CAMEO ${a.cameo})`,
    a.name && a.name !== a.label ? ` — written “${a.name}”` : "", a.reason ? h("div", { class: "reason" }, "why: " + a.reason) : null];
}

async function pageEvent(main, id) {
  await meta();
  let ev;
  try { ev = await api(`/events/${encodeURIComponent(id)}`); }
  catch (err) { put(main, h("h1", {}, "Event"), errorBox(err)); return; }
  setTitle(`${ev.event} ${ev.source ? ev.source.label : ""}`);
  const fact = { asserted: "happened (the text asserts it)", negated: "did NOT happen — the text denies, refuses or rules it out",
                 future: "planned or promised, not done", hypothetical: "only possible, conditional or demanded" }[ev.factuality];
  const row = (k, ...v) => h("tr", {}, h("th", {}, k), h("td", {}, ...v));
  put(main, h("h1", {}, `${ev.source ? ev.source.label : "?"} → `, ev.factuality !== "asserted" ? [badge(ev.factuality), " "] : null,
      h("span", { class: `etype-title fact-${ev.factuality}` }, ev.event), ` → ${ev.target ? ev.target.label : "—"}`),
    legendHighlights(), eventCard(ev, { noDetails: true }),
    h("table", { class: "details" }, h("tbody", {},
      row("Status", h("span", { class: `fact-word fact-${ev.factuality}` }, ev.factuality), " — " + fact),
      row("Type", `${ev.event}${ev.mode ? " / " + ev.mode : ""}${ev.context ? " (" + ev.context + ")" : ""}`, h("div", { class: "reason" }, (window.DETENTE_TYPES || {})[ev.event] || "")),
      row("Actor", actorDetails(ev.source)), row("Towards", actorDetails(ev.target)),
      row("Date", ev.date), row("Place", ev.location ? `${ev.location.name}${ev.location.country ? " (" + ev.location.country + ")" : ""}${ev.location.origin === "dateline" ? " — from the article's dateline; the sentence names no place" : ""}` : "not stated"),
      row("Said by", ev.speaker || "—"),
      row("CAMEO", ev.cameo), row("Goldstein", fmtG(ev.goldstein)), row("Kind", ev.quad_name || "—"),
      row("Trigger", ev.evidence.trigger || "—"), row("Rule", ev.evidence.rule || "—"),
      row("Scores", scoresText(ev, " · ") || "— (coded by the rules alone, or stored before scores were kept)",
        h("div", { class: "reason" }, SCORES_TITLE)),
      row("Article", h("a", { href: `/article/${ev.article_id}#ev-${ev.id}` }, ev.article.title || ev.article_id),
        safeUrl(ev.article.url) ? [" · ", h("a", { href: safeUrl(ev.article.url), rel: "noopener noreferrer", target: "_blank" }, "original")] : null))));
}

async function pageArticle(main, id) {
  await meta();
  let art;
  try { art = await api(`/articles/${encodeURIComponent(id)}`); }
  catch (err) { put(main, h("h1", {}, "Article"), errorBox(err)); return; }
  setTitle(art.title || "Article");
  put(main, h("h1", {}, art.title || "(untitled article)"),
    h("p", { class: "lead" }, [art.date, art.dateline ? "filed from " + art.dateline : null, art.source, plural(art.events.length, "event")].filter(Boolean).join(" · "),
      safeUrl(art.url) ? [" · ", h("a", { href: safeUrl(art.url), rel: "noopener noreferrer", target: "_blank" }, "original")] : null),
    h("h2", {}, "Its events"), legendHighlights(),
    art.events.length ? art.events.map((ev) => eventCard(ev, { noArticle: true })) : empty("No events were coded in this article."),
    h("h2", {}, "The text"), h("p", { class: "muted" }, "Underlined words are event triggers; click one to jump to its event."),
    h("div", { class: "article-text" }, art.text_pieces.map((p) => p.marks.length
      ? h("a", { class: "trig", href: `#ev-${p.marks[0]}`, title: p.marks.map((eid) => {
          const ev = art.events.find((e) => e.id === eid);
          return ev ? `${ev.factuality === "asserted" ? "" : FACT[ev.factuality].badge + " "}${ev.event}: ${ev.source ? ev.source.label : "?"} → ${ev.target ? ev.target.label : "—"}` : eid;
        }).join("\n") }, paragraphs(p.text))
      : paragraphs(p.text))));
}

// Newlines in article text become visible paragraph breaks.
function paragraphs(text) {
  return text.split("\n").flatMap((part, i) => (i ? [h("span", { class: "para" }), part] : [part]));
}

async function pageArticles(main) {
  setTitle("Articles");
  const p = query();
  const offset = Number(p.offset || 0);
  put(main, h("h1", {}, "Articles"),
    filterForm([input("q", p.q, "Words in title or text", { type: "search", size: 24 }), ...dateFields(p)],
      (v) => go("/articles", v), "/articles"));
  const list = await api("/articles", { q: p.q, since: p.since, until: p.until, limit: 50, offset });
  put(main, h("p", { class: "count" }, plural(list.total, "article")),
    list.items.length ? h("table", { class: "list" },
      h("thead", {}, h("tr", {}, h("th", {}, "Date"), h("th", {}, "Title"), h("th", {}, "Source"), h("th", { class: "num" }, "Events"))),
      h("tbody", {}, list.items.map((a) => h("tr", {}, h("td", {}, a.date), h("td", {}, h("a", { href: `/article/${a.id}` }, markSearch(a.title || a.id, p.q))),
        h("td", {}, a.source || ""), h("td", { class: "num" }, a.n_events))))) : empty("No articles."),
    pager(list.total, list.limit, list.offset, (o) => go("/articles", { ...p, offset: o })));
}

// The API reference, drawn from the OpenAPI schema (no third-party documentation viewer).
async function pageDocs(main) {
  setTitle("API");
  const spec = await (await fetch("/openapi.json")).json();
  put(main, h("h1", {}, spec.info.title, " ", h("span", { class: "code" }, spec.info.version)),
    h("p", { class: "lead" }, spec.info.description), h("p", {}, "Machine-readable schema: ", h("a", { href: "/openapi.json" }, "/openapi.json"), "."));
  for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
    const params = op.parameters || [];
    const example = params.some((x) => x.in === "path") ? null : h("a", { href: path }, "try it");
    put(main, h("section", { class: "endpoint" }, h("h2", {}, h("code", {}, `${method.toUpperCase()} ${path}`), " ", example),
      h("p", {}, op.summary || ""), op.description ? h("p", { class: "muted" }, op.description) : null,
      params.length ? h("table", { class: "list" }, h("thead", {}, h("tr", {}, h("th", {}, "parameter"), h("th", {}, "in"), h("th", {}, "type"), h("th", {}, "meaning"))),
        h("tbody", {}, params.map((x) => h("tr", {}, h("td", {}, h("code", {}, x.name), x.required ? " *" : ""), h("td", {}, x.in),
          h("td", {}, schemaText(x.schema || {})), h("td", {}, x.description || ""))))) : null));
  }
}

function schemaText(sc) {
  const alt = sc.anyOf ? sc.anyOf.find((x) => x.type !== "null") || {} : sc;
  const bits = [alt.enum ? alt.enum.join(" | ") : alt.format || alt.type || "string"];
  if (alt.minimum !== undefined || alt.maximum !== undefined) bits.push(`${alt.minimum ?? ""}…${alt.maximum ?? ""}`);
  if (sc.default !== undefined && sc.default !== null) bits.push(`default ${sc.default}`);
  return bits.join(", ");
}

// ------------------------------------------------------------------------------------- router
const ROUTES = [
  [/^\/$/, pageNetwork, "network"],
  [/^\/country\/([^/]+)$/, pageCountry, "network"],
  [/^\/dyad\/([^/]+)\/([^/]+)$/, pageDyad, "network"],
  [/^\/events$/, pageEvents, "events"],
  [/^\/event\/([^/]+)$/, pageEvent, "events"],
  [/^\/articles$/, pageArticles, "articles"],
  [/^\/article\/([^/]+)$/, pageArticle, "articles"],
  [/^\/docs$/, pageDocs, "docs"],
  [/^\/map$/, pageMap, "map"],
];

async function start() {
  const main = document.getElementById("main");
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const route = ROUTES.find(([re]) => re.test(path));
  main.replaceChildren();
  document.getElementById("jump").addEventListener("submit", jump);
  if (!route) { put(main, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "/" }, "Back to the network"))); return; }
  const [re, page, nav] = route;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.nav === nav));
  const args = path.match(re).slice(1).map(decodeURIComponent);
  try { await page(main, ...args); }
  catch (err) { put(main, errorBox(err)); console.error(err); }
  // The page is drawn after load, so the browser could not scroll to #anchor itself.
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) { target.classList.add("focus"); target.scrollIntoView(); }
  labelCells(main);
  main.setAttribute("data-ready", "1");
  footer();
  fillActorList();
}

// Each cell of a list table carries its column's name, so that on a phone (style.css) a row can be
// shown as a card of "name: value" lines instead of a table wider than the screen.
function labelCells(root) {
  for (const table of root.querySelectorAll("table.list")) {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
    for (const row of table.querySelectorAll("tbody tr"))
      [...row.children].forEach((td, i) => { if (names[i]) td.setAttribute("data-label", names[i]); });
  }
}

async function footer() {
  try {
    const m = await meta();
    document.getElementById("foot").textContent =
      `${plural(m.articles, "article")} · ${plural(m.events, "event")}` +
      (m.articles_range && m.articles_range.first ? ` · articles from ${m.articles_range.first} to ${m.articles_range.last}` : "") +
      " · Détente — events coded automatically from news text: check the sentence before you quote it.";
  } catch (err) { /* the page shows its own error */ }
}

async function fillActorList() {
  try {
    const list = document.getElementById("actor-list");
    if (list.children.length) return;
    for (const a of await actorList()) list.append(h("option", { value: a.key }, `${a.name} (${plural(a.n, "event")})`));
  } catch (err) { /* search still works with codes */ }
}

async function jump(e) {
  e.preventDefault();
  const text = document.getElementById("jump-input").value.trim();
  if (!text) return;
  const actors = await actorList();
  const low = text.toLowerCase();
  const hit = actors.find((a) => a.key.toLowerCase() === low) || actors.find((a) => a.name.toLowerCase() === low)
    || actors.find((a) => a.name.toLowerCase().startsWith(low)) || actors.find((a) => a.name.toLowerCase().includes(low));
  if (hit) go(`/country/${encodeURIComponent(hit.key)}`);
  else go("/events", { q: text });
}

document.addEventListener("DOMContentLoaded", start);
