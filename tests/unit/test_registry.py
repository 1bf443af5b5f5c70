"""The one registry of screens and actions (ui/registry.py): every key has a help line and a
palette entry (or says why not), and no class binds a key the registry does not know."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.screen import Screen

import judge_tui.ui
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.commands import palette_commands
from judge_tui.ui.registry import ACTIONS, HELP_GROUPS, OWNER_MODE, SCREENS
from judge_tui.ui.service import Connection


def _ui_classes() -> list[type]:
    found: list[type] = []
    for module in pkgutil.walk_packages(judge_tui.ui.__path__, "judge_tui.ui."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and "BINDINGS" in cls.__dict__:
                found.append(cls)
    return found


def test_every_key_has_a_help_line_and_a_palette_entry_or_a_reason() -> None:
    for action in ACTIONS:
        assert action.description, action.id
        assert action.palette is not None or action.not_in_palette, action.id
        assert action.key or action.palette, f"{action.id}: neither a key nor a palette entry"


def test_no_class_binds_a_key_the_registry_does_not_know() -> None:
    known = {(a.owner, a.id) for a in ACTIONS}
    classes = _ui_classes()
    assert JudgeTuiApp in classes
    for cls in classes:
        owner = "app" if cls is JudgeTuiApp else cls.__name__
        for binding in cls.__dict__["BINDINGS"]:
            if isinstance(binding, Binding) and binding.id:
                screens = {s.binding_id for s in SCREENS}
                assert (owner, binding.id) in known or binding.id in screens, (owner, binding.id)


def test_every_owner_with_keys_is_in_the_help_or_is_a_dialog() -> None:
    grouped = {owner for owner, _ in HELP_GROUPS}
    for action in ACTIONS:
        if action.owner not in grouped:
            assert action.not_in_palette, action.id  # dialogs: not in help, not in the palette
    for owner in OWNER_MODE:
        assert owner in grouped


def test_screens_are_importable_and_palette_names_are_unique() -> None:
    for entry in SCREENS:
        assert hasattr(importlib.import_module(entry.module), entry.class_name)
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    names = [c.title for c in palette_commands(app, Screen())]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
