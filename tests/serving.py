"""Serving the app in a test: a free loopback port, and the app over a store served by uvicorn in a
thread (for tests that need a real socket: browsers, keep-alive connections)."""
import contextlib
import socket
import threading
import time

import uvicorn

from detente.web import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db):
    """The app over ``db`` served by uvicorn in a thread on a free port; gives its address."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
