"""The Settings screen: profiles (token masked), theme, and key bindings.

Profiles change through store.profiles on threads, like the shell's `profile` commands, so a
token never reaches config.toml; the table shows tokens masked, and the form reveals the one
being typed only when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select

from judge_tui.api.credentials import Token
from judge_tui.api.urls import display_url
from judge_tui.store.access import CHANGE_ERRORS, STORE_ERRORS
from judge_tui.store.config import AppConfig, load_config
from judge_tui.store.credentials import load_tokens, resolve_token
from judge_tui.store.paths import home_paths
from judge_tui.store.profiles import put_profile, remove_profile, set_default_profile
from judge_tui.textsafe import visible_controls
from judge_tui.ui.messages import Said
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.service import Connection
from judge_tui.ui.settings_store import save_keymap
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.widgets.dialogs import ConfirmDialog, PromptDialog
from judge_tui.ui.widgets.profile_form import ProfileDraft, ProfileForm

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class ProfileRow:
    name: str
    base_url: str
    dialect: str
    model: str
    token: str  # masked, with where it comes from
    default: bool


class SettingsScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class ProfilesLoaded(Message):
        rows: list[ProfileRow]
        config: AppConfig | None

    CSS_PATH = stylesheet("settings")
    BINDINGS: ClassVar[list[BindingType]] = bindings("SettingsScreen")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ProfileRow] = []
        self.config: AppConfig | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-body"):
            yield Label("Profiles", classes="settings-heading")
            yield DataTable(id="profiles", cursor_type="row", zebra_stripes=True)
            yield Label("Theme", classes="settings-heading")
            yield Select[str](
                [
                    (Content(visible_controls(name)), name)
                    for name in sorted(self.app.available_themes)
                ],
                value=self.app.theme,
                allow_blank=False,
                id="theme",
            )
            yield Label(
                Content("Keys (Enter on a row changes its key; saved in config.toml [keymap])"),
                classes="settings-heading",
            )
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        profiles = self.query_one("#profiles", DataTable)
        for label, width in (("", 1), ("name", 12), ("base URL", 30), ("dialect", 9),
                             ("model", 12), ("token", 22)):  # fmt: skip
            profiles.add_column(label, width=width)
        keys = self.query_one("#keys", DataTable)
        for label, width in (("action", 26), ("id", 20), ("keys", 16)):
            keys.add_column(label, width=width)
        self.load_profiles()
        self.fill_keys()
        profiles.focus()

    # --- profiles -----------------------------------------------------------------------------

    @work(exit_on_error=False, thread=True, exclusive=True, group="profiles")
    def load_profiles(self) -> None:
        paths = home_paths()
        try:
            config = load_config(paths)
            stored = load_tokens(paths)
        except STORE_ERRORS as exc:
            self.post_message(Said(f"The profiles cannot be read: {exc}", error=True))
            self.post_message(self.ProfilesLoaded([], None))
            return
        rows = []
        for name, profile in sorted(config.profiles.items()):
            token = resolve_token(paths, name)
            if token is None:
                where = "none"
            elif name in stored and token.value == stored[name]:
                where = f"{token.masked()} (stored)"
            else:
                where = f"{token.masked()} (${token.source})"
            rows.append(
                ProfileRow(
                    name, profile.base_url, profile.dialect.value, profile.model, where,
                    name == config.default_profile,
                )
            )  # fmt: skip
        self.post_message(self.ProfilesLoaded(rows, config))

    def on_settings_screen_profiles_loaded(self, message: SettingsScreen.ProfilesLoaded) -> None:
        table = self.query_one("#profiles", DataTable)
        # The profile the cursor was on stays chosen after an action (set default, edit…).
        cursor = table.cursor_row
        was = self.rows[cursor].name if 0 <= cursor < len(self.rows) else None
        self.rows = message.rows
        self.config = message.config
        table.clear()
        for row in message.rows:
            table.add_row(
                "*" if row.default else " ",
                Content(visible_controls(row.name)),
                Content(visible_controls(display_url(row.base_url))),
                row.dialect,
                Content(visible_controls(row.model)),
                Content(visible_controls(row.token)),
                key=row.name,
            )
        names = [row.name for row in message.rows]
        if was in names:
            table.move_cursor(row=names.index(was), animate=False)
        if not message.rows:
            self.notify("No profiles yet: ctrl+n adds one.", markup=False)

    def _chosen(self) -> ProfileRow | None:
        table = self.query_one("#profiles", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            self.notify("Choose a profile in the table first (ctrl+n adds one).", markup=False)
            return None
        return self.rows[table.cursor_row]

    @work(exit_on_error=False, thread=True, group="profile-change")
    def change(self, action: Callable[[], object], done: str) -> None:
        try:
            action()
        except CHANGE_ERRORS as exc:
            self.post_message(Said(str(exc), error=True))
            return
        self.post_message(Said(done))
        self.load_profiles()

    def action_add_profile(self) -> None:
        self.app.push_screen(ProfileForm(), self._save_draft)

    def action_edit_profile(self) -> None:
        row = self._chosen()
        if row is None or self.config is None:
            return
        profile = self.config.profiles[row.name]
        try:
            stored = load_tokens(home_paths()).get(row.name)
        except STORE_ERRORS as exc:
            self.judge_app.report_error(str(exc))
            stored = None
        self.app.push_screen(ProfileForm(row.name, profile, stored), self._save_draft)

    @on(DataTable.RowSelected, "#profiles")
    def profile_selected(self) -> None:
        self.action_edit_profile()

    def _save_draft(self, draft: ProfileDraft | None) -> None:
        if draft is None:
            return

        in_use = {draft.old_name, draft.name}

        def save() -> None:
            paths = home_paths()
            token = draft.token
            if draft.old_name and draft.old_name != draft.name:
                # A rename keeps the stored token under the new name.
                if token is None:
                    token = load_tokens(paths).get(draft.old_name)
                remove_profile(paths, draft.old_name)
            put_profile(paths, draft.name, draft.profile, token)
            current = self.judge_app.connection
            if current is not None and not current.demo and current.profile in in_use:
                # The profile the app judges on was edited: from now on it judges on the
                # edited one (read back as saved, its token included).
                config = load_config(paths)
                edited = Connection.for_profile(
                    draft.name, config.profiles[draft.name], resolve_token(paths, draft.name),
                    current.session,
                )  # fmt: skip
                self.app.call_from_thread(self._judge_on, edited)

        self.change(save, f"Saved profile {draft.name!r}; the token stays out of config.toml.")

    def action_default_profile(self) -> None:
        row = self._chosen()
        if row is not None:
            self.change(
                lambda: set_default_profile(home_paths(), row.name),
                f"{row.name} is now the default profile.",
            )

    def action_remove_profile(self) -> None:
        row = self._chosen()
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(
                    lambda: remove_profile(home_paths(), row.name),
                    f"Removed profile {row.name!r} and its stored token.",
                )

        self.app.push_screen(
            ConfirmDialog(f"Remove profile {row.name!r} and its stored token?", "Remove"),
            confirmed,
        )

    def _connection_for(self, row: ProfileRow) -> Connection:
        assert self.config is not None
        token = resolve_token(home_paths(), row.name)
        current = self.judge_app.connection
        session = current.session if current is not None and not current.demo else "scratch"
        return Connection.for_profile(row.name, self.config.profiles[row.name], token, session)

    def action_test_profile(self) -> None:
        row = self._chosen()
        if row is not None:
            connection = self._connection_for(row)
            self.notify(f"Testing {row.name}…", markup=False)
            self.test_connection(connection.base_url, connection.token)

    @work(exit_on_error=False, group="probe")
    async def test_connection(self, base_url: str, token: Token | None) -> None:
        from judge_tui.api.probe import ProbeFailed, probe_service

        try:
            sentence = await probe_service(base_url, token)
        except ProbeFailed as exc:
            self.post_message(Said(str(exc), error=True))
            return
        self.post_message(Said(sentence))

    def _judge_on(self, connection: Connection) -> None:
        """The edited profile in use: the app's connection, without leaving this screen."""
        self.judge_app.connection = connection
        self.judge_app.refresh_connection()
        self.notify(f"Judging on the edited profile {connection.profile} now.")

    def action_use_profile(self) -> None:
        row = self._chosen()
        if row is not None:
            connection = self._connection_for(row)
            self.judge_app.use_connection(connection)
            self.notify(f"Judging on profile {row.name} now.", markup=False)

    # --- theme --------------------------------------------------------------------------------

    @on(Select.Changed, "#theme")
    def theme_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value  # the app saves the choice

    # --- keys ---------------------------------------------------------------------------------

    def fill_keys(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.clear()
        for binding_id, description, keys in self.judge_app.all_bindings():
            table.add_row(Content(description), binding_id, keys, key=binding_id)

    @on(DataTable.RowSelected, "#keys")
    def key_selected(self, event: DataTable.RowSelected) -> None:
        binding_id = str(event.row_key.value)
        current = dict(self.judge_app.settings.keymap)

        def chosen(keys: str | None) -> None:
            if keys is None:
                return
            keys = ",".join(k.strip() for k in keys.split(",") if k.strip())
            if keys:
                current[binding_id] = keys
            else:
                current.pop(binding_id, None)  # empty: back to the default
            from judge_tui.ui.keys import key_conflicts

            if conflicts := key_conflicts(current, binding_id):
                self.judge_app.report_error(
                    f"Not changed: {conflicts[0]}. Choose another key, or rebind that one first."
                )
                return
            problem = save_keymap(current)
            if problem:
                self.judge_app.report_error(problem)
                return
            self.judge_app.settings.keymap = current
            self.app.set_keymap(current)
            self.fill_keys()
            self.notify(f"{binding_id}: {keys or 'default key'}.", markup=False)

        self.app.push_screen(
            PromptDialog(
                f"Keys for {binding_id} (like f5 or ctrl+r; several with commas; empty: default):"
            ),
            chosen,
        )
