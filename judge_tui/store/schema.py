"""The SQLite schema and its forward migrations. A database records its version in
`PRAGMA user_version`; opening it applies every later migration in one transaction each."""

from __future__ import annotations

# Version 1: sessions and evaluations.
V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    notes TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    profile TEXT,
    question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answer1 TEXT NOT NULL DEFAULT '',
    answer2 TEXT NOT NULL DEFAULT '',
    inputs_json TEXT NOT NULL,
    params_json TEXT NOT NULL,
    request_json TEXT NOT NULL,
    response_json TEXT,
    content TEXT NOT NULL DEFAULT '',
    verdict_json TEXT NOT NULL,
    score REAL,
    max_score INTEGER,
    winner TEXT,
    usage_json TEXT,
    latency_ms INTEGER,
    finish_reason TEXT,
    error TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX evaluations_session ON evaluations(session_id, created_at);
"""

# Version 2: full-text search, templates, and the batch journal's tables.
V2 = """
-- trigram: substring search that works for Chinese and Japanese, which have no spaces.
CREATE VIRTUAL TABLE evaluations_fts USING fts5(question, answers, content, tokenize='trigram');
INSERT INTO evaluations_fts(rowid, question, answers, content)
    SELECT id, question, answer || ' ' || answer1 || ' ' || answer2, content FROM evaluations;
CREATE TRIGGER evaluations_fts_insert AFTER INSERT ON evaluations BEGIN
    INSERT INTO evaluations_fts(rowid, question, answers, content)
    VALUES (
        new.id, new.question, new.answer || ' ' || new.answer1 || ' ' || new.answer2, new.content
    );
END;
CREATE TRIGGER evaluations_fts_delete AFTER DELETE ON evaluations BEGIN
    DELETE FROM evaluations_fts WHERE rowid = old.id;
END;
ALTER TABLE evaluations ADD COLUMN template_name TEXT;
ALTER TABLE evaluations ADD COLUMN template_version TEXT;
ALTER TABLE evaluations ADD COLUMN batch_job_id INTEGER
    REFERENCES batch_jobs(id) ON DELETE SET NULL;
ALTER TABLE evaluations ADD COLUMN custom_id TEXT;
CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    system TEXT NOT NULL DEFAULT '',
    user_template TEXT NOT NULL,
    version TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE batch_jobs (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    profile TEXT,
    status TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    parent_job_id INTEGER REFERENCES batch_jobs(id),
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE batch_chunks (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    input_path TEXT NOT NULL,
    input_file_id TEXT,
    batch_id TEXT,
    status TEXT NOT NULL,
    raw_status TEXT,
    status_history_json TEXT NOT NULL DEFAULT '[]',
    output_file_id TEXT,
    error_file_id TEXT,
    updated_at REAL NOT NULL,
    UNIQUE (job_id, seq)
);
"""

# Version 3: what the batch journal needs to resume any step after a crash.
V3 = """
ALTER TABLE batch_jobs ADD COLUMN dialect TEXT NOT NULL DEFAULT 'pai';
ALTER TABLE batch_jobs ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE batch_jobs ADD COLUMN base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE batch_jobs ADD COLUMN completion_window TEXT NOT NULL DEFAULT '24h';
ALTER TABLE batch_jobs ADD COLUMN summary_json TEXT NOT NULL DEFAULT '{}';
-- phase: built -> uploading -> uploaded -> creating -> created -> finished -> collected.
-- "uploading" / "creating" are written before the POST: finding one on restart means the POST
-- may have reached the service, so the service is asked (list) before posting again.
ALTER TABLE batch_chunks ADD COLUMN phase TEXT NOT NULL DEFAULT 'built';
ALTER TABLE batch_chunks ADD COLUMN upload_name TEXT NOT NULL DEFAULT '';
ALTER TABLE batch_chunks ADD COLUMN lines INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_chunks ADD COLUMN counts_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE batch_chunks ADD COLUMN error TEXT;
-- One stored result per job item: collecting again after a crash adds nothing twice.
CREATE UNIQUE INDEX evaluations_job_item ON evaluations(batch_job_id, custom_id)
    WHERE batch_job_id IS NOT NULL;
"""

# Version 4: batch results are indexed for search after they are stored (store/search_index.py).
# Trigram-indexing a verdict costs several times what storing it does: a collect of hundreds of
# thousands of results is browsable, sortable and exportable first, searchable soon after.
V4 = """
DROP TRIGGER evaluations_fts_insert;
CREATE TRIGGER evaluations_fts_insert AFTER INSERT ON evaluations
WHEN new.batch_job_id IS NULL BEGIN
    INSERT INTO evaluations_fts(rowid, question, answers, content)
    VALUES (
        new.id, new.question, new.answer || ' ' || new.answer1 || ' ' || new.answer2, new.content
    );
END;
CREATE TABLE search_backlog (evaluation_id INTEGER PRIMARY KEY);
CREATE TRIGGER evaluations_backlog_insert AFTER INSERT ON evaluations
WHEN new.batch_job_id IS NOT NULL BEGIN
    INSERT INTO search_backlog (evaluation_id) VALUES (new.id);
END;
CREATE TRIGGER evaluations_backlog_delete AFTER DELETE ON evaluations BEGIN
    DELETE FROM search_backlog WHERE evaluation_id = old.id;
END;
"""

# Version 5: a judgment tried again (a rerun of `judge --input` retries what failed) replaces
# its failed attempt as the item's evaluation; the attempt is kept, marked superseded, and
# counted and listed no more.
V5 = """
ALTER TABLE evaluations ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
CREATE INDEX evaluations_item ON evaluations(session_id, custom_id) WHERE custom_id IS NOT NULL;
"""

# Version 6: the verdict lab (docs/verdicts.md). A template names how its verdicts are read. An
# evaluation's reading says where it came from: the reader, a repair the judge was asked for, or
# a person; every change of reading is kept in verdict_revisions with the text it came from, so
# the judge's original text stays as it was and a re-read never overwrites a person's score.
V6 = """
ALTER TABLE templates ADD COLUMN verdict_format TEXT NOT NULL DEFAULT 'pai';
ALTER TABLE evaluations ADD COLUMN verdict_provenance TEXT NOT NULL DEFAULT 'reader';
ALTER TABLE evaluations ADD COLUMN verdict_at REAL;
CREATE TABLE verdict_revisions (
    id INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    provenance TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    verdict_json TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);
CREATE INDEX verdict_revisions_evaluation ON verdict_revisions(evaluation_id, created_at);
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6)
SCHEMA_VERSION = len(MIGRATIONS)
