"""Actors: who is who on the date of the article, and why."""
from .gazetteer import Gazetteer, gazetteer
from .reading import Flags, MentionReading
from .resolver import Resolver, resolve_actors
from .state import ActorIndex

__all__ = ["ActorIndex", "Flags", "Gazetteer", "MentionReading", "Resolver", "gazetteer", "resolve_actors"]
