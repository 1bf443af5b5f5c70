"""The baseline of the key-latency benchmark: a bare Textual app with one text area."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Label, TextArea


class BareTypingApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Question")
        yield TextArea(id="question")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question").focus()
        self.notify("streams started")  # what the harness waits for, as with the loaded app


if __name__ == "__main__":
    BareTypingApp().run()
