"""Exports stream (issue 13): a job's CSV and JSONL are the very bytes the in-memory export wrote
before (tests/fixtures/export_fixed_job.*, made from the same fixed job; the CSV has since
gained the answers' scores, the judged time and the criteria at the end of each row, issue 15,
its earlier columns checked unchanged when the file was remade), and a failed export leaves
nothing at the destination."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge_tui import in_order
from judge_tui.batch import export
from judge_tui.store import csv_lines
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

from .export_job_fixture import fixed_job

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_streamed_export_is_byte_for_byte_the_export_before(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "PAGE", 7)  # several pages, one not full
    db = Database.open(home_paths())
    job = fixed_job(db)
    out = tmp_path / f"job.{fmt}"
    assert export.export_job(db, job, fmt, out) == 40
    assert out.read_bytes() == (FIXTURES / f"export_fixed_job.{fmt}").read_bytes()
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("workers", [1, 2])
def test_a_csv_export_built_in_pieces_on_every_core_is_the_same_bytes(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large job's CSV lines are built a range of ids at a time, by a worker process per
    core (in_order.py): the file is the same, in the same order."""
    monkeypatch.setattr(csv_lines, "PIECE_ROWS", 7)  # six pieces, the last not full
    monkeypatch.setattr(csv_lines, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(in_order, "worker_count", lambda: workers)
    db = Database.open(home_paths())
    job = fixed_job(db)
    out = tmp_path / "job.csv"
    assert export.export_job(db, job, "csv", out) == 40
    assert out.read_bytes() == (FIXTURES / "export_fixed_job.csv").read_bytes()


def test_a_failed_export_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.open(home_paths())
    job = fixed_job(db)
    calls = 0
    real = export.csv_row

    def failing(row, criteria):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 20:
            raise OSError(28, "No space left on device")
        return real(row, criteria)

    monkeypatch.setattr(export, "csv_row", failing)
    out = tmp_path / "job.csv"
    with pytest.raises(OSError):
        export.export_job(db, job, "csv", out)
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown"])
def test_a_session_export_streams_in_pages_in_order(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from judge_tui.store import sessions
    from judge_tui.store.exchange import export_session_to
    from judge_tui.store.sessions import save_evaluation, session_evaluations

    from ..store_helpers import make_record

    monkeypatch.setattr(sessions, "EXPORT_PAGE", 3)  # many pages
    db = Database.open(home_paths())
    for i in range(10):
        save_evaluation(db, "paged", make_record(i, question=f"=q{i}"))
    out = tmp_path / f"paged.{fmt}"
    export_session_to(db, "paged", fmt, out)
    text = out.read_text()
    expected = [r.uid for r in session_evaluations(db, "paged", newest_first=False)]
    if fmt == "markdown":
        assert [f"=q{i} #{i}" in text for i in range(10)] == [True] * 10
    else:
        positions = [text.index(uid) for uid in expected]
        assert positions == sorted(positions)  # every evaluation, oldest first


@pytest.mark.parametrize("workers", [1, 2])
def test_a_session_csv_built_in_pieces_on_every_core_is_the_same_bytes(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from judge_tui.store import exchange
    from judge_tui.store.sessions import save_evaluation

    from ..store_helpers import make_record

    db = Database.open(home_paths())
    hostile = ["=1+1", 'line\nbreak, "quoted"', "\x1b]52;c;aGk=\x07", "[@click=app.quit]"]
    for i in range(23):
        save_evaluation(db, "pieces", make_record(i, question=f"{hostile[i % 4]} #{i}"))
    whole = tmp_path / "whole.csv"
    exchange.export_session_to(db, "pieces", "csv", whole)
    monkeypatch.setattr(csv_lines, "PIECE_ROWS", 4)  # six pieces, the last not full
    monkeypatch.setattr(csv_lines, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(in_order, "worker_count", lambda: workers)
    pieces = tmp_path / "pieces.csv"
    exchange.export_session_to(db, "pieces", "csv", pieces)
    assert pieces.read_bytes() == whole.read_bytes()
    text = whole.read_text()
    found = [re.search(rf" #{i} #{i}\b", text) for i in range(23)]
    positions = [match.start() for match in found if match]  # every one, oldest first
    assert len(positions) == 23 and positions == sorted(positions) and "\x1b" not in text


@given(
    st.lists(
        st.one_of(st.text(), st.none(), st.integers(), st.floats(allow_nan=False), st.booleans()),
        min_size=2,
        max_size=8,
    )
)
def test_a_spreadsheet_line_is_what_the_csv_module_writes_of_safe_cells(
    values: list[object],
) -> None:
    import csv
    import io

    from judge_tui.textsafe import spreadsheet_cell, spreadsheet_line

    written = io.StringIO()
    csv.writer(written).writerow([spreadsheet_cell(value) for value in values])
    assert spreadsheet_line(values) == written.getvalue()


@given(st.floats(min_value=-1e9, max_value=2e10, allow_nan=False))
def test_a_judged_time_is_written_as_a_datetime_writes_it(stamp: float) -> None:
    from datetime import UTC, datetime

    from judge_tui.store.verdict_columns import iso_time

    assert iso_time(stamp) == datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**62), max_value=2**62)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=JSON_VALUES, ref_answer=JSON_VALUES, has_ref=st.booleans())
def test_a_session_csv_writes_each_input_as_its_text_whatever_its_json_type(
    question: object, ref_answer: object, has_ref: bool, tmp_path: Path
) -> None:
    """The question and reference answer cells are the inputs' values as Python text (a number,
    true, null, a list or an object alike), made spreadsheet-safe; no reference answer is an
    empty cell."""
    import csv
    import io
    import uuid

    from judge_tui.store.exchange import export_session
    from judge_tui.store.sessions import save_evaluation
    from judge_tui.textsafe import spreadsheet_cell

    from ..store_helpers import make_record

    db = Database.open(home_paths())
    inputs: dict[str, object] = {"mode": "single", "question": question, "answer": "a"}
    if has_ref:
        inputs["ref_answer"] = ref_answer
    session = f"s-{uuid.uuid4()}"
    save_evaluation(db, session, make_record(1).model_copy(update={"inputs": inputs}))
    text = export_session(db, session, "csv").decode()
    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=False))
    for field, value in (("question", question), ("ref_answer", ref_answer if has_ref else "")):
        assert cells[field] == str(spreadsheet_cell(str(value)))


@given(
    JSON_VALUES | st.dictionaries(st.text(max_size=6), st.integers() | st.booleans(), max_size=4)
)
def test_the_usage_cell_is_what_json_dumps_writes(usage: object) -> None:
    import json

    assert export.usage_text(usage) == json.dumps(usage, ensure_ascii=False)
