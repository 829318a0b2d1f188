"""Import of PETRARCH / TABARI actor and agent dictionaries, so that users can code with the
dictionaries they own. Supported syntax (see docs/actors.md):

actors:  PHRASE_WITH_UNDERSCORES_ [CODE]            one line
         PHRASE_                                     a block: the phrase,
         +SYNONYM_                                   its synonyms,
          [USAGOV 090120-170120]                     and dated codes: YYMMDD or YYYYMMDD,
          [USAELI <090120]  [USAGOV >170120]         a range includes both days; '<D' until
                                                     the day before D; '>D' from D on
agents:  PRESIDENT [~GOV]   POLICE_OFFICER~ [~COP]   '~' after a word also adds its plural
         !minist! = MINISTER MINISTERS               a set, used as !minist! in phrases
Comments start with '#' (PETRARCH) or ';' (TABARI). Imported entries win over the bundled data
where both name the same words; their codes hold only within their date ranges."""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections import deque
from pathlib import Path

from ..errors import DictionaryError
from .gazetteer import ORG_CODES, Entry, Gazetteer, Role, fold
from .resolver import Resolver

log = logging.getLogger(__name__)

ENV_ACTORS, ENV_AGENTS = "DETENTE_ACTOR_DICT", "DETENTE_AGENT_DICT"
SMALL_WORDS = {"of", "the", "and", "for", "de", "del", "la", "le", "du", "al", "bin", "ibn", "von", "van", "der",
               "den", "da", "di", "on", "in"}
CODE_RE = re.compile(r"\[([^\]]*)\]")


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith(";"):
        return ""
    return line.split("#", 1)[0].rstrip()


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
    upper = " ".join(words).upper()
    if upper not in forms and len(words) == 1 and len(upper) <= 6:
        forms.append(upper)
    return forms


def _day(value: str, path: str, line: int) -> dt.date:
    digits = value.strip()
    try:
        if len(digits) == 6:
            yy = int(digits[:2])
            year = 2000 + yy if yy < 50 else 1900 + yy  # TABARI's two-digit years
            return dt.date(year, int(digits[2:4]), int(digits[4:6]))
        if len(digits) == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        pass
    raise DictionaryError(f"bad date {value!r} (expected YYMMDD or YYYYMMDD)", path=path, line=line)


def parse_code(text: str, path: str, line: int) -> tuple[str, dt.date | None, dt.date | None]:
    """'USAGOV 090120-170120' → ('USAGOV', 2009-01-20, 2017-01-21): a range includes both days; '>D'
    holds from D on, '<D' until the day before D. The end returned is exclusive."""
    parts = text.split()
    if not parts:
        raise DictionaryError("empty code []", path=path, line=line)
    code, start, end = parts[0].lstrip("~").upper(), None, None
    if len(parts) > 1:
        rng = "".join(parts[1:])
        if rng.startswith(">"):
            start = _day(rng[1:], path, line)
        elif rng.startswith("<"):
            end = _day(rng[1:], path, line)
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = _day(a, path, line), _day(b, path, line)
            end = end + dt.timedelta(days=1) if end < dt.date.max else None  # inclusive; 99991231: no end
        else:
            raise DictionaryError(f"bad date range {rng!r}", path=path, line=line)
    if not re.fullmatch(r"[A-Z0-9]{3,15}", code):
        raise DictionaryError(f"bad actor code {code!r}", path=path, line=line)
    return code, start, end


def _split_code(code: str, gaz: Gazetteer) -> tuple[str, str, str]:
    """A CAMEO-style code → (Détente code, org, sector): 'SRBGOV' → SRB/''/GOV, 'IGOWSTNATMIL' →
    IGO/NATO/MIL, 'ROMGOV' → ROU/''/GOV (legacy CAMEO country codes)."""
    if code[:3] in ORG_CODES:
        bases = [c for c in gaz.org_cameo if code.startswith(c)]
        if bases:
            base = max(bases, key=len)
            return code[:3], gaz.org_cameo[base], code[len(base):][:3]
        return code[:3], code[3:], ""
    from ..coding.ontology import legacy_actor_codes
    country = legacy_actor_codes().get(code[:3], code[:3])
    return country, "", code[3:6]


def read_actors(path: str | Path, gaz: Gazetteer) -> int:
    """Add a PETRARCH/TABARI actor dictionary to the gazetteer; returns the number of entries."""
    path = str(path)
    entries: list[tuple[list[str], list[tuple[str, dt.date | None, dt.date | None]], int]] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read actor dictionary: {exc.__class__.__name__}", path=path) from None
    for n, raw in enumerate(lines, 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        codes = [parse_code(c, path, n) for c in CODE_RE.findall(line)]
        head = CODE_RE.sub("", line).strip()
        if line[:1] in (" ", "\t") and not head or line.lstrip().startswith("["):
            if not entries:
                raise DictionaryError("code line before any actor", path=path, line=n)
            entries[-1][1].extend(codes)
        elif head.startswith("+"):
            if not entries:
                raise DictionaryError("synonym before any actor", path=path, line=n)
            entries[-1][0].append(head[1:])
            entries[-1][1].extend(codes)
        elif head:
            entries.append(([head], codes, n))
        if "[" in line and not CODE_RE.search(line):
            raise DictionaryError("unclosed '['", path=path, line=n)
    name = Path(path).name
    for phrases, codes, n in entries:
        if not codes:
            log.warning("%s:%d: actor %s has no code; skipped", path, n, phrases[0])
            continue
        canonical = _surface_forms(phrases[0])[0] if _surface_forms(phrases[0]) else phrases[0]
        for code, start, end in codes:
            country, org, sector = _split_code(code, gaz)
            role = Role(canonical, country, org, sector, code, start, end, source=f"{name}:{n}")
            for phrase in phrases:
                for form in _surface_forms(phrase):
                    bucket = gaz.dated.setdefault(fold(form), [])
                    bucket.insert(0, role) if role not in bucket else None
                    gaz.add_form(form, Entry("dict", country, org=org, name=canonical), override=True)
    return len(entries)


def read_agents(path: str | Path, gaz: Gazetteer) -> int:
    """Add a PETRARCH/TABARI agent dictionary (sector words) to the gazetteer."""
    path = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read agent dictionary: {exc.__class__.__name__}", path=path) from None
    sets: dict[str, list[str]] = {}
    count = 0
    for n, raw in enumerate(lines, 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = re.fullmatch(r"(![A-Za-z]+!)\s*=\s*(.+)", line)
        if m:
            sets[m.group(1).lower()] = [w for w in re.split(r"[,\s]+", m.group(2)) if w]
            continue
        codes = CODE_RE.findall(line)
        if not codes:
            raise DictionaryError("agent without a [CODE]", path=path, line=n)
        sector = parse_code(codes[0], path, n)[0][:3]
        phrase = CODE_RE.sub("", line).strip().strip("{}").strip()
        for alt in phrase.split("|"):
            for words in _expand(alt.strip(), sets, path, n):
                plural = words.endswith("~")
                words = words.rstrip("~").strip("_").replace("_", " ").lower()
                if not words:
                    continue
                forms = [words] + ([words[:-1] + "ies" if words.endswith("y") else words + "s"] if plural else [])
                for form in forms:
                    gaz.sector_words[form] = sector
                gaz.titles.setdefault(words, sector)
                count += 1
    return count


MAX_EXPANSIONS = 10_000  # phrases one agent line may expand to through its !sets!


def _expand(phrase: str, sets: dict[str, list[str]], path: str = "", line: int = 0) -> list[str]:
    """Every phrase the !sets! in a phrase stand for, in order. Bounded: a set that names itself, or
    sets multiplied past MAX_EXPANSIONS, are an error rather than a hang."""
    out: list[str] = []
    todo = deque([phrase])
    while todo:
        p = todo.popleft()
        m = re.search(r"![A-Za-z]+!", p)
        if not m:
            out.append(p)
            continue
        alts = sets.get(m.group(0).lower(), [m.group(0).strip("!")])
        todo.extend(p[:m.start()] + a + p[m.end():] for a in alts)
        if len(out) + len(todo) > MAX_EXPANSIONS:
            raise DictionaryError(f"sets expand to too many phrases (over {MAX_EXPANSIONS:,}; "
                                  f"does a set name itself?)", path=path, line=line)
    return out


def load_dictionaries(actors: list[str] | None = None, agents: list[str] | None = None) -> Gazetteer:
    """The bundled gazetteer extended with the given dictionaries (a fresh copy)."""
    gaz = Gazetteer.load()
    for p in agents or []:
        log.info("agents %s: %d entries", p, read_agents(p, gaz))
    for p in actors or []:
        log.info("actors %s: %d entries", p, read_actors(p, gaz))
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
    """Code with these dictionaries from now on (this process and the workers it starts). Errors in
    a dictionary are raised here, before any article is coded."""
    from .resolver import set_resolver
    os.environ[ENV_ACTORS] = os.pathsep.join(str(Path(p).resolve()) for p in actors or [])
    os.environ[ENV_AGENTS] = os.pathsep.join(str(Path(p).resolve()) for p in agents or [])
    resolver = resolver_from_environment()
    set_resolver(resolver)
    # The prefilter takes the resolver's gazetteer when it is built: one built before would skip the
    # sentences whose only actor is a dictionary entry. Build it (and the coders using it) again.
    from .. import pipeline, prefilter
    prefilter.prefilter_for.cache_clear()
    pipeline._CODERS.clear()
    return resolver
