"""Hostile requests against the read-only API: injection strings in every parameter, path
traversal, oversized pages and requests, other methods. Nothing may answer 500, change the store,
touch a file, or return more than the request is entitled to."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import duckdb
import pytest
from fastapi.testclient import TestClient

from detente.web import create_app
from test_api import build_store

INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", '" OR 1=1 --', "RUS' UNION SELECT id, text FROM articles --",
    "1; SELECT * FROM articles", "%' --", "RUS%", "_", "*", "\\", "')) OR 1=1 --",
    "ATTACH '/tmp/detente-intruder.db' AS x", "COPY events TO '/tmp/detente-intruder.csv'",
    "x' || (SELECT text FROM read_csv('/etc/passwd')) || '", "../../../../etc/passwd", "/etc/passwd",
    "file:///etc/passwd", "C:\\Windows\\win.ini", "$(id)", "`id`", "{{7*7}}", "${7*7}",
    "<script>alert(1)</script>", "\u202eASU", "\u0000", "%00", "RUS\r\nSet-Cookie: x=1", "🙂" * 50,
    "A" * 5000, "-1", "1e309", "NaN", "2024-02-30", "9999-99-99",
]
# A valid value for each parameter that needs one (so the endpoint is reached at all).
VALID = {"event_id": "0000", "article_id": "0000", "key": "RUS", "a": "RUS", "b": "NATO", "actor": "HUN",
         "pole_a": "RUS", "pole_b": "USA"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    db = work / "world.duckdb"
    build_store(db)
    app = create_app(db)
    with TestClient(app) as client:
        yield client, app, db, work


def _endpoints(app) -> list[tuple[str, list[dict]]]:
    return [(path, op.get("parameters", [])) for path, ops in app.openapi()["paths"].items()
            for method, op in ops.items() if method == "get"]


def _url(path: str, params: list[dict], override: tuple[str, str] | None = None) -> str:
    values = {p["name"]: VALID[p["name"]] for p in params if p.get("required") and p["name"] in VALID}
    if override:
        values[override[0]] = override[1]
    for p in params:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(values.pop(p["name"]), safe=""))
    return path + ("?" + urlencode(values) if values else "")


def _state(db: Path, work: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
        counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        con.close()
    return tuple(tables), counts, sorted(p.name for p in work.iterdir())


def test_injection_strings_in_every_parameter_are_refused_or_taken_literally(api):
    client, app, db, work = api
    before = _state(db, work)
    tried = 0
    for path, params in _endpoints(app):
        for p in params:
            typed = p.get("schema", {}).get("type") in ("integer", "boolean")  # refused by type: a sample is enough
            for value in INJECTIONS[::6] if typed else INJECTIONS:
                url = _url(path, params, (p["name"], value))
                r = client.get(url)
                tried += 1
                assert r.status_code in (200, 404, 422), (url[:200], r.status_code, r.text[:200])
                if r.status_code == 200 and not r.headers["content-type"].startswith("application/json"):
                    assert path == "/api/export", url[:200]  # the only file download
                    continue
                body = r.json()
                assert ("error" in body) == (r.status_code != 200), url[:200]
                assert "Traceback" not in r.text and "duckdb" not in r.text.lower(), url[:200]
    assert tried > 300
    assert _state(db, work) == before
    assert not Path("/tmp/detente-intruder.db").exists() and not Path("/tmp/detente-intruder.csv").exists()


def test_search_words_are_matched_literally_not_as_sql(api):
    client, *_ = api
    assert client.get("/api/events", params={"q": "Russia"}).json()["total"] > 0
    for value in ("' OR '1'='1", "%", "%%", "_", "') OR ('a'='a"):
        assert client.get("/api/events", params={"q": value + " "}).json()["total"] == 0, value
        assert client.get("/api/articles", params={"q": value + " "}).json()["total"] == 0, value


@pytest.mark.parametrize("url", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/....//....//etc/passwd",
    "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/api/events/%2e%2e", "/../../etc/passwd", "//etc/passwd",
    "/static/../detente/web/app.py", "/static/%2e%2e/app.py", "/static/../../pyproject.toml",
])
def test_no_file_outside_the_static_folder_is_served(api, url):
    client, *_ = api
    r = client.get(url)
    assert r.status_code in (400, 404, 422) or "root:" not in r.text and "create_app" not in r.text
    assert "root:x:" not in r.text and "def create_app" not in r.text and "[project]" not in r.text


def test_no_parameter_names_a_file_or_a_database(api):
    _, app, *_ = api
    names = {p["name"] for _, params in _endpoints(app) for p in params}
    words = {w for n in names for w in n.lower().split("_")}
    assert not words & {"path", "file", "filename", "db", "database", "url", "dir", "directory", "sql", "query"}


def test_page_sizes_and_offsets_are_bounded(api):
    client, app, *_ = api
    checked = 0
    for path, params in _endpoints(app):
        for p in params:
            maximum = p.get("schema", {}).get("maximum")
            if p["in"] != "query" or maximum is None:
                continue
            assert maximum <= 1_000_000, (path, p["name"], maximum)
            for value in (maximum + 1, 10**12, -1):
                r = client.get(_url(path, params, (p["name"], str(value))))
                assert r.status_code == 422 and p["name"] in r.json()["error"]["message"], (path, p["name"], value)
            checked += 1
    assert checked >= 10
    assert len(client.get("/api/events", params={"limit": 200}).json()["items"]) <= 200


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_api_only_reads(api, method):
    client, app, *_ = api
    for path, params in _endpoints(app):
        r = client.request(method, _url(path, params), content=b"x" * 1000)
        assert r.status_code == 405, (method, path, r.status_code)


def test_sql_on_the_api_connection_cannot_reach_files(api):
    _, app, *_ = api
    con = app.state.store.con.cursor()
    for sql in ("SELECT * FROM read_csv('/etc/hostname')", "COPY (SELECT 1) TO '/tmp/detente-intruder.csv'",
                "ATTACH '/tmp/detente-intruder.db' AS x", "SET enable_external_access = true",
                "CREATE TABLE intruder (x INTEGER)"):
        with pytest.raises(duckdb.Error):
            con.execute(sql)


# -- over a real socket: request size limits of the server ---------------------------------------
@pytest.fixture(scope="module")
def server(api):
    import uvicorn
    _, app, *_ = api
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(timeout=10)


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


def test_oversized_request_line_and_headers_are_refused(server):
    huge_query = b"GET /api/events?q=" + b"A" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = _raw(server, huge_query)
    assert not answer.startswith(b"HTTP/1.1 200"), answer[:100]
    huge_header = b"GET /api/meta HTTP/1.1\r\nHost: x\r\nX-Big: " + b"B" * 1_000_000 + b"\r\nConnection: close\r\n\r\n"
    assert not _raw(server, huge_header).startswith(b"HTTP/1.1 200")
    ok = _raw(server, b"GET /api/meta HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert ok.startswith(b"HTTP/1.1 200")  # and the server still answers


def test_a_large_body_is_not_read_for_a_get(server):
    request = (b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n"
               + b"x" * 10000)
    answer = _raw(server, request)
    assert answer.startswith(b"HTTP/1.1 405"), answer[:100]


def test_security_md_states_the_limits_the_code_enforces():
    from conftest import ROOT
    from detente.actors.dictionaries import MAX_EXPANSIONS
    from detente.config import settings
    from detente.web import api as A
    doc = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for claim in (f"pages of at most {A.MAX_PAGE} items", f"lists of at most {A.MAX_LIST}",
                  f"offsets up to {A.MAX_OFFSET:,}", f"at most {A.MAX_PERIODS:,} points",
                  f"{settings.max_article_chars:,} characters per article",
                  f"{settings.max_record_bytes // 2**20} MiB per file", f"{MAX_EXPANSIONS:,} phrases",
                  f"{len(INJECTIONS)} injection and traversal strings"):
        assert claim in doc, claim
