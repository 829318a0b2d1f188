"""Fetching only when told: a feed the user names is fetched, but links inside a feed are the feed
author's choice and are never followed to this machine or a private network (their pages would
end up in a store that may be served to the public). Fetches are bounded in size and time.
Everything here runs against a server on 127.0.0.1; nothing leaves the machine."""
from __future__ import annotations

import http.server
import threading
import time
import types

import pytest

from detente.config import settings
from detente.errors import InputError
from detente.ingest import ReadOptions, iter_sources
from detente.ingest import feeds
from detente.ingest.feeds import FetchError, fetch
from detente.model import Article

SUMMARY = "Serbia met Russia."


class Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 — the http.server name
        Handler.hits.append(self.path)
        port = self.server.server_port
        if self.path == "/feed.rss":
            self._send(200, RSS.format(port=port).encode(), "application/rss+xml")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{port}/final")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"x" * 2_000_000, "text/html")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(40):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        else:
            self._send(200, b"<html><body><p>" + b"Secret internal page. " * 50 + b"</p></body></html>", "text/html")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>
<item><title>One</title><link>http://127.0.0.1:{port}/secret</link><description>""" + SUMMARY + """</description>
<pubDate>Tue, 03 Sep 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>http://localhost:{port}/admin</link><description>France met Germany.</description>
<pubDate>Tue, 03 Sep 2024 11:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_port
    srv.shutdown()


def test_links_in_a_feed_file_are_not_followed_to_this_machine(server, tmp_path):
    feed = tmp_path / "local.rss"
    feed.write_text(RSS.format(port=server), encoding="utf-8")
    Handler.hits.clear()
    items = list(iter_sources([str(feed)], options=ReadOptions(timeout=2.0)))
    assert Handler.hits == []  # nothing was requested from the local server
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and "local or private address" in str(errors[0]) and "local.rss:1" in str(errors[0])
    arts = [i for i in items if isinstance(i, Article)]
    assert [a.text for a in arts] == [SUMMARY, "France met Germany."]  # coded from their summaries
    assert not any("Secret internal page" in a.text for a in arts)


def test_a_feed_the_user_names_is_fetched_but_not_its_local_links(server):
    Handler.hits.clear()
    items = list(iter_sources([f"http://127.0.0.1:{server}/feed.rss"], options=ReadOptions(timeout=2.0)))
    assert Handler.hits == ["/feed.rss"]  # told: fetched; its links: not followed
    assert [i.text for i in items if isinstance(i, Article)] == [SUMMARY, "France met Germany."]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x",
                                 "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
                                 "http://0.0.0.0:9/", "http://[fd00::1]/"])
def test_private_addresses_are_refused_before_any_connection(url):
    t0 = time.perf_counter()
    with pytest.raises(FetchError, match="local or private address"):
        fetch(url, timeout=5.0, link=True)
    assert time.perf_counter() - t0 < 3.0  # refused, not timed out


def test_every_redirect_hop_is_checked(server, monkeypatch):
    # Pretend 127.0.0.1 is a public address, so that only the redirect's target is private.
    fake = types.SimpleNamespace(ip_address=lambda a: types.SimpleNamespace(is_global=a == "127.0.0.1"))
    monkeypatch.setattr(feeds, "ipaddress", fake)
    Handler.hits.clear()
    with pytest.raises(FetchError, match="127.0.0.2 is a local or private address"):
        fetch(f"http://127.0.0.1:{server}/redirect", timeout=2.0, link=True)
    assert Handler.hits == ["/redirect"]


def test_a_page_larger_than_the_limit_is_refused(server, monkeypatch):
    monkeypatch.setattr(settings, "max_record_bytes", 1_000_000)
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        fetch(f"http://127.0.0.1:{server}/big", timeout=2.0)


def test_a_page_that_trickles_is_cut_off(server):
    t0 = time.perf_counter()
    with pytest.raises(FetchError, match="not complete within"):
        fetch(f"http://127.0.0.1:{server}/slow", timeout=0.5)
    assert time.perf_counter() - t0 < 4.0
