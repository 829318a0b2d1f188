// Détente review controls (docs/review.md). Active only when the server runs with --review: on an
// event page, confirm / reject / correct the event; on an article page, select the trigger words of an
// event the coder missed and add it. Writes carry the token printed at start-up (opened once as
// /#token=…, then kept in this tab's sessionStorage and removed from the address bar).
// Uses h(), put(), meta() and actorList() from app.js. Text from the data is inserted as text only.
"use strict";

const REVIEW_TOKEN_KEY = "detente-review-token";
(function takeToken() {
  const m = location.hash.match(/^#token=([A-Za-z0-9_\-]{16,200})$/);
  if (!m) return;
  sessionStorage.setItem(REVIEW_TOKEN_KEY, m[1]);
  history.replaceState(null, "", location.pathname + location.search);
})();

async function reviewStatus() {
  try {
    const res = await fetch("/api/review", { headers: { Accept: "application/json" } });
    return res.ok ? await res.json() : null;
  } catch (e) { return null; }
}

async function reviewSend(path, body) {
  const res = await fetch("/api/review" + path, {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", Accept: "application/json",
               "X-Detente-Token": sessionStorage.getItem(REVIEW_TOKEN_KEY) || "" } });
  let data = null;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) throw new Error((data && data.error && data.error.message) || `${res.status} ${res.statusText}`);
  return data;
}

function tokenField() {
  if (sessionStorage.getItem(REVIEW_TOKEN_KEY)) return null;
  const field = h("input", { type: "password", id: "review-token", placeholder: "token printed by detente serve --review",
                             "aria-label": "Review token", autocomplete: "off" });
  field.addEventListener("change", () => sessionStorage.setItem(REVIEW_TOKEN_KEY, field.value.trim()));
  return h("p", {}, "Token: ", field);
}

function reviewSelect(name, options, value, label) {
  return h("label", {}, label + " ", h("select", { name, id: `review-${name}` },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
}

function reviewInput(name, value, label, attrs) {
  return h("label", {}, label + " ", h("input", { name, id: `review-${name}`, value: value || "", ...(attrs || {}) }));
}

// The fields every reading has: type, mode, factuality, source, target.
async function readingFields(ev) {
  const m = await meta();
  const types = m.plover_types.map((t) => [t.event, t.event]);
  const facts = m.factualities.map((f) => [f, f]);
  return [reviewSelect("event", types, ev ? ev.event : "", "Type"),
    reviewInput("mode", ev ? ev.mode : "", "Mode", { size: 12 }),
    reviewSelect("factuality", facts, ev ? ev.factuality : "asserted", "Factuality"),
    reviewInput("source", ev && ev.source ? ev.source.key : "", "Actor", { list: "actor-list", size: 10 }),
    reviewInput("target", ev && ev.target ? ev.target.key : "", "Towards", { list: "actor-list", size: 10,
                placeholder: "none" })];
}

function readForm(form, keys) {
  const out = {};
  for (const k of keys) out[k] = form.querySelector(`[name=${k}]`).value.trim();
  return out;
}

function panel(title, mode, ...children) {
  return h("section", { class: "review-panel", id: "review-panel" }, h("h2", {}, title),
    h("p", { class: "muted" }, `Reviewing as ${mode.reviewer}. The coder's own reading is kept; yours is shown `
      + "wherever the event appears, marked REVIEWED."), tokenField(), ...children,
    h("p", { class: "review-status", id: "review-status", role: "status" }));
}

function say(text, bad) {
  const box = document.getElementById("review-status");
  box.textContent = text;
  box.classList.toggle("error", !!bad);
}

async function eventControls(main, id, mode) {
  let ev = null;
  try { ev = await api(`/events/${encodeURIComponent(id)}`); } catch (e) { /* rejected: only confirm restores it */ }
  const hist = await api(`/review/events/${encodeURIComponent(id)}`).catch(() => ({ items: [] }));
  const act = (action, changes) => async () => {
    try {
      await reviewSend(`/events/${encodeURIComponent(id)}`, { action, changes });
      say(`${action} saved`);
      if (action === "reject") location.assign(`/article/${ev.article_id}`);
      else location.reload();
    } catch (err) { say(err.message, true); }
  };
  const form = h("form", { class: "review-correct", id: "review-correct" }, await readingFields(ev),
    h("button", { type: "submit", id: "review-save" }, "Save correction"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes = readForm(form, ["event", "mode", "factuality", "source", "target"]);
    act("correct", changes)();
  });
  put(main, panel("Review this event", mode,
    h("p", {}, h("button", { type: "button", id: "review-confirm", onclick: act("confirm") }, "Confirm"), " ",
      ev ? h("button", { type: "button", id: "review-reject", onclick: act("reject") }, "Reject") : null),
    ev ? form : null,
    hist.items.length ? h("ol", { class: "review-history" }, hist.items.map((r) =>
      h("li", {}, `${r.reviewed_at} ${r.reviewer}: ${r.action}` + (r.action === "reject" ? "" :
        ` → ${r.source_code || "?"} ${r.event} ${r.target_code || "—"} (${r.factuality})`)))) : null));
}

// Offset in the article text of a point in the rendered text: paragraph breaks are empty
// span.para elements standing for one "\n" each (app.js paragraphs()).
function textOffset(root, node, offset) {
  const r = document.createRange();
  r.setStart(root, 0);
  r.setEnd(node, offset);
  const frag = r.cloneContents();
  return frag.textContent.length + frag.querySelectorAll(".para").length;
}

function selectedSpan(root) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  let start = textOffset(root, range.startContainer, range.startOffset);
  let end = textOffset(root, range.endContainer, range.endOffset);
  const text = sel.toString();
  start += text.length - text.trimStart().length;
  end -= text.length - text.trimEnd().length;
  return end > start ? { start, end, text: text.trim() } : null;
}

async function articleControls(main, id, mode) {
  const root = main.querySelector(".article-text");
  if (!root) return;
  let span = null;
  const picked = h("strong", { id: "review-trigger" }, "nothing yet");
  document.addEventListener("selectionchange", () => {
    const s = selectedSpan(root);
    if (s) { span = s; picked.textContent = `“${s.text}” (${s.start}–${s.end})`; }
  });
  const form = h("form", { class: "review-add", id: "review-add" }, await readingFields(null),
    h("button", { type: "submit", id: "review-add-save" }, "Add event"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!span) { say("select the trigger words in the text first", true); return; }
    const fields = readForm(form, ["event", "mode", "factuality", "source", "target"]);
    for (const k of ["mode", "target"]) if (!fields[k]) delete fields[k];
    try {
      const out = await reviewSend(`/articles/${encodeURIComponent(id)}/events`,
        { trigger_start: span.start, trigger_end: span.end, trigger_text: span.text, ...fields });
      say("event added");
      location.assign(`/event/${out.event.id}`);
    } catch (err) { say(err.message, true); }
  });
  put(main, panel("Add an event the coder missed", mode,
    h("p", {}, "Select the trigger words in the text above, then say what happened. Trigger: ", picked), form));
}

async function reviewControls() {
  const mode = await reviewStatus();
  if (!mode || !mode.enabled) return;  // a read-only server: nothing to add
  const main = document.getElementById("main");
  const path = location.pathname.replace(/\/+$/, "");
  const ev = path.match(/^\/event\/([^/]+)$/);
  const art = path.match(/^\/article\/([^/]+)$/);
  try {
    if (ev) await eventControls(main, decodeURIComponent(ev[1]), mode);
    else if (art) await articleControls(main, decodeURIComponent(art[1]), mode);
  } catch (err) { console.error(err); }
  main.setAttribute("data-review-ready", "1");
}

// After app.js has drawn the page (it marks #main data-ready).
document.addEventListener("DOMContentLoaded", () => {
  const main = document.getElementById("main");
  const go = () => { if (main.getAttribute("data-ready")) { watch.disconnect(); reviewControls(); } };
  const watch = new MutationObserver(go);
  watch.observe(main, { attributes: true, attributeFilter: ["data-ready"] });
  go();
});
