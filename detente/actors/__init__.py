"""Actors: who is who on the date of the article, and why."""
from .gazetteer import Gazetteer, gazetteer
from .resolver import Resolver, resolve_actors, set_resolver
from .state import ActorIndex

__all__ = ["ActorIndex", "Gazetteer", "Resolver", "gazetteer", "resolve_actors", "set_resolver"]
