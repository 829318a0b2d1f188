"""The GDELT 2.0 mentions table: one line per report of a happening (16 tab-separated columns), joined
to the events table by GLOBALEVENTID, as GDELT users join theirs. Written from the mention rows of
relations.dedup (level="mentions")."""
from __future__ import annotations

from typing import Iterator

import pandas as pd

MENTION_COLUMNS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                   "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
                   "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
                   "Extras"]
WEB, CITATION_ONLY = "1", "2"  # GDELT's MentionType: a URL, or a citation (here the user's id or the file)


def global_event_id(happening_id: str) -> str:
    """The happening id read as an integer, as in the events table's GLOBALEVENTID."""
    return str(int(happening_id[:15], 16))


def _stamp(x) -> str:
    return "" if x is None or x is pd.NaT or (isinstance(x, float) and x != x) else \
        pd.Timestamp(x).strftime("%Y%m%d%H%M%S")


def _offset(x) -> str:
    return "-1" if x is None or x != x else str(int(x))


def mention_rows(mentions: pd.DataFrame) -> Iterator[list[str]]:
    """Each mention row (a sentence of an article reporting a happening) as a mentions-table line."""
    first_seen = mentions.groupby("happening_id")["coded_at"].min() if len(mentions) else {}
    for row in mentions.to_dict("records"):
        ref = row.get("url") or ""
        fields = [global_event_id(row["happening_id"]), _stamp(first_seen[row["happening_id"]]),
                  _stamp(row.get("coded_at")), WEB if ref.startswith(("http://", "https://")) else CITATION_ONLY,
                  row.get("outlet") or "", ref, str(int(row["sentence_index"]) + 1),
                  _offset(row.get("source_start")), _offset(row.get("target_start")),
                  _offset(row.get("trigger_start")), "1", "", "", "", "", ""]
        yield [" ".join(str(f).split()) for f in fields]
