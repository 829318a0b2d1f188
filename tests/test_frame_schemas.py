"""One shape per concept (issue 14, item 6): every public frame has the columns and the kinds pinned
here, whatever its data — dates are datetime64, a missing text is None (never ''), no column is
called `index`, relations() has the same columns whatever event types the dyad has; CSV keeps CAMEO
codes as text and Parquet stores days as dates.

To add a column (events.external_id, events.source …), add it to the frame's entry in SCHEMAS, in
its place. Kinds: text, int, float, datetime, bool, list, dict."""
import csv

import pandas as pd
import pyarrow.parquet as pq
import pytest

from detente import Store
from detente.cli import main
from detente.config import settings
from test_relations import build_store

ARTICLES = [
    {"id": "s1", "date": "2024-09-02", "source": "Balkan Wire",
     "text": "Serbia refused to impose sanctions on Russia."},
    {"id": "s2", "date": "2024-10-01", "source": "Daily Herald",
     "text": "Serbia signed an agreement with China. Serbia criticised NATO."},
]

# The columns of an event row with its evidence (Store.events, and a happening's mentions).
EVENT_ROW = {
    "external_id": "text", "outlet": "text", "id": "text", "article_id": "text", "sentence_index": "int",
    "event": "text", "mode": "text", "context": "text", "cameo": "text", "goldstein": "float", "quad_class": "int",
    "factuality": "text", "speaker": "text", "source_code": "text", "source_org": "text",
    "source_sector": "text", "source_name": "text", "source_cameo": "text", "source_reason": "text",
    "target_code": "text", "target_org": "text", "target_sector": "text", "target_name": "text",
    "target_cameo": "text", "target_reason": "text", "date": "datetime", "date_origin": "text",
    "location_name": "text", "location_country": "text", "lat": "float", "lon": "float",
    "geonames_id": "int", "coder_version": "text", "location_origin": "text", "reviewed": "bool",
    "date_precision": "text", "sentence": "text", "trigger": "text", "source_start": "int",
    "source_end": "int", "target_start": "int", "target_end": "int", "trigger_start": "int",
    "trigger_end": "int", "rule": "text", "scores": "dict"}

SCHEMAS = {
    "events": EVENT_ROW,
    "articles": {
        "id": "text", "external_id": "text", "url": "text", "path": "text", "source": "text",
        "date": "datetime", "date_origin": "text", "title": "text", "n_sentences": "int",
        "coded_at": "datetime", "dateline": "text", "text_hash": "text"},
    "mentions": {
        "article_id": "text", "start_char": "int", "end_char": "int", "text": "text", "code": "text",
        "org": "text", "sector": "text", "name": "text", "cameo": "text", "reason": "text"},
    "happenings": {
        "date_origin": "text", "date_precision": "text", "external_ids": "list", "location_origin": "text",
        "happening_id": "text", "date": "datetime", "date_last": "datetime", "event": "text", "mode": "text",
        "context": "text", "cameo": "text", "goldstein": "float", "quad_class": "int", "factuality": "text",
        "speaker": "text", "source_code": "text", "source_org": "text", "source_sector": "text",
        "source_name": "text", "source_cameo": "text", "source_reason": "text", "target_code": "text",
        "target_org": "text", "target_sector": "text", "target_name": "text", "target_cameo": "text",
        "target_reason": "text", "location_name": "text", "location_country": "text", "lat": "float",
        "lon": "float", "geonames_id": "int", "coder_version": "text", "sentence": "text", "trigger": "text",
        "scores": "dict", "source_key": "text", "target_key": "text", "n_mentions": "int", "n_articles": "int",
        "n_sources": "int", "first_article_id": "text", "outlet": "text", "source_url": "text",
        "language": "text", "date_added": "datetime", "is_root": "bool", "article_ids": "list",
        "event_ids": "list"},
    "happening_mentions": {**EVENT_ROW,
        "source_key": "text", "target_key": "text", "url": "text",
        "language": "text", "coded_at": "datetime", "happening_id": "text"},
    "relations": {
        "period": "text", "period_start": "datetime", "events": "int", "mentions": "int", "verbal_coop": "int",
        "material_coop": "int", "verbal_conflict": "int", "material_conflict": "int", "goldstein_sum": "float",
        "goldstein_mean": "float", "negated": "int", "future": "int", "hypothetical": "int", "AGREE": "int",
        "CONSULT": "int", "SUPPORT": "int", "CONCEDE": "int", "COOPERATE": "int", "AID": "int",
        "RETREAT": "int", "REQUEST": "int", "ACCUSE": "int", "REJECT": "int", "THREATEN": "int",
        "PROTEST": "int", "SANCTION": "int", "MOBILIZE": "int", "COERCE": "int", "ASSAULT": "int"},
    "top_dyads": {
        "actor_a": "text", "actor_b": "text", "events": "int", "mentions": "int", "cooperative": "int",
        "conflictual": "int", "goldstein_sum": "float", "goldstein_mean": "float", "negated": "int",
        "future": "int", "hypothetical": "int", "first": "datetime", "last": "datetime"},
    "alignment": {
        "period": "text", "period_start": "datetime", "pole": "text", "events": "int", "cooperative": "int",
        "conflictual": "int", "mentions": "int", "affinity": "float", "alignment_index": "float",
        "leaning": "text"},
    "alignment_explain": {
        "period": "text", "period_start": "datetime", "pole": "text", "date": "datetime", "direction": "text",
        "counterpart": "text", "source_key": "text", "source_sector": "text", "event": "text", "mode": "text",
        "target_key": "text", "target_sector": "text", "factuality": "text", "goldstein": "float",
        "signal": "float", "share": "int", "contribution": "float", "n_mentions": "int", "n_articles": "int",
        "sentence": "text", "trigger": "text", "first_article_id": "text", "happening_id": "text",
        "group": "int"},
}


def kind(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "datetime"
    if pd.api.types.is_integer_dtype(s):
        return "int"
    if pd.api.types.is_float_dtype(s):
        return "float"
    values = s.dropna()
    if len(values) and isinstance(values.iloc[0], (list, tuple)):
        return "list"
    if len(values) and isinstance(values.iloc[0], dict):  # the model's scores (evidence.scores)
        assert values.map(lambda v: isinstance(v, dict)).all(), f"{s.name}: not all dicts"
        return "dict"
    assert values.map(lambda v: isinstance(v, str)).all(), f"{s.name}: not all text"
    return "text"


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    # the default coder (model and rules combined), so the model's scores fill their column
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(settings, "coder", "combined")
        db = build_store(tmp_path_factory.mktemp("schemas"), ARTICLES, "schemas.duckdb")
    with Store(db, read_only=True) as s:
        yield db, {
            "events": s.events(), "articles": s.articles(), "mentions": s.mentions(), "happenings": s.dedup(),
            "happening_mentions": s.dedup(level="mentions"), "relations": s.relations("SRB", "RUS"),
            "top_dyads": s.top_dyads(), "alignment": s.alignment("SRB", ["RUS", "WEST"]),
            "alignment_explain": s.alignment("SRB", ["RUS", "WEST"], explain=True)}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_public_frame_has_its_pinned_schema(frames, name):
    frame = frames[1][name]
    assert len(frame), f"{name}: the test data should fill it"
    assert {c: kind(frame[c]) for c in frame.columns} == SCHEMAS[name]
    assert "index" not in frame.columns
    for col in frame.columns:
        if SCHEMAS[name][col] == "text":
            assert not (frame[col] == "").any(), f"{name}.{col} holds '' for a missing value"


def test_relations_have_the_same_columns_whatever_types_are_present(frames):
    db, _ = frames
    with Store(db, read_only=True) as s:
        busy, empty = s.relations("SRB", "RUS"), s.relations("SRB", "USA")
        directed = s.relations("SRB", "CHN", directed=True)
    assert empty.empty and list(empty.columns) == list(busy.columns)
    assert {c: kind(empty[c]) for c in empty.columns if c != "period"} == \
        {c: kind(busy[c]) for c in busy.columns if c != "period"}
    assert list(directed.columns) == ["period", "period_start", "direction"] + list(busy.columns)[2:]
    assert {"SANCTION", "AGREE", "ASSAULT"} <= set(busy.columns)


def test_csv_keeps_cameo_codes_as_text_and_parquet_dates_are_dates(frames, tmp_path, capsys):
    db, _ = frames
    out_csv, out_parquet = tmp_path / "h.csv", tmp_path / "h.parquet"
    assert main(["export", "--format", "csv", "--db", str(db), "--out", str(out_csv)]) == 0
    assert main(["export", "--format", "parquet", "--db", str(db), "--out", str(out_parquet)]) == 0
    capsys.readouterr()
    with open(out_csv, encoding="utf-8", newline="") as fh:
        codes = {r["cameo"] for r in csv.DictReader(fh)}
    assert "057" in codes  # signed an agreement: CAMEO 057, not 57
    assert pd.read_csv(out_csv, dtype={"cameo": str})["cameo"].str.len().ge(3).all()
    schema = pq.read_schema(out_parquet)
    assert str(schema.field("date").type) == "date32[day]" and str(schema.field("date_last").type) == "date32[day]"
