import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def code():
    """Code a short written text and return its events as JSON records."""
    from detente import code_text

    def _code(text: str, date: str = "2024-09-05"):
        return [e.to_json() for e in code_text(text, dt.date.fromisoformat(date)).events]
    return _code


def find(events, source=None, event=None, target=None, factuality=None):
    """Events matching the given country-level source/target keys (ISO code or IGO org)."""
    def key(a):
        if a is None:
            return None
        return a["org"] if a["code"] in ("IGO", "NGO", "MNC") else a["code"]
    return [e for e in events
            if (source is None or key(e["source"]) == source)
            and (event is None or e["event"] == event)
            and (target is None or key(e["target"]) == target)
            and (factuality is None or e["factuality"] == factuality)]
