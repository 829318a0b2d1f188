// The time-line charts (dyad time line, a country's events over time and tone, alignment), drawn with
// the vendored d3 modules (static/vendor, see VERSIONS.tsv): d3-scale places the periods and values,
// d3-axis draws the axes and gridlines, d3-shape stacks the QuadClass bars, d3-selection joins the
// data to the SVG. Each chart is drawn at the width it gets (chartWidth) so its text stays readable.
// Uses the helpers of app.js and vendor.js at call time; loaded before app.js.
"use strict";

// In load order: d3-scale needs d3-array, d3-interpolate (which needs d3-color), d3-format, d3-time
// and d3-time-format; d3-axis draws into a d3-selection; d3-shape needs d3-path.
// d3-scale-chromatic needs d3-interpolate. SCALE_LIBS colour the tone (goldColor) on every page that
// shows it (network, map, partners); CHART_LIBS draw the time lines.
const SCALE_LIBS = ["d3-array.min.js", "d3-color.min.js", "d3-interpolate.min.js", "d3-format.min.js",
  "d3-time.min.js", "d3-time-format.min.js", "d3-scale.min.js", "d3-scale-chromatic.min.js"];
const CHART_LIBS = [...SCALE_LIBS, "d3-selection.min.js", "d3-axis.min.js", "d3-path.min.js", "d3-shape.min.js"];
const QUADS = [1, 2, 3, 4];

// A page loads the chart libraries with its chart's data; a failure shows in the chart's place only.
function chartLibs() { return loadVendor(CHART_LIBS); }
function scaleLibs() { return loadVendor(SCALE_LIBS); }

// Goldstein −10 (red, conflict) … 0 (grey) … +10 (blue, cooperation): a d3-scale diverging scale
// through ColorBrewer's RdBu ends (d3-scale-chromatic) and a grey middle that shows on white, mixed
// in RGB by d3-interpolate. Made when first needed; before the libraries load (or if they cannot)
// every tone is the neutral grey, so a list is never held back by its colours.
let GOLD_SCALE = null;
const GOLD_NONE = "#999999";
function goldScale() {
  if (!GOLD_SCALE && window.d3 && d3.scaleDiverging && d3.schemeRdBu) {
    const rdbu = d3.schemeRdBu[9];
    GOLD_SCALE = d3.scaleDiverging([-10, 0, 10], d3.piecewise(d3.interpolateRgb, [rdbu[0], "#cccccc", rdbu[8]]))
      .clamp(true);
  }
  return GOLD_SCALE;
}

function goldColor(g) {
  const scale = goldScale();
  return g === null || g === undefined || !scale ? GOLD_NONE : d3.color(scale(g)).formatHex();
}

// The colour key of goldColor: the scale's own ticks along a d3 linear axis position.
function goldLegend() {
  const svg = s("svg", { viewBox: "0 0 320 44", class: "legend-svg", role: "img", "aria-label": "Colour scale" });
  const scale = goldScale();
  if (!scale) return svg;
  const x = d3.scaleLinear([-10, 10], [10, 310]);
  const steps = d3.ticks(-10, 10, 40);
  const w = (x.range()[1] - x.range()[0]) / (steps.length - 1);
  for (const g of steps) svg.append(s("rect", { x: (x(g) - w / 2).toFixed(1), y: 6, width: (w + 0.5).toFixed(1), height: 12, fill: goldColor(g) }));
  svg.append(s("text", { x: x(-10) - w / 2, y: 34, class: "tick" }, "−10 conflict"),
             s("text", { x: x(0), y: 34, class: "tick", "text-anchor": "middle" }, "0"),
             s("text", { x: x(10) + w / 2, y: 34, class: "tick", "text-anchor": "end" }, "+10 cooperation"));
  return svg;
}

function chartSvg(W, H, cls, label) {
  return d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("class", `chart ${cls}`)
    .attr("role", "img").attr("aria-label", label);
}

// One slot per period, left to right, of the same width with or without bars (so the tone strip's
// cells sit under the bars); `bars` leaves a gap between neighbours, half of it at either end.
function periodScale(series, L, right, bars) {
  const gap = bars ? 0.15 : 0;
  return d3.scaleBand().domain(series.map((p) => p.period)).range([L, right]).paddingInner(gap).paddingOuter(gap / 2);
}

// The axes take the page's font and the stylesheet's sizes (.tick), not d3-axis's own 10 px sans-serif.
function pageFont(a) {
  a.attr("font-family", null).attr("font-size", null).select(".domain").remove();
  a.selectAll(".tick text").attr("class", "tick");
}

// A bar's width: at most 60 px, so a year of three periods does not draw slabs; centred in its band.
const barWidth = (x) => Math.max(1, Math.min(60, x.bandwidth()));
const barX = (x, period) => x(period) + (x.bandwidth() - barWidth(x)) / 2;

// Values on the left, with a gridline across the chart at each tick (the zero line darker).
function valueAxis(svg, y, L, right, ticks, fmt) {
  const axis = d3.axisLeft(y).tickValues(ticks).tickSize(-(right - L)).tickPadding(6).tickFormat(fmt);
  svg.append("g").attr("class", "y-axis").attr("transform", `translate(${L},0)`).call(axis).call(pageFont)
    .call((a) => a.selectAll(".tick line").attr("class", (t) => (t === 0 ? "zero" : "grid")));
}

// Period labels under the bars, thinned to what fits (at most 12) so they never overlap.
function periodAxis(svg, x, y0, period) {
  const periods = x.domain();
  const room = Math.max(3, Math.floor((x.range()[1] - x.range()[0]) / (period === "day" || period === "week" ? 80 : 64)));
  const every = Math.max(1, Math.ceil(periods.length / Math.min(12, room)));
  svg.append("g").attr("class", "x-axis").attr("transform", `translate(0,${y0})`)
    .call(d3.axisBottom(x).tickValues(periods.filter((_, i) => !(i % every)))
      .tickFormat((day) => periodLabel(day, period)).tickSize(0).tickPadding(8))
    .call(pageFont);
}

// Whole-number ticks for counts: "1.5 events" is no tick.
function countTicks(y, max) {
  return y.ticks(Math.min(5, max)).filter(Number.isInteger);
}

function barTitle(p, period) {
  const types = Object.entries(p.types || {}).map(([t, n]) => `${t} ${n}`).join(", ");
  const others = otherFacts(p.other_factuality);
  return `${periodLabel(p.period, period)}: ${plural(p.n, "happening")}` +
    QUADS.filter((q) => p.quad[q]).map((q) => `\n${QUAD[q].name}: ${p.quad[q]}`).join("") +
    (types ? `\n${types}` : "") + (others ? `\nnot counted: ${others}` : "") +
    (p.n ? `\nmean Goldstein ${fmtG(p.mean_goldstein)} — click to list these events` : "");
}

// Stacked bars per period, one colour per QuadClass. onPick(period) when a bar is clicked.
function quadBars(series, period, onPick) {
  const W = chartWidth(), H = W < 600 ? 220 : 280, L = 44, R = 10, T = 10, B = 28;
  const max = Math.max(1, ...series.map((p) => p.n));
  const x = periodScale(series, L, W - R, true);
  const y = d3.scaleLinear().domain([0, max]).nice().range([H - B, T]);
  const layers = d3.stack().keys(QUADS).value((p, q) => p.quad[q] || 0)(series);
  const svg = chartSvg(W, H, "bars", "Events per period by kind");
  valueAxis(svg, y, L, W - R, countTicks(y, max), d3.format(",d"));
  const pick = (p) => { if (p.n) onPick(p.period); };
  const bars = svg.append("g").selectAll("g.bar").data(series).join("g")
    .attr("class", "bar").attr("data-period", (p) => p.period).attr("tabindex", (p) => (p.n ? 0 : null))
    .on("click", (e, p) => pick(p)).on("keydown", (e, p) => { if (e.key === "Enter") pick(p); });
  // Each bar's pieces, bottom to top; kinds with no event draw nothing.
  bars.selectAll("rect").data((p, i) => layers.map((l) => ({ q: l.key, lo: l[i][0], hi: l[i][1], period: p.period })).filter((r) => r.hi > r.lo))
    .join("rect").attr("x", (r) => barX(x, r.period))
    .attr("width", barWidth(x)).attr("y", (r) => y(r.hi)).attr("height", (r) => y(r.lo) - y(r.hi))
    .attr("fill", (r) => QUAD[r.q].color);
  bars.append("title").text((p) => barTitle(p, period));
  periodAxis(svg, x, H - B, period);
  return svg.node();
}

// Diverging bars, one per period: up when the actor leans to the first pole, down when it leans
// to the second; height = the alignment index (−1 … +1).
function alignmentChart(data) {
  const W = chartWidth(), H = W < 600 ? 220 : 260, L = 44, R = 10, T = 12, B = 28;
  const [pa, pb] = data.poles;
  const x = periodScale(data.series, L, W - R, true);
  const y = d3.scaleLinear().domain([-1, 1]).range([H - B, T]);
  const svg = chartSvg(W, H, "align", `Where ${data.actor.name} leans between ${pa.name} and ${pb.name}, over time`);
  valueAxis(svg, y, L, W - R, [-1, -0.5, 0, 0.5, 1], (t) => (t > 0 ? "+" : t < 0 ? "−" : "") + Math.abs(t));
  svg.append("text").attr("x", L + 6).attr("y", y(1) + 12).attr("class", "hint").text(`↑ leans to ${pa.name}`);
  svg.append("text").attr("x", L + 6).attr("y", y(-1) - 4).attr("class", "hint").text(`↓ leans to ${pb.name}`);
  const line = (pole, r) => r ? `\nwith ${pole.name}: ${plural(r.events, "happening")} (${r.cooperative} cooperative, ${r.conflictual} conflictual), affinity ${r.affinity > 0 ? "+" : ""}${r.affinity}` : "";
  // No signal in a period (index null): no bar, not a lean.
  const signal = data.series.filter((p) => p.poles[pa.key] && p.poles[pa.key].index !== null);
  const index = (p) => p.poles[pa.key].index || 0;
  svg.append("g").selectAll("rect").data(signal).join("rect")
    .attr("x", (p) => barX(x, p.period)).attr("width", barWidth(x))
    .attr("y", (p) => Math.min(y(index(p)), y(0))).attr("height", (p) => Math.max(1, Math.abs(y(index(p)) - y(0))))
    .attr("class", (p) => (index(p) >= 0 ? "lean-a" : "lean-b")).attr("data-period", (p) => p.period)
    .append("title").text((p) => `${periodLabel(p.period, data.period)}: index ${index(p) > 0 ? "+" : ""}${index(p).toFixed(2)}, leans to ` +
      `${p.leaning === "even" ? "neither" : (p.leaning === pa.key ? pa.name : pb.name)}` +
      line(pa, p.poles[pa.key]) + line(pb, p.poles[pb.key]));
  periodAxis(svg, x, H - B, data.period);
  return svg.node();
}

// One cell per period coloured by its mean Goldstein tone (red conflict … blue cooperation), on the
// same bands as the bars above it.
function toneStrip(series, period) {
  const W = chartWidth(), H = 34, L = 44, R = 10;
  const x = periodScale(series, L, W - R, false);
  const svg = chartSvg(W, H, "tone-strip", "Mean tone per period");
  svg.append("text").attr("x", L - 6).attr("y", 21).attr("class", "tick").attr("text-anchor", "end").text("tone");
  svg.append("g").selectAll("rect").data(series).join("rect")
    .attr("x", (p) => x(p.period)).attr("y", 6).attr("width", Math.max(1, x.bandwidth() - 0.5)).attr("height", 22)
    .attr("fill", (p) => (p.n ? goldColor(p.mean_goldstein) : "#f1f3f6")).attr("data-period", (p) => p.period)
    .append("title").text((p) => `${periodLabel(p.period, period)}: ${p.n ? "mean Goldstein " + fmtG(p.mean_goldstein) + " over " + plural(p.n, "event") : "no events"}`);
  return svg.node();
}
