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
# PLACE in capitals (a region after a comma may follow), then the date, then the agency, then a dash.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+){0,2}))??"
    r"(?:,?\s*(?P<month>" + _MONTH + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d\d))?)?"
    r"\s*[.,]?\s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\)|/(?P<agency2>[A-Za-z][\w .&-]{0,30})/)?"
    r"\s*[.]?\s*(?P<dash>[-–—:]+|\.)\s+")


@dataclass(frozen=True)
class Dateline:
    place: str  # "Belgrade"
    month: int | None
    day: int | None
    year: int | None
    agency: str  # "Reuters", "TASS", or ""
    end: int  # character offset where the story's first sentence begins

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
    return Dateline(place=_title(place), month=month, day=int(m.group("day")) if has_date else None,
                    year=int(m.group("year")) if m.group("year") else None, agency=agency.strip(),
                    end=m.end())


def _title(place: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in place.split())
