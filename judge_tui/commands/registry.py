"""Every `judge-tui` sub-command: its name, the one line `judge-tui --help` shows, and the module
that builds its parser and runs it. Plain data: `judge-tui --help` lists the commands from here
without importing any of them, and a command imports only its own module (a sub-command's
module pulls in the engine it needs: httpx, pydantic models, SQLite)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandEntry:
    name: str
    help: str
    module: str  # judge_tui.commands.<module>
    adder: str  # its function that adds this command's parser (some add two commands)


COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry("judge", "judge one answer (or two), or a whole JSONL file, and print the verdict",
                 "judge_cmd", "add_judge_parser"),
    CommandEntry("read-verdict",
                 "read a verdict text and print what judge-tui takes from it (no service needed)",
                 "read_verdict_cmd", "add_read_verdict_parser"),
    CommandEntry("emulator", "run a local emulator of the judge service on 127.0.0.1",
                 "emulator_cmd", "add_emulator_parser"),
    CommandEntry("sessions", "list, show, search, export and import saved judgments; re-read "
                 "and triage their verdicts", "sessions_cmd", "add_sessions_parser"),
    CommandEntry("paths", "print where judge-tui keeps its files", "home_cmd",
                 "add_home_parsers"),
    CommandEntry("profile", "add, list, test and remove service profiles", "home_cmd",
                 "add_home_parsers"),
    CommandEntry("batch", "offline batch jobs: submit, watch, collect, export", "batch_cmd",
                 "add_batch_parser"),
    CommandEntry("stats", "statistics of a session, batch job or labels file: mean with its "
                 "interval, histogram, win rates; --fail-* bars for CI", "analysis_cmd",
                 "add_analysis_parsers"),
    CommandEntry("compare", "compare two runs on the same items: difference, interval, "
                 "p-values, changed items", "analysis_cmd", "add_analysis_parsers"),
    CommandEntry("agree", "agreement of two judges, runs or a person's labels: kappa, alpha, "
                 "confusion", "analysis_cmd", "add_analysis_parsers"),
    CommandEntry("report", "write a Markdown or self-contained HTML report of a run",
                 "analysis_cmd", "add_analysis_parsers"),
    CommandEntry("serve",
                 "serve the app to a web browser (textual-serve), on this machine only by default",
                 "serve_cmd", "add_serve_parser"),
)  # fmt: skip

COMMAND_NAMES = frozenset(entry.name for entry in COMMANDS)


def command_help(name: str) -> str:
    return next(entry.help for entry in COMMANDS if entry.name == name)
