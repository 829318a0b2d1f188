"""Import of PETRARCH / TABARI actor and agent dictionaries, so that users can code with the
dictionaries they own. ``petrarch.py`` reads the files as PETRARCH does (the syntax is described
there and in docs/actors.md); this module turns its records into gazetteer entries: imported
entries win over the bundled data where both name the same words, and their codes hold only within
their date ranges. A malformed line is one warning naming the file and line, and is skipped; the
count of skipped lines is logged at the end of the import."""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import DictionaryError
from . import petrarch
from .gazetteer import ORG_CODES, Entry, Gazetteer, Role, fold, legacy_actor_codes
from .resolver import Resolver

log = logging.getLogger(__name__)

ENV_ACTORS, ENV_AGENTS = "DETENTE_ACTOR_DICT", "DETENTE_AGENT_DICT"
SMALL_WORDS = {"of", "the", "and", "for", "de", "del", "la", "le", "du", "al", "bin", "ibn", "von", "van", "der",
               "den", "da", "di", "on", "in"}
MAX_EXPANSIONS = petrarch.MAX_EXPANSIONS  # phrases one agent line may expand to
NO_ACTOR = petrarch.NULL_CODES[0]  # the code of a Role that names no actor ([---], [+++])


@dataclass(frozen=True)
class Imported:
    """What one dictionary file gave: entries read and malformed lines skipped."""
    path: str
    entries: int
    skipped: int


def _surface_forms(phrase: str) -> list[str]:
    """PETRARCH phrases are upper case with underscores: 'BANK_OF_RUSSIA_' → 'Bank of Russia', and
    the upper-case form for acronyms ('NATO'). Matching stays case-sensitive, so 'us' is never 'US'."""
    words = [w for w in phrase.strip("_ ").replace("_", " ").split() if w]
    if not words:
        return []
    titled = []
    for n, w in enumerate(words):
        low = w.lower()
        if n and low in SMALL_WORDS:
            titled.append(low)
        else:
            titled.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    forms = [" ".join(titled)]
    if len(words) > 1 and titled[0] == "The":  # THE_SHIRE_: "the Shire" within a sentence too
        forms.append(" ".join(["the", *titled[1:]]))
    upper = " ".join(words).upper()
    if upper not in forms and len(words) == 1 and len(upper) <= 6:
        forms.append(upper)
    return forms


def parse_code(text: str, path: str, line: int) -> tuple[str, dt.date | None, dt.date | None]:
    """'USAGOV 090120-170120' → ('USAGOV', 2009-01-20, 2017-01-21): a range includes both days; '>D'
    holds from D on, '<D' until the day before D. The end returned is exclusive. One code only."""
    try:
        dated = petrarch.parse_codes(text, line)
    except petrarch.Malformed as exc:
        raise DictionaryError(str(exc), path=path, line=line) from None
    return dated.codes[0], dated.start, dated.end


def _split_code(code: str, gaz: Gazetteer) -> tuple[str, str, str]:
    """A CAMEO-style code → (Détente code, org, sector): 'SRBGOV' → SRB/''/GOV, 'IGOWSTNATMIL' →
    IGO/NATO/MIL, 'ROMGOV' → ROU/''/GOV (legacy CAMEO country codes)."""
    if code[:3] in ORG_CODES:
        bases = [c for c in gaz.org_cameo if code.startswith(c)]
        if bases:
            base = max(bases, key=len)
            return code[:3], gaz.org_cameo[base], code[len(base):][:3]
        return code[:3], code[3:], ""
    country = legacy_actor_codes().get(code[:3], code[:3])
    return country, "", code[3:6]


def _read(path: str | Path, kind: str) -> petrarch.Reading:
    path = str(path)
    try:
        text = petrarch.read_text_file(path)
    except OSError as exc:
        raise DictionaryError(f"cannot read {kind} dictionary: {exc.strerror or exc.__class__.__name__}",
                              path=path) from None
    reading = (petrarch.read_actor_text if kind == "actor" else petrarch.read_agent_text)(text, path)
    for problem in reading.problems:
        log.warning("%s", problem)
    if not reading.entries and reading.lines:  # not a dictionary at all: say so, never code without it
        raise DictionaryError(f"no {kind} entries in this file ({len(reading.problems)} malformed lines; "
                              f"is it a PETRARCH {kind} dictionary?)", path=path)
    return reading


def _roles(entry: petrarch.ActorEntry, canonical: str, name: str, gaz: Gazetteer) -> list[Role]:
    """The entry's codes as dated roles, in the order they win (see ActorEntry.by_precedence)."""
    roles = []
    for dated in entry.by_precedence():
        source = f"{name}:{dated.line}"
        for code in dated.codes:
            if code in petrarch.NULL_CODES:
                roles.append(Role(canonical, NO_ACTOR, "", "", f"[{code}]", dated.start, dated.end, source))
                continue
            country, org, sector = _split_code(code, gaz)
            roles.append(Role(canonical, country, org, sector, code, dated.start, dated.end, source))
    return roles


def read_actors(path: str | Path, gaz: Gazetteer) -> int:
    """Add a PETRARCH/TABARI actor dictionary to the gazetteer; returns the number of entries."""
    return import_actors(path, gaz).entries


def import_actors(path: str | Path, gaz: Gazetteer) -> Imported:
    reading = _read(path, "actor")
    name = Path(path).name
    for entry in reading.entries:
        first = _surface_forms(entry.phrases[0])
        canonical = first[0] if first else entry.phrases[0]
        roles = _roles(entry, canonical, name, gaz)
        coded = next((r for r in roles if r.code != NO_ACTOR), roles[0])
        form_entry = Entry("dict", coded.code, org=coded.org, name=canonical)
        for phrase in entry.phrases:
            for form in _surface_forms(phrase):
                key = fold(form)
                # This entry's roles first, in their own order: a later entry for the same words wins.
                gaz.dated[key] = roles + [r for r in gaz.dated.get(key, []) if r not in roles]
                gaz.add_form(form, form_entry, override=True)
    return Imported(str(path), len(reading.entries), len(reading.problems))


def read_agents(path: str | Path, gaz: Gazetteer) -> int:
    """Add a PETRARCH/TABARI agent dictionary (sector words) to the gazetteer; returns the number of entries."""
    return import_agents(path, gaz).entries


def import_agents(path: str | Path, gaz: Gazetteer) -> Imported:
    reading = _read(path, "agent")
    for entry in reading.entries:
        # Détente's actor has one sector: a suffix agent's first three letters ('~GOVFRM' → GOV); a
        # prefix agent ('NGO~') is kept as that sector too ("MSF Arnor" → ARN NGO; PETRARCH: NGOARN).
        sector = entry.code[:3]
        for form in entry.forms:
            gaz.sector_words[form] = sector
        gaz.titles.setdefault(entry.forms[0], sector)
    return Imported(str(path), len(reading.entries), len(reading.problems))


def load_dictionaries(actors: list[str] | None = None, agents: list[str] | None = None) -> Gazetteer:
    """The bundled gazetteer extended with the given dictionaries (a fresh copy)."""
    gaz = Gazetteer.load()
    done = [import_agents(p, gaz) for p in agents or []] + [import_actors(p, gaz) for p in actors or []]
    for d in done:
        log.info("%s: %d entries, %d malformed lines skipped", d.path, d.entries, d.skipped)
    skipped = sum(d.skipped for d in done)
    if skipped:  # the count at the end, after the warnings, one per line
        log.warning("dictionaries: %d malformed line%s skipped in %d file%s (%s entries read)", skipped,
                    "" if skipped == 1 else "s", len(done), "" if len(done) == 1 else "s",
                    f"{sum(d.entries for d in done):,}")
    return gaz


def _env_paths(name: str) -> list[str]:
    return [p for p in os.environ.get(name, "").split(os.pathsep) if p]


def resolver_from_environment() -> Resolver:
    """The resolver for this process: dictionaries named in DETENTE_ACTOR_DICT / DETENTE_AGENT_DICT
    (so that worker processes started later use them too), else the bundled data."""
    actors, agents = _env_paths(ENV_ACTORS), _env_paths(ENV_AGENTS)
    if not actors and not agents:
        return Resolver()
    return Resolver(load_dictionaries(actors, agents))


def use_dictionaries(actors: list[str] | None = None, agents: list[str] | None = None) -> Resolver:
    """Name these dictionaries for the coders made from now on, in this process and the workers it
    starts (DETENTE_ACTOR_DICT / DETENTE_AGENT_DICT: a Coder made without a resolver reads them), and
    return the resolver with them. Errors in a dictionary are raised here, before any article is
    coded. A Coder made before keeps the resolver it was made with."""
    os.environ[ENV_ACTORS] = os.pathsep.join(str(Path(p).resolve()) for p in actors or [])
    os.environ[ENV_AGENTS] = os.pathsep.join(str(Path(p).resolve()) for p in agents or [])
    return resolver_from_environment()
