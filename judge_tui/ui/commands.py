"""The command palette (ctrl+p): every action by name, whatever screen it lives on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

if TYPE_CHECKING:
    from judge_tui.ui.app import JudgeTuiApp

# (palette name, what it does, screen mode, action on that screen)
SCREEN_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Judge", "Judge the answer(s) in the form", "judge", "judge"),
    ("Single mode", "Judge one answer", "judge", "single_mode"),
    ("Pairwise mode", "Compare two answers", "judge", "pairwise_mode"),
    ("Custom template mode", "Judge with one of your templates", "judge", "custom_mode"),
    ("Cancel judgment", "Stop the judgment in flight", "judge", "cancel"),
    ("Copy verdict", "Copy the verdict text to the clipboard (OSC 52)", "judge", "copy_verdict"),
    ("Save verdict", "Save the verdict and its inputs to a file", "judge", "save_verdict"),
    ("Advanced fields", "Show or hide scene, metric, steps…", "judge", "toggle_advanced"),
    ("New batch job", "Submit a dataset file or the session as a batch job", "batches", "new_job"),
    (
        "Collect batch results",
        "Download and store a finished job's results",
        "batches",
        "collect_job",
    ),
    ("Cancel batch job", "Cancel every chunk of the chosen job", "batches", "cancel_job"),
    ("Export batch results", "The chosen job's results as CSV or JSONL", "batches", "export_job"),
    (
        "Resubmit failed items",
        "Failed, expired and missing items as a new job",
        "batches",
        "resubmit_job",
    ),
    ("Rename session", "Rename the chosen session", "sessions", "rename_session"),
    (
        "Export session",
        "The chosen session as JSONL, CSV or Markdown",
        "sessions",
        "export_session",
    ),
    ("Delete session", "Delete the chosen session (asks first)", "sessions", "delete_session"),
    ("Search sessions", "Search every saved judgment", "sessions", "focus_search"),
    ("Re-run evaluation", "Judge the chosen saved evaluation again", "judge", "rerun_chosen"),
    ("Edit evaluation in form", "Load the chosen evaluation into the form", "judge", "edit_chosen"),
    ("New template", "Start a template from scratch", "templates", "new_template"),
    ("Save template", "Save the template being edited", "templates", "save_template"),
    ("Rename template", "Rename the chosen template", "templates", "rename_template"),
    ("Duplicate template", "A copy of the chosen template", "templates", "duplicate_template"),
    ("Delete template", "Delete the chosen template (asks first)", "templates", "delete_template"),
    ("Add profile", "A new service profile: URL, dialect, model, token", "settings", "add_profile"),
    ("Edit profile", "Change the chosen profile", "settings", "edit_profile"),
    ("Default profile", "Make the chosen profile the default", "settings", "default_profile"),
    (
        "Test profile",
        "One cheap call: is the URL, the token, the network right?",
        "settings",
        "test_profile",
    ),
    (
        "Remove profile",
        "Remove the chosen profile and its token (asks first)",
        "settings",
        "remove_profile",
    ),
    ("Use profile now", "Judge on the chosen profile from now on", "settings", "use_profile"),
)

# Actions of a screen that is pushed over a mode (not one of its own): offered while it is shown.
SHOWN_SCREEN_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Sort results by score",
        "Highest first, then lowest first",
        "BatchResultsScreen",
        "sort_by_score",
    ),
    ("Filter results", "All, unreadable, failed", "BatchResultsScreen", "next_filter"),
)

SCREENS: tuple[tuple[str, str, str], ...] = (
    ("Judge screen", "Compose and judge", "judge"),
    ("Templates", "Your custom templates, with a live preview", "templates"),
    ("Batches", "Offline batch jobs", "batches"),
    ("Sessions", "Browse and search every saved judgment", "sessions"),
    ("Settings", "Profiles, theme and keys", "settings"),
)


def _run_on(app: JudgeTuiApp, mode: str, action: str) -> Callable[[], object]:
    async def run() -> None:
        if app.current_mode != mode:
            await app.switch_mode(mode)
        if app.current_mode == mode:
            # A screen shown for the first time composes first: its action runs after that.
            screen = app.screen
            screen.call_after_refresh(screen.run_action, action)

    return run


def _run_here(screen: Screen[object], action: str) -> Callable[[], object]:
    async def run() -> None:
        await screen.run_action(action)

    return run


def _open(app: JudgeTuiApp, mode: str) -> Callable[[], object]:
    async def run() -> None:
        await app.switch_mode(mode)

    return run


def palette_commands(app: JudgeTuiApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    for name, help_text, mode in SCREENS:
        yield SystemCommand(name, help_text, _open(app, mode))
    for name, help_text, mode, action in SCREEN_ACTIONS:
        yield SystemCommand(name, help_text, _run_on(app, mode, action))
    for name, help_text, screen_class, action in SHOWN_SCREEN_ACTIONS:
        if type(screen).__name__ == screen_class:
            yield SystemCommand(name, help_text, _run_here(screen, action))
    yield SystemCommand("Help", "Every key and what it does (F1)", app.action_help)
    yield SystemCommand("Error details", "The details of the last error", app.action_error_details)
