"""DuckDB schema as named migrations, applied in order and recorded in schema_migrations."""
from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,          -- content hash of the text
        external_id VARCHAR, url VARCHAR, path VARCHAR, source VARCHAR,
        date DATE, date_origin VARCHAR, title VARCHAR, text VARCHAR, language VARCHAR,
        n_sentences INTEGER, coder_version VARCHAR, coded_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE mentions (
        article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
        code VARCHAR, org VARCHAR, sector VARCHAR, name VARCHAR, cameo VARCHAR, reason VARCHAR
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, sentence_index INTEGER,
        event VARCHAR, mode VARCHAR, context VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
        factuality VARCHAR, speaker VARCHAR,
        source_code VARCHAR, source_org VARCHAR, source_sector VARCHAR, source_name VARCHAR, source_cameo VARCHAR,
        source_reason VARCHAR,
        target_code VARCHAR, target_org VARCHAR, target_sector VARCHAR, target_name VARCHAR, target_cameo VARCHAR,
        target_reason VARCHAR,
        date DATE, date_origin VARCHAR,
        location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, geonames_id BIGINT,
        coder_version VARCHAR
    );
    CREATE TABLE evidence (
        event_id VARCHAR PRIMARY KEY, sentence VARCHAR, trigger VARCHAR,
        source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER,
        trigger_start INTEGER, trigger_end INTEGER, rule VARCHAR
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX mentions_article ON mentions(article_id);
    """),
    # The place of the article's dateline ("Belgrade"), and where each event's location came from
    # ("sentence", "article", "dateline"); rows stored before stay NULL.
    ("0002_dateline", """
    ALTER TABLE articles ADD COLUMN dateline VARCHAR;
    ALTER TABLE events ADD COLUMN location_origin VARCHAR;
    """),
    # Articles are reports: the id hashes the text with the URL, else the outlet (model.report_id), so
    # the same text from a second outlet is a second article. `text_hash` keeps the text's own hash
    # (the old id) to tell copies of one text. Rows stored before get their report id here, in their
    # events and mentions too; their event ids stay as they were (ids, not recomputed meaning).
    ("0003_report_identity", """
    ALTER TABLE articles ADD COLUMN text_hash VARCHAR;
    UPDATE articles SET text_hash = id;
    CREATE TEMP TABLE _report_ids AS
        SELECT id AS old_id, substr(sha256(id || '|' || CASE WHEN trim(coalesce(url, '')) <> ''
                   THEN 'url:' || trim(url) ELSE 'source:' || lower(trim(source)) END), 1, 20) AS new_id
        FROM articles WHERE trim(coalesce(url, '')) <> '' OR trim(coalesce(source, '')) <> '';
    UPDATE events SET article_id = r.new_id FROM _report_ids r WHERE events.article_id = r.old_id;
    UPDATE mentions SET article_id = r.new_id FROM _report_ids r WHERE mentions.article_id = r.old_id;
    UPDATE articles SET id = r.new_id FROM _report_ids r WHERE articles.id = r.old_id;
    DROP TABLE _report_ids;
    """),
    # How precise each event's date is ("day", "week", "month", "year"); rows stored before stay NULL.
    # (0003 is left to 0003_report_identity; the runner applies names not yet recorded, in list order.)
    ("0004_date_precision", """
    ALTER TABLE events ADD COLUMN date_precision VARCHAR;
    """),
    # Analysts' reviews (docs/review.md): the coder's rows are never changed; each confirm, reject,
    # correction or added event is a row here with who, when and the coder version it reviews, and the
    # whole reading the analyst settled on. Numbered 0005 next to others' 0003/0004; names, not numbers,
    # say what was applied, so the gap is harmless.
    ("0005_reviews", """
    CREATE TABLE reviews (
        id BIGINT PRIMARY KEY, event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        action VARCHAR NOT NULL CHECK (action IN ('confirm', 'reject', 'correct', 'add')),
        reviewer VARCHAR NOT NULL, reviewed_at TIMESTAMP NOT NULL, coder_version VARCHAR,
        event VARCHAR, mode VARCHAR, factuality VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
        source_code VARCHAR, source_org VARCHAR, source_sector VARCHAR, source_name VARCHAR, source_cameo VARCHAR,
        source_reason VARCHAR,
        target_code VARCHAR, target_org VARCHAR, target_sector VARCHAR, target_name VARCHAR, target_cameo VARCHAR,
        target_reason VARCHAR,
        sentence_index INTEGER, sentence VARCHAR, trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
        note VARCHAR
    );
    CREATE INDEX reviews_event ON reviews(event_id);
    """),
    # The learned coder's probabilities behind each event, as JSON text ({"event": 0.91, "none": 0.05,
    # "source": 0.88, "target": 0.7, "sentence": 0.8, "kept": 0.64}; README.md, "How sure the model
    # was"); NULL for an event with none (the rules coder's), and for rows stored before.
    ("0006_evidence_scores", """
    ALTER TABLE evidence ADD COLUMN scores VARCHAR;
    """),
]


def has_column(con, table: str, column: str) -> bool:
    """Whether a table has a column: a store opened read-only is not migrated."""
    return con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                       [table, column]).fetchone()[0] > 0
