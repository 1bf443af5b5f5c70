"""`judge-tui paths`, `judge-tui profile ...`: the local home from the shell."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any

from judge_tui.api.credentials import mask_token
from judge_tui.api.dialects import Dialect
from judge_tui.api.urls import display_url, normalise_base_url
from judge_tui.commands.registry import command_help
from judge_tui.commands.report import fail
from judge_tui.store.config import AppConfig, Profile, load_config, require_profile
from judge_tui.store.credentials import load_tokens, resolve_token
from judge_tui.store.paths import home_paths
from judge_tui.store.profiles import put_profile, remove_profile, set_default_profile


def add_home_parsers(sub: Any) -> None:
    paths = sub.add_parser("paths", help=command_help("paths"))
    paths.set_defaults(run=run_paths)

    profile = sub.add_parser(
        "profile",
        help=command_help("profile"),
        description="A profile is a service: base URL, dialect, default model and a token. "
        "Tokens go to credentials.toml (0600), never to config.toml or the command line.",
    )
    psub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = psub.add_parser("add", help="add or replace a profile (asks for the token, hidden)")
    add.add_argument("name", help="the profile's name")
    add.add_argument("--base-url", required=True, help="service URL, with or without /v1")
    add.add_argument("--dialect", choices=[d.value for d in Dialect], default="pai")
    add.add_argument("--model", default="pai-judge", help="default model (default pai-judge)")
    add.add_argument(
        "--token-stdin", action="store_true", help="read the token from standard input"
    )
    add.add_argument("--no-token", action="store_true", help="store no token for this profile")
    add.add_argument(
        "--max-input-tokens", type=int, metavar="N",
        help="the input limit of this service's models, where the built-in table does not know it",
    )  # fmt: skip
    add.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a default parameter for judgments: temperature, top_p, max_tokens, seed, "
        "json_verdict, stream (repeatable; flags of judge-tui judge win)",
    )
    add.set_defaults(run=run_profile_add)
    lst = psub.add_parser(
        "list", help="list profiles, tokens masked, and where each token comes from"
    )
    lst.set_defaults(run=run_profile_list)
    rm = psub.add_parser("remove", help="remove a profile and its stored token")
    rm.add_argument("name")
    rm.set_defaults(run=run_profile_remove)
    default = psub.add_parser("default", help="make a profile the default")
    default.add_argument("name")
    default.set_defaults(run=run_profile_default)
    test = psub.add_parser("test", help="make one cheap call and say what works")
    test.add_argument("name")
    test.set_defaults(run=run_profile_test)


PARAM_NAMES = ("temperature", "top_p", "max_tokens", "seed", "json_verdict", "stream")


def parse_params(pairs: list[str]) -> dict[str, float | int | bool | str]:
    """`temperature=0.2` and friends, checked the way a judgment would check them."""
    from pydantic import ValidationError

    from judge_tui.judging.inputs import JudgeParams

    raw: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name.strip() not in PARAM_NAMES:
            raise ValueError(
                f"--param {pair!r} is not NAME=VALUE with NAME one of {', '.join(PARAM_NAMES)}."
            )
        raw[name.strip()] = value.strip()
    try:
        checked = JudgeParams.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"--param {first['loc'][0]}: {first['msg']}.") from None
    dumped = checked.model_dump(include=set(raw))
    return {k: v for k, v in dumped.items() if v is not None}


def run_paths(args: argparse.Namespace) -> int:
    for label, path in home_paths().listing():
        print(f"{label:12s} {path}")
    return 0


def _load() -> AppConfig:
    """config.toml; a broken one raises ConfigError, which the command line reports."""
    return load_config(home_paths())


def run_profile_add(args: argparse.Namespace) -> int:
    paths = home_paths()
    try:
        base_url = normalise_base_url(args.base_url)
        params = parse_params(args.param)
    except ValueError as exc:  # a bad URL (BaseUrlError) or --param
        return fail(str(exc))
    token: str | None = None
    if args.token_stdin:
        token = sys.stdin.readline().strip()
    elif not args.no_token:
        if not sys.stdin.isatty():
            return fail("No terminal to ask for the token on; use --token-stdin (or --no-token).")
        token = getpass.getpass(f"Token for {args.name} (hidden): ").strip()
    if token is not None and not token:
        return fail("The token is empty; paste it again, or use --no-token.")
    if args.max_input_tokens is not None and args.max_input_tokens < 1:
        return fail("--max-input-tokens must be a whole number of 1 or more.")
    profile = Profile(
        base_url=base_url, dialect=Dialect(args.dialect), model=args.model, params=params,
        max_input_tokens=args.max_input_tokens,
    )  # fmt: skip
    config, notes = put_profile(paths, args.name, profile, token)
    for note in notes:
        print(f"judge-tui: {note}", file=sys.stderr)
    default = " (default)" if config.default_profile == args.name else ""
    print(f"Profile {args.name}{default}: {display_url(base_url)}, {args.dialect}, {args.model}.")
    return 0


def run_profile_list(args: argparse.Namespace) -> int:
    paths = home_paths()
    config = _load()
    stored = load_tokens(paths)
    if not config.profiles:
        print("No profiles yet; add one with: judge-tui profile add NAME --base-url URL")
        return 0
    for name, profile in sorted(config.profiles.items()):
        token = resolve_token(paths, name)
        if token is None:
            where = "no token"
        elif token.source.startswith("credentials"):
            where = f"token {token.masked()} from credentials.toml"
        else:
            where = f"token {token.masked()} from ${token.source} (the environment wins"
            where += f" over the stored {mask_token(stored[name])})" if name in stored else ")"
        mark = "*" if name == config.default_profile else " "
        details = (
            f"{display_url(profile.base_url)} · {profile.dialect.value} · {profile.model} · {where}"
        )
        print(f"{mark} {name}: {details}")
    return 0


def run_profile_remove(args: argparse.Namespace) -> int:
    remove_profile(home_paths(), args.name)
    print(f"Removed profile {args.name} and its stored token.")
    return 0


def run_profile_default(args: argparse.Namespace) -> int:
    set_default_profile(home_paths(), args.name)
    print(f"{args.name} is now the default profile.")
    return 0


def run_profile_test(args: argparse.Namespace) -> int:
    from judge_tui.api.probe import ProbeFailed, probe_service

    paths = home_paths()
    profile = require_profile(_load(), args.name)
    try:
        print(asyncio.run(probe_service(profile.base_url, resolve_token(paths, args.name))))
    except ProbeFailed as exc:
        return fail(str(exc), 1)
    return 0
