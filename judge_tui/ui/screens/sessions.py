"""The Sessions screen: every saved session, search as you type, any evaluation reread.

The store is read on threads (SQLite blocks); results come back as messages and the
handlers here are the only place that changes what is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from judge_tui.store.access import CHANGE_ERRORS, STORE_ERRORS, use_store
from judge_tui.store.db import Database
from judge_tui.store.exchange import export_session_to
from judge_tui.store.export_formats import format_for_path
from judge_tui.store.paths import home_paths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.search_words import HOW_WORDS_MATCH, match_query
from judge_tui.store.session_list import SessionSummary, list_sessions
from judge_tui.store.sessions import (
    delete_session,
    evaluations_by_uid,
    rename_session,
    search,
    session_evaluations,
)
from judge_tui.textsafe import visible_controls
from judge_tui.ui.messages import Said
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.widgets.dialogs import ConfirmDialog, PromptDialog
from judge_tui.ui.widgets.evaluation_list import EvaluationList
from judge_tui.ui.widgets.verdict_view import VerdictView

PAGE = 200  # a session opens on its newest evaluations; the store pages, the screen never loads all


class SessionsScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class SessionsLoaded(Message):
        sessions: list[SessionSummary]

    @dataclass
    class EvaluationsLoaded(Message):
        title: str
        records: list[EvaluationRecord]
        sessions: dict[str, str] | None = None  # search hits: each one's session

    @dataclass
    class SessionChanged(Message):
        """A rename, delete or export finished: say so and reread the list."""

        sentence: str
        select: str | None = None  # the session to keep selected (a renamed one's new name)

    CSS_PATH = stylesheet("sessions")
    BINDINGS: ClassVar[list[BindingType]] = bindings("SessionsScreen")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        self.records: list[EvaluationRecord] = []
        self.sessions: list[SessionSummary] = []
        # The session the user is on: kept across a reload (after a rename, an export, a
        # delete of another), so the next key acts on the same one.
        self.selected_name: str | None = None
        # Thread workers cannot be stopped midway, so each ask is numbered and only the
        # newest answer is shown (arrowing through sessions or typing fast starts many).

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sessions-body"):
            with Vertical(id="sessions-side"):
                yield Input(placeholder="Search every session", id="search")
                yield OptionList(id="session-list", markup=False)
            with Vertical(id="sessions-main"):
                yield Label("", id="evaluations-title", markup=False)
                yield EvaluationList(id="evaluation-list")
                yield VerdictView(id="saved-verdict", show_inputs=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load_sessions()
        self.query_one("#search", Input).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_reload(self) -> None:
        self.load_sessions()

    # --- workers: read the store on a thread, post what they found ---------------------------

    @work(exit_on_error=False, thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        try:
            sessions = use_store(list_sessions)
        except STORE_ERRORS as exc:
            self.post_message(Said(f"The sessions cannot be read: {exc}", error=True))
            return
        self.post_message(self.SessionsLoaded(sessions))

    @work(exit_on_error=False, thread=True, exclusive=True, group="evaluations")
    def load_session(self, name: str) -> None:
        try:
            records = use_store(lambda db: session_evaluations(db, name, limit=PAGE))
        except STORE_ERRORS as exc:
            self.post_message(Said(f"Session {name!r} cannot be read: {exc}", error=True))
            return
        title = f"Session {name}: newest {len(records)}"
        if not get_current_worker().is_cancelled:  # a newer ask (exclusive) wins
            self.post_message(self.EvaluationsLoaded(title, records))

    @work(exit_on_error=False, thread=True, exclusive=True, group="evaluations")
    def run_search(self, text: str) -> None:
        started = time.perf_counter()

        def find(db: Database) -> tuple[list[EvaluationRecord], dict[str, str], bool]:
            from judge_tui.store.search_index import backlog_waiting

            hits = search(db, text, limit=PAGE)
            sessions = {hit.uid: hit.session for hit in hits}
            records = evaluations_by_uid(db, [hit.uid for hit in hits])
            return records, sessions, backlog_waiting(db)

        try:
            records, sessions, unindexed = use_store(find)
        except STORE_ERRORS as exc:
            self.post_message(Said(f"The search failed: {exc}", error=True))
            return
        elapsed = (time.perf_counter() - started) * 1000
        title = f"{len(records)} found for {text!r} ({elapsed:.0f} ms)"
        if not records and match_query(text) is not None:
            title += f" · {HOW_WORDS_MATCH}"
        if unindexed:  # a collect's results (or an older home's) are indexed after they are stored
            title += " · some results are still being indexed"
        if not get_current_worker().is_cancelled:  # a newer ask (exclusive) wins
            self.post_message(self.EvaluationsLoaded(title, records, sessions))

    # --- handlers: the only writers of what the screen shows ----------------------------------

    def on_sessions_screen_sessions_loaded(self, message: SessionsScreen.SessionsLoaded) -> None:
        self.sessions = message.sessions
        options = [
            Option(
                Content.assemble(
                    visible_controls(s.name),
                    (f"  {s.evaluations}", "bold"),
                    (time.strftime("  %Y-%m-%d", time.localtime(s.updated_at)), "dim"),
                ),
                id=f"s{n}",
            )
            for n, s in enumerate(message.sessions)
        ]
        session_list = self.query_one("#session-list", OptionList)
        session_list.set_options(options)
        names = [s.name for s in message.sessions]
        if options:
            # The same session as before, wherever it moved; else the newest, opened at once.
            kept = names.index(self.selected_name) if self.selected_name in names else 0
            session_list.highlighted = kept
        if not options:
            self.query_one("#evaluations-title", Label).update(
                "No sessions yet: judge something (F4) and it is kept here."
            )

    def on_sessions_screen_evaluations_loaded(
        self, message: SessionsScreen.EvaluationsLoaded
    ) -> None:
        self.records = message.records
        self.query_one("#evaluations-title", Label).update(Content(visible_controls(message.title)))
        self.query_one(EvaluationList).show_records(message.records, message.sessions)
        if message.records:
            self.query_one(VerdictView).show_record(message.records[0])

    @on(OptionList.OptionHighlighted, "#session-list")
    def session_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.sessions):
            self.selected_name = self.sessions[index].name
            self.load_session(self.sessions[index].name)

    @on(OptionList.OptionHighlighted, "#evaluation-list")
    def evaluation_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.records):
            self.query_one(VerdictView).show_record(self.records[index])

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text:
            self.run_search(text)

    # --- rename, delete, export ---------------------------------------------------------------

    def _chosen_session(self) -> str | None:
        index = self.query_one("#session-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.sessions):
            self.notify("Choose a session in the list first.", markup=False)
            return None
        return self.sessions[index].name

    def action_rename_session(self) -> None:
        name = self._chosen_session()
        if name is None:
            return

        def chosen(new: str | None) -> None:
            if new and new.strip() and new.strip() != name:
                self.change_store(
                    lambda db: rename_session(db, name, new.strip()),
                    f"Renamed session {name!r} to {new.strip()!r}.",
                    select=new.strip(),
                )

        self.app.push_screen(PromptDialog(f"New name for session {name!r}:", name), chosen)

    def action_delete_session(self) -> None:
        name = self._chosen_session()
        if name is None:
            return
        count = next((s.evaluations for s in self.sessions if s.name == name), 0)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change_store(
                    lambda db: delete_session(db, name),
                    f"Deleted session {name!r} and its {count} evaluations.",
                )

        question = f"Delete session {name!r} and its {count} evaluations? This cannot be undone."
        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_triage(self) -> None:
        name = self._chosen_session()
        if name is None:
            return
        from judge_tui.store.verdict_lab import Scope
        from judge_tui.ui.screens.triage import TriageScreen

        def back(_: None) -> None:  # the session's evaluations show their new readings
            self.load_session(name)

        self.app.push_screen(TriageScreen(Scope(session=name)), back)

    def action_reread(self) -> None:
        name = self._chosen_session()
        if name is None:
            return
        self.reread(name)

    @work(exit_on_error=False, thread=True, group="reread")
    def reread(self, name: str) -> None:
        from judge_tui.store.verdict_lab import Scope, reread

        report = use_store(lambda db: reread(db, Scope(session=name)))
        self.post_message(
            self.SessionChanged(
                f"Re-read {report.read} verdicts of {name!r}: {len(report.newly_readable)} newly "
                f"readable, {len(report.changed)} changed, {len(report.newly_unreadable)} newly "
                f"unreadable{report.kept()}. The list: judge-tui sessions reread --dry-run.",
                name,
            )
        )

    def action_export_session(self) -> None:
        name = self._chosen_session()
        if name is None:
            return
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        default = str(home_paths().exports / f"{safe}.jsonl")

        def chosen(target: str | None) -> None:
            if not target or not target.strip():
                return
            path = Path(target.strip()).expanduser()
            fmt = format_for_path(path)
            if fmt is None:
                self.notify(
                    f"{path.name} does not end in .jsonl, .csv or .md; the ending picks the "
                    "format, so add one.",
                    severity="error",
                    markup=False,
                )
                return

            def export(db: Database) -> None:
                export_session_to(db, name, fmt, path)

            self.change_store(export, f"Exported session {name!r} as {fmt} to {path}.")

        question = f"Export session {name!r} to (the ending picks the format: .jsonl .csv .md):"
        self.app.push_screen(PromptDialog(question, default), chosen)

    @work(exit_on_error=False, thread=True, group="change")
    def change_store(
        self, change: Callable[[Database], object], done: str, select: str | None = None
    ) -> None:
        try:
            use_store(change)
        except CHANGE_ERRORS as exc:
            self.post_message(Said(str(exc), error=True))
            return
        self.post_message(self.SessionChanged(done, select))

    def on_sessions_screen_session_changed(self, message: SessionsScreen.SessionChanged) -> None:
        self.notify(message.sentence, markup=False)
        if message.select is not None:
            self.selected_name = message.select
        self.load_sessions()
