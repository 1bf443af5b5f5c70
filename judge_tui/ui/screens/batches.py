"""The Batches screen: the batch jobs kept in the store."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class BatchesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="batches-body", markup=False)
        yield Footer()
