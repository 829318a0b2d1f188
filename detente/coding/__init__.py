"""Coding: PLOVER events from parsed sentences, with factuality, date, place and evidence."""
from .extract import code_doc, code_sentence
from .lexicon import Lexicon, lexicon

__all__ = ["Lexicon", "code_doc", "code_sentence", "lexicon"]
