"""The base of every judge-tui screen: the app it runs in, typed (its connection, its settings,
its tracker), instead of a cast in each screen; and the way a screen's worker failure reaches
the app's one worker-error path (Textual's Worker.StateChanged does not bubble: it goes to the
node that runs the worker, so the app would never hear of a screen's worker failing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from judge_tui.ui.app import JudgeTuiApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def judge_app(self) -> JudgeTuiApp:
        return cast("JudgeTuiApp", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.judge_app.worker_state_changed(event)


class AppModal(AppScreen[ResultT], ModalScreen[ResultT]):
    """A dialog: a ModalScreen with what every judge-tui screen has."""
