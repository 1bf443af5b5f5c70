"""The `judge-tui` command: argument parsing and dispatch. The TUI is imported only to launch it."""

from __future__ import annotations

import argparse
import sys

from judge_tui import __version__
from judge_tui.commands.registry import COMMAND_NAMES, COMMANDS

# The app's own options that take a value: their value is never the command ("--session batch").
_VALUED = frozenset({"--base-url", "--model", "--profile", "--session", "--theme"})


def command_word(words: list[str]) -> str | None:
    """The sub-command named on the command line, if any."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _VALUED:
            skip = True
        elif word in COMMAND_NAMES:
            return word
        elif not word.startswith("-"):
            return None  # argparse will say what is wrong with it
    return None


def build_parser(words: list[str], with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="judge-tui",
        description="Judge LLM answers with a judge model (PAI judge, Themis, or any "
        "OpenAI-compatible service) from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"judge-tui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the TUI on the built-in emulator (no account, no network; simulated verdicts)",
    )
    parser.add_argument(
        "--base-url", help="service URL for the TUI (default: $JUDGE_MODEL_BASE_URL)"
    )
    parser.add_argument("--model", help="judge model (default: the profile's, else pai-judge)")
    parser.add_argument(
        "--browse", action="store_true", help="open on the saved sessions (needs no token)"
    )
    parser.add_argument("--profile", help="a saved profile (default: the default profile)")
    parser.add_argument(
        "--session", help="session the TUI keeps judgments in (default scratch; demo: demo)"
    )
    parser.add_argument("--no-save", action="store_true", help="keep no judgment of this run")
    parser.add_argument(
        "--theme", help="colour theme (judge-dark, judge-light, judge-16, or your own); saved"
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    # Only the command asked for is built (its module imports what it needs); the others are
    # listed by name and help, from the registry, for `judge-tui --help`.
    import importlib

    asked = next((e for e in COMMANDS if e.name == command_word(words)), None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for entry in COMMANDS:
        if asked is not None and entry.module == asked.module:
            # Its module adds it (and any other command it holds) where the first one stands.
            if entry is asked:
                module = importlib.import_module(f"judge_tui.commands.{entry.module}")
                getattr(module, entry.adder)(sub)
            continue
        sub.add_parser(entry.name, help=entry.help)
    return parser


def not_utf8(words: list[str]) -> str | None:
    """The sentence for a command-line word that is not UTF-8 text (Python keeps such bytes as
    lone surrogates, which no request, store or terminal can take), else None."""
    for number, word in enumerate(words, start=1):
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            after = f" (after {words[number - 2]})" if number > 1 and words[number - 2].startswith(
                "-") and words[number - 2].isascii() else ""  # fmt: skip
            return (
                f"word {number} on the command line{after} is not UTF-8 text; give it in UTF-8, "
                "or put it in a UTF-8 file and give @path."
            )
    return None


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if (problem := not_utf8(words)) is not None:
        print(f"judge-tui: {problem}", file=sys.stderr)
        return 2
    wants_command = command_word(words) is not None or any(w in ("-h", "--help") for w in words)
    parser = build_parser(words, with_commands=wants_command)
    args = parser.parse_args(argv)
    from judge_tui.commands.terminal import guard_output, quiet_broken_pipe
    from judge_tui.problems import UserProblem, os_error_sentence

    if args.command is not None:
        guard_output()  # nothing a command prints carries a control sequence to the terminal
    try:
        if args.command is None:
            from judge_tui.commands.tui_cmd import run_tui

            return run_tui(args)
        return int(args.run(args))
    except UserProblem as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("judge-tui: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        quiet_broken_pipe()  # `judge-tui ... | head` stopped reading: not an error
        return 0
    except OSError as exc:
        # A read-only or full disk, a directory where a file was meant: one sentence.
        print(f"judge-tui: {os_error_sentence(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
