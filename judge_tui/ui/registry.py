"""The one table of the app's screens and actions.

Every key binding, the F1 help's groups, the command palette's entries and the screens the app
opens lazily are derived from the two tables below: adding a screen is one row in SCREENS (and
its module); adding a key is one row in ACTIONS. `tests/unit/test_registry.py` fails when a row has
no help line, when a key is in neither the palette nor says why, or when a class binds a key the
registry does not know.

This module imports no screen: the app reads it before its first frame.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Part:
    """A widget or a pushed screen that belongs to a screen, with keys of its own."""

    owner: str  # its class name
    title: str  # its group's title in the help
    in_mode: bool  # shown whenever the screen is (its actions run there from the palette)


@dataclass(frozen=True)
class ScreenEntry:
    mode: str
    title: str  # its name in the palette and the help
    key: str
    binding_id: str
    module: str
    class_name: str
    help: str  # the palette's line under the name
    lazy: bool = True  # imported the first time it is shown (the Judge screen is built at start)
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class ActionEntry:
    id: str  # the binding id: what config.toml [keymap] names
    owner: str  # "app", or the class whose BINDINGS hold it
    key: str  # default keys, comma-separated; "" for a palette-only action
    action: str  # the Textual action it runs on its owner
    description: str  # the help line (and the footer's label)
    palette: str | None = None  # the palette's line under the name; None: not in the palette…
    not_in_palette: str = ""  # …and why not
    name: str = ""  # the palette's name, when it is not the description
    show: bool = True  # in the footer
    priority: bool = False

    @property
    def palette_name(self) -> str:
        return self.name or self.description


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("judge", "Judge screen", "f4", "judge_screen", "judge_tui.ui.screens.judge",
                "JudgeScreen", "Compose and judge", lazy=False,
                parts=(Part("EvaluationList", "The session's evaluations beside the form",
                            in_mode=False),)),
    ScreenEntry("sessions", "Sessions", "f8", "sessions_screen", "judge_tui.ui.screens.sessions",
                "SessionsScreen", "Browse and search every saved judgment",
                parts=(Part("TriageScreen", "Verdicts that could not be read", in_mode=False),)),
    ScreenEntry("templates", "Templates", "f9", "templates_screen",
                "judge_tui.ui.screens.templates", "TemplatesScreen",
                "Your custom templates, with a live preview",
                parts=(Part("TemplateList", "The template list", in_mode=True),)),
    ScreenEntry("batches", "Batches", "f10", "batches_screen", "judge_tui.ui.screens.batches",
                "BatchesScreen", "Offline batch jobs",
                parts=(Part("BatchResultsScreen", "A batch job's results", in_mode=False),)),
    ScreenEntry("analysis", "Analysis", "f11", "analysis_screen", "judge_tui.ui.screens.analysis",
                "AnalysisScreen", "Statistics of a session or job, runs compared, agreement",
                parts=(Part("JudgmentsScreen", "Judgments side by side", in_mode=False),)),
    ScreenEntry("settings", "Settings", "f12", "settings_screen", "judge_tui.ui.screens.settings",
                "SettingsScreen", "Profiles, theme and keys"),
)  # fmt: skip

_DIALOG = "a dialog answers Escape itself"

ACTIONS: tuple[ActionEntry, ...] = (
    # --- everywhere ---
    ActionEntry("help", "app", "f1", "help", "Help", "Every key and what it does (F1)"),
    ActionEntry("error_details", "app", "ctrl+l", "error_details", "Error details",
                "The details of the last error", show=False),
    ActionEntry("quit", "app", "ctrl+q", "quit", "Quit", not_in_palette="Textual's own palette "
                "has Quit", show=False, priority=True),
    # Priority: the app moves focus before it hands the next key on; as a widget's binding, keys
    # typed in the same burst went to the field being left (ui/app.py check_action).
    ActionEntry("next_field", "app", "tab", "focus_next", "Next field",
                not_in_palette="moving focus by name is no use", show=False, priority=True),
    ActionEntry("previous_field", "app", "shift+tab", "focus_previous", "Previous field",
                not_in_palette="moving focus by name is no use", show=False, priority=True),
    # --- the Judge screen ---
    ActionEntry("judge", "JudgeScreen", "f5", "judge", "Judge", "Judge the answer(s) in the form"),
    ActionEntry("judge_alt", "JudgeScreen", "ctrl+r", "judge", "Judge",
                not_in_palette="a second key for Judge", show=False),
    ActionEntry("cancel", "JudgeScreen", "escape", "cancel", "Cancel",
                "Stop the judgment in flight", name="Cancel judgment"),
    ActionEntry("single_mode", "JudgeScreen", "f2", "single_mode", "Single", "Judge one answer",
                name="Single mode"),
    ActionEntry("pairwise_mode", "JudgeScreen", "f3", "pairwise_mode", "Pairwise",
                "Compare two answers", name="Pairwise mode"),
    ActionEntry("custom_mode", "JudgeScreen", "ctrl+t", "custom_mode", "Custom",
                "Judge with one of your templates", name="Custom template mode", show=False),
    ActionEntry("toggle_advanced", "JudgeScreen", "ctrl+o", "toggle_advanced", "Advanced",
                "Show or hide scene, metric, steps…", name="Advanced fields", show=False),
    ActionEntry("copy_verdict", "JudgeScreen", "ctrl+g", "copy_verdict", "Copy verdict",
                "Copy the verdict text to the clipboard (OSC 52)", show=False),
    ActionEntry("save_verdict", "JudgeScreen", "ctrl+s", "save_verdict", "Save verdict",
                "Save the verdict and its inputs to a file", show=False),
    # Priority: the form's text areas take F6 for "select line" otherwise.
    ActionEntry("answer_diff", "JudgeScreen", "f6", "answer_diff", "Answer diff",
                "Pairwise: answer 1 and answer 2 word by word, below the verdict",
                name="Answer diff", show=False, priority=True),
    ActionEntry("rerun_chosen", "JudgeScreen", "", "rerun_chosen", "Re-run evaluation",
                "Judge the chosen saved evaluation again"),
    ActionEntry("edit_chosen", "JudgeScreen", "", "edit_chosen", "Edit evaluation in form",
                "Load the chosen evaluation into the form"),
    ActionEntry("rerun_evaluation", "EvaluationList", "r", "rerun", "Re-run",
                not_in_palette="the palette's Re-run evaluation does it"),
    ActionEntry("edit_evaluation", "EvaluationList", "e", "edit", "Edit in form",
                not_in_palette="the palette's Edit evaluation in form does it"),
    # --- Sessions ---
    ActionEntry("search", "SessionsScreen", "ctrl+f", "focus_search", "Search",
                "Search every saved judgment", name="Search sessions"),
    ActionEntry("reload_sessions", "SessionsScreen", "ctrl+r", "reload", "Reload",
                "Read the sessions again", name="Reload sessions"),
    ActionEntry("rename_session", "SessionsScreen", "f2", "rename_session", "Rename",
                "Rename the chosen session", name="Rename session"),
    ActionEntry("export_session", "SessionsScreen", "f3", "export_session", "Export",
                "The chosen session as JSONL, CSV or Markdown", name="Export session"),
    ActionEntry("delete_session", "SessionsScreen", "f6", "delete_session", "Delete",
                "Delete the chosen session (asks first)", name="Delete session"),
    ActionEntry("triage_session", "SessionsScreen", "f7", "triage", "Triage",
                "The chosen session's unreadable verdicts, one at a time", name="Triage"),
    ActionEntry("reread_session", "SessionsScreen", "ctrl+e", "reread", "Re-read",
                "Read the chosen session's verdicts again with today's reader",
                name="Re-read verdicts"),
    # --- Triage ---
    # Dismissed, not popped: the screen it was opened from shows the new readings (its callback).
    ActionEntry("triage_back", "TriageScreen", "escape", "dismiss", "Back",
                not_in_palette="leaving a screen by name is no use"),
    ActionEntry("triage_repair", "TriageScreen", "r", "repair", "Ask again",
                "Ask the judge for the final verdict only, in the same conversation",
                name="Repair verdict"),
    ActionEntry("triage_json", "TriageScreen", "j", "rejudge_json", "JSON verdict",
                "Judge again with the JSON verdict option", name="Judge again as JSON"),
    ActionEntry("triage_manual", "TriageScreen", "m", "manual", "By hand",
                "Enter the score or winner yourself, with a note", name="Score by hand"),
    # --- Templates ---
    ActionEntry("new_template", "TemplatesScreen", "ctrl+n", "new_template", "New",
                "Start a template from scratch", name="New template"),
    ActionEntry("save_template", "TemplatesScreen", "ctrl+s", "save_template", "Save",
                "Save the template being edited", name="Save template"),
    ActionEntry("rename_template", "TemplatesScreen", "f2", "rename_template", "Rename",
                "Rename the chosen template", name="Rename template"),
    ActionEntry("duplicate_template", "TemplatesScreen", "f3", "duplicate_template", "Duplicate",
                "A copy of the chosen template", name="Duplicate template"),
    ActionEntry("delete_template", "TemplateList", "delete", "screen.delete_template", "Delete",
                "Delete the chosen template (asks first)", name="Delete template"),
    # --- Batches ---
    ActionEntry("new_job", "BatchesScreen", "ctrl+n", "new_job", "New job",
                "Submit a dataset file or the session as a batch job", name="New batch job"),
    ActionEntry("refresh_jobs", "BatchesScreen", "f5", "refresh_jobs", "Refresh",
                "Look at every unfinished job now", name="Refresh batch jobs"),
    ActionEntry("collect_job", "BatchesScreen", "f2", "collect_job", "Collect",
                "Download and store a finished job's results", name="Collect batch results"),
    ActionEntry("export_job", "BatchesScreen", "f3", "export_job", "Export",
                "The chosen job's results as CSV or JSONL", name="Export batch results"),
    ActionEntry("cancel_job", "BatchesScreen", "f6", "cancel_job", "Cancel job",
                "Cancel every chunk of the chosen job", name="Cancel batch job"),
    ActionEntry("resubmit_job", "BatchesScreen", "ctrl+u", "resubmit_job", "Resubmit",
                "Failed, expired and missing items as a new job", name="Resubmit failed items"),
    ActionEntry("open_results", "BatchesScreen", "enter", "open_results", "Results",
                "The chosen job's results, one by one", name="Open batch results", show=False),
    ActionEntry("results_back", "BatchResultsScreen", "escape", "app.pop_screen", "Back",
                not_in_palette="leaving a screen by name is no use"),
    ActionEntry("results_sort", "BatchResultsScreen", "s", "sort_by_score", "Sort by score",
                "Highest first, then lowest first", name="Sort results by score"),
    ActionEntry("results_filter", "BatchResultsScreen", "f", "next_filter", "Filter",
                "All, unreadable, failed", name="Filter results"),
    ActionEntry("results_diff", "BatchResultsScreen", "d", "answer_diff", "Answer diff",
                "Pairwise: the result's answers word by word", name="Batch result answer diff"),
    ActionEntry("results_triage", "BatchResultsScreen", "t", "triage", "Triage",
                "The job's unreadable verdicts, one at a time", name="Triage batch results"),
    # --- Analysis ---
    ActionEntry("analysis_stats", "AnalysisScreen", "f2", "show_view('stats')", "Statistics",
                "A scope's mean with its interval, histogram, criteria, win rates",
                name="Statistics"),
    ActionEntry("analysis_compare", "AnalysisScreen", "f3", "show_view('compare')", "Compare",
                "Two runs on the same items: difference, p-values, changed items",
                name="Compare runs"),
    ActionEntry("analysis_agree", "AnalysisScreen", "f6", "show_view('agree')", "Agreement",
                "Two judges, or a judge and your labels: kappa, alpha, confusion",
                name="Agreement"),
    ActionEntry("analysis_by_judge", "AnalysisScreen", "j", "toggle_by_judge", "By judge",
                "Agreement among the judge models of one run (judge --judges)",
                name="Agreement by judge"),
    ActionEntry("analysis_sort", "AnalysisScreen", "s", "sort_matrix", "Sort criteria",
                "Sort the criteria matrix by its next criterion", name="Sort criteria matrix"),
    ActionEntry("analysis_filters", "AnalysisScreen", "f", "edit_filters", "Filter",
                "Narrow the scopes: model, mode, template, verdict format, dates, readable",
                name="Filter analysis"),
    ActionEntry("analysis_label", "AnalysisScreen", "l", "label_item", "Label",
                "Your own score or winner for the highlighted item, kept in the labels file",
                name="Label item"),
    ActionEntry("analysis_report", "AnalysisScreen", "ctrl+s", "write_report", "Report",
                "Write what is shown as an HTML or Markdown report",
                name="Write analysis report"),
    ActionEntry("judgments_back", "JudgmentsScreen", "escape", "app.pop_screen", "Back",
                not_in_palette="leaving a screen by name is no use"),
    # --- Settings ---
    ActionEntry("add_profile", "SettingsScreen", "ctrl+n", "add_profile", "Add profile",
                "A new service profile: URL, dialect, model, token"),
    ActionEntry("edit_profile", "SettingsScreen", "f2", "edit_profile", "Edit",
                "Change the chosen profile", name="Edit profile"),
    ActionEntry("default_profile", "SettingsScreen", "f3", "default_profile", "Default",
                "Make the chosen profile the default", name="Default profile"),
    ActionEntry("test_profile", "SettingsScreen", "f5", "test_profile", "Test",
                "One cheap call: is the URL, the token, the network right?", name="Test profile"),
    ActionEntry("remove_profile", "SettingsScreen", "f6", "remove_profile", "Remove",
                "Remove the chosen profile and its token (asks first)", name="Remove profile"),
    ActionEntry("use_profile", "SettingsScreen", "ctrl+u", "use_profile", "Use now",
                "Judge on the chosen profile from now on", name="Use profile now"),
    # --- dialogs: Escape, and the profile form's save ---
    ActionEntry("dialog_cancel", "ConfirmDialog", "escape", "dismiss(False)", "Cancel",
                not_in_palette=_DIALOG),
    ActionEntry("dialog_cancel", "PromptDialog", "escape", "dismiss(None)", "Cancel",
                not_in_palette=_DIALOG),
    ActionEntry("dialog_close", "DetailsDialog", "escape", "dismiss(None)", "Close",
                not_in_palette=_DIALOG),
    ActionEntry("dialog_cancel", "NewBatchDialog", "escape", "dismiss(None)", "Cancel",
                not_in_palette=_DIALOG),
    ActionEntry("dialog_cancel", "ProfileForm", "escape", "dismiss(None)", "Cancel",
                not_in_palette=_DIALOG),
    ActionEntry("profile_save", "ProfileForm", "ctrl+s", "save", "Save",
                not_in_palette="the form's own Save"),
    ActionEntry("help_close", "HelpScreen", "escape,f1", "dismiss(None)", "Close",
                not_in_palette=_DIALOG),
)  # fmt: skip

# The F1 help's groups, in order: what is everywhere, then each screen and its parts.
HELP_GROUPS: tuple[tuple[str, str], ...] = (
    ("app", "Everywhere"),
    *(
        group
        for screen in SCREENS
        for group in (
            (screen.class_name, screen.title),
            *((p.owner, p.title) for p in screen.parts),
        )
    ),
)

# Where an owner's actions run from the palette: the mode whose screen holds it. A part that is
# not always shown (a pushed screen) offers its actions while it is shown instead.
OWNER_MODE: dict[str, str] = {
    owner: screen.mode
    for screen in SCREENS
    for owner in (screen.class_name, *(p.owner for p in screen.parts if p.in_mode))
}


def _binding(entry: ActionEntry) -> Binding:
    return Binding(
        entry.key, entry.action, entry.description, show=entry.show, priority=entry.priority,
        id=entry.id,
    )  # fmt: skip


def screen_bindings() -> list[Binding]:
    """The app's keys for its screens, hidden from the footer (F1 and the palette list them)."""
    return [
        Binding(s.key, f"switch_mode('{s.mode}')", s.title, show=False, id=s.binding_id)
        for s in SCREENS
    ]


def owned(owner: str) -> list[Binding]:
    """The bindings of `owner` ("app" adds the screens' keys)."""
    found = [_binding(a) for a in ACTIONS if a.owner == owner and a.key]
    return [*screen_bindings(), *found] if owner == "app" else found


def bindings(owner: str) -> list[BindingType]:
    """What a class puts in its BINDINGS."""
    return list(owned(owner))


def help_groups() -> list[tuple[str, list[Binding]]]:
    """(title, bindings) for the F1 help and the Settings keys table."""
    return [(title, owned(owner)) for owner, title in HELP_GROUPS]


def lazy_modes() -> dict[str, Callable[[], Screen[None]]]:
    """The screens built the first time their mode is shown."""

    def maker(entry: ScreenEntry) -> Callable[[], Screen[None]]:
        def make() -> Screen[None]:
            screen: Screen[None] = getattr(
                importlib.import_module(entry.module), entry.class_name
            )()
            return screen

        return make

    return {s.mode: maker(s) for s in SCREENS if s.lazy}
