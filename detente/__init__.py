"""Détente: political event data from news — actors, PLOVER events with CAMEO codes, factuality,
evidence, and relations over time."""
from .api import code_articles, code_sources, code_text
from .model import Actor, Article, Event, Evidence, Location
from .pipeline import Coder
from .relations.api import Store

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "Coder", "Event", "Evidence", "Location", "Store", "code_articles", "code_sources",
           "code_text", "__version__"]
