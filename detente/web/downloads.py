"""/api/export: the events of the current filter as a file (CSV, Parquet, GDELT 2.0 TSV, PLOVER JSONL),
written by detente.export — the same files as `detente export`, for the rows a dashboard list shows."""
from __future__ import annotations

import io
from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from ..export import write
from . import queries as Q
from .api import ApiError, connection, event_filter
from .series import happenings

MAX_EXPORT = 100_000  # event reports in one download; more is a job for `detente export`
MEDIA = {"csv": ("text/csv; charset=utf-8", "csv"), "parquet": ("application/vnd.apache.parquet", "parquet"),
         "gdelt": ("text/tab-separated-values; charset=utf-8", "tsv"),
         "plover-jsonl": ("application/x-ndjson; charset=utf-8", "jsonl")}

router = APIRouter(prefix="/api")


@router.get("/export", summary="The events of a filter as CSV, Parquet, GDELT 2.0 TSV or PLOVER JSONL",
            response_class=Response)
def export(f: Q.EventFilter = Depends(event_filter),
           format: Literal["csv", "parquet", "gdelt", "plover-jsonl"] = Query("csv", description="File format"),
           level: Literal["mentions", "happenings"] | None = Query(
               None, description="csv/parquet: one row per event report as in the lists (mentions, the default) "
                                 "or per happening; gdelt and plover-jsonl are always happenings"),
           con=Depends(connection)):
    """Takes the filters of /api/events. Reports of the same act are merged into happenings as in
    `detente export` (docs/export.md); GDELT and PLOVER files hold only what those formats can state
    (asserted acts, plus planned or refused ones PLOVER has a mode for)."""
    tabular = format in ("csv", "parquet")
    if level == "mentions" and not tabular:
        raise ApiError(422, f"{format} is one record per happening; mentions is for csv and parquet", "level")
    level = level or ("mentions" if tabular else "happenings")
    total, _ = Q.list_events(con, f, 1, 0)
    if total > MAX_EXPORT:
        raise ApiError(422, f"{total:,} events match; at most {MAX_EXPORT:,} in one download — narrow the filter "
                            "or use `detente export`", "format")
    mentions, happ = happenings(con, f)
    frame = mentions if level == "mentions" else happ
    media, suffix = MEDIA[format]
    if format == "parquet":
        out = io.BytesIO()
        write(frame, format, out=out, level=level)
        body = out.getvalue()
    else:
        text = io.StringIO()
        write(frame, format, stream=text, level=level)
        body = text.getvalue().encode("utf-8")
    name = f"detente-{level}.{suffix}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
