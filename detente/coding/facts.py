"""The circumstances of an event read off its trigger word — its date, place and speaker — the same
for the rules' events and the learned model's."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors.resolver import ActorIndex
from ..model import Article
from .arguments import subjects
from .factuality import speech_head
from .implicit import ON_POPULATION, ON_TERRITORY, sentence_place
from .when_where import event_date, place_of


def speaker_of(trigger: Token, index: ActorIndex) -> str | None:
    """Who says the trigger's clause, when it is reported speech ("Vucic said that ...")."""
    head = speech_head(trigger)
    if head is None:
        return None
    subs = subjects(head, index)
    if subs:
        a, _ = subs[0]
        return a.text or a.name
    for c in head.children:
        if c.dep_ == "nsubj":
            return " ".join(t.text for t in c.subtree)
    return None


def event_facts(tok: Token, sent: Span, index: ActorIndex, article: Article, event: str):
    """Date (and how it was found), place and speaker of an event whose trigger is ``tok``: the same
    readings for the rules' events and the learned model's."""
    location = place_of(tok, object_is_place=event in ON_POPULATION | ON_TERRITORY) or sentence_place(sent, index)
    date, date_origin = event_date(tok, article.date)
    return date, date_origin, location, speaker_of(tok, index)
