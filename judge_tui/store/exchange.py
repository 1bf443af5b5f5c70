"""Export a session (JSONL, CSV, Markdown) and import a JSONL export back without loss."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from judge_tui.api.jsonl import dump_jsonl_line, split_jsonl
from judge_tui.judging.provenance import PROVENANCES
from judge_tui.store.atomic import atomic_output
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import RECORD_SELECT, record_for_line
from judge_tui.store.export_formats import EXPORT_FORMATS
from judge_tui.store.revisions import restore_revisions, revised_ids, revision_lines
from judge_tui.store.session_csv import csv_chunks
from judge_tui.store.session_list import session_id_for
from judge_tui.textsafe import visible_controls

if TYPE_CHECKING:
    from judge_tui.store.records import EvaluationRecord

# The store's records (pydantic) are imported where a format needs them: `sessions export` to
# CSV, and its worker process, start without them.


class ImportProblem(ValueError):
    pass


def export_chunks(db: Database, name: str, fmt: str) -> Iterator[bytes]:
    """A session's export, a piece at a time: evaluations are read from the store a page at a
    time and each is written as it comes, so memory stays flat whatever the session's size."""
    if fmt == "csv":
        yield from csv_chunks(db, name)
        return
    from judge_tui.store.sessions import get_session, iter_session_evaluations, iter_session_rows

    session = get_session(db, name)
    # JSONL from the stored rows' values: a record is exactly these values (a test keeps
    # EvaluationRecord's fields the row's), without validating each again.
    if fmt == "jsonl":
        yield dump_jsonl_line({"type": "session", **session.model_dump()})
        # Each evaluation's later readings follow it, where it has any (store/revisions.py).
        revised = revised_ids(db.conn, session_id_for(db.conn, name, create=False))
        for row in iter_session_rows(db, name, columns=f"id, {RECORD_SELECT}"):
            values = tuple(row)
            yield dump_jsonl_line({"type": "evaluation", **record_for_line(values[1:])})
            if values[0] in revised:
                for line in revision_lines(db.conn, values[0], values[1]):
                    yield dump_jsonl_line(line)
    elif fmt == "markdown":
        records = iter_session_evaluations(db, name)
        head = [f"# {session.name}\n"]
        if session.notes:
            head.append(f"{session.notes}\n")
        yield "\n".join(visible_controls(part) for part in head).encode("utf-8")
        for r in records:
            yield ("\n" + evaluation_markdown(r)).encode("utf-8")
    else:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")


def export_session(db: Database, name: str, fmt: str) -> bytes:
    """The whole export in memory (an import round trip, a small session)."""
    return b"".join(export_chunks(db, name, fmt))


def export_session_to(db: Database, name: str, fmt: str, destination: Path) -> None:
    """The export written to `destination` as it is made; the file appears whole or not at all."""
    with atomic_output(destination, mode=0o600) as out:
        for chunk in export_chunks(db, name, fmt):
            out.write(chunk)


def evaluation_markdown(r: EvaluationRecord) -> str:
    """One evaluation as Markdown: a heading with the result, the inputs, the verdict text."""
    headline = (
        f"score {r.score:g}/{r.max_score}" if r.score is not None else
        f"winner {r.winner}" if r.winner else
        f"not readable: {r.verdict.get('reason')}"
    )  # fmt: skip
    out = [f"## {r.mode} · {r.model} · {headline}\n"]
    out.append(f"**Question**\n\n{_fence(str(r.inputs.get('question', '')))}\n")
    for field in ("answer", "answer1", "answer2", "ref_answer"):
        value = str(r.inputs.get(field, ""))
        if value:
            label = "Reference answer" if field == "ref_answer" else field.capitalize()
            out.append(f"**{label}**\n\n{_fence(value)}\n")
    out.append(f"**Verdict**\n\n{_fence(r.content)}\n")
    # Read in a terminal as often as in an editor: no control sequence in it.
    return visible_controls("\n".join(out))


def _fence(text: str) -> str:
    # Text is data: fence it so nothing in it renders as Markdown.
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def import_jsonl(db: Database, data: bytes) -> tuple[list[str], int, int]:
    """Sessions named, evaluations added, evaluations already there (same uid) skipped.

    The whole file is checked first; one transaction adds it, so a bad file adds nothing."""
    from judge_tui.store.records import EvaluationRecord, RevisionRecord, SessionRecord
    from judge_tui.store.sessions import insert_evaluation

    current: SessionRecord | None = None
    # Each session's evaluations, each with the revisions that follow it.
    plan: list[tuple[SessionRecord, list[tuple[EvaluationRecord, list[RevisionRecord]]]]] = []
    for line in split_jsonl(data):
        try:
            obj = json.loads(line.raw)
            kind = obj.pop("type")
            if kind == "session":
                current = SessionRecord.model_validate(obj)
                plan.append((current, []))
            elif kind == "evaluation":
                if current is None:
                    raise ImportProblem(f"line {line.number}: an evaluation before any session")
                plan[-1][1].append((EvaluationRecord.model_validate(obj), []))
            elif kind == "revision":
                revision = RevisionRecord.model_validate(obj)
                if not plan or not plan[-1][1] or plan[-1][1][-1][0].uid != revision.uid:
                    raise ImportProblem(
                        f"line {line.number}: a revision of {revision.uid!r} that does not "
                        "follow its evaluation; nothing was imported."
                    )
                plan[-1][1][-1][1].append(revision)
            else:
                raise ImportProblem(f"line {line.number}: unknown type {kind!r}")
        except ImportProblem:
            raise
        except Exception as exc:
            raise ImportProblem(
                f"line {line.number} is not a judge-tui JSONL export line ({type(exc).__name__}); "
                "nothing was imported."
            ) from None
    added = skipped = 0
    with db.transaction() as conn:
        for session, records in plan:
            exists = conn.execute(
                "SELECT 1 FROM sessions WHERE name = ?", (session.name,)
            ).fetchone()
            session_id = session_id_for(conn, session.name, create=True, at=session.created_at)
            if not exists:
                conn.execute(
                    "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?",
                    (session.notes, session.updated_at, session_id),
                )
            for record, revisions in records:
                if conn.execute(
                    "SELECT 1 FROM evaluations WHERE uid = ?", (record.uid,)
                ).fetchone():
                    skipped += 1
                    continue
                evaluation_id = insert_evaluation(conn, session_id, record)
                provenance = record.verdict.get("provenance", "reader")
                if provenance in PROVENANCES and (provenance != "reader" or revisions):
                    restore_revisions(conn, evaluation_id, provenance, revisions)
                added += 1
    return [s.name for s, _ in plan], added, skipped
