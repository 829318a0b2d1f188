"""Where a coded event's words are in the parsed text it was coded from."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import Event


def trigger_words(e: Event, doc: Doc) -> Span | None:
    """The tokens of the event's trigger (its evidence's character span, widened to whole tokens); None
    when the event has no span or the span holds no token."""
    span = e.evidence.trigger_span
    if span is None:
        return None
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words if words is not None and len(words) else None
