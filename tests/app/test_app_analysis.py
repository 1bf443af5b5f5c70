"""The Analysis screen (issue 15): a session's figures at 80x24, two runs compared with a changed
item opened side by side, agreement with a labels file, the criteria matrix sorted, live
updates, and data that stays data. The runs are judged by the emulator over HTTP (the demo's own
sample data path)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from judge_tui.api.credentials import Token
from judge_tui.commands.demo_data import SESSIONS, labels_path, seed_demo_data
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.paths import home_paths
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.analysis import AnalysisScreen
from judge_tui.ui.screens.judgments import JudgmentsScreen
from judge_tui.ui.service import AnalysisStart, Launch
from judge_tui.ui.widgets.verdict_view import VerdictView

from ..app_helpers import HOSTILE, Notifications, connection_to, rendered, settle
from ..cli_helpers import run_cli
from ..conftest import TOKEN


async def sample_runs(server: EmulatorServer) -> None:
    """The demo's sample runs, judged by the emulator (on a thread: the demo makes them so)."""
    made = await asyncio.to_thread(
        seed_demo_data, home_paths(), server.base_url, Token(TOKEN, "test"), "pai-judge"
    )
    assert made == list(SESSIONS)


async def open_analysis(app: JudgeTuiApp, pilot: Pilot[None], view_key: str = "") -> AnalysisScreen:
    """F11, then a view's key if given, every worker done."""
    await pilot.press("f11")
    await settle(app, pilot)
    if view_key:
        await pilot.press(view_key)
        await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, AnalysisScreen)
    return screen


def demo_launch(server: EmulatorServer) -> Launch:
    start = AnalysisStart(f"session:{SESSIONS[0]}", f"session:{SESSIONS[1]}",
                          str(labels_path(home_paths())))  # fmt: skip
    return Launch(connection_to(server), analysis_start=start)


async def test_analysis_at_80x24_reads_the_mean_its_interval_and_the_histogram(
    emulator: EmulatorServer,
) -> None:
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11")
        await settle(app, pilot)
        assert isinstance(app.screen, AnalysisScreen)
        text = rendered(app, "#stats-text")
        assert "Judgments  40" in text and "95% CI [" in text
        # Bars in block characters with the count beside each: readable without colour.
        bars = [line for line in text.splitlines() if "█" in line]
        assert bars and all(line.rstrip()[-1].isdigit() for line in bars)
        assert "Statistics of session:demo-model-a" in rendered(app, "#analysis-status")


async def test_compare_lists_changed_items_and_opens_both_judgments(
    emulator: EmulatorServer,
) -> None:
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_analysis(app, pilot, "f3")
        assert screen.compare_result is not None
        changed = screen.compare_result.comparison.changed
        table = screen.query_one("#changed", DataTable)
        assert table.row_count == len(changed) > 0
        assert "Difference B − A" in rendered(app, "#compare-text")
        table.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, JudgmentsScreen)
        sides = [str(v.query_one("#verdict-badge").render()) for v in app.screen.query(VerdictView)]
        assert changed[0].a.split("/")[0] in sides[0] and changed[0].b.split("/")[0] in sides[1]
        await pilot.press("escape")
        assert isinstance(app.screen, AnalysisScreen)


async def test_agreement_with_the_labels_file_reads_kappa(emulator: EmulatorServer) -> None:
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_analysis(app, pilot, "f6")
        text = rendered(app, "#agree-text")
        assert "Cohen's kappa (quadratic)" in text and "40 items rated by A and B" in text
        assert screen.agree_result is not None
        assert screen.agree_result.agreement.raters[1].startswith("labels:")
        # A broken labels path gets its sentence on the status line; the app goes on.
        labels = screen.query_one("#labels-path", Input)
        labels.value = "/nowhere/labels.csv"
        labels.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "could not be computed" in rendered(app, "#analysis-status")


async def test_the_criteria_matrix_sorts_and_a_row_opens_its_judgment(
    emulator: EmulatorServer,
) -> None:
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_analysis(app, pilot)
        table = screen.query_one("#criteria-matrix", DataTable)
        assert table.row_count == 40
        table.focus()
        await pilot.press("s")
        first_column = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        numbers = [float(v) for v in first_column if v != "–"]
        assert numbers == sorted(numbers, reverse=True)
        assert "sorted by" in rendered(app, "#analysis-status")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, JudgmentsScreen)


async def test_the_figures_follow_new_judgments_live(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator()
    await sample_runs(server)
    app = JudgeTuiApp(demo_launch(server))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f11")
        await settle(app, pilot)
        assert "Judgments  40" in rendered(app, "#stats-text")
        items = tmp_path / "more.jsonl"
        items.write_text('{"question": "What is 1 + 1?", "answer": "2", "ref_answer": "2"}\n')
        added = run_cli(
            "judge", "--base-url", server.base_url, "--input", str(items), "--output",
            str(tmp_path / "out.jsonl"), "--session", SESSIONS[0], token=TOKEN,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        screen = app.screen
        assert isinstance(screen, AnalysisScreen)
        screen.look_for_changes()  # what the screen's timer calls every few seconds
        await settle(app, pilot)
        assert "Judgments  41" in rendered(app, "#stats-text")


async def test_hostile_session_names_are_shown_as_data(emulator: EmulatorServer) -> None:
    await sample_runs(emulator)
    renamed = run_cli("sessions", "rename", SESSIONS[0], f"evil {HOSTILE}")
    assert renamed.returncode == 0, renamed.stderr
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_analysis(app, pilot)
        select = screen.query_one("#scope-a", Select)
        select.value = f"session:evil {HOSTILE}"
        await settle(app, pilot)
        assert app.is_running  # [@click=app.quit] was not run
        assert "\x1b" not in rendered(app, "#analysis-status")
        assert "␛" in rendered(app, "#analysis-status")


def test_numpy_is_not_on_the_first_frame_path() -> None:
    code = (
        "import asyncio, sys\n"
        "from judge_tui.ui.app import JudgeTuiApp\n"
        "from judge_tui.ui.service import Connection\n"
        "async def main():\n"
        "    app = JudgeTuiApp(Connection('http://127.0.0.1:9/v1', None, session=None))\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        print('numpy' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


async def test_a_label_entered_in_the_app_is_what_agreement_reads(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    said = Notifications()
    await sample_runs(emulator)
    labels = tmp_path / "mine.csv"
    start = AnalysisStart(f"session:{SESSIONS[0]}", f"session:{SESSIONS[1]}", str(labels))
    app = JudgeTuiApp(Launch(connection_to(emulator), analysis_start=start))
    async with app.run_test(size=(100, 40), message_hook=said) as pilot:
        screen = await open_analysis(app, pilot)
        matrix = screen.query_one("#criteria-matrix", DataTable)
        matrix.focus()
        for text in ("9 off the scale", "1 =1+2 looks right"):  # the first is refused
            await pilot.press("l")
            await pilot.pause()
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await settle(app, pilot)
        # A problem the user fixes is its sentence alone: nothing more under ctrl+l.
        assert said.of("error") == ["The score 9 is off the scale 1..5."]
        assert labels.read_text(encoding="utf-8").splitlines()[1:] == ["q01,1,,'=1+2 looks right,5"]
        await pilot.press("f6")
        await settle(app, pilot)
        assert screen.agree_result is not None
        assert screen.agree_result.agreement.paired == 1


async def test_ctrl_s_writes_the_report_shown(emulator: EmulatorServer, tmp_path: Path) -> None:
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(100, 32)) as pilot:
        await open_analysis(app, pilot, "f3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        target = tmp_path / "shared" / "report.html"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        page = target.read_text(encoding="utf-8")
        assert "Compare runs" in page and "demo-model-b" in page and "<svg" in page


async def test_filters_narrow_what_the_screen_shows(emulator: EmulatorServer) -> None:
    said = Notifications()
    await sample_runs(emulator)
    app = JudgeTuiApp(demo_launch(emulator))
    async with app.run_test(size=(100, 32), message_hook=said) as pilot:
        await pilot.press("f11")
        await settle(app, pilot)
        for text, shown in (
            ("model=nobody", "Judgments  0"),
            ("readable mode=single", "Judgments  40"),
        ):
            await pilot.press("f")
            await pilot.pause()
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await settle(app, pilot)
            assert shown in rendered(app, "#stats-text")
            assert f"only {text}" in rendered(app, "#analysis-status")
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one(Input).value = "colour=blue"
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("'colour=blue' is not a filter" in m for m in said.of("error"))
        assert "could not be computed" in rendered(app, "#analysis-status")


async def test_agreement_by_judge_reads_the_judges_of_one_run(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    noisy = start_emulator(judge_noise=0.5)
    items = tmp_path / "panel.jsonl"
    items.write_text("".join(
        f'{{"custom_id": "p{n}", "question": "Capital of country {n}?", "answer": "City{n}."}}\n'
        for n in range(12)
    ))  # fmt: skip
    judged = run_cli("judge", "--base-url", noisy.base_url, "--input", str(items), "--output",
                     str(tmp_path / "o.jsonl"), "--session", "panel",
                     "--judges", "pai-judge,pai-judge-plus", token=TOKEN)  # fmt: skip
    assert judged.returncode == 0, judged.stderr
    start = AnalysisStart("session:panel", "session:panel", "")
    app = JudgeTuiApp(Launch(connection_to(noisy), analysis_start=start))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_analysis(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert screen.view == "agree" and screen.agree_result is not None
        agreement = screen.agree_result.agreement
        assert agreement.raters == ["session:panel judged by pai-judge",
                                    "session:panel judged by pai-judge-plus"]  # fmt: skip
        assert agreement.paired == 12
        assert rendered(app, "#analysis-status").startswith("By judge: ")


async def test_a_large_session_shows_its_figures_and_the_first_rows_of_its_matrix(
    emulator: EmulatorServer,
) -> None:
    import random

    from judge_tui.store.db import Database

    from ..unit.test_analysis_tallies import random_record

    rng = random.Random(3)
    db = Database.open(home_paths())
    try:
        from judge_tui.store.session_list import session_id_for
        from judge_tui.store.sessions import evaluation_row, insert_batch_rows

        with db.transaction() as conn:
            session_id = session_id_for(conn, "large", create=True)
            rows = []
            for i in range(1300):
                record = random_record(rng, i).model_copy(update={"custom_id": f"item-{i}"})
                record.verdict["criteria"] = [{"name": "Accuracy", "score": rng.randint(1, 5)}]
                rows.append(evaluation_row(record, session_id))
            insert_batch_rows(conn, rows)
    finally:
        db.close()
    start = AnalysisStart("session:large", "session:large", "")
    app = JudgeTuiApp(Launch(connection_to(emulator), analysis_start=start))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_analysis(app, pilot)
        figures = rendered(app, "#stats-text").splitlines()
        assert any(line.split() == ["Judgments", "1300"] for line in figures)
        table = screen.query_one("#criteria-matrix", DataTable)
        assert table.row_count == 1000
        assert "first 1000 of 1300 items" in rendered(app, "#analysis-status")
