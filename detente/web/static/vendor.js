// Loads the vendored libraries (static/vendor, see VERSIONS.tsv) on the pages that need them, so the
// other pages do not pay for them. Nothing is fetched from another site.
"use strict";

const VENDOR_LOADED = new Map();

function loadVendor(files) {
  // In order: a later file may need an earlier one (cose-base needs layout-base).
  return files.reduce((prev, file) => prev.then(() => {
    if (!VENDOR_LOADED.has(file)) {
      VENDOR_LOADED.set(file, new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = `/static/vendor/${file}`;
        tag.onload = resolve;
        tag.onerror = () => reject(new Error(`could not load /static/vendor/${file}`));
        document.head.append(tag);
      }));
    }
    return VENDOR_LOADED.get(file);
  }), Promise.resolve());
}

// The filter fields the network and the map share; `p` is the page's query string.
function sharedFilterFields(p, m) {
  return [
    input("since", p.since, "From", { type: "date" }), input("until", p.until, "to", { type: "date" }),
    select("event", typeOptions(), p.event, "Event type"), select("quad_class", quadOptions(), p.quad_class, "Kind"),
    select("factuality", [["", "happened (asserted)"], ["all", "all, incl. denied & planned"]], p.factuality, "Count"),
    sectorField(p.sector, m.sectors || {}),
  ];
}

// Sector chips (GOV, MIL, REB …). The checkboxes have no name: a hidden input carries the chosen codes
// comma-separated, as the API's `sector` parameter takes them.
function sectorField(value, sectors) {
  const chosen = new Set((value || "").split(",").filter(Boolean));
  const hidden = h("input", { type: "hidden", name: "sector", value: [...chosen].join(",") });
  const boxes = Object.entries(sectors).map(([code, name]) => {
    const box = h("input", { type: "checkbox", value: code, checked: chosen.has(code), "data-sector": code });
    box.addEventListener("change", () => {
      if (box.checked) chosen.add(code); else chosen.delete(code);
      hidden.value = [...chosen].join(",");
    });
    return h("label", { class: "chip", title: name }, box, code);
  });
  return h("fieldset", { class: "sectors" }, h("legend", {}, "Sector (source or target; none = all)"), boxes, hidden);
}

// Query parameters of the shared filters, for the API and for links to the event list.
function sharedFilterParams(p) {
  return { since: p.since, until: p.until, event: p.event, quad_class: p.quad_class, factuality: p.factuality,
           sector: p.sector };
}
