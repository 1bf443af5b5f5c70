"""What a newcomer tripped on (issue 11.21), each as the user meets it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.sessions import save_evaluation
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.batch_results import score_share
from judge_tui.ui.screens.sessions import SessionsScreen
from judge_tui.ui.service import Connection
from judge_tui.ui.widgets.check import Check

from ..app_helpers import rendered, settle
from ..cli_helpers import run_cli
from ..store_helpers import make_record


def _save(session: str, question: str, **update: object) -> None:
    db = Database.open(home_paths())
    save_evaluation(db, session, make_record(1, question=question).model_copy(update=update))
    db.close()


def test_sessions_export_takes_its_format_from_the_file_name(tmp_path: Path) -> None:
    _save("s", "q")
    for name, starts in (("x.csv", "session,"), ("x.md", "# s"), ("x.jsonl", '{"type"')):
        out = tmp_path / name
        result = run_cli("sessions", "export", "s", "--output", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_text().startswith(starts), name
    md = run_cli("sessions", "export", "s", "--format", "md")
    assert md.returncode == 0 and md.stdout.startswith("# s")
    clash = run_cli(
        "sessions", "export", "s", "--format", "csv", "--output", str(tmp_path / "y.md")
    )
    assert clash.returncode == 2 and "does not match" in clash.stderr


def test_scores_sort_on_their_own_scale() -> None:
    three_of_ten = make_record(0).model_copy(update={"score": 3.0, "max_score": 10})
    three_of_five = make_record(0).model_copy(update={"score": 3.0, "max_score": 5})
    none = make_record(0).model_copy(update={"score": None})
    ordered = sorted([three_of_ten, none, three_of_five], key=score_share, reverse=True)
    assert ordered == [three_of_five, three_of_ten, none]


async def test_a_checkbox_reads_without_colour() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(80, 24)):
        on, off = Check("on", True), Check("off", False)
        await app.screen.mount(on, off)
        assert "X" in str(on.render()) and "X" not in str(off.render())


async def test_sessions_show_what_was_judged_and_search_hits_name_their_session() -> None:
    _save("alpha-session", "Which river is longest?", inputs={
        "mode": "single", "question": "Which river is longest?", "answer": "The Nile, mostly.",
    })  # fmt: skip
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None), start_in="sessions")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        shown = rendered(app, "#verdict-inputs")
        assert "Question: Which river is longest?" in shown and "Answer: The Nile" in shown
        app.screen.query_one("#search", Input).value = "river"
        await settle(app, pilot)
        hits = app.screen.query_one("#evaluation-list", OptionList)
        assert "[alpha-session]" in str(hits.get_option_at_index(0).prompt)
