"""A scope's figures already summed: what a session's or a batch job's statistics read (schema 8).

Schema 7's narrow tables made counting a 100,000-judgment session read 700,000 index entries
(one per judgment for the counts and for the latencies, one per criterion for the means), about
150 ms. The rollups below hold those groups already summed, per session and batch job, kept by
triggers on the narrow tables as judgments come, change and go; a session's statistics then read
a few thousand rows (docs/analysis.md §9). A filtered scope still counts the narrow tables.

Each rollup's key columns hold no NULL (a UNIQUE key treats NULLs as all different, so an
upsert could not find its row): a missing score is `scored = 0` with score 0, a missing winner,
reason or answer is '' or 0. A group whose judgments all went is deleted (a deleted session
leaves nothing behind, nor a criterion's sum a rounding residue).

Batch results are counted when analysis catches up with them (store/figures.py), a slice of
thousands at a time: the row triggers skip an evaluation still on the backlog, and the slice is
added to the rollups grouped, one upsert per group rather than one per judgment.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rollup:
    table: str
    source: str  # the narrow table it sums: evaluation_figures or evaluation_criteria
    keys: dict[str, str]  # column -> expression over {r}, a row of the source; never NULL
    sums: dict[str, str]  # column -> what one row adds, over {r}
    only: str = ""  # which of the source's rows count, over {r} (superseded ones never do)
    types: tuple[tuple[str, str], ...] = ()  # column -> SQL type, where not INTEGER

    def _where(self, r: str) -> str:
        current = f"{r}.superseded = 0"
        return f"{current} AND {self.only.format(r=r)}" if self.only else current

    def _upsert(self) -> str:
        keys = ", ".join(self.keys)
        added = ", ".join(f"{s} = {s} + excluded.{s}" for s in self.sums)
        return f"ON CONFLICT ({keys}) DO UPDATE SET {added}"

    def _columns(self) -> str:
        return ", ".join([*self.keys, *self.sums])

    def _grouped(self, r: str) -> str:
        """The source's rows summed per key: what the SELECT list gives for rows `r`."""
        keys = [f"{e.format(r=r)} AS {k}" for k, e in self.keys.items()]
        sums = [f"sum({e.format(r=r)}) AS {s}" for s, e in self.sums.items()]
        return ", ".join(keys + sums)

    def _group_by(self) -> str:
        return ", ".join(str(n + 1) for n in range(len(self.keys)))

    def schema(self) -> str:
        """The table, its triggers, and the sums of what the source already holds."""
        types = dict(self.types)
        columns = ",\n    ".join(
            f"{c} {types.get(c, 'INTEGER')} NOT NULL" for c in [*self.keys, *self.sums]
        )
        row = ", ".join(e.format(r="new") for e in [*self.keys.values(), *self.sums.values()])
        match = " AND ".join(f"{k} = ({e.format(r='old')})" for k, e in self.keys.items())
        taken = ", ".join(f"{s} = {s} - ({e.format(r='old')})" for s, e in self.sums.items())
        return f"""
CREATE TABLE {self.table} (
    {columns},
    PRIMARY KEY ({", ".join(self.keys)})
) WITHOUT ROWID;
CREATE INDEX {self.table}_job ON {self.table}(job);
INSERT INTO {self.table} ({self._columns()}) {self.fresh_sums()};
CREATE TRIGGER {self.table}_add AFTER INSERT ON {self.source}
WHEN {self._where("new")} AND NOT EXISTS
    (SELECT 1 FROM figures_backlog b WHERE b.evaluation_id = new.evaluation_id) BEGIN
    INSERT INTO {self.table} ({self._columns()}) VALUES ({row})
    {self._upsert()};
END;
CREATE TRIGGER {self.table}_take AFTER DELETE ON {self.source}
WHEN {self._where("old")} BEGIN
    UPDATE {self.table} SET {taken} WHERE {match};
    DELETE FROM {self.table} WHERE {match} AND n = 0;
END;
"""

    def fresh_sums(self) -> str:
        """The SELECT that sums the source afresh: what the table starts with, and must hold."""
        return (
            f"SELECT {self._grouped('f')} FROM {self.source} f WHERE {self._where('f')} "
            f"GROUP BY {self._group_by()}"
        )

    def of_backlog(self) -> str:
        """Add a backlog slice's rows (ids from the first parameter to the second), grouped: run
        after the slice is in the source and before it leaves the backlog."""
        return (
            f"INSERT INTO {self.table} ({self._columns()}) SELECT {self._grouped('f')} "
            f"FROM {self.source} f JOIN figures_backlog b ON b.evaluation_id = f.evaluation_id "
            f"WHERE b.evaluation_id BETWEEN ? AND ? AND {self._where('f')} "
            f"GROUP BY {self._group_by()} {self._upsert()}"
        )


_SCOPE = {"session_id": "{r}.session_id", "job": "coalesce({r}.batch_job_id, 0)"}

FIGURE_COUNTS = Rollup(
    "figure_counts",
    "evaluation_figures",
    keys=_SCOPE
    | {
        "max_score": "{r}.max_score",
        "scored": "{r}.score IS NOT NULL",
        "score": "coalesce({r}.score, 0)",
        "winner": "coalesce({r}.winner, '')",
        "answer_length": "coalesce({r}.answer_length, 0)",
        "reason": "coalesce({r}.reason, '')",
        "plan_game": "{r}.plan_game",
    },
    sums={
        "n": "1",
        "prompt": "coalesce({r}.prompt_tokens, 0)",
        "completion": "coalesce({r}.completion_tokens, 0)",
        "total": "coalesce({r}.total_tokens, 0)",
    },
    types=(("score", "REAL"), ("winner", "TEXT"), ("reason", "TEXT")),
)
LATENCY_COUNTS = Rollup(
    "latency_counts",
    "evaluation_figures",
    keys=_SCOPE | {"latency_ms": "{r}.latency_ms"},
    sums={"n": "1"},
    only="{r}.latency_ms IS NOT NULL",
)
CRITERIA_SUMS = Rollup(
    "criteria_sums",
    "evaluation_criteria",
    keys=_SCOPE
    | {"max_score": "{r}.max_score", "name": "{r}.name", "answer": "coalesce({r}.answer, 0)"},
    sums={"total": "{r}.score", "n": "1"},
    types=(("name", "TEXT"), ("total", "REAL")),
)
ROLLUPS = (FIGURE_COUNTS, LATENCY_COUNTS, CRITERIA_SUMS)
