"""`detente serve --review`: only token holders on the server's own pages write, within a size bound;
refused writes leave the store as it was; without --review nothing can be written; corrections show
in the event list and the dyad page, survive a restart, and survive kill -9 once acknowledged."""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient

from conftest import ROOT
from serving import free_port
from review_helpers import TEXT, coded, db, event_id  # noqa: F401 (fixtures)
from detente import Store
from detente.web import create_app
from detente.web.review_api import MAX_BODY, TOKEN_HEADER, ReviewSettings

TOKEN = "test-token-0123456789abcdef"
OWN = "http://testserver"




def sanction(coded):
    return event_id(coded, "SANCTION")


def client(db, **review):
    settings = ReviewSettings(reviewer="ana", token=TOKEN, **review)
    return TestClient(create_app(db, review=settings))


def write_headers(**extra):
    return {TOKEN_HEADER: TOKEN, "Origin": OWN, "Content-Type": "application/json", **extra}


def snapshot(db):
    with Store(db, read_only=True) as s:
        return (s.con.execute("SELECT count(*) FROM reviews").fetchone()[0],
                s.con.execute("SELECT * FROM events ORDER BY id").fetchall())


def test_read_only_server_has_no_write_routes(db, coded):
    with TestClient(create_app(db)) as c:
        assert c.get("/api/review").json() == {"enabled": False, "reviewer": None, "token_header": TOKEN_HEADER,
                                               "max_body": MAX_BODY}
        r = c.post(f"/api/review/events/{sanction(coded)}", json={"action": "reject"}, headers=write_headers())
        assert r.status_code == 404
        assert c.post("/api/events", json={}).status_code == 405
        assert c.get(f"/api/events/{sanction(coded)}").json()["reviewed"] is False
    assert snapshot(db)[0] == 0


@pytest.mark.parametrize("headers,body,status", [
    ({TOKEN_HEADER: None}, None, 401),
    ({TOKEN_HEADER: "wrong-token-0123456789"}, None, 401),
    ({"Origin": "http://evil.example"}, None, 403),
    ({"Sec-Fetch-Site": "cross-site"}, None, 403),
    ({"Content-Type": "text/plain"}, None, 415),
    ({}, {"action": "correct", "changes": {"target": "UKR"}, "note": "x" * MAX_BODY}, 413),
])
def test_refused_writes_leave_the_store_unchanged(db, coded, headers, body, status, caplog):
    before = snapshot(db)
    sent = {k: v for k, v in write_headers(**headers).items() if v is not None}
    with client(db) as c:
        r = c.post(f"/api/review/events/{sanction(coded)}", headers=sent,
                   content=json.dumps(body or {"action": "correct", "changes": {"target": "UKR"}}))
        assert r.status_code == status, r.text
        assert r.json()["error"]["status"] == status
        assert c.get(f"/api/events/{sanction(coded)}").json()["target"]["code"] == "RUS"
    assert snapshot(db) == before
    assert any(f"review write refused ({status}" in r.getMessage() for r in caplog.records)


def test_chunked_body_over_the_bound_is_refused(db, coded):
    def chunks():
        for _ in range(10):
            yield b" " * 1000
    with client(db) as c:
        r = c.post(f"/api/review/events/{sanction(coded)}", headers=write_headers(), content=chunks())
        assert r.status_code == 413
    assert snapshot(db)[0] == 0


def test_correction_shows_in_event_list_and_dyad_and_survives_restart(db, coded):
    with client(db) as c:
        assert c.get("/api/review").json()["reviewer"] == "ana"
        r = c.post(f"/api/review/events/{sanction(coded)}", headers=write_headers(),
                   json={"action": "correct", "changes": {"target": "Ukraine", "factuality": "negated"}})
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["review"]["reviewer"], out["review"]["action"]) == ("ana", "correct")
        assert (out["event"]["target"]["code"], out["event"]["factuality"], out["event"]["reviewed"]) == \
            ("UKR", "negated", True)
        items = c.get("/api/events", params={"factuality": "all"}).json()["items"]
        assert [(e["target"]["code"], e["reviewed"]) for e in items if e["event"] == "SANCTION"] == [("UKR", True)]
        only = c.get("/api/events", params={"factuality": "all", "reviewed": "true"}).json()
        assert [(e["event"], e["target"]["code"]) for e in only["items"]] == [("SANCTION", "UKR")]
        rest = c.get("/api/events", params={"factuality": "all", "reviewed": "false"}).json()
        assert rest["total"] == len(items) - 1 and not any(e["reviewed"] for e in rest["items"])
        dyad = c.get("/api/dyads/SRB/UKR", params={"factuality": "all", "period": "month"}).json()
        assert sum(p["n"] for p in dyad["series"]) == 1
    # a new server over the same store: the correction is still there, also read-only
    with TestClient(create_app(db)) as c:
        ev = c.get(f"/api/events/{sanction(coded)}").json()
        assert (ev["target"]["code"], ev["factuality"], ev["reviewed"]) == ("UKR", "negated", True)
    with TestClient(create_app(db, coder_only=True)) as c:
        assert c.get(f"/api/events/{sanction(coded)}").json()["target"]["code"] == "RUS"


def test_add_reject_and_history(db, coded):
    at = TEXT.index("discuss")
    with client(db) as c:
        r = c.post(f"/api/review/articles/{coded.article.id}/events", headers=write_headers(),
                   json={"trigger_start": at, "trigger_end": at + 7, "trigger_text": "discuss",
                         "event": "CONSULT", "source": "FRA", "target": "Italy"})
        assert r.status_code == 200, r.text
        added = r.json()["event"]
        assert (added["evidence"]["trigger"], added["source"]["code"], added["target"]["code"], added["reviewed"]) == \
            ("discuss", "FRA", "ITA", True)
        art = c.get(f"/api/articles/{coded.article.id}").json()
        assert added["id"] in {e["id"] for e in art["events"]}
        accuse = event_id(coded, "ACCUSE")
        assert c.post(f"/api/review/events/{accuse}", headers=write_headers(), json={"action": "reject"}).status_code == 200
        assert c.get(f"/api/events/{accuse}").status_code == 404
        assert c.get(f"/api/review/events/{accuse}").json()["latest"] == "reject"
        assert c.post(f"/api/review/events/{accuse}", headers=write_headers(), json={"action": "confirm"}).json()[
            "event"]["reviewed"] is True
        bad = c.post(f"/api/review/articles/{coded.article.id}/events", headers=write_headers(),
                     json={"trigger_start": at, "trigger_end": at + 7, "trigger_text": "meeting",
                           "event": "CONSULT", "source": "FRA"})
        assert bad.status_code == 422 and "not 'meeting'" in bad.json()["error"]["message"]
        assert c.post("/api/review/events/nope", headers=write_headers(), json={"action": "reject"}).status_code == 404
        r = c.post(f"/api/review/events/{accuse}", headers=write_headers(),
                   json={"action": "correct", "changes": {"event": "SMILE"}})
        assert r.status_code == 422 and "unknown PLOVER type" in r.json()["error"]["message"]
    assert snapshot(db)[0] == 3


def test_served_review_prints_token_and_kill_9_keeps_acknowledged(db, coded):
    """`detente serve --review` prints its token; corrections acknowledged over HTTP are all in the
    store after the server is killed with SIGKILL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", str(port),
                             "--review", "--reviewer", "ben"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        token = None
        for line in proc.stderr:
            m = re.search(r"review token: (\S+)", line)
            if m:
                token = m.group(1)
                break
        assert token and len(token) >= 16
        url = f"http://127.0.0.1:{port}/api/review/events/{sanction(coded)}"
        acknowledged = 0
        deadline = time.monotonic() + 30
        for factuality in ["negated", "future", "hypothetical", "asserted"] * 3:
            body = json.dumps({"action": "correct", "changes": {"factuality": factuality}}).encode()
            req = urllib.request.Request(url, data=body, method="POST", headers={
                TOKEN_HEADER: token, "Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
            while True:
                try:
                    with urllib.request.urlopen(req, timeout=10) as r:
                        assert r.status == 200
                    break
                except urllib.error.URLError:  # not listening yet
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            acknowledged += 1
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT reviewer, factuality FROM reviews ORDER BY id").fetchall()
    assert len(rows) == acknowledged == 12 and rows[-1] == ("ben", "asserted")
