"""Wire-story datelines: "BELGRADE, Sept 5 (Reuters) -", "MOSCOW, February 7. /TASS/.",
"KYIV, Ukraine (AP) —", "PARIS, March 3, 2024 (AFP) -". They give the place the story was filed
from, often its date, and the agency, where the metadata does not."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
          "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# A region's word: a capital (after d' in "Côte d'Ivoire"), then letters, dots, apostrophes or
# hyphens ("Texas", "Ga.", "N.Y.").
_REGION_WORD = r"(?:d['’])?[A-Z](?:[^\W\d_]|[.'’\-])+"
# PLACE in capitals, a region after a comma ("Ukraine", "Ga.", "Bosnia and Herzegovina", "Democratic
# Republic of the Congo"), then the date, then the agency, then a dash. The region is lazy: tried
# after the date, so "PARIS, March 3" is a date, not a region.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,\s*(?P<region>" + _REGION_WORD + r"(?:\s+(?:(?:and|of|the)\s+){0,2}" + _REGION_WORD + r"){0,3}))??"
    r"(?:,?\s*(?P<month>" + _MONTH + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d\d))?)?"
    r"\s*[.,]?\s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\)|/(?P<agency2>[A-Za-z][\w .&-]{0,30})/)?"
    r"\s*[.]?\s*(?P<dash>[-–—:]+|\.)\s+")


@dataclass(frozen=True)
class Dateline:
    place: str  # "Belgrade", "Paris"
    month: int | None
    day: int | None
    year: int | None
    agency: str  # "Reuters", "TASS", or ""
    end: int  # character offset where the story's first sentence begins
    region: str = ""  # the text after the place's comma: "Texas", "Ga.", "Ukraine"; "" without one

    @property
    def where(self) -> str:
        """The place as the article stores it: "Paris, Texas" with a region, else "Paris"."""
        return f"{self.place}, {self.region}" if self.region else self.place

    def date(self, reference: dt.date | None) -> dt.date | None:
        """The dateline's date; without a year, the latest such day not after ``reference``."""
        if self.month is None or self.day is None:
            return None
        try:
            if self.year:
                return dt.date(self.year, self.month, self.day)
            if reference is None:
                return None
            d = dt.date(reference.year, self.month, self.day)
            return d if d <= reference else dt.date(reference.year - 1, self.month, self.day)
        except ValueError:  # "Feb 30"
            return None


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text`` (its first 200 characters), or None."""
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    place, agency = m.group("place"), m.group("agency") or m.group("agency2") or ""
    has_date = m.group("month") is not None
    if not (has_date or agency or m.group("dash") in ("-", "–", "—", "--")):
        return None
    if len(place) < 2 or not any(ch.isalpha() for ch in place):
        return None
    month = MONTHS[m.group("month")[:3].lower()] if has_date else None
    region = m.group("region") or ""
    if _MONTH_ONLY.fullmatch(region):  # "BELGRADE, Sept (Reuters) -": a date without its day
        region = ""
    return Dateline(place=_title(place), month=month, day=int(m.group("day")) if has_date else None,
                    year=int(m.group("year")) if m.group("year") else None, agency=agency.strip(),
                    end=m.end(), region=" ".join(region.split()))


_MONTH_ONLY = re.compile(_MONTH + r"\.?")
# Each part of a name after a space, hyphen or apostrophe: "WINSTON-SALEM" → "Winston-Salem",
# "N'DJAMENA" → "N'Djamena"; but a possessive s stays small ("ST. JOHN'S" → "St. John's").
_NAME_PART = re.compile(r"[^\s\-'’]+")
_POSSESSIVE = re.compile(r"(?<=['’])S\b")


def _title(place: str) -> str:
    titled = _NAME_PART.sub(lambda p: p.group().capitalize() if p.group().isupper() else p.group(), place)
    return " ".join(_POSSESSIVE.sub("s", titled).split())
