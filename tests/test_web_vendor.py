"""The dashboard's vendored libraries: every file the pages load is committed under
detente/web/static/vendor, with its licence, and is byte for byte what VERSIONS.tsv says — the
version pinned in web/package.json and web/package-lock.json (refreshed by `make web-deps`)."""
import csv
import hashlib
import json
import re

from conftest import ROOT

VENDOR = ROOT / "detente" / "web" / "static" / "vendor"
WEB = ROOT / "web"


def versions():
    with open(VENDOR / "VERSIONS.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_vendored_files_match_versions_tsv():
    rows = versions()
    assert {r["package"] for r in rows} >= {"cytoscape", "cytoscape-fcose", "d3-geo", "topojson-client", "world-atlas"}
    for r in rows:
        path = VENDOR / r["file"]
        assert path.is_file(), f"{r['file']} is listed but missing: run `make web-deps`"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"], f"{r['file']} differs from VERSIONS.tsv"
        licence = VENDOR / "licenses" / f"{r['package']}.LICENSE"
        assert licence.is_file() and licence.stat().st_size > 100, f"no licence for {r['package']}"
        assert r["license"] in ("MIT", "ISC", "BSD-3-Clause"), f"{r['package']}: licence {r['license']!r} not checked"
    listed = {r["file"] for r in rows} | {"VERSIONS.tsv", "licenses"}
    assert {p.name for p in VENDOR.iterdir()} == listed, "a file in vendor/ is not in VERSIONS.tsv"


def test_versions_are_the_pinned_ones():
    pins = json.loads((WEB / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name, version in pins.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned to one version: {version}"
    for r in versions():
        assert lock[f"node_modules/{r['package']}"]["version"] == r["version"]
        if r["package"] in pins:
            assert pins[r["package"]] == r["version"]


def test_pages_load_only_local_scripts():
    """No CDN at run time: every script the dashboard names is served from /static."""
    static = ROOT / "detente" / "web" / "static"
    html = (static / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'src="([^"]+)"', html)
    assert scripts and all(s.startswith("/static/") for s in scripts)
    listed = {r["file"] for r in versions()}
    for js in ("network.js", "map.js", "charts.js"):
        text = (static / js).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text
        for lib in re.findall(r'"([\w.-]+\.(?:js|json))"', text):
            assert lib in listed, f"{js} loads {lib}, which is not vendored"
