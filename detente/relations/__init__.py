"""Relations between actors: one event per happening (dedup), dyads over time, top dyads, the
alignment index between poles, and plots. Pure functions over the DataFrames the store returns;
Store.dedup / Store.relations / Store.alignment wire them to a store."""
from .alignment import alignment, signals
from .blocs import Pole, alignment_params, members, parse_pole
from .dedup import DEFAULT_WINDOW_DAYS, assign, dedup, happenings
from .dyads import FACTUALITY_CHOICES, relations, top_dyads
from .frames import PERIODS, add_period

__all__ = ["DEFAULT_WINDOW_DAYS", "FACTUALITY_CHOICES", "PERIODS", "Pole", "add_period", "alignment",
           "alignment_params", "assign", "dedup", "happenings", "members", "parse_pole", "relations", "signals",
           "top_dyads"]
