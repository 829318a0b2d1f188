import datetime as dt
import os
from pathlib import Path

# The tests of the stages after coding (storage, relations, exports, the CLI) pin their expected
# events on the rules coder, whose output on a written sentence is fixed by its lexicon; the learned
# and combined coders are tested by name (test_learned_coder.py, test_coding_founding.py, the floors).
os.environ.setdefault("DETENTE_CODER", "rules")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def code():
    """Code a short written text with the rules alone (the tests that use it pin what the lexicon and
    the rules do) and return its events as JSON records."""
    from detente import code_text

    def _code(text: str, date: str = "2024-09-05"):
        return [e.to_json() for e in code_text(text, dt.date.fromisoformat(date), coder="rules").events]
    return _code


@pytest.fixture(scope="session")
def code_default():
    """Code a short written text as users do (the default coder: learned model and rules combined)."""
    from detente import code_text

    def _code(text: str, date: str = "2024-09-05"):
        return [e.to_json() for e in code_text(text, dt.date.fromisoformat(date), coder="combined").events]
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
