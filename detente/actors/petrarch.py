"""Reading PETRARCH / TABARI actor and agent dictionaries the way PETRARCH2 reads them
(``PETRreader.read_FIN_line``, ``read_actor_dictionary``, ``read_agent_dictionary``), into plain
records. Nothing here knows the gazetteer: ``dictionaries.py`` turns the records into Détente codes.

What a dictionary user can rely on (docs/actors.md):
- comments: '#' to the end of the line, a line starting with ';' (TABARI), and ``<!-- … -->``,
  on one line or over several; a line starting with '<!' is a comment line (``<! -- … -->``);
- actors: ``PHRASE [CODE]``; a block of a phrase, ``+SYNONYM`` lines and indented ``[CODE DATE]``
  lines; several codes at once ``[ELR/GAL]``; the null codes ``[---]`` and ``[+++]`` (the phrase is
  known and names no actor); dates ``<D``, ``>D``, ``D-D`` (spaces allowed), D being YYMMDD or
  YYYYMMDD. A dated code holds on its dates and wins over the undated one, which holds otherwise;
  of two dated codes holding on a day, the first in the file wins;
- agents: ``PHRASE {PLURAL} [~CODE]`` (a suffix agent: the sector) or ``[CODE~]`` (a prefix agent,
  ``NGO~``); regular plurals are made (S, Y→IES, SS→ES) unless braces give the plural, ``{}`` none;
  substitution sets ``!PERSON! = MAN, MEN, …`` used as ``CONGRESS!PERSON!`` (no plurals made).

A line PETRARCH could not read either (a bad date, an unclosed bracket, a code line before any
actor, an unknown set) is a :class:`Problem`: reported with its file and line and skipped, never the
end of the file. Only an unreadable file is an error (raised by the caller)."""
from __future__ import annotations

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

NULL_CODES = ("---", "+++")  # PETRARCH's null and skip codes: the phrase names no actor
MAX_EXPANSIONS = 10_000  # phrases one agent line may expand to through its !sets!
CODE_RE = re.compile(r"[A-Z0-9]{3,15}")
SET_RE = re.compile(r"![A-Za-z0-9_]+!")


class Malformed(ValueError):
    """A line PETRARCH's syntax does not allow (caught per line: the line is skipped)."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}; skipped"


@dataclass(frozen=True)
class DatedCodes:
    """One code line: its codes (several for ``[ELR/GAL]``) and dates, the end exclusive."""
    codes: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    line: int

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class ActorEntry:
    phrases: list[str]
    codes: list[DatedCodes]
    line: int

    def by_precedence(self) -> list[DatedCodes]:
        """Dated codes first, in file order, then the undated ones: PETRARCH's default code holds only
        where no date restriction does (DATE-07 of its unit tests)."""
        return [c for c in self.codes if c.dated] + [c for c in self.codes if not c.dated]


@dataclass(frozen=True)
class AgentEntry:
    forms: tuple[str, ...]  # lower case, words separated by spaces, plurals included
    code: str  # 'GOV' of '~GOV', 'NGO' of 'NGO~'
    prefix: bool  # 'NGO~': PETRARCH puts the code before the actor's
    line: int


@dataclass
class Reading:
    """What a file held: its entries and the lines skipped."""
    path: str
    entries: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0


def content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are not comments, comments removed, as read_FIN_line."""
    out: list[tuple[int, str]] = []
    in_comment = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.replace("\x1a", "")
        if in_comment:
            if "-->" not in line:
                continue
            line, in_comment = line.split("-->", 1)[1], False
        while "<!--" in line:  # a comment inside the line, or opening one that ends later
            before, after = line.split("<!--", 1)
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                line, in_comment = before, True
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";", "<!")):
            continue
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append((n, line))
    return out


def _day(value: str) -> dt.date:
    digits = value.strip()
    try:
        if len(digits) == 6 and digits.isdigit():
            yy = int(digits[:2])
            year = 2000 + yy if yy <= 30 else 1900 + yy  # KEDS, TABARI and PETRARCH: 00-30 are 20YY
            return dt.date(year, int(digits[2:4]), int(digits[4:6]))
        if len(digits) == 8 and digits.isdigit():
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        pass
    raise Malformed(f"bad date {value.strip()!r} (expected YYMMDD or YYYYMMDD)")


def parse_codes(text: str, line: int = 0) -> DatedCodes:
    """'HOBGOV 19950601 - 19990815' → HOBGOV from 1995-06-01 to 1999-08-15 included; '<D' until the
    day before D; '>D' (or a bare D) from D on; 'ELR/GAL' two codes; '---' the null code."""
    text = text.strip()
    m = re.match(r"(\S+)\s*(.*)", text)
    if not m:
        raise Malformed("empty code []")
    raw_codes, rng = m.group(1), re.sub(r"\s+", "", m.group(2))
    if rng[:1] not in ("", "<", ">") and not rng[:1].isdigit():  # 'ARM< 900823' has its '<' in the code
        raise Malformed(f"bad date range {m.group(2)!r}")
    codes = tuple(c.lstrip("~").upper() for c in raw_codes.split("/"))
    for code in codes:
        if code not in NULL_CODES and not CODE_RE.fullmatch(code):
            raise Malformed(f"bad actor code {code!r}")
    start = end = None
    if rng.startswith(">"):
        start = _day(rng[1:])
    elif rng.startswith("<"):
        end = _day(rng[1:])
    elif rng.isdigit():  # a bare date, '[USAGOV 19820101]': PETRARCH reads it as '>D'
        start = _day(rng)
    elif rng:
        if rng.count("-") != 1:
            raise Malformed(f"bad date range {m.group(2)!r}")
        a, b = rng.split("-")
        start, end = _day(a), _day(b)
        end = end + dt.timedelta(days=1) if end < dt.date.max else None  # inclusive; 99991231: no end
        if end is not None and end <= start:
            raise Malformed(f"date range {m.group(2)!r} ends before it starts")
    return DatedCodes(codes, start, end, line)


UNCLOSED_RE, STRAY_RE = re.compile(r"\[[^\]]*(\[|$)"), re.compile(r"(^|\])[^\[]*\]")
BRACKETED_RE, BAD_PHRASE_RE = re.compile(r"\[([^\]]*)\]"), re.compile(r"[{}\[\]<>]")


def _brackets(line: str) -> tuple[str, list[str]]:
    """The text outside [...] and the contents of each [...]; unbalanced brackets are malformed."""
    if "[" not in line and "]" not in line:
        return line.strip(), []
    if UNCLOSED_RE.search(line) or STRAY_RE.search(line):
        raise Malformed("unclosed '[' or stray ']'")
    return BRACKETED_RE.sub(" ", line).strip(), BRACKETED_RE.findall(line)


def _phrase(text: str) -> str:
    text = text.strip()
    if not any(ch.isalnum() for ch in text) or BAD_PHRASE_RE.search(text):  # 'YAHOO!_INC_' is a name
        raise Malformed(f"bad phrase {text!r}")
    return text


def read_actor_text(text: str, path: str) -> Reading:
    reading = Reading(path)
    current: ActorEntry | None = None
    void = False  # the block of a malformed phrase line: its synonyms and codes go with it
    for n, line in content_lines(text):
        reading.lines += 1
        try:
            head, inside = _brackets(line)
            codes = [parse_codes(c, n) for c in inside]
            if not head:  # a code line
                if current is None and not void:
                    raise Malformed("code line before any actor")
                if current is not None:
                    current.codes.extend(codes)
            elif head.startswith("+"):
                if current is None and not void:
                    raise Malformed("synonym before any actor")
                if current is not None:
                    current.phrases.append(_phrase(head[1:]))
                    current.codes.extend(codes)
            elif current is not None and not current.codes and not codes:
                # Phrase lines in a row, none with a code, then the code lines (Phoenix's
                # BORIS_YELTSIN_ / YELTSIN / PRESIDENT_YELTSIN …): one actor, written without '+'.
                current.phrases.append(_phrase(head))
            else:
                current, void = ActorEntry([_phrase(head)], codes, n), False
                reading.entries.append(current)
        except Malformed as exc:
            reading.problems.append(Problem(path, n, str(exc)))
            if not line[:1].isspace() and not line.lstrip().startswith(("+", "[")):
                current, void = None, True
    kept = []
    for entry in reading.entries:
        if entry.codes:
            kept.append(entry)
        else:
            reading.problems.append(Problem(path, entry.line, f"actor {entry.phrases[0]} has no code"))
    reading.entries = kept
    reading.problems.sort(key=lambda p: p.line)
    return reading


def expand_sets(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """Every phrase the !sets! in a phrase stand for, in order. Bounded: a set that names itself, or
    sets multiplied past MAX_EXPANSIONS, are malformed rather than a hang."""
    out: list[str] = []
    todo = deque([phrase])
    while todo:
        p = todo.popleft()
        m = SET_RE.search(p)
        if not m:
            out.append(p)
            continue
        name = m.group(0).upper()
        if name not in sets:
            raise Malformed(f"unknown substitution set {m.group(0)}")
        todo.extend(p[:m.start()] + a + p[m.end():] for a in sets[name])
        if len(out) + len(todo) > MAX_EXPANSIONS:
            raise Malformed(f"sets expand to too many phrases (over {MAX_EXPANSIONS:,}; does a set name itself?)")
    return out


def regular_plural(phrase: str) -> str:
    """PETRARCH's regular plural of the last word: S, Y → IES, SS → ES."""
    up = phrase.upper()
    if up.endswith("SS"):
        return phrase + ("es" if phrase[-1].islower() else "ES")
    if up.endswith("Y") and len(up) > 1 and up[-2] not in "AEIOU":
        return phrase[:-1] + ("ies" if phrase[-1].islower() else "IES")
    return phrase + ("s" if phrase[-1].islower() else "S")


def _words(phrase: str) -> str:
    return " ".join(phrase.replace("_", " ").split()).lower()


def _agent(line: str, n: int, sets: dict[str, list[str]]) -> AgentEntry:
    head, inside = _brackets(line)
    if len(inside) != 1:
        raise Malformed("agent without one [CODE]")
    code = inside[0].replace(" ", "")
    prefix = code.endswith("~") and not code.startswith("~")
    code = code.strip("~").upper()
    if not CODE_RE.fullmatch(code):
        raise Malformed(f"bad agent code {inside[0].strip()!r}")
    plurals: list[str] | None = None
    m = re.fullmatch(r"([^{}]*?)\s*\{([^{}]*)\}\s*", head)
    if m:
        head, plurals = m.group(1), [p for p in re.split(r"[|,]", m.group(2)) if p.strip()]
    elif "{" in head or "}" in head:
        raise Malformed("unbalanced '{'")
    head = head.strip().rstrip("~")  # TABARI's 'WORD~': the regular plural, made anyway
    if not any(ch.isalnum() for ch in head):
        raise Malformed(f"bad phrase {head!r}")
    forms: list[str] = []
    for phrase in expand_sets(head, sets):
        forms.append(phrase)
        if plurals is None and not SET_RE.search(head):
            forms.append(regular_plural(phrase))
    for plural in plurals or []:
        forms.extend(expand_sets(plural.strip(), sets))
    forms = [_words(f) for f in forms]
    return AgentEntry(tuple(dict.fromkeys(f for f in forms if f)), code, prefix, n)


def read_agent_text(text: str, path: str) -> Reading:
    reading = Reading(path)
    sets: dict[str, list[str]] = {}
    for n, line in content_lines(text):
        reading.lines += 1
        try:
            m = re.fullmatch(r"\s*(![A-Za-z0-9_]+!)\s*=\s*(.*)", line)
            if m:
                items = m.group(2).split(",") if "," in m.group(2) else m.group(2).split()
                items = [i.strip() for i in items if i.strip()]
                if not items:
                    raise Malformed(f"empty substitution set {m.group(1)}")
                sets[m.group(1).upper()] = items
                continue
            reading.entries.append(_agent(line, n, sets))
        except Malformed as exc:
            reading.problems.append(Problem(path, n, str(exc)))
    return reading


def read_text_file(path: str | Path) -> str:
    """The text of a dictionary file: UTF-8, else Latin-1 (older TABARI files). OSError propagates."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
