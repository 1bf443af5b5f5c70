"""The Judge screen: compose, judge, read the verdict; the session's evaluations beside it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Checkbox, Collapsible, Header, Input, Label, TextArea
from textual.worker import Worker

from judge_tui.judging.modes import InputError, Mode
from judge_tui.textsafe import visible_controls
from judge_tui.ui.messages import DeltaBatcher, Said
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.service import Connection
from judge_tui.ui.textual_compat.deferred import Deferred
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.waiting import WaitingNote
from judge_tui.ui.widgets.compose_form import ChosenTemplate, ComposeForm
from judge_tui.ui.widgets.evaluation_list import EvaluationList
from judge_tui.ui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    # The engine's models, the client and the store's records are imported where they are
    # first used, after the first frame (docs/architecture.md §7: the form is drawn before httpx is
    # loaded).
    from judge_tui.api.client import JudgeClient
    from judge_tui.api.retry import RetryNotice
    from judge_tui.judging.inputs import JudgeInputs, JudgeParams
    from judge_tui.judging.run import JudgeOutcome
    from judge_tui.store.records import EvaluationRecord
    from judge_tui.ui.form_plan import FormGame

SIDE_LIST_SIZE = 200
PLAN_PREVIEW_DELAY_S = 0.3


class JudgeScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class SessionLoaded(Message):
        records: list[EvaluationRecord]

    @dataclass
    class TemplatesLoaded(Message):
        templates: list[ChosenTemplate]

    @dataclass
    class VerdictDelta(Message):
        text: str

    @dataclass
    class JudgmentRetrying(Message):
        notice: RetryNotice

    @dataclass
    class JudgmentFinished(Message):
        outcome: JudgeOutcome
        template_name: str | None = None
        template_version: str | None = None
        custom_id: str | None = None  # the game's, when the item is judged as a plan
        profile: str | None = None  # a `profile:NAME` judge's profile; None: the connection's

    @dataclass
    class GameJudged(Message):
        """Another game of the item's plan (judging/plans.py): stored, and counted."""

        outcome: JudgeOutcome
        template_name: str | None
        template_version: str | None
        custom_id: str
        done: int  # games judged so far, the first included
        games: int
        profile: str | None = None

    @dataclass
    class PlanJudged(Message):
        """Every game of the plan is in: what they say together."""

        sentences: list[str]

    @dataclass
    class EvaluationSaved(Message):
        session: str

    # Focus starts in Question; the default ("*") would focus the mode switch first, and each
    # focus change restyles the form.
    AUTO_FOCUS = "#question"

    BINDINGS: ClassVar[list[BindingType]] = bindings("JudgeScreen")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        self.connection: Connection = self._current_connection()
        self.shown: EvaluationRecord | None = None  # what the verdict pane shows: copy / save
        self._revealed = False
        self._reveal_mounts: list[AwaitMount] | None = None
        self._plan_timer: Timer | None = None
        self.waiting = WaitingNote(
            self, lambda sentence: self.query_one(VerdictView).note(sentence)
        )

    def _current_connection(self) -> Connection:
        connection = self.judge_app.connection
        assert connection is not None  # the app opens this screen only with a connection
        return connection

    def compose(self) -> ComposeResult:
        connection = self._current_connection()
        yield Header()
        with Horizontal(id="judge-body"):
            yield ComposeForm(connection.model, dict(connection.params), id="compose-form")
            with Vertical(id="judge-side"):
                yield VerdictView(id="verdict")
                yield Label("", id="session-title", markup=False)
                # Filled from the store after the first frame, and mounted then too.
                yield Deferred(lambda: EvaluationList(id="session-evaluations", actions=True))
        yield KeyFooter()

    def on_mount(self) -> None:
        self._describe_session()
        self.judge_app.after_first_frame(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Neither the form's hidden groups nor the store's modules are needed to draw the form.
        self._reveal()
        self.load_side()
        self.load_templates()
        self._revealed = True
        self.call_after_refresh(self.refresh_plan)

    def _reveal(self) -> list[AwaitMount]:
        """Mount the parts kept out of the first frame (once); returns the mounts to await."""
        if self._reveal_mounts is None:
            placeholders = list(self.query(Deferred))
            self._reveal_mounts = [m for p in placeholders if (m := p.reveal()) is not None]
        return self._reveal_mounts

    async def whole_form(self) -> None:
        """Wait for the parts a key needs, should it come before the first frame was drawn."""
        for mount in self._reveal():
            await mount

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._revealed:
            # The first showing: every widget was styled as it mounted a moment ago, and
            # restyling the whole screen again held the first frame back (docs/architecture.md §7).
            # _after_first_frame loads what is needed.
            event.refresh_styles = False
            return
        # Templates may have been edited, or the connection switched, while away.
        self.call_after_refresh(self.load_templates)
        connection = self._current_connection()
        if connection is not self.connection:
            self.connection = connection
            self.query_one("#model").value = connection.model  # type: ignore[attr-defined]
            self._describe_session()
            self.load_side()

    def on_screen_suspend(self) -> None:
        self.judge_app.form_snapshot = self.form.snapshot()

    def _describe_session(self) -> None:
        session = self.connection.session
        title = f"Session {session} · r re-run · e edit" if session else "Not saving"
        self.query_one("#session-title", Label).update(Content(visible_controls(title)))

    # --- the plan's pre-flight line -------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(ComposeForm.ModeChosen)
    def _form_changed(self) -> None:
        """Recount the plan a moment after the typing stops, not at every key."""
        if self._plan_timer is not None:
            self._plan_timer.stop()
        self._plan_timer = self.set_timer(PLAN_PREVIEW_DELAY_S, self.refresh_plan)

    def refresh_plan(self) -> None:
        """What F5 would send: requests per model, estimated input tokens and time."""
        from judge_tui.judging.plans import PlanError
        from judge_tui.judging.template import TemplateError
        from judge_tui.problems import UserProblem
        from judge_tui.ui.form_plan import (
            FORM_CONCURRENCY,
            planned_games,
            preflight_of,
            profile_connections,
        )

        form = self.form
        try:
            plan = form.plan()
            profiles = profile_connections(plan)
        except (InputError, PlanError, UserProblem) as exc:
            form.show_plan(str(exc))
            return
        try:
            inputs, params, _ = form.read()
            games = planned_games(inputs, params, plan, profiles)
        except (InputError, TemplateError, PlanError):
            games_per_item = plan.games_per_item(form.mode is Mode.PAIRWISE)
            form.show_plan(
                f"1 item · {games_per_item} request{'s' if games_per_item != 1 else ''}; the "
                "token estimate follows once the form is filled in"
            )
            return
        plan_figures = preflight_of(games, self.connection.max_input_tokens)
        form.show_plan(plan_figures.short(FORM_CONCURRENCY))

    @property
    def form(self) -> ComposeForm:
        return self.query_one(ComposeForm)

    # --- store reads, on threads --------------------------------------------------------------

    @work(exit_on_error=False, thread=True, exclusive=True, group="side")
    def load_side(self) -> None:
        from judge_tui.store.access import STORE_ERRORS, use_store
        from judge_tui.store.sessions import session_evaluations

        session = self.connection.session
        if session is None:
            return
        try:
            records = use_store(lambda db: session_evaluations(db, session, limit=SIDE_LIST_SIZE))
        except STORE_ERRORS as exc:
            if "no session named" not in str(exc):  # a session is made by its first judgment
                self.post_message(Said(f"Session {session!r} cannot be read: {exc}", error=True))
            records = []
        self.post_message(self.SessionLoaded(records))

    @work(exit_on_error=False, thread=True, exclusive=True, group="templates")
    def load_templates(self) -> None:
        from judge_tui.judging.builtin_templates import BUILTIN_TEMPLATES
        from judge_tui.store.access import STORE_ERRORS, use_store
        from judge_tui.store.templates import list_templates, template_version

        templates = [
            ChosenTemplate(
                t.name,
                t.system,
                t.user_template,
                template_version(t.system, t.user_template),
                t.verdict_format,
            )
            for t in BUILTIN_TEMPLATES
        ]
        try:
            stored = use_store(list_templates)
        except STORE_ERRORS as exc:
            self.post_message(Said(f"Your templates cannot be read: {exc}", error=True))
            stored = []
        templates += [
            ChosenTemplate(t.name, t.system, t.user_template, t.version, t.verdict_format)
            for t in stored
        ]
        self.post_message(self.TemplatesLoaded(templates))

    def on_judge_screen_session_loaded(self, message: JudgeScreen.SessionLoaded) -> None:
        self.query_one(EvaluationList).show_records(message.records)

    def on_judge_screen_templates_loaded(self, message: JudgeScreen.TemplatesLoaded) -> None:
        self.form.set_templates(message.templates)

    # --- mode -------------------------------------------------------------------------------

    async def action_single_mode(self) -> None:
        await self.whole_form()
        self.form.mode = Mode.SINGLE

    async def action_pairwise_mode(self) -> None:
        await self.whole_form()
        self.form.mode = Mode.PAIRWISE

    async def action_custom_mode(self) -> None:
        await self.whole_form()
        self.form.mode = Mode.CUSTOM

    async def action_toggle_advanced(self) -> None:
        await self.whole_form()
        advanced = self.query_one("#advanced", Collapsible)
        advanced.collapsed = not advanced.collapsed
        if not advanced.collapsed:
            self.query_one("#scene").focus()

    # --- judging ----------------------------------------------------------------------------

    async def action_judge(self) -> None:
        from judge_tui.judging.plans import PlanError
        from judge_tui.judging.preflight import input_estimate, over_limit_sentence
        from judge_tui.judging.template import TemplateError
        from judge_tui.problems import UserProblem
        from judge_tui.ui.form_plan import planned_games, profile_connections

        # F5 before the first frame: the parameters and the side list it updates come first.
        await self.whole_form()
        try:
            inputs, params, template = self.form.read()
            plan = self.form.plan()
            games = planned_games(inputs, params, plan, profile_connections(plan))
        except (InputError, TemplateError, PlanError, UserProblem) as exc:
            self.judge_app.report_error(str(exc))
            return
        # Over a model's documented input limit: said now, not after the service's 400.
        for game in games:
            model = game.params.model
            own = game.connection.max_input_tokens if game.connection else None
            estimate, limit = input_estimate(
                model, game.request.wire(), own or self.connection.max_input_tokens
            )
            if limit is not None:
                self.judge_app.report_error(over_limit_sentence(model, estimate, limit))
                return
        self._start(inputs, params, template.name if template else None, template, games)

    def _start(
        self,
        inputs: JudgeInputs,
        params: JudgeParams,
        template_name: str | None,
        template: ChosenTemplate | None,
        games: list[FormGame] | None = None,
    ) -> None:
        from judge_tui.judging.requests import build_chat_request
        from judge_tui.store.templates import template_version
        from judge_tui.ui.form_plan import FormGame

        version = template.version if template else None
        if template is None and inputs.mode is Mode.CUSTOM:
            version = template_version(inputs.system, inputs.user_template)
        self.query_one(VerdictView).start()
        games = games or [FormGame(None, inputs, params, build_chat_request(inputs, params))]
        client = self.judge_app.client()
        self.waiting.start(
            "the verdict", client.host, client.timeouts.judge_total, "Escape cancels"
        )
        self.run_judgment(games, template_name, version)

    @work(exit_on_error=False, exclusive=True, group="judge")
    async def run_judgment(
        self,
        games: list[FormGame],
        template_name: str | None,
        template_version: str | None,
    ) -> None:
        """Every game of the plan at once, a few at a time, the first one streamed into the
        pane; then what they all say together."""
        client = self.judge_app.client()
        # Called on the network thread: post_message is the thread-safe way back.
        client.on_retry = lambda notice: self.post_message(self.JudgmentRetrying(notice))
        deltas = DeltaBatcher(lambda text: self.post_message(self.VerdictDelta(text)))
        own: dict[str, JudgeClient] = {}  # a `profile:NAME` judge's client, for its service

        def client_of(game: FormGame) -> JudgeClient:
            if game.connection is None or game.judge is None:
                return client
            if game.judge not in own:
                from judge_tui.api.client import JudgeClient

                there = game.connection
                own[game.judge] = JudgeClient(there.base_url, there.token, dialect=there.dialect)
                own[game.judge].on_retry = client.on_retry  # its retries are said the same way
            return own[game.judge]

        async def close_own() -> None:
            for each in own.values():
                await each.aclose()

        try:
            await self._judge_games(games, template_name, template_version, client_of, deltas)
        finally:
            if own:
                await self.judge_app.network.run(close_own())

    async def _judge_games(
        self,
        games: list[FormGame],
        template_name: str | None,
        template_version: str | None,
        client_of: Callable[[FormGame], JudgeClient],
        deltas: DeltaBatcher,
    ) -> None:
        from judge_tui.judging.plan_readings import GameReading, describe_plan
        from judge_tui.judging.plans import game_of
        from judge_tui.judging.run import judge
        from judge_tui.ui.form_plan import FORM_CONCURRENCY

        first = games[0]
        done = 0

        async def one(game: FormGame, at_once: asyncio.Semaphore) -> JudgeOutcome:
            """A game; the first one streams into the pane, the others are counted."""
            nonlocal done
            streamed = game is first
            async with at_once:
                outcome = await judge(client_of(game), game.inputs, game.params,
                                      request=game.request,
                                      on_delta=deltas if streamed else None)  # fmt: skip
            done += 1
            if streamed:
                deltas.flush()
                finished = self.JudgmentFinished(
                    outcome, template_name, template_version, game.custom_id, _profile(game)
                )
                self.post_message(finished)
            else:
                assert game.custom_id is not None
                self.post_message(self.GameJudged(outcome, template_name, template_version,
                                                  game.custom_id, done, len(games),
                                                  _profile(game)))  # fmt: skip
            return outcome

        async def every_game() -> list[JudgeOutcome]:
            at_once = asyncio.Semaphore(FORM_CONCURRENCY)  # made on the network loop
            return list(await asyncio.gather(*(one(game, at_once) for game in games)))

        # All at once, a few at a time: both orders take one judgment's time, not two.
        outcomes = await self.judge_app.network.run(every_game())
        if len(games) > 1:
            readings = [
                GameReading.of(game_of(game.custom_id or ""), outcome, game.judge)
                for game, outcome in zip(games, outcomes, strict=True)
            ]
            self.post_message(self.PlanJudged(describe_plan(readings)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # AppScreen's handler (Textual runs each class's own) hands an error to the app.
        if event.worker.group == "judge" and event.worker.is_finished:
            self.waiting.arrived()  # however it ended, nothing is waited for any more

    def action_cancel(self) -> None:
        self.waiting.arrived()
        if self.workers.cancel_group(self, "judge"):
            self.query_one(VerdictView).cancelled()

    def on_judge_screen_verdict_delta(self, message: JudgeScreen.VerdictDelta) -> None:
        self.waiting.arrived()
        self.query_one(VerdictView).append(message.text)

    def on_judge_screen_judgment_retrying(self, message: JudgeScreen.JudgmentRetrying) -> None:
        self.query_one(VerdictView).note(message.notice.sentence())

    def on_judge_screen_judgment_finished(self, message: JudgeScreen.JudgmentFinished) -> None:
        from judge_tui.store.sessions import record_from_outcome

        outcome = message.outcome
        self.waiting.arrived()
        self.query_one(VerdictView).show(outcome)
        if outcome.error is not None:
            self.judge_app.report_error(outcome.error.user_message(), outcome.error.details())
        profile = message.profile or self.connection.profile
        record = record_from_outcome(outcome, profile).model_copy(
            update={
                "template_name": message.template_name,
                "template_version": message.template_version,
                "custom_id": message.custom_id,
            }
        )
        self.shown = record
        if message.custom_id is not None:
            self.query_one(VerdictView).show_plan("Judging the plan's other games…")
        if self.connection.session is not None:
            self.save_record(record, self.connection.session)

    def on_judge_screen_game_judged(self, message: JudgeScreen.GameJudged) -> None:
        from judge_tui.store.sessions import record_from_outcome

        self.query_one(VerdictView).show_plan(
            f"Judging the plan's other games: {message.done} of {message.games} done…"
        )
        profile = message.profile or self.connection.profile
        record = record_from_outcome(message.outcome, profile).model_copy(
            update={
                "template_name": message.template_name,
                "template_version": message.template_version,
                "custom_id": message.custom_id,
            }
        )
        if self.connection.session is not None:
            self.save_record(record, self.connection.session)

    def on_judge_screen_plan_judged(self, message: JudgeScreen.PlanJudged) -> None:
        self.query_one(VerdictView).show_plan("\n".join(message.sentences) or None)

    @work(exit_on_error=False, thread=True, group="save")
    def save_record(self, record: EvaluationRecord, session: str) -> None:
        from judge_tui.store.access import STORE_ERRORS, use_store
        from judge_tui.store.sessions import save_evaluation

        try:
            use_store(lambda db: save_evaluation(db, session, record))
        except STORE_ERRORS as exc:
            self.post_message(
                Said(f"The verdict was not saved in session {session!r}: {exc}", error=True)
            )
            return
        self.post_message(self.EvaluationSaved(session))

    def on_judge_screen_evaluation_saved(self, message: JudgeScreen.EvaluationSaved) -> None:
        self.load_side()

    # --- the session list beside the form -----------------------------------------------------

    @on(EvaluationList.OptionHighlighted, "#session-evaluations")
    def evaluation_highlighted(self) -> None:
        record = self.query_one(EvaluationList).highlighted_record()
        if record is not None:
            self.shown = record
            self.query_one(VerdictView).show_record(record)

    def action_rerun_chosen(self) -> None:
        """The palette's "Re-run evaluation": what `r` does in the list beside the form."""
        if (chosen := self._chosen_in_list()) is not None:
            chosen.action_rerun()

    def action_edit_chosen(self) -> None:
        if (chosen := self._chosen_in_list()) is not None:
            chosen.action_edit()

    def _chosen_in_list(self) -> EvaluationList | None:
        found = self.query(EvaluationList)
        if not found or found.first().highlighted_record() is None:
            self.notify("Choose an evaluation in the list beside the form first.")
            return None
        return found.first()

    @on(EvaluationList.Rerun)
    def rerun(self, message: EvaluationList.Rerun) -> None:
        """Judge exactly what was judged then (its template text included), with the model
        and parameters it had; the form shows it too."""
        from judge_tui.judging.inputs import JudgeInputs, JudgeParams

        record = message.record
        inputs = JudgeInputs.model_validate(record.inputs)
        params = JudgeParams.model_validate(record.params)
        self.form.load(inputs, params, record.template_name)
        self._start(inputs, params, record.template_name, None)

    @on(EvaluationList.Edit)
    def edit(self, message: EvaluationList.Edit) -> None:
        from judge_tui.judging.inputs import JudgeInputs, JudgeParams

        record = message.record
        self.form.load(
            JudgeInputs.model_validate(record.inputs),
            JudgeParams.model_validate(record.params),
            record.template_name,
        )
        self.query_one("#question").focus()
        self.notify("Loaded into the form: edit, then F5 judges it.", markup=False)

    # --- copy and save ------------------------------------------------------------------------

    def action_answer_diff(self) -> None:
        if not self.query_one(VerdictView).toggle_diff():
            self.notify("Show a pairwise verdict first: the diff is of its two answers.",
                        markup=False)  # fmt: skip

    def action_copy_verdict(self) -> None:
        text = self.query_one(VerdictView).text
        if not text:
            self.notify("There is no verdict to copy yet.", markup=False)
            return
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied the verdict ({len(text)} characters) with OSC 52; a terminal without it "
            "keeps the clipboard unchanged, so use Save verdict (ctrl+s) there.",
            markup=False,
        )

    def action_save_verdict(self) -> None:
        from judge_tui.store.atomic import write_atomic
        from judge_tui.store.exchange import evaluation_markdown
        from judge_tui.store.paths import home_paths

        if self.shown is None:
            self.notify("There is no verdict to save yet.", markup=False)
            return
        paths = home_paths().ensure()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.shown.created_at))
        path = paths.exports / f"verdict-{stamp}-{self.shown.uid[:8]}.md"
        try:
            write_atomic(path, evaluation_markdown(self.shown).encode("utf-8"), mode=0o600)
        except OSError as exc:
            self.judge_app.report_error(f"The verdict was not saved to {path}: {exc}")
            return
        self.notify(f"Saved the verdict to {path}.", markup=False)


def _profile(game: FormGame) -> str | None:
    return game.connection.profile if game.connection is not None else None
