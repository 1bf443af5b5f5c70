"""Small modal dialogs: confirm, ask for one line of text, show an error's details.

Every string shown here may come from a user or the service, so it is rendered as data.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.styles import stylesheet


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no; Escape is no. Used before anything is deleted."""

    CSS_PATH = stylesheet("dialogs")

    BINDINGS: ClassVar[list[BindingType]] = bindings("ConfirmDialog")  # ui/registry.py

    def __init__(self, question: str, confirm_label: str = "Delete") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(visible_controls(self.question)), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="error", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()  # the safe choice has focus

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


class PromptDialog(ModalScreen[str | None]):
    """One line of text (a new name, a file path); Escape gives None."""

    CSS_PATH = stylesheet("dialogs")

    BINDINGS: ClassVar[list[BindingType]] = bindings("PromptDialog")  # ui/registry.py

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(visible_controls(self.question)), classes="dialog-text")
            yield Input(visible_controls(self.value), id="prompt-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.dismiss(self.query_one("#prompt-input", Input).value)
        else:
            self.dismiss(None)


class DetailsDialog(ModalScreen[None]):
    """The details behind an error sentence: status, service message, raw body, request id.
    A read-only text area, so the text can be selected and copied, and is never markup."""

    CSS_PATH = stylesheet("dialogs")

    BINDINGS: ClassVar[list[BindingType]] = bindings("DetailsDialog")  # ui/registry.py

    def __init__(self, title: str, details: str) -> None:
        super().__init__()
        self.title_text = title
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Content(visible_controls(self.title_text)), classes="dialog-text")
            yield TextArea(visible_controls(self.details), read_only=True, id="details-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")

    @on(Button.Pressed)
    def pressed(self) -> None:
        self.dismiss(None)
