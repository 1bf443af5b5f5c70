"""The Batches screen driven by Pilot against the emulator: a new job from a file is checked,
submitted, tracked to the end, collected, and its results open in the verdict pane."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input

from judge_tui.emulator.server import EmulatorServer
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.batch_results import BatchResultsScreen
from judge_tui.ui.screens.batches import BatchesScreen

from ..app_helpers import HOSTILE, Notifications, connection_to, rendered, settle


async def test_a_job_from_a_file_is_checked_submitted_tracked_and_collected(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.0)
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(
        "".join(
            json.dumps({"question": f"Q{i} {HOSTILE}", "answer": f"answer {i}"}) + "\n"
            for i in range(12)
        )
        + "{broken\n"
    )
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        assert isinstance(app.screen, BatchesScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#batch-file", Input).value = str(dataset)
        dialog.query_one("#batch-name", Input).value = "twelve"
        dialog.query_one("#check", Button).press()
        await settle(app, pilot)
        assert "line 13: is not JSON" in rendered(app, "#batch-report")
        assert dialog.query_one("#submit", Button).disabled  # nothing can be sent
        dataset.write_text("".join(dataset.read_text().splitlines(keepends=True)[:12]))
        # The report grew: the button moved, so it is pressed by itself rather than by position.
        dialog.query_one("#check", Button).press()
        await settle(app, pilot)
        report = rendered(app, "#batch-report")
        assert "12 items = 12 lines in 1 file(s) of 12 lines" in report
        assert "input tokens (an estimate" in report and "half the online price" in report
        dialog.query_one("#submit", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, BatchesScreen), rendered(app, "#batch-report")
        assert server.emulator.stats["uploads"] == 1
        assert server.emulator.stats["batches_created"] == 1
        app.screen.action_refresh_jobs()  # one more look: done, and collected
        await settle(app, pilot)
        screen = app.screen
        assert screen.jobs[0].status == "done"
        assert "succeeded 12" in rendered(app, "#job-detail")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BatchResultsScreen)
        assert "12 of 12" in rendered(app, "#results-title")
        await pilot.press("s")  # highest score first
        await pilot.pause()
        results = app.screen
        assert isinstance(results, BatchResultsScreen)
        scores = [r.score for r in results.shown]
        assert scores == sorted(scores, key=lambda s: -1 if s is None else s, reverse=True)
        await pilot.press("down")
        await pilot.pause()
        assert "/5" in rendered(app, "#verdict-badge")
        assert app.is_running


async def test_a_job_left_under_way_is_tracked_and_collected_from_the_judge_screen(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """A job an earlier run submitted is carried on by the app itself, without opening the
    Batches screen: the look it takes after its first frame collects it and says so."""
    from ..cli_helpers import run_cli
    from ..conftest import TOKEN

    server = start_emulator(batch_seconds=0.0)
    dataset = tmp_path / "left.jsonl"
    dataset.write_text(
        "".join(json.dumps({"question": f"Q{i}", "answer": "A"}) + "\n" for i in range(5))
    )
    submitted = run_cli("batch", "submit", str(dataset), "--base-url", server.base_url, token=TOKEN)
    assert submitted.returncode == 0, submitted.stderr
    app = JudgeTuiApp(connection_to(server))
    said = Notifications()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        app.warm_up()  # what the app runs by itself just after its first frame
        await settle(app, pilot)
        assert app.batch_tracker.jobs and app.batch_tracker.jobs[0].status == "done"
        assert any("is done: 5 succeeded" in m for m in said.messages)


async def test_a_job_that_finishes_behind_a_dialog_or_another_screen_is_shown_done(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """Issue 11.15: the Batches screen is drawn from what the tracker found, also when the job
    finished while a dialog covered it or another screen was shown; with nothing running the
    tracker keeps looking, so a job the shell submits meanwhile shows up."""
    from ..cli_helpers import run_cli
    from ..conftest import TOKEN

    server = start_emulator(batch_seconds=0.0)
    dataset = tmp_path / "later.jsonl"
    dataset.write_text(
        "".join(json.dumps({"question": f"Q{i}", "answer": "A"}) + "\n" for i in range(3))
    )
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BatchesScreen) and screen.jobs == []
        # Nothing runs: the tracker still has a look planned, at the idle pace.
        assert app.batch_tracker.next_look is not None
        await pilot.press("ctrl+n")  # a dialog covers the screen
        await pilot.pause()
        submitted = run_cli(
            "batch", "submit", str(dataset), "--base-url", server.base_url, token=TOKEN
        )
        assert submitted.returncode == 0, submitted.stderr
        app.batch_tracker.look_now()  # what the planned look does when its time comes
        await settle(app, pilot)
        app.batch_tracker.look_now()  # and the next: the job is done and collected
        await settle(app, pilot)
        assert app.batch_tracker.jobs[0].status == "done"
        await pilot.press("escape")  # the dialog closes: the screen shows what was found
        await settle(app, pilot)
        assert app.screen is screen
        assert isinstance(screen, BatchesScreen)
        assert [job.status for job in screen.jobs] == ["done"]
        assert "succeeded 3" in rendered(app, "#job-detail")
        await pilot.press("f4")
        await pilot.press("f10")
        await settle(app, pilot)
        assert [job.status for job in app.screen.jobs] == ["done"]


async def test_the_new_batch_dialog_keeps_its_buttons_in_sight_at_80x24(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    """Issue 11.21: a long check report scrolls; the buttons stay on screen."""
    dataset = tmp_path / "bad.jsonl"
    dataset.write_text("{broken\n" * 40)
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#batch-file", Input).value = str(dataset)
        dialog.query_one("#check", Button).press()
        await settle(app, pilot)
        assert "line 40" in rendered(app, "#batch-report") or "more" in rendered(
            app, "#batch-report"
        )
        for button in ("#check", "#submit", "#cancel"):
            region = dialog.query_one(button).region
            assert region.height > 0 and region.bottom <= 24, (button, region)


def three_items(tmp_path: Path) -> Path:
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(
        "".join(json.dumps({"question": f"Q{i}", "answer": f"a{i}"}) + "\n" for i in range(3))
    )
    return dataset


@contextlib.asynccontextmanager
async def on_batches_screen(
    server: EmulatorServer,
) -> AsyncIterator[tuple[JudgeTuiApp, Pilot[None], Notifications]]:
    """An app on `server`, on the Batches screen (F10), with every notification it posts."""
    said = Notifications()
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(120, 40), message_hook=said) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        yield app, pilot, said


async def submit_in_dialog(
    app: JudgeTuiApp, pilot: Pilot[None], dataset: Path, name: str | None = None
) -> BatchesScreen:
    """From the Batches screen: Ctrl+N, the file (and a name), Check, Submit; back on the
    Batches screen."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    dialog = app.screen
    dialog.query_one("#batch-file", Input).value = str(dataset)
    if name is not None:
        dialog.query_one("#batch-name", Input).value = name
    dialog.query_one("#check", Button).press()
    await settle(app, pilot)
    dialog.query_one("#submit", Button).press()
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, BatchesScreen), rendered(app, "#batch-report")
    return screen


async def test_submitting_the_same_file_again_resumes_its_unfinished_job(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """The New batch form plans a job the way `batch submit` does (batch/submit.py): the same
    file sent again while its job is unfinished takes that job up, nothing is uploaded twice."""
    server = start_emulator(batch_seconds=60.0)
    dataset = three_items(tmp_path)
    async with on_batches_screen(server) as (app, pilot, said):
        for name in ("first", "second"):  # another name, the same file
            screen = await submit_in_dialog(app, pilot, dataset, name)
        assert server.emulator.stats["uploads"] == 1
        assert server.emulator.stats["batches_created"] == 1
        assert any("resumed, not started again" in m for m in said.messages), said.messages
        assert len(screen.jobs) == 1


async def test_submitting_the_same_file_once_its_job_is_done_sends_nothing(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.0)
    dataset = three_items(tmp_path)
    async with on_batches_screen(server) as (app, pilot, said):
        for attempt in range(2):
            screen = await submit_in_dialog(app, pilot, dataset)
            screen.action_refresh_jobs()  # one more look: done, and collected
            await settle(app, pilot)
            assert screen.jobs[0].status == "done", attempt
        assert server.emulator.stats["uploads"] == 1
        assert server.emulator.stats["batches_created"] == 1
        assert any("sent these very requests" in m for m in said.messages), said.messages
        assert len(screen.jobs) == 1


async def test_the_new_batch_dialog_sends_a_swap_plan_as_twice_the_lines(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.0)
    dataset = tmp_path / "pairs.jsonl"
    dataset.write_text("".join(
        json.dumps({"custom_id": f"p{i}", "question": f"Q{i}", "answer1": "yes", "answer2": "no"})
        + "\n" for i in range(6)
    ))  # fmt: skip
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#batch-file", Input).value = str(dataset)
        dialog.query_one("#batch-swap", Checkbox).value = True
        dialog.query_one("#batch-repeat", Input).value = "x"
        dialog.query_one("#check", Button).press()
        await settle(app, pilot)
        assert "Repeat is a whole number" in rendered(app, "#batch-report")
        dialog.query_one("#batch-repeat", Input).value = "1"
        dialog.query_one("#check", Button).press()
        await settle(app, pilot)
        assert "6 items, 12 games = 12 lines in 1 file(s) of 12 lines" in rendered(
            app, "#batch-report"
        )
        dialog.query_one("#submit", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, BatchesScreen), rendered(app, "#batch-report")
        assert app.screen.jobs[0].total_lines == 12


async def test_a_large_jobs_results_list_more_rows_as_the_cursor_goes_down(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """2,500 results: the first 1,000 are listed at once, and the title says more follow; at
    the last row listed, the next rows are added, the verdict pane showing each one chosen."""
    from textual.widgets import DataTable

    from judge_tui.ui.screens.batch_results import ROWS_AT_A_TIME

    from ..app_helpers import open_job_results, submit_job

    server = start_emulator(batch_seconds=0.0)
    rows = [{"custom_id": f"item-{i}", "question": f"Q{i}?", "answer": "A"} for i in range(2500)]
    submit_job(server, tmp_path / "large.jsonl", rows)
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_job_results(app, pilot)
        table = results.query_one("#results", DataTable)
        assert table.row_count == ROWS_AT_A_TIME == 1000
        title = rendered(app, "#results-title")
        assert "2500 of 2500 (all) · the first 1,000 listed, more as you go down" in title
        table.move_cursor(row=ROWS_AT_A_TIME - 1)
        await settle(app, pilot)
        assert table.row_count == 2000
        await pilot.press("down")
        await settle(app, pilot)
        assert table.cursor_row == ROWS_AT_A_TIME  # the first of the rows added
        chosen = results.shown[table.cursor_row]
        assert f"Question: {chosen.question}" in rendered(app, "#verdict-inputs")
        table.move_cursor(row=table.row_count - 1)
        await settle(app, pilot)
        assert table.row_count == 2500
        assert rendered(app, "#results-title").endswith("2500 of 2500 (all)")


async def test_a_jobs_detail_counts_results_answered_twice_or_for_no_item(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    from ..app_helpers import submit_job

    server = start_emulator(batch_seconds=0.0, stray_results=True)
    rows = [{"question": f"Q{i}?", "answer": "A"} for i in range(3)]
    submit_job(server, tmp_path / "stray.jsonl", rows)
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")
        await settle(app, pilot)
        detail = rendered(app, "#job-detail")
        assert "succeeded 3" in detail and "duplicates 1 · naming no item 1" in detail, detail
