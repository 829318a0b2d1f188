"""Placeholder replaced below."""
from .resolver import Resolver


def resolver_from_environment() -> Resolver:
    return Resolver()
