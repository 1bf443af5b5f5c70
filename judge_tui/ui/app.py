"""The Textual app: it owns the connection, the theme and the keymap, and shows the screens.

Screens do the work; this file only wires them together (see ui/commands.py for the palette
and ui/settings_store.py for what is saved in config.toml).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from judge_tui.textsafe import visible_controls
from judge_tui.ui.batch_tracker import BatchTracker, JobsUpdated
from judge_tui.ui.commands import palette_commands
from judge_tui.ui.messages import Said
from judge_tui.ui.network import NetworkLoop
from judge_tui.ui.registry import bindings, lazy_modes
from judge_tui.ui.service import Connection, Launch
from judge_tui.ui.settings_store import load_app_settings, save_theme_choice
from judge_tui.ui.textual_compat.first_frame import (
    open_in_mode,
    paint_whole_frame,
    resume_collection,
)
from judge_tui.ui.textual_compat.stylesheet import ReusingStylesheet
from judge_tui.ui.themes import install_themes

if TYPE_CHECKING:
    from judge_tui.api.client import JudgeClient
    from judge_tui.api.credentials import Token
    from judge_tui.judging.inputs import JudgeInputs
    from judge_tui.store.batch_jobs import JobRecord


WARM_UP_DELAY_S = 0.5


class JudgeTuiApp(App[None]):
    CSS_PATH = Path(__file__).with_name("judge_tui.tcss")  # also for subclasses elsewhere
    TITLE = "judge-tui"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")  # ui/registry.py

    def __init__(self, launch: Launch | Connection, *, start_in: str | None = None) -> None:
        if isinstance(launch, Connection):  # the short form tests use
            launch = Launch(launch, start_in=start_in or "judge")
        if launch.connection is not None or launch.start_in == "sessions":
            # Straight into that mode's screen: switching after start costs some 60 ms before
            # the first frame (ui/textual_compat/first_frame.py).
            open_in_mode(self, launch.start_in)
        super().__init__()
        # Nothing is parsed yet: every CSS source is added once the app runs.
        self.stylesheet = ReusingStylesheet(variables=self.get_css_variables())
        self.launch = launch
        self.connection = launch.connection
        self._modes_added: set[str] = set()
        for mode, make in lazy_modes().items():
            self.add_mode(mode, make)
        if self.connection is not None:
            self._add_judge_mode()
        self._first_frame_shown = False
        self._after_first_frame: list[Callable[[], object]] = []
        self._client: JudgeClient | None = None
        self._client_for: Connection | None = None
        self.network = NetworkLoop()  # where the client runs: off the UI loop
        self.last_error: tuple[str, str] | None = None  # (sentence, details) for ctrl+l
        # What the Judge form held when it was last left: the Templates preview renders it.
        self.form_snapshot: JudgeInputs | None = None
        self.settings = load_app_settings()
        self.set_keymap(self.settings.keymap)
        # Before the first frame: choosing the theme later would restyle every widget again.
        self._theme_notes = self._load_themes()
        if self.settings.keymap:
            self._check_keymap()
        self._describe_connection()
        self.batch_tracker = BatchTracker(self)

    # --- the connection -------------------------------------------------------------------------

    def _describe_connection(self) -> None:
        connection = self.connection
        if connection is None:
            self.sub_title = "no profile yet"
            return
        if connection.demo:
            where = "demo · emulator, simulated verdicts"
        else:
            from judge_tui.api.urls import host_of  # never the URL's password

            where = connection.profile or host_of(connection.base_url)
        kept = f"session {connection.session}" if connection.session else "not saving"
        self.sub_title = f"{where} · {kept}"

    def client(self) -> JudgeClient:
        """The client for the current connection, built on first use: httpx stays off the
        start path (docs/architecture.md §7), so the first frame does not wait for it. Use it
        only in coroutines run by `self.network`."""
        from judge_tui.api.client import JudgeClient

        connection = self.connection
        if connection is None:  # `--browse` with no profile: the store, but no service
            from judge_tui.problems import UserProblem

            raise UserProblem(
                "There is no judge service to ask: start judge-tui with --profile NAME, "
                "--base-url URL or --demo, then ask again."
            )
        if self._client is None or self._client_for is not connection:
            if self._client is not None:
                self._close_client(self._client)
            self._client = JudgeClient(
                connection.base_url, connection.token, dialect=connection.dialect
            )
            self._client_for = connection
        return self._client

    def token_for(self, job: JobRecord) -> Token | None:
        """The app's token for a batch job sent to the service it is connected to now."""
        connection = self.connection
        if connection is not None and connection.base_url == job.base_url:
            return connection.token
        return None

    def can_reach(self, job: JobRecord) -> bool:
        """A job sent to the emulator of an earlier demo cannot be reached again: that emulator
        ended with its run. Every other job is tracked."""
        if job.profile != "demo":
            return True
        return self.connection is not None and self.connection.base_url == job.base_url

    def _close_client(self, client: JudgeClient) -> None:
        self.network.submit(client.aclose())

    def refresh_connection(self) -> None:
        """After `connection` changed: the header says so, and the next judgment uses it."""
        self._describe_connection()

    def use_connection(self, connection: Connection) -> None:
        """Switch service (a profile chosen in Settings or on the first-run screen)."""
        self.connection = connection
        self.refresh_connection()
        if "judge" not in self._modes_added:
            self._add_judge_mode()
        # A Judge screen already made reads the new connection when it is shown again.
        self.switch_mode("judge")

    # --- start ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        for sentence in self._theme_notes:
            self.notify(sentence, severity="warning", markup=False)
        self.watch(self, "theme", self._theme_changed, init=False)
        if self.connection is None and self.launch.start_in != "sessions":
            from judge_tui.ui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        for note in [*self.launch.notes, *self.settings.notes]:
            self.notify(note, severity="warning", markup=False, timeout=10)
        # Not at once: threads importing modules hold the GIL the first frame needs.
        self.set_timer(WARM_UP_DELAY_S, self.warm_up)

    def on_ready(self) -> None:
        # The first full frame Textual renders is dropped: paint it whole now, not a timer
        # tick later (ui/textual_compat/first_frame.py).
        paint_whole_frame(self.screen)
        self.call_after_refresh(self._run_after_first_frame)

    def _run_after_first_frame(self) -> None:
        self._first_frame_shown = True
        resume_collection()  # judge-tui's start paused it until now (commands/tui_cmd.py)
        callbacks, self._after_first_frame = self._after_first_frame, []
        for callback in callbacks:
            callback()

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame is on screen (at once if it already is): for
        the parts of a screen and the reads that are kept out of it to draw it sooner."""
        if self._first_frame_shown:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    @work(exit_on_error=False, thread=True, group="warm-up")
    def warm_up(self) -> None:
        """After the first frame: start what the launcher deferred (the demo's emulator) and
        load the HTTP client, so the first judgment does not pay for either; then carry on
        with any batch job an earlier run left under way."""
        if self.launch.warm_up is not None:
            self.launch.warm_up()
        import judge_tui.api.client  # noqa: F401

        self.call_from_thread(self.batch_tracker.look)

    def on_jobs_updated(self, message: JobsUpdated) -> None:
        self.batch_tracker.updated(message)
        if self.current_mode == "batches":
            from judge_tui.ui.screens.batches import BatchesScreen  # shown, so imported

            screen = self.screen
            if isinstance(screen, BatchesScreen):
                screen.show_jobs(message.jobs)

    def _add_judge_mode(self) -> None:
        # Imported here: --browse and the first-run screen start without it.
        from judge_tui.ui.screens.judge import JudgeScreen

        self.add_mode("judge", JudgeScreen)
        self._modes_added.add("judge")

    def _load_themes(self) -> list[str]:
        wanted = self.launch.theme or self.settings.theme
        chosen, notes = install_themes(self, self.settings.paths.themes, wanted)
        self.theme = chosen
        if self.launch.theme == chosen:  # --theme is a choice too: saved like the others
            problem = save_theme_choice(chosen)
            if problem:
                notes.append(problem)
        return notes

    def _theme_changed(self, name: str) -> None:
        problem = save_theme_choice(name)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    def switch_mode(self, mode: str) -> AwaitMount:
        if mode == "judge" and self.connection is None:
            self.notify(
                "There is no profile yet: add one in Settings (F12), or start judge-tui --demo.",
                severity="warning",
                markup=False,
            )
            mode = "settings"
        return super().switch_mode(mode)

    def _check_keymap(self) -> None:
        from judge_tui.ui.keys import key_conflicts, unknown_binding_ids

        for conflict in key_conflicts(self.settings.keymap)[:3]:
            self.settings.notes.append(
                f"config.toml [keymap]: {conflict}; the first one wins until you change one."
            )
        unknown = unknown_binding_ids(self.settings.keymap)
        if unknown:
            self.settings.notes.append(
                f"config.toml [keymap] names no binding {', '.join(unknown)}; those lines are "
                "ignored (Settings lists every binding id)."
            )

    def all_bindings(self) -> list[tuple[str, str, str]]:
        """(binding id, description, keys) for every binding, after the user's keymap."""
        from judge_tui.ui.keys import binding_rows

        return binding_rows(self.settings.keymap)

    # --- palette, help, errors ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from palette_commands(self, screen)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        from judge_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification passes here: its text is data (never markup, and without control
        characters), whichever screen or worker sent it."""
        super().notify(
            visible_controls(message),
            title=visible_controls(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_next", "focus_previous"):
            # A widget that takes Tab itself (a text area that indents) keeps it.
            from textual.widgets import TextArea

            focused = self.focused
            return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")
        return True

    def report_error(self, sentence: str, details: str | None = None) -> None:
        """One clear sentence in a notification; the details a key away (ctrl+l)."""
        if details:
            self.last_error = (sentence, details)
            key = self.settings.keymap.get("error_details", "ctrl+l").split(",")[0]
            sentence = f"{sentence} ({key}: details)"
        self.notify(sentence, severity="error", markup=False, timeout=8)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_state_changed(event)

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's failure is told, the app's workers and every screen's
        (ui/screens/base.py hands them here): every worker runs with exit_on_error=False, so an
        error it did not expect is one sentence, with its details a key away, and the app goes
        on."""
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        from judge_tui.problems import UserProblem, sentence_for

        error = event.worker.error
        if isinstance(error, UserProblem):  # its sentence is all there is to say
            self.report_error(str(error))
            return
        details = getattr(error, "details", None)
        self.report_error(
            sentence_for(error) or type(error).__name__,
            details() if callable(details) else f"{type(error).__name__}: {error}",
        )

    def on_said(self, message: Said) -> None:
        if message.error:
            self.report_error(message.sentence)
        else:
            self.notify(message.sentence, markup=False)

    def action_error_details(self) -> None:
        from judge_tui.ui.widgets.dialogs import DetailsDialog

        if self.last_error is None:
            self.notify("No error so far.", markup=False)
            return
        self.push_screen(DetailsDialog(*self.last_error))

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self.network.run(self._client.aclose())
        self.network.stop()
