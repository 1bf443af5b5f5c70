"""The baseline of the start-up benchmark: a bare Textual app with a header and a footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Label


class BareApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "bell", "Judge")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Question")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
