"""Validation of the filters a user gives (actor, event type, factuality, dates, limits), in one place
for the CLI, the Python API and the web API. A filter that cannot match anything because it is
misspelt ("--actor Russia", "--event SANCTONS", "since=2017-13-01") is a FilterError naming what was
expected, never an empty answer; a well-formed filter that matches nothing is an empty answer.

Every check returns the normalised value (upper-case codes, datetime.date), so callers pass on what
it returns."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass
from typing import Callable

from ..coding.ontology import EVENT_TYPES, LEGACY_NAMES
from ..errors import QueryError
from ..model import FACTUALITY, ORG_CODES

ISO_EXAMPLE = "YYYY-MM-DD, e.g. 2017-03-01"


class FilterError(QueryError):
    """A filter value that cannot be what the user meant: unknown actor or event type, a date that is
    not ISO, a negative limit. The message says what was expected."""
    code = "E410"


def _suggest(value: str, choices, n: int = 1) -> str:
    close = difflib.get_close_matches(value, list(choices), n=n, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


# -- dates -------------------------------------------------------------------------------------
def check_date(value, name: str = "date") -> dt.date | None:
    """A date as datetime.date. Text must be ISO (YYYY-MM-DD): 05/09/2024 is 5 September in one
    country and 9 May in another, so it is refused rather than guessed."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return value.to_pydatetime().date()
    text = str(value).strip()
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{name}: {text[:40]!r} is not a date; use {ISO_EXAMPLE}") from None
    if not 1800 <= day.year <= 2200:
        raise FilterError(f"{name}: {text} is out of range (years 1800 to 2200)")
    return day


def check_range(since, until, names: tuple[str, str] = ("since", "until")) -> tuple[dt.date | None, dt.date | None]:
    since, until = check_date(since, names[0]), check_date(until, names[1])
    if since and until and since > until:
        raise FilterError(f"{names[0]} {since} is after {names[1]} {until}")
    return since, until


# -- numbers -----------------------------------------------------------------------------------
def check_count(value, name: str = "limit", minimum: int = 1) -> int | None:
    """A whole number of at least ``minimum`` (None stays None: no limit)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            value = int(str(value).strip()) if not isinstance(value, float) else int(value)
        except (TypeError, ValueError):
            raise FilterError(f"{name}: {value!r} is not a whole number") from None
    if value < minimum:
        raise FilterError(f"{name}: must be {minimum} or more, not {value}")
    return value


# -- vocabularies ------------------------------------------------------------------------------
def check_event(value, name: str = "event") -> str | None:
    """A PLOVER event type (SANCTION); older PLOVER names (DISAPPROVE) are read as their successors."""
    if value is None or value == "":
        return None
    label, name = name, str(value).strip().upper()
    name = LEGACY_NAMES.get(name, name)
    if name not in EVENT_TYPES:
        raise FilterError(f"{label}: unknown event type {str(value)[:40]!r}{_suggest(name, EVENT_TYPES)} "
                          f"(PLOVER types: {', '.join(EVENT_TYPES)})")
    return name


def check_factuality(value, choices=FACTUALITY, name: str = "factuality") -> str | None:
    if value is None or value == "":
        return None
    label, name = name, str(value).strip().lower()
    if name not in choices:
        raise FilterError(f"{label}: unknown factuality {str(value)[:40]!r}{_suggest(name, choices)} "
                          f"(one of {', '.join(choices)})")
    return name


# -- actors ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorVocabulary:
    """What an actor filter may name: ISO country codes, organisations and blocs, their CAMEO codes,
    and the sector codes a CAMEO actor code is built from (SRB + GOV)."""
    countries: frozenset[str]
    orgs: frozenset[str]
    cameo_orgs: frozenset[str]
    sectors: frozenset[str]
    names: dict  # lower-case written form ("russia", "moscow", "nato") → the code to suggest

    def knows(self, code: str) -> bool:
        if code in self.countries or code in self.orgs or code in self.cameo_orgs or code in ORG_CODES:
            return True
        # CAMEO actor codes: a base (a country, IGO, or an organisation's code), then three-letter
        # role codes (RUSGOVMIL, IGOWSTNATMIL).
        bases = [c for c in self.cameo_orgs if code.startswith(c)]
        if code[:3] in self.countries or code[:3] in ORG_CODES:
            bases.append(code[:3])
        for base in bases:
            rest = code[len(base):]
            if len(rest) % 3 == 0 and all(rest[i:i + 3] in self.sectors for i in range(0, len(rest), 3)):
                return True
        return False

    def suggestion(self, text: str) -> str:
        named = self.names.get(" ".join(text.lower().split()))
        if named:
            return f"; did you mean {named}?"
        return _suggest(text.upper(), sorted(self.countries | self.orgs))


@functools.lru_cache(maxsize=1)
def vocabulary() -> ActorVocabulary:
    from ..actors.gazetteer import gazetteer
    gaz = gazetteer()
    sectors = set(gaz.sector_words.values()) | set(gaz.titles.values())
    names: dict[str, str] = {}
    for form, entry in gaz.forms.items():
        if entry.kind in ("name", "demonym", "capital", "seat", "igo", "group"):
            names.setdefault(" ".join(form.lower().split()), entry.org or entry.code)
    for iso, name in gaz.country_names.items():
        names[name.lower()] = iso  # the country's own name wins over a namesake form
    orgs = set(gaz.org_base) | set(gaz.members_of)  # members_of: the blocs of members.tsv (WEST)
    return ActorVocabulary(frozenset(gaz.country_names), frozenset(orgs), frozenset(gaz.org_cameo),
                           frozenset(sectors), names)


def check_actor(value, name: str = "actor", known: Callable[[str], bool] | None = None) -> str | None:
    """An actor: a country code (SRB), an organisation or bloc (NATO, WEST) or a CAMEO actor code
    (SRBGOV, IGOWSTNAT). ``known`` may accept more codes (those a store holds from a user's own
    dictionaries). A country name given instead of its code gets a suggestion: "did you mean RUS?"."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    code = text.upper()
    if not code or not code.replace("_", "").isalnum() or len(code) > 40:
        raise FilterError(f"{name}: {text[:40]!r} is not an actor code (use a country code like SRB, an "
                          "organisation like NATO, or a CAMEO actor code like SRBGOV)")
    voc = vocabulary()
    if voc.knows(code) or (known is not None and known(code)):
        return code
    raise FilterError(f"{name}: unknown actor {text[:40]!r}{voc.suggestion(text)} (use a country code like "
                      "SRB, an organisation like NATO, or a CAMEO actor code like SRBGOV)")


# CAMEO role codes an actor's sector takes (detente/data/actors/sectors.tsv, titles, armed groups, and
# ELI for former officials), with the names the dashboard shows.
SECTOR_NAMES = {"GOV": "government", "MIL": "military", "COP": "police", "REB": "rebels and armed groups",
                "OPP": "opposition", "LEG": "legislature", "JUD": "judiciary", "CVL": "civilians", "MED": "media",
                "BUS": "business", "LAB": "labour", "REL": "religion", "REF": "refugees", "SPY": "intelligence",
                "ELI": "former officials and elites", "EDU": "education", "HLT": "health"}


def check_sectors(value, name: str = "sectors") -> list[str]:
    """Sector codes ("GOV,MIL,OPP" or a list): GOV government, MIL military, OPP opposition …
    (SECTOR_NAMES, and any the actor data gives). ``name``: the option or parameter, for the message."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    codes = [str(i).strip().upper() for i in items if str(i).strip()]
    if not codes:
        raise FilterError(f"{name}: give one or more sector codes, e.g. GOV,MIL")
    known = set(SECTOR_NAMES) | vocabulary().sectors
    for code in codes:
        if code not in known:
            raise FilterError(f"{name}: unknown sector {code!r}{_suggest(code, known)} "
                              f"(one of {', '.join(sorted(known))})")
    return codes
