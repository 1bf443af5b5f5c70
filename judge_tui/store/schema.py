"""The SQLite schema and its forward migrations. A database records its version in
`PRAGMA user_version`; opening it applies every later migration in one transaction each."""

from __future__ import annotations

from judge_tui.store.rollups import ROLLUPS

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

# Version 7: the figures analysis reads (analysis/tallies.py, analysis/runs.py), in narrow
# tables kept by triggers, so a 100,000-judgment scope is counted without reading its wide rows
# (each one about a page of verdict, request and answers; docs/analysis.md §9). One row per
# evaluation in `evaluation_figures`; one per numeric criterion in `evaluation_criteria`, with
# its evaluation's scope columns beside it so the criteria means are read from one index (and a
# judgment's criteria, in their order, from the other).
_FIGURES = {
    "evaluation_id": "{r}.id",
    "uid": "{r}.uid",
    "session_id": "{r}.session_id",
    "batch_job_id": "{r}.batch_job_id",
    "superseded": "{r}.superseded",
    "created_at": "{r}.created_at",
    "custom_id": "{r}.custom_id",
    "mode": "{r}.mode",
    "model": "{r}.model",
    "status": "{r}.status",
    "template_name": "{r}.template_name",
    "verdict_format": "coalesce(json_extract({r}.verdict_json, '$.verdict_format'), 'pai')",
    "score": "{r}.score",
    "max_score": "coalesce({r}.max_score, 5)",
    "winner": "{r}.winner",
    "reason": "CASE WHEN {r}.score IS NULL AND {r}.winner IS NULL THEN "
    "json_extract({r}.verdict_json, '$.reason') END",
    "answer1_score": "CASE WHEN {r}.winner IS NOT NULL THEN "
    "json_extract({r}.verdict_json, '$.answer_scores.\"1\"') END",
    "answer2_score": "CASE WHEN {r}.winner IS NOT NULL THEN "
    "json_extract({r}.verdict_json, '$.answer_scores.\"2\"') END",
    "prompt_tokens": "json_extract({r}.usage_json, '$.prompt_tokens')",
    "completion_tokens": "json_extract({r}.usage_json, '$.completion_tokens')",
    "total_tokens": "json_extract({r}.usage_json, '$.total_tokens')",
    "latency_ms": "{r}.latency_ms",
    "answer_length": "CASE WHEN {r}.mode = 'pairwise' THEN length({r}.answer1) - "
    "length({r}.answer2) ELSE length({r}.answer) END",
    # What a judgment without a custom_id joins on (analysis/pairing.py); NULL otherwise.
    "input_key": "CASE WHEN {r}.custom_id IS NULL THEN {r}.question || char(31) || {r}.answer "
    "|| char(31) || {r}.answer1 || char(31) || {r}.answer2 || char(31) || "
    "coalesce(json_extract({r}.inputs_json, '$.ref_answer'), '') || char(31) || "
    "coalesce(json_extract({r}.inputs_json, '$.variables'), '{{}}') END",
    "question_key": "CASE WHEN {r}.custom_id IS NULL THEN {r}.question || char(31) || "
    "coalesce(json_extract({r}.inputs_json, '$.ref_answer'), '') END",
    # A plan's swapped or repeated game (judging/plans.py), which analysis reads game by game.
    "plan_game": "coalesce({r}.custom_id LIKE '%#swap%' OR {r}.custom_id GLOB '*~[0-9]*', 0)",
}
_CRITERIA_OF = (
    "SELECT {r}.id, {r}.session_id, {r}.batch_job_id, {r}.superseded, "
    "coalesce({r}.max_score, 5), coalesce(json_extract(c.value, '$.name'), ''), "
    "json_extract(c.value, '$.answer'), json_extract(c.value, '$.score') "
    "FROM {rows}json_each({r}.verdict_json, '$.criteria') AS c "
    "WHERE json_type(c.value, '$.score') IN ('integer', 'real')"
)


def _figures_of(r: str) -> str:
    columns = ", ".join(_FIGURES)
    values = ", ".join(expression.format(r=r) for expression in _FIGURES.values())
    return f"INSERT INTO evaluation_figures ({columns}) SELECT {values}"


def figures_of_backlog() -> list[str]:
    """The statements that count the backlog's evaluations with ids from the first parameter
    to the second (store/figures.py; store/backlog.py then takes them off the backlog)."""
    rows = "evaluations e JOIN figures_backlog b ON b.evaluation_id = e.id"
    between = "WHERE b.evaluation_id BETWEEN ? AND ?"
    criteria = _CRITERIA_OF.format(r="e", rows=f"{rows}, ").replace(
        "WHERE json_type", f"{between} AND json_type"
    )
    return [
        f"{_figures_of('e')} FROM {rows} {between}",
        f"{_CRITERIA_INTO}{criteria}",
    ]


_CRITERIA_INTO = (
    "INSERT INTO evaluation_criteria (evaluation_id, session_id, batch_job_id, superseded, "
    "max_score, name, answer, score) "
)
V7 = f"""
CREATE TABLE evaluation_figures (
    evaluation_id INTEGER PRIMARY KEY, uid TEXT NOT NULL, session_id INTEGER NOT NULL,
    batch_job_id INTEGER, superseded INTEGER NOT NULL, created_at REAL NOT NULL,
    custom_id TEXT, mode TEXT NOT NULL, model TEXT NOT NULL, status TEXT NOT NULL,
    template_name TEXT, verdict_format TEXT NOT NULL, score REAL, max_score INTEGER NOT NULL,
    winner TEXT, reason TEXT, answer1_score REAL, answer2_score REAL,
    prompt_tokens INTEGER, completion_tokens INTEGER, total_tokens INTEGER, latency_ms INTEGER,
    answer_length INTEGER, input_key TEXT, question_key TEXT, plan_game INTEGER NOT NULL
);
-- A session's rows in the order they were written (a load reads the pages one after another).
CREATE INDEX evaluation_figures_scope ON evaluation_figures(session_id, superseded);
-- Everything a session's statistics count but latencies and criteria, from this index alone,
-- in its order (analysis/tallies.py): no row is read and no group is sorted.
CREATE INDEX evaluation_figures_counts ON evaluation_figures(
    session_id, superseded, max_score, score, winner, answer_length, reason, prompt_tokens,
    completion_tokens, total_tokens, plan_game
);
CREATE INDEX evaluation_figures_latency ON evaluation_figures(session_id, superseded, latency_ms);
CREATE INDEX evaluation_figures_job ON evaluation_figures(batch_job_id)
    WHERE batch_job_id IS NOT NULL;
CREATE TABLE evaluation_criteria (
    evaluation_id INTEGER NOT NULL, session_id INTEGER NOT NULL, batch_job_id INTEGER,
    superseded INTEGER NOT NULL, max_score INTEGER NOT NULL, name TEXT NOT NULL,
    answer INTEGER, score REAL NOT NULL
);
CREATE INDEX evaluation_criteria_means
    ON evaluation_criteria(session_id, superseded, max_score, name, answer, score);
CREATE INDEX evaluation_criteria_of ON evaluation_criteria(evaluation_id);
-- The Analysis screen's look for changes (analysis/views.store_fingerprint) reads the latest
-- re-reading from here, not from a scan of every row.
CREATE INDEX evaluations_reread ON evaluations(verdict_at) WHERE verdict_at IS NOT NULL;
-- Batch results are counted later, as they are indexed for search later (schema 4): a collect
-- stores 100,000 results without this cost; analysis catches up first (store/figures.py). So
-- is every evaluation already stored when this version first opens the home.
CREATE TABLE figures_backlog (evaluation_id INTEGER PRIMARY KEY);
INSERT INTO figures_backlog (evaluation_id) SELECT id FROM evaluations;
CREATE TRIGGER evaluation_figures_insert AFTER INSERT ON evaluations
WHEN new.batch_job_id IS NULL BEGIN
    {_figures_of("new")};
    {_CRITERIA_INTO}{_CRITERIA_OF.format(r="new", rows="")};
END;
CREATE TRIGGER evaluation_figures_later AFTER INSERT ON evaluations
WHEN new.batch_job_id IS NOT NULL BEGIN
    INSERT INTO figures_backlog (evaluation_id) VALUES (new.id);
END;
-- Any change (a re-read, a repair, a hand score, a retry superseding it) is taken again whole.
CREATE TRIGGER evaluation_figures_update AFTER UPDATE ON evaluations BEGIN
    DELETE FROM evaluation_figures WHERE evaluation_id = old.id;
    DELETE FROM evaluation_criteria WHERE evaluation_id = old.id;
    DELETE FROM figures_backlog WHERE evaluation_id = old.id;
    {_figures_of("new")};
    {_CRITERIA_INTO}{_CRITERIA_OF.format(r="new", rows="")};
END;
CREATE TRIGGER evaluation_figures_delete AFTER DELETE ON evaluations BEGIN
    DELETE FROM evaluation_figures WHERE evaluation_id = old.id;
    DELETE FROM evaluation_criteria WHERE evaluation_id = old.id;
    DELETE FROM figures_backlog WHERE evaluation_id = old.id;
END;
"""

# Version 8: the figures of each session and batch job already summed, kept by triggers on the
# narrow tables, so a session's statistics read a few thousand groups, not 700,000 index entries
# (store/rollups.py). Opening a version 7 home sums what it already counted. The three indexes
# version 7 counted a session from are no longer read: each write stops paying for them.
V8 = (
    "".join(rollup.schema() for rollup in ROLLUPS)
    + """
DROP INDEX evaluation_figures_counts;
DROP INDEX evaluation_figures_latency;
DROP INDEX evaluation_criteria_means;
"""
)

# The trigram search index of version 9 (version 10 replaced it). It keeps no copy of the text:
# it reads it from the evaluations through a view, which leaves out the rows still on the search
# backlog, so what the view shows is what the index should hold. A 2 MB in-memory hash instead of
# FTS5's 1 MB writes fewer, larger segments (benchmarks/search_index.py, alternating: templated
# verdicts and varied words indexed 1.2x as fast, Chinese the same); 4 MB made words 1.5x as
# fast but Chinese 1.3x slower. Every evaluation goes on the backlog, to be indexed in slices.
_TRIGRAM_SEARCH_INDEX = """
CREATE VIEW evaluations_search_text AS
    SELECT e.id, e.question, e.answer || ' ' || e.answer1 || ' ' || e.answer2 AS answers, e.content
    FROM evaluations e
    WHERE NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.evaluation_id = e.id);
CREATE VIRTUAL TABLE evaluations_fts USING fts5(
    question, answers, content, tokenize='trigram',
    content='evaluations_search_text', content_rowid='id'
);
INSERT INTO evaluations_fts(evaluations_fts, rank) VALUES ('hashsize', 2097152);
INSERT OR IGNORE INTO search_backlog (evaluation_id) SELECT id FROM evaluations;
"""

# Version 9: the search index holds no copy of the text it indexes (about a quarter of a batch
# home's size). An index without its own copy is told what a deleted row held, and only when
# that row was indexed: a row still on the backlog is unknown to it. Opening a version 8 home
# indexes its evaluations again, from the backlog, the next time a search or the app needs it.
V9 = (
    """
DROP TRIGGER evaluations_fts_delete;
DROP TRIGGER evaluations_backlog_delete;
DROP TABLE evaluations_fts;
"""
    + _TRIGRAM_SEARCH_INDEX
    + """
CREATE TRIGGER evaluations_search_delete AFTER DELETE ON evaluations BEGIN
    INSERT INTO evaluations_fts(evaluations_fts, rowid, question, answers, content)
        SELECT 'delete', old.id, old.question,
               old.answer || ' ' || old.answer1 || ' ' || old.answer2, old.content
        WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE evaluation_id = old.id);
    DELETE FROM search_backlog WHERE evaluation_id = old.id;
END;
"""
)

# The search index (store/search_index.py), made afresh by V10 and by store/repair.py: a word
# index, each Chinese or Japanese character a word (store/search_words.py says why). As in V9 it
# keeps no copy of the text and reads it through a view that leaves out the rows still on the
# backlog; every text it is given or told of goes through search_words(), which each connection
# registers. An 8 MB in-memory hash instead of FTS5's 1 MB writes fewer, larger segments
# (benchmarks/search_index.py, in one process, alternating: varied words indexed 1.5 to 2.2x as
# fast, Chinese 1.2x, templated verdicts about the same). Every evaluation goes on the backlog, to
# be indexed in slices.
SEARCH_INDEX = """
CREATE VIEW evaluations_search_text AS
    SELECT e.id, search_words(e.question) AS question,
           search_words(e.answer || ' ' || e.answer1 || ' ' || e.answer2) AS answers,
           search_words(e.content) AS content
    FROM evaluations e
    WHERE NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.evaluation_id = e.id);
CREATE VIRTUAL TABLE evaluations_fts USING fts5(
    question, answers, content, tokenize='unicode61 remove_diacritics 2',
    content='evaluations_search_text', content_rowid='id'
);
INSERT INTO evaluations_fts(evaluations_fts, rank) VALUES ('hashsize', 8388608);
INSERT OR IGNORE INTO search_backlog (evaluation_id) SELECT id FROM evaluations;
"""

# Version 10: the search index is a word index instead of a trigram one, 4 to 10 times faster to
# build (store/search_words.py). A home of version 9 is indexed again, from the backlog, the next
# time a search or the app needs it.
V10 = (
    """
DROP TRIGGER evaluations_fts_insert;
DROP TRIGGER evaluations_search_delete;
DROP TABLE evaluations_fts;
DROP VIEW evaluations_search_text;
"""
    + SEARCH_INDEX
    + """
CREATE TRIGGER evaluations_fts_insert AFTER INSERT ON evaluations
WHEN new.batch_job_id IS NULL BEGIN
    INSERT INTO evaluations_fts(rowid, question, answers, content)
    VALUES (
        new.id, search_words(new.question),
        search_words(new.answer || ' ' || new.answer1 || ' ' || new.answer2),
        search_words(new.content)
    );
END;
CREATE TRIGGER evaluations_search_delete AFTER DELETE ON evaluations BEGIN
    INSERT INTO evaluations_fts(evaluations_fts, rowid, question, answers, content)
        SELECT 'delete', old.id, search_words(old.question),
               search_words(old.answer || ' ' || old.answer1 || ' ' || old.answer2),
               search_words(old.content)
        WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE evaluation_id = old.id);
    DELETE FROM search_backlog WHERE evaluation_id = old.id;
END;
"""
)

# Version 11: listing sessions counts each session's evaluations (those not superseded) from an
# index of them alone, not from the table's rows: with 100,000 evaluations in 50 sessions the list
# took 160 to 260 ms and takes 6 to 12 (benchmarks/store_scale.py; the budget is 150 ms).
V11 = """
CREATE INDEX evaluations_live ON evaluations(session_id) WHERE superseded = 0;
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11)
SCHEMA_VERSION = len(MIGRATIONS)
