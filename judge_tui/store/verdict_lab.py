"""Stored verdicts read again: re-reading with today's reader, the triage queue of verdicts that
could not be read, and readings given by a person or by a repair the judge was asked for.

The judge's text (`content`) is the truth and is never changed. A reading says where it came
from (`verdict_provenance`: reader, repaired, manual) and every change of reading is kept in
`verdict_revisions` with the text it was read from; a person's reading is never overwritten by
a re-read (docs/verdicts.md).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.modes import reading_mode
from judge_tui.judging.scores import Score, reading_of
from judge_tui.judging.status import JudgeStatus, status_for
from judge_tui.judging.verdict import Verdict, verdict_data
from judge_tui.problems import UserProblem
from judge_tui.store.db import Database, now
from judge_tui.store.evaluation_row import dump_json
from judge_tui.store.session_list import session_id_for

_PAGE = 2000


@dataclass(frozen=True)
class Scope:
    """Which evaluations: one session, one batch job's results, or every one in the store."""

    session: str | None = None
    job_id: int | None = None

    def where(self, db: Database) -> tuple[str, tuple[Any, ...]]:
        if self.session is not None:
            return "e.session_id = ?", (session_id_for(db.conn, self.session, create=False),)
        if self.job_id is not None:
            return "e.batch_job_id = ?", (self.job_id,)
        return "1 = 1", ()

    def label(self) -> str:
        if self.session is not None:
            return f"session {self.session!r}"
        return f"batch job {self.job_id}" if self.job_id is not None else "every session"


# What a re-read takes of each evaluation: the text, and how it was read before.
_REREAD_COLUMNS = """e.uid, e.mode, e.status, e.model, e.content, e.verdict_json, e.params_json,
    e.max_score, e.finish_reason, e.verdict_provenance, e.answer1, e.answer2"""


def _rows(
    db: Database, scope: Scope, extra: str = "", columns: str = _REREAD_COLUMNS
) -> Iterator[sqlite3.Row]:
    where, params = scope.where(db)
    last = 0
    while True:
        rows = db.conn.execute(
            f"""SELECT e.id, {columns}, s.name AS session
                FROM evaluations e JOIN sessions s ON s.id = e.session_id
                WHERE {where} AND e.superseded = 0 AND e.id > ? {extra}
                ORDER BY e.id LIMIT ?""",
            (*params, last, _PAGE),
        ).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def _latest_text(db: Database, evaluation_id: int, provenance: str) -> str | None:
    row = db.conn.execute(
        """SELECT text FROM verdict_revisions WHERE evaluation_id = ? AND provenance = ?
           ORDER BY id DESC LIMIT 1""",
        (evaluation_id, provenance),
    ).fetchone()
    return None if row is None else str(row["text"])


@dataclass
class RereadReport:
    scope: str
    read: int = 0
    unchanged: int = 0
    newly_readable: list[tuple[str, str, str]] = field(default_factory=list)  # uid, before, after
    changed: list[tuple[str, str, str]] = field(default_factory=list)
    newly_unreadable: list[tuple[str, str, str]] = field(default_factory=list)
    manual_kept: int = 0
    repaired_kept: int = 0  # repaired readings whose reply is not in the store
    written: bool = False

    def kept(self) -> str:
        """What a re-read left as it was, for the end of its sentence ("" when nothing)."""
        parts = [f"{self.manual_kept} read by hand"] if self.manual_kept else []
        if self.repaired_kept:
            parts.append(f"{self.repaired_kept} repaired whose reply is not in the store")
        return f"; kept as they are: {' and '.join(parts)}" if parts else ""

    def as_json(self) -> dict[str, Any]:
        def listed(items: list[tuple[str, str, str]]) -> list[dict[str, str]]:
            return [{"uid": u, "before": b, "after": a} for u, b, a in items]

        return {
            "scope": self.scope,
            "read": self.read,
            "unchanged": self.unchanged,
            "newly_readable": listed(self.newly_readable),
            "changed": listed(self.changed),
            "newly_unreadable": listed(self.newly_unreadable),
            "manual_kept": self.manual_kept,
            "repaired_kept": self.repaired_kept,
            "written": self.written,
        }


def reread(
    db: Database, scope: Scope, *, verdict_format: str | None = None, dry_run: bool = False
) -> RereadReport:
    """Read every stored verdict of `scope` again with today's reader (with `verdict_format`,
    else the one each was judged with) and say what changes; write it unless `dry_run`. A
    service failure has no verdict to read; a person's reading is kept as it is."""
    report = RereadReport(scope=scope.label(), written=not dry_run)
    updates: list[tuple[Any, ...]] = []
    revisions: list[tuple[Any, ...]] = []
    stamp = now()
    for row in _rows(db, scope, "AND e.status != 'error'"):
        if row["verdict_provenance"] == "manual":
            report.manual_kept += 1
            continue
        text = row["content"]
        if row["verdict_provenance"] == "repaired":
            reply = _latest_text(db, row["id"], "repaired")
            if reply is None:
                # Imported from an export that did not carry the reply: the judge's first
                # text is the one that could not be read. The repaired reading is kept.
                report.repaired_kept += 1
                continue
            text = reply
        report.read += 1
        before = json.loads(row["verdict_json"])
        params = json.loads(row["params_json"] or "{}")
        fmt = verdict_format or params.get("verdict_format") or "pai"
        mode = reading_mode(row["mode"], row["answer1"], row["answer2"])
        after = verdict_data(text, mode, int(before.get("max_score") or 5), fmt)
        after["provenance"] = row["verdict_provenance"]
        old, new = reading_of(before), reading_of(after)
        if old == new and before.get("reason") == after.get("reason"):
            report.unchanged += 1
            if before == after:
                continue
        elif not before.get("parsed") and after["parsed"]:
            report.newly_readable.append((row["uid"], old, new))
        elif before.get("parsed") and not after["parsed"]:
            report.newly_unreadable.append((row["uid"], old, new))
        elif old != new:
            report.changed.append((row["uid"], old, new))
        else:
            report.unchanged += 1
        if dry_run:
            continue
        status = status_for(after["parsed"], row["finish_reason"]).value
        winner = after["winner"]
        updates.append((
            dump_json(after), after["score"], None if winner is None else str(winner), status,
            stamp, row["id"],
        ))  # fmt: skip
        # The text a re-read read is the judge's own (the content), or a repair's reply: only
        # the reply is copied into the revision, the content is there already.
        kept_text = "" if text is row["content"] else text
        note = f"re-read as {fmt}" + ("" if kept_text else " from the verdict text")
        revisions.append((row["id"], "reader", kept_text, dump_json(after), note, stamp))
        if len(updates) >= _PAGE:
            _write_rereads(db, updates, revisions)
    if not dry_run:
        _write_rereads(db, updates, revisions)
    return report


def _write_rereads(
    db: Database, updates: list[tuple[Any, ...]], revisions: list[tuple[Any, ...]]
) -> None:
    """A page of new readings, in one transaction (a large job is written a page at a time)."""
    if not updates:
        return
    with db.transaction() as conn:
        conn.executemany(
            """UPDATE evaluations SET verdict_json = ?, score = ?, winner = ?, status = ?,
                   verdict_at = ? WHERE id = ?""",
            updates,
        )
        conn.executemany(
            """INSERT INTO verdict_revisions
                   (evaluation_id, provenance, text, verdict_json, note, created_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            revisions,
        )
    updates.clear()
    revisions.clear()


# --- the triage queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageItem:
    uid: str
    session: str
    model: str
    mode: str
    reason: str
    provenance: str
    custom_id: str | None = None  # the item's own name: a batch result's, or a judge --input line's

    def label(self) -> str:
        """What a person knows the item by: its custom_id, else the start of its uid (a batch
        result's uid starts with its job's, the same for every result)."""
        return self.custom_id or self.uid[:8]


def triage_queue(db: Database, scope: Scope, *, limit: int | None = None) -> list[TriageItem]:
    """The verdicts of `scope` that could not be read (the service answered, the reader found
    no reading), oldest first: a person's or a repair's reading takes one off the queue."""
    items: list[TriageItem] = []
    statuses = f"('{JudgeStatus.UNPARSED.value}', '{JudgeStatus.TRUNCATED.value}')"
    # The verdict's parsed and reason only, taken out by SQLite: neither the text nor the whole
    # reading is read (a queue of 300 KB verdicts took 7 s to list).
    columns = """e.uid, e.model, e.mode, e.verdict_provenance, e.custom_id,
        json_extract(e.verdict_json, '$.parsed') AS parsed,
        json_extract(e.verdict_json, '$.reason') AS reason"""
    for row in _rows(db, scope, f"AND e.status IN {statuses}", columns):
        if row["parsed"]:
            continue  # truncated but readable
        items.append(
            TriageItem(
                uid=row["uid"], session=row["session"], model=row["model"], mode=row["mode"],
                reason=str(row["reason"] or "not readable"),
                provenance=row["verdict_provenance"], custom_id=row["custom_id"],
            )
        )  # fmt: skip
        if limit is not None and len(items) >= limit:
            break
    return items


@dataclass(frozen=True)
class UnreadableShare:
    group: str  # a model or a session
    judged: int
    unreadable: int

    @property
    def share(self) -> float:
        return self.unreadable / self.judged if self.judged else 0.0


def unreadable_shares(db: Database, scope: Scope, by: str) -> list[UnreadableShare]:
    """Per model or per session: verdicts the service answered, and how many are unreadable."""
    column = {"model": "e.model", "session": "s.name"}[by]
    where, params = scope.where(db)
    rows = db.conn.execute(
        f"""SELECT {column} AS grp, COUNT(*) AS judged,
                   SUM(e.status IN ('unparsed', 'truncated') AND e.score IS NULL
                       AND e.winner IS NULL) AS unreadable
            FROM evaluations e JOIN sessions s ON s.id = e.session_id
            WHERE {where} AND e.superseded = 0 AND e.status != 'error'
            GROUP BY grp ORDER BY grp""",
        params,
    ).fetchall()
    return [
        UnreadableShare(str(r["grp"]), int(r["judged"]), int(r["unreadable"] or 0)) for r in rows
    ]


# --- readings from a person or a repair -------------------------------------------------------


def _evaluation(db: Database, uid: str) -> sqlite3.Row:
    rows = db.conn.execute(
        """SELECT id, uid, mode, verdict_json, finish_reason FROM evaluations
           WHERE (uid = ? OR uid LIKE ? || '%') AND superseded = 0 LIMIT 2""",
        (uid, uid),
    ).fetchall()
    if not rows:
        raise UserProblem(
            f"There is no evaluation {uid!r}; `judge-tui sessions triage` lists them."
        )
    if len(rows) > 1 and rows[0]["uid"] != uid:
        raise UserProblem(f"{uid!r} names more than one evaluation; give more of its uid.")
    row: sqlite3.Row = rows[0]
    return row


def _store_reading(
    db: Database, row: sqlite3.Row, verdict: dict[str, Any], provenance: str, text: str, note: str
) -> Verdict:
    verdict["provenance"] = provenance
    checked = Verdict.model_validate(verdict)
    stamp = now()
    winner = checked.winner
    status = (
        JudgeStatus.OK.value if checked.parsed else status_for(False, row["finish_reason"]).value
    )
    with db.transaction() as conn:
        conn.execute(
            """UPDATE evaluations SET verdict_json = ?, score = ?, winner = ?, status = ?,
                   verdict_provenance = ?, verdict_at = ? WHERE id = ?""",
            (
                dump_json(checked.model_dump(mode="json")), checked.score,
                None if winner is None else str(winner), status, provenance, stamp, row["id"],
            ),
        )  # fmt: skip
        conn.execute(
            """INSERT INTO verdict_revisions
                   (evaluation_id, provenance, text, verdict_json, note, created_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (row["id"], provenance, text, dump_json(checked.model_dump(mode="json")), note, stamp),
        )
    return checked


def parse_manual(value: str, mode: str, max_score: int) -> tuple[Score | None, Any]:
    """A person's reading as typed: a score on 1..max_score, or in pairwise mode 1, 2 or tie.
    Raises UserProblem with the fix."""
    text = value.strip().lower()
    if mode == "pairwise":
        winners = {"1": 1, "2": 2, "a": 1, "b": 2, "tie": "tie", "t": "tie", "=": "tie"}
        if text not in winners:
            raise UserProblem(f"{value!r} is not a winner; give 1, 2 or tie.")
        return None, winners[text]
    try:
        number = float(text)
    except ValueError:
        raise UserProblem(
            f"{value!r} is not a score; give a number from 1 to {max_score}."
        ) from None
    if not 1 <= number <= max_score:
        raise UserProblem(f"The score {value} is outside 1..{max_score}; give one in that range.")
    return (int(number) if number.is_integer() else number), None


def set_manual(db: Database, uid: str, value: str, note: str = "") -> Verdict:
    """A person's reading of an evaluation's verdict: kept with provenance `manual`, the note
    and the time; the judge's text is unchanged and a re-read never overwrites it."""
    row = _evaluation(db, uid)
    before = json.loads(row["verdict_json"])
    max_score = int(before.get("max_score") or 5)
    score, winner = parse_manual(value, row["mode"], max_score)
    verdict = Verdict(
        parsed=True, score=score, winner=winner, max_score=max_score,
        criteria=before.get("criteria") or [], markers=before.get("markers") or [],
        verdict_format=before.get("verdict_format") or "pai",
    ).model_dump(mode="json")  # fmt: skip
    return _store_reading(db, row, verdict, "manual", "", note)


def repair_source(db: Database, uid: str) -> tuple[JudgeInputs, JudgeParams, str]:
    """What a repair message continues: the judgment's inputs, parameters and verdict text."""
    row = _evaluation(db, uid)
    stored = db.conn.execute(
        "SELECT inputs_json, params_json, content FROM evaluations WHERE id = ?", (row["id"],)
    ).fetchone()
    inputs = JudgeInputs.model_validate(json.loads(stored["inputs_json"]))
    params = JudgeParams.model_validate(json.loads(stored["params_json"]))
    return inputs, params, str(stored["content"])


def set_repaired(db: Database, uid: str, reply: str, verdict: dict[str, Any]) -> Verdict:
    """The judge's answer to a repair message, read: kept with provenance `repaired` and the
    reply's text; the original verdict text stays the evaluation's content."""
    row = _evaluation(db, uid)
    return _store_reading(db, row, dict(verdict), "repaired", reply, "repair message answered")
