"""The spaCy pipeline, built once per process from the model named in settings."""
from __future__ import annotations

import functools
import logging

import spacy

from .config import settings
from .errors import DetenteError

log = logging.getLogger(__name__)


class ModelError(DetenteError):
    code = "E500"


@functools.lru_cache(maxsize=4)
def load(model: str | None = None) -> "spacy.language.Language":
    name = model or settings.spacy_model
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(f"spaCy model {name!r} is not installed; run `make install` "
                         f"or set DETENTE_SPACY_MODEL") from None
    log.info("loaded spaCy model %s", name)
    return nlp
