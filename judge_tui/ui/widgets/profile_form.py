"""Add or edit a profile: name, base URL, dialect, model, token (masked; reveal on demand)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from judge_tui.api.credentials import clean_token
from judge_tui.api.dialects import Dialect
from judge_tui.api.urls import BaseUrlError, normalise_base_url
from judge_tui.store.config import Profile
from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.widgets.check import Check


@dataclass(frozen=True)
class ProfileDraft:
    name: str
    profile: Profile
    token: str | None  # None: keep the stored token as it is
    old_name: str | None = None  # editing under a new name


class ProfileForm(ModalScreen[ProfileDraft | None]):
    CSS_PATH = stylesheet("dialogs")
    BINDINGS: ClassVar[list[BindingType]] = bindings("ProfileForm")  # ui/registry.py

    def __init__(
        self, name: str = "", profile: Profile | None = None, stored_token: str | None = None
    ) -> None:
        super().__init__()
        self.old_name = name or None
        self.profile = profile
        # The stored token sits in the field masked; "Show token" reveals it on demand.
        self.stored_token = stored_token

    def compose(self) -> ComposeResult:
        profile = self.profile
        with VerticalScroll(classes="dialog dialog-wide"):
            title = f"Edit profile {self.old_name}" if self.old_name else "Add a profile"
            yield Label(Content(visible_controls(title)), classes="dialog-text")
            yield Label("Name")
            yield Input(self.old_name or "", placeholder="work", id="profile-name")
            yield Label("Base URL")
            yield Input(
                profile.base_url if profile else "",
                placeholder="https://aiservice.cn-hangzhou.aliyuncs.com/v1",
                id="profile-url",
            )
            yield Label("Dialect")
            yield Select[str](
                [(d.value, d.value) for d in Dialect],
                value=(profile.dialect if profile else Dialect.PAI).value,
                allow_blank=False,
                id="profile-dialect",
            )
            yield Label("Model")
            yield Input(profile.model if profile else "pai-judge", id="profile-model")
            yield Label("Token (kept in credentials.toml, 0600)")
            yield Input(
                self.stored_token or "",
                placeholder="paste it here",
                password=True,
                id="profile-token",
            )
            yield Check("Show token", id="profile-reveal")
            yield Static("", id="profile-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#profile-name" if not self.old_name else "#profile-url").focus()

    @on(Checkbox.Changed, "#profile-reveal")
    def reveal(self, event: Checkbox.Changed) -> None:
        self.query_one("#profile-token", Input).password = not event.value

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def _problem(self, sentence: str) -> None:
        self.query_one("#profile-problem", Static).update(
            Content.assemble(("✗ ", "bold $text-error"), visible_controls(sentence))
        )

    def action_save(self) -> None:
        name = self.query_one("#profile-name", Input).value.strip()
        if not name:
            self._problem("The name is empty; give the profile a name, for example work.")
            return
        try:
            base_url = normalise_base_url(self.query_one("#profile-url", Input).value)
        except BaseUrlError as exc:
            self._problem(str(exc))
            return
        model = self.query_one("#profile-model", Input).value.strip()
        if not model:
            self._problem("The model is empty; give one, for example pai-judge.")
            return
        dialect = Dialect(str(self.query_one("#profile-dialect", Select).value))
        raw_token = clean_token(self.query_one("#profile-token", Input).value)
        params = dict(self.profile.params) if self.profile else {}
        kept_limit = self.profile.max_input_tokens if self.profile else None  # config.toml's
        profile = Profile(
            base_url=base_url, dialect=dialect, model=model, params=params,
            max_input_tokens=kept_limit,
        )  # fmt: skip
        unchanged = raw_token == (self.stored_token or "")
        token = None if unchanged or not raw_token else raw_token
        self.dismiss(ProfileDraft(name, profile, token, self.old_name))
