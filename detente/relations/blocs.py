"""Blocs and poles. A bloc (EU, NATO, WEST …) is dated membership read from the actor stage's
detente/data/actors/members.tsv (one source of membership for the whole project); a bloc also stands
for its own institutions (an event with NATO itself counts for the NATO pole). A pole is a list of actors and blocs ("EU,USA,NATO") that stands for
every member on the date of each event."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..actors.gazetteer import read_tsv
from ..config import DATA_DIR
from ..errors import DictionaryError, QueryError
from .frames import check_spec

BLOC_FILE = DATA_DIR / "actors" / "members.tsv"
PARAM_FILE = DATA_DIR / "blocs" / "alignment.tsv"
NEVER, FOREVER = dt.date.min, dt.date.max


@dataclass(frozen=True)
class Membership:
    key: str  # actor key (ISO code or organisation)
    joined: dt.date = NEVER
    left: dt.date = FOREVER  # first day no longer a member

    def clip(self, joined: dt.date, left: dt.date) -> "Membership | None":
        a, b = max(self.joined, joined), min(self.left, left)
        return Membership(self.key, a, b) if a < b else None


def _date(value: str, default: dt.date, line: int) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(f"bad date {value!r}", path=str(BLOC_FILE), line=line) from None


@functools.lru_cache(maxsize=1)
def bloc_table() -> dict[str, list[tuple[str, dt.date, dt.date]]]:
    table: dict[str, list] = {}
    for n, row in enumerate(read_tsv(BLOC_FILE), start=1):
        rows = table.setdefault(row["org"], [(row["org"], NEVER, FOREVER)])
        rows.append((row["member"], _date(row["start"], NEVER, n), _date(row["end"], FOREVER, n)))
    return table


def members(bloc: str, _seen: tuple = ()) -> list[Membership]:
    """Every actor key that belongs to `bloc`, with the dates it belonged; nested blocs (@EU) are
    expanded and their dates intersected with the outer row's."""
    table = bloc_table()
    if bloc not in table:
        raise QueryError(f"unknown bloc {bloc!r}; known: {', '.join(sorted(table))}")
    if bloc in _seen:
        raise DictionaryError(f"bloc {bloc} contains itself", path=str(BLOC_FILE))
    out = []
    for member, joined, left in table[bloc]:
        if member.startswith("@"):
            for inner in members(member[1:], _seen + (bloc,)):
                clipped = inner.clip(joined, left)
                if clipped:
                    out.append(clipped)
        else:
            out.append(Membership(member, joined, left))
    return out


@dataclass(frozen=True)
class Pole:
    label: str
    members: tuple[Membership, ...]

    def contains(self, keys: pd.Series, dates: pd.Series) -> pd.Series:
        """Which (actor key, event date) pairs belong to this pole."""
        d = pd.to_datetime(dates).values.astype("datetime64[D]")  # NaT compares False, as a missing date did
        k = keys.values
        mask = np.zeros(len(keys), dtype=bool)
        for m in self.members:
            hit = k == m.key
            if hit.any():
                mask |= hit & (d >= np.datetime64(m.joined, "D")) & (d < np.datetime64(m.left, "D"))
        return pd.Series(mask, index=keys.index)

    @property
    def keys(self) -> set[str]:
        return {m.key for m in self.members}


def parse_pole(text: str) -> Pole:
    """'EU,USA,NATO' → a Pole. Items that name a bloc expand to its dated members; other items are
    actor keys (a country code or an organisation), members at every date."""
    items = [i.strip() for i in str(text).split(",") if i.strip()]
    if not items:
        raise QueryError(f"empty pole {text!r}")
    ms: list[Membership] = []
    for item in items:
        item = check_spec(item)
        ms.extend(members(item) if item in bloc_table() else [Membership(item)])
    return Pole(",".join(check_spec(i) for i in items), tuple(ms))


@functools.lru_cache(maxsize=1)
def alignment_params() -> dict:
    """The parameters of the alignment index (detente/data/blocs/alignment.tsv)."""
    raw = {r["parameter"]: r["value"] or "" for r in read_tsv(PARAM_FILE)}
    try:
        return {
            "factuality": {k.split(".", 1)[1]: float(v) for k, v in raw.items() if k.startswith("factuality.")},
            "direction": {k.split(".", 1)[1]: float(v) for k, v in raw.items() if k.startswith("direction.")},
            "quad": {int(k.split(".", 1)[1]): float(v) for k, v in raw.items() if k.startswith("quad.")},
            "scale": float(raw["scale"]),
            "smoothing": float(raw["smoothing"]),
            "state_sectors": frozenset(s.strip() for s in raw["state_sectors"].split(",")),
        }
    except (KeyError, ValueError) as exc:
        raise DictionaryError(f"bad or missing parameter: {exc}", path=str(PARAM_FILE)) from None


DEFAULT_POLE_CANDIDATES = ("RUS", "WEST", "CHN")


def default_poles(country: str) -> tuple[str, str]:
    """The two poles a country is measured between when none are given: the first two of RUS, WEST,
    CHN that are not the country and do not contain it at any date (USA is in WEST, so USA is
    measured between RUS and CHN, never towards a bloc it belongs to)."""
    country = check_spec(country)
    fit = [c for c in DEFAULT_POLE_CANDIDATES if c != country and country not in parse_pole(c).keys]
    return fit[0], fit[1]
