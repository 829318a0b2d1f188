"""Copy the dashboard's JavaScript libraries and map data from web/node_modules (installed by
`npm ci` from web/package-lock.json) into detente/web/static/vendor, with each package's licence
and a VERSIONS.tsv (package, version, licence, file, sha256) that tests/test_web_vendor.py checks.

Run by `make web-deps`; the result is committed, so serving or testing Détente needs no npm.
Usage: python scripts/vendor_web.py [--node-modules web/node_modules] [--out detente/web/static/vendor]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (package, file inside the package, name served under /static/vendor/). Order = load order:
# fcose needs cose-base, which needs layout-base; d3-geo needs d3-array; d3-scale needs d3-array,
# d3-interpolate (which needs d3-color), d3-format, d3-time and d3-time-format; d3-shape needs d3-path.
FILES = [
    ("cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"),
    ("layout-base", "layout-base.js", "layout-base.js"),
    ("cose-base", "cose-base.js", "cose-base.js"),
    ("cytoscape-fcose", "cytoscape-fcose.js", "cytoscape-fcose.js"),
    ("d3-array", "dist/d3-array.min.js", "d3-array.min.js"),
    ("d3-geo", "dist/d3-geo.min.js", "d3-geo.min.js"),
    ("d3-color", "dist/d3-color.min.js", "d3-color.min.js"),
    ("d3-interpolate", "dist/d3-interpolate.min.js", "d3-interpolate.min.js"),
    ("d3-format", "dist/d3-format.min.js", "d3-format.min.js"),
    ("d3-time", "dist/d3-time.min.js", "d3-time.min.js"),
    ("d3-time-format", "dist/d3-time-format.min.js", "d3-time-format.min.js"),
    ("d3-scale", "dist/d3-scale.min.js", "d3-scale.min.js"),
    ("d3-scale-chromatic", "dist/d3-scale-chromatic.min.js", "d3-scale-chromatic.min.js"),
    ("d3-selection", "dist/d3-selection.min.js", "d3-selection.min.js"),
    ("d3-dispatch", "dist/d3-dispatch.min.js", "d3-dispatch.min.js"),
    ("d3-drag", "dist/d3-drag.min.js", "d3-drag.min.js"),
    ("d3-ease", "dist/d3-ease.min.js", "d3-ease.min.js"),
    ("d3-timer", "dist/d3-timer.min.js", "d3-timer.min.js"),
    ("d3-transition", "dist/d3-transition.min.js", "d3-transition.min.js"),
    ("d3-zoom", "dist/d3-zoom.min.js", "d3-zoom.min.js"),
    ("d3-axis", "dist/d3-axis.min.js", "d3-axis.min.js"),
    ("d3-path", "dist/d3-path.min.js", "d3-path.min.js"),
    ("d3-shape", "dist/d3-shape.min.js", "d3-shape.min.js"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("world-atlas", "countries-110m.json", "countries-110m.json"),
]
HEADER = ["package", "version", "license", "file", "sha256"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(node_modules: Path, out: Path) -> list[list[str]]:
    if not node_modules.is_dir():
        raise SystemExit(f"vendor_web: {node_modules} is missing; run `npm ci` in web/ first")
    out.mkdir(parents=True, exist_ok=True)
    (out / "licenses").mkdir(exist_ok=True)
    rows = []
    for package, inner, served in FILES:
        src = node_modules / package
        meta = json.loads((src / "package.json").read_text(encoding="utf-8"))
        shutil.copyfile(src / inner, out / served)
        licence = next((p for p in sorted(src.glob("LICEN[CS]E*"))), None)
        if licence is None:
            raise SystemExit(f"vendor_web: {package} ships no LICENSE file")
        shutil.copyfile(licence, out / "licenses" / f"{package}.LICENSE")
        rows.append([package, meta["version"], meta.get("license", ""), served, sha256(out / served)])
    lines = ["\t".join(HEADER)] + ["\t".join(r) for r in rows]
    (out / "VERSIONS.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--node-modules", type=Path, default=ROOT / "web" / "node_modules")
    ap.add_argument("--out", type=Path, default=ROOT / "detente" / "web" / "static" / "vendor")
    args = ap.parse_args(argv)
    for package, version, _, served, _ in vendor(args.node_modules, args.out):
        print(f"{package} {version} -> {args.out.name}/{served}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
