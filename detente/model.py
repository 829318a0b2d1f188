"""Frozen dataclasses that form the contract between stages (see DESIGN.md, "Data model")."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Optional

from .errors import DateError
from .text import clean_text

FACTUALITY = ("asserted", "negated", "future", "hypothetical")
# Actor codes whose identity is the organisation (`org`), not a country: IGOs, NGOs, companies and
# transnational militant groups.
ORG_CODES = ("IGO", "NGO", "MNC", "IMG")


def content_hash(text: str) -> str:
    """A hash of the text (whitespace-normalised): the same content, whatever its file name."""
    norm = " ".join(text.split())
    # surrogatepass: a lone surrogate (from a JSON "\ud800" escape) must not crash hashing;
    # language.screen reports such an article before it is coded or stored.
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def report_key(url: str = "", source: str = "") -> str:
    """Who published a report: its URL, else its outlet (case-insensitive); "" when neither is known."""
    url, source = (url or "").strip(), (source or "").strip().lower()
    return f"url:{url}" if url else f"source:{source}" if source else ""


def report_id(text_hash: str, url: str = "", source: str = "") -> str:
    """Article id: the report, not the text alone. The same wire text from a second outlet is a second
    article (a new mention of the same happenings); the same report read twice is one. Without a URL
    or an outlet the text alone identifies it. store/schema.py's 0003_report_identity computes the
    same in SQL for articles stored before."""
    key = report_key(url, source)
    return hashlib.sha256(f"{text_hash}|{key}".encode("utf-8", "surrogatepass")).hexdigest()[:20] if key \
        else text_hash


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    date: dt.date
    title: str = ""
    url: str = ""
    source: str = ""
    path: str = ""
    # Where the date came from: "metadata", "--date", "file mtime", "dateline", "default".
    date_origin: str = "metadata"
    language: str = "en"
    external_id: str = ""
    # The place of the wire dateline the text starts with ("BELGRADE, Sept 5 (Reuters) -" → "Belgrade",
    # "PARIS, Texas (AP) —" → "Paris, Texas"), as written; "" when there is none. Not part of the id.
    dateline: str = ""
    # content_hash of the text: articles sharing it are copies of one text (the same wire story).
    text_hash: str = ""

    @classmethod
    def make(cls, text: str, date: dt.date, title: str = "", url: str = "", source: str = "", path: str = "",
             date_origin: str = "metadata", language: str = "en", external_id: str = "",
             dateline: str = "") -> "Article":
        """An article with its id: the report (text with URL, else outlet; see report_id). ``date``: a
        date, a datetime (its day) or its ISO text ("2017-03-01"); anything else raises DateError here,
        not later inside the actor stage."""
        date = article_date(date)
        text = clean_text(text)  # invisible and control characters out, before offsets exist
        text_hash = content_hash(text)
        return cls(id=report_id(text_hash, url, source), text=text, date=date, title=title, url=url, source=source,
                   path=path, date_origin=date_origin, language=language, external_id=external_id,
                   dateline=dateline, text_hash=text_hash)

    @property
    def report_fields(self) -> dict:
        """What an event record says of its article: the user's own id and the outlet."""
        return {"external_id": self.external_id or None, "outlet": self.source or None}


def article_date(value) -> dt.date:
    """An article's date as a date: a library user's "2017-03-01" is read as ISO text (YYYY-MM-DD only, as
    on the command line: 05/09/2024 is May in one country, September in another), a datetime as its day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DateError(f"date: {value!r} is not a date; use YYYY-MM-DD (or a datetime.date), e.g. 2024-09-05")


@dataclass(frozen=True)
class Actor:
    """A resolved actor mention. ``start``/``end`` are character offsets in the article text."""

    code: str  # ISO 3166-1 alpha-3, or IGO / NGO / MNC
    org: str = ""  # e.g. NATO, EU, UN (for IGO/NGO/MNC)
    sector: str = ""  # GOV, MIL, REB, OPP, CVL, JUD, LEG, COP, BUS, MED, ...
    name: str = ""  # canonical name (person or entity)
    cameo: str = ""  # CAMEO-style actor code, e.g. SRBGOV, IGOWSTNAT
    text: str = ""  # the mention as written
    start: int = -1
    end: int = -1
    reason: str = ""  # why it was resolved this way

    def to_json(self) -> dict:
        return {"code": self.code, "org": self.org or None, "sector": self.sector or None,
                "name": self.name or self.text, "cameo": self.cameo}

    @property
    def identity(self) -> str:
        """The identity event data is compared by: the ISO code, or "IGO:NATO" (the code and the
        organisation) for an organisation; "IGO" when its organisation is not known."""
        return f"{self.code}:{self.org.upper()}" if self.code in ORG_CODES and self.org else self.code

    @property
    def key(self) -> str:
        """Country-level identity used for comparisons: the ISO code or the organisation."""
        return self.org if self.code in ORG_CODES and self.org else self.code


@dataclass(frozen=True)
class Location:
    name: str
    country: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonames_id: Optional[int] = None

    def to_json(self) -> dict:
        return {"name": self.name, "country": self.country or None, "lat": self.lat, "lon": self.lon,
                "geonames_id": self.geonames_id}


@dataclass(frozen=True)
class Evidence:
    sentence: str
    trigger: str
    source_span: tuple[int, int] | None
    target_span: tuple[int, int] | None
    trigger_span: tuple[int, int] | None
    rule: str  # lexicon entry id or rule name that produced the event

    def to_json(self) -> dict:
        d = asdict(self)
        for k in ("source_span", "target_span", "trigger_span"):
            d[k] = list(d[k]) if d[k] is not None else None
        return d


def event_scores(e: "Event") -> dict | None:
    """The model's scores of an event as plain floats ({"event": 0.91, ..., "kept": 0.64}), None when
    it has none (an event of the rules coder): what the evidence carries to the JSONL, the store and the API."""
    scores = e.extra.get("scores")
    return {k: float(v) for k, v in scores.items()} if scores else None


@dataclass(frozen=True)
class Event:
    article_id: str
    sentence_index: int
    event: str
    source: Actor
    target: Optional[Actor]
    evidence: Evidence
    date: dt.date
    mode: str = ""
    context: str = ""
    cameo: str = ""
    goldstein: Optional[float] = None
    quad_class: Optional[int] = None
    factuality: str = "asserted"
    speaker: Optional[str] = None
    location: Optional[Location] = None
    date_origin: str = "article"
    # How precise the date is: "day" (the article's date, "yesterday", "March 3"), "week" ("last
    # week"), "month" ("in March") or "year" ("in 2016"); see coding/when_where.date_precision.
    date_precision: str = "day"
    # Where the location came from: "sentence" (the event's sentence names it), "article" (another
    # sentence names the place of the same meeting), "dateline" (only the article's dateline); "" if none.
    location_origin: str = ""
    coder_version: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        key = "|".join([self.article_id, str(self.sentence_index), self.event, self.source.key,
                        self.target.key if self.target else "", self.factuality,
                        str(self.evidence.trigger_span)])
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    def to_json(self, article: "Article | None" = None) -> dict:
        """The JSONL contract of ``detente code --format jsonl`` (field names are fixed). ``article``
        adds the user's id of the article (``external_id``) and its ``outlet``."""
        return {
            "article_id": self.article_id,
            **(article.report_fields if article is not None else {}),
            "sentence_index": self.sentence_index,
            "event": self.event,
            "mode": self.mode or None,
            "context": self.context or None,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "factuality": self.factuality,
            "speaker": self.speaker,
            "source": self.source.to_json(),
            "target": self.target.to_json() if self.target else None,
            "date": self.date.isoformat(),
            "date_origin": self.date_origin,
            "date_precision": self.date_precision,
            "location": ({**self.location.to_json(), "origin": self.location_origin or None}
                         if self.location else None),
            # the learned coder's probabilities (coding/learned: event, none, source, target, sentence,
            # fallback, kept); null for an event of the rules coder (README: "How sure the model was")
            "evidence": {**self.evidence.to_json(), "scores": event_scores(self)},
        }
