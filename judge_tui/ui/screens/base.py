"""The base of every judge-tui screen: the app it runs in, typed (its connection, its settings,
its tracker), instead of a cast in each screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from judge_tui.ui.app import JudgeTuiApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def judge_app(self) -> JudgeTuiApp:
        return cast("JudgeTuiApp", self.app)


class AppModal(ModalScreen[ResultT]):
    @property
    def judge_app(self) -> JudgeTuiApp:
        return cast("JudgeTuiApp", self.app)
