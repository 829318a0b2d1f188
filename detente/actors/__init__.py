"""Actors: who is who on the date of the article, and why."""
from .gazetteer import Gazetteer, gazetteer
from .resolver import ActorIndex, Resolver, resolve_actors, set_resolver

__all__ = ["ActorIndex", "Gazetteer", "Resolver", "gazetteer", "resolve_actors", "set_resolver"]
