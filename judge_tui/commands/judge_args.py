"""What `judge` and `judge --input` share: exit codes, and the flags turned into a judgment's
inputs and parameters (through the engine's one converter, judging.inputs)."""

from __future__ import annotations

import argparse
import functools
from dataclasses import dataclass
from typing import Any

from judge_tui.commands.plan_args import plan_from_args
from judge_tui.commands.textargs import read_text_arg
from judge_tui.judging.inputs import (
    TEXT_FIELDS,
    InputError,
    JudgeInputs,
    JudgeParams,
    inputs_from_fields,
    split_assignment,
)
from judge_tui.judging.plans import Plan, PlanError
from judge_tui.problems import first_invalid

# 4: the verdict was shown (or written) but the session could not store it.
EXIT_OK, EXIT_SERVICE, EXIT_BAD_INPUT, EXIT_NOT_STORED = 0, 1, 2, 4
EXIT_BUDGET = 5  # stopped at --max-requests / --max-tokens-total; the same command goes on


@dataclass(frozen=True)
class JudgeCommand:
    """`judge-tui judge`'s flags, typed: argparse's namespace is read once, here, at the edge."""

    fields: dict[str, Any]  # the judgment's text fields and max_score, None where not given
    var: list[str]
    model: str | None
    profile: str | None
    base_url: str | None
    temperature: float | None
    max_tokens: int | None
    seed: int | None
    json_verdict: bool
    stream: bool
    verdict_format: str | None
    template: str | None
    format: str
    verbose: bool
    session: str | None  # None: keep nothing (--no-save)
    input: str | None
    output: str | None
    concurrency: int
    plan: Plan  # --swap, --judges, --repeat (judging/plans.py)
    show_plan: bool  # --plan: say what would be sent, send nothing
    budget: tuple[int | None, int | None]  # --max-requests, --max-tokens-total

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> JudgeCommand:
        fields: dict[str, Any] = {name: getattr(args, name, None) for name in TEXT_FIELDS}
        fields["max_score"] = args.max_score
        return cls(
            fields=fields, var=list(args.var), model=args.model, profile=args.profile,
            base_url=args.base_url, temperature=args.temperature, max_tokens=args.max_tokens,
            seed=args.seed, json_verdict=bool(args.json_verdict), stream=bool(args.stream),
            verdict_format=args.verdict_format, template=args.template, format=args.format,
            verbose=bool(args.verbose),
            session=None if args.no_save else args.session, input=args.input,
            output=args.output, concurrency=int(args.concurrency),
            plan=plan_from_args(args), show_plan=bool(args.show_plan),
            budget=budget_from_args(args),
        )  # fmt: skip


def flag_fields(args: JudgeCommand) -> dict[str, Any]:
    """The judgment's fields as the flags give them (None where a flag is not given); a
    --template gives the system and user template when no flag does."""
    fields = dict(args.fields)
    template = chosen_template(args)
    if template is not None:
        fields["system"] = fields.get("system") or template.system
        fields["user_template"] = fields.get("user_template") or template.user_template
    return fields


def chosen_template(args: JudgeCommand) -> Any:
    """The --template (a TemplateRecord), or None. Raises InputError when there is none such."""
    if not args.template:
        return None
    from judge_tui.store.paths import home_paths
    from judge_tui.store.templates import TemplateNotFound

    try:
        return _template_named(str(home_paths().root), args.template)
    except TemplateNotFound:
        raise InputError(
            f"There is no template named {args.template!r}; see the Templates screen (F9) for "
            "the names, or give --system and --user-template."
        ) from None


@functools.lru_cache(maxsize=4)
def _template_named(root: str, name: str) -> Any:
    """A template by name, looked up once per run: the flags and the parameters both ask."""
    from pathlib import Path

    from judge_tui.store.db import Database
    from judge_tui.store.paths import HomePaths
    from judge_tui.store.templates import find_template

    db = Database.open(HomePaths(Path(root)))
    try:
        return find_template(db, name)
    finally:
        db.close()


def inputs_from_flags(args: JudgeCommand) -> JudgeInputs:
    fields = flag_fields(args)
    fields["variables"] = parse_vars(args.var)
    return inputs_from_fields(fields)


def parse_vars(pairs: list[str]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for pair in pairs:
        try:
            name, value = split_assignment(pair)
        except ValueError:
            raise InputError(
                f"--var {pair!r} is not NAME=VALUE; write it like --var tone=formal."
            ) from None
        variables[name] = read_text_arg(value)
    return variables


def params_from_args(
    args: JudgeCommand, model: str, defaults: dict[str, Any] | None = None
) -> JudgeParams:
    """Flags win; a profile's default parameters fill in what no flag says."""
    values: dict[str, Any] = dict(defaults or {})
    for name in ("temperature", "max_tokens", "seed"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    for name in ("json_verdict", "stream"):
        if getattr(args, name):
            values[name] = True
    values["model"] = model
    if args.verdict_format:
        values["verdict_format"] = args.verdict_format
    elif (template := chosen_template(args)) is not None:
        values["verdict_format"] = template.verdict_format
    from pydantic import ValidationError

    try:
        return JudgeParams.model_validate(values)
    except ValidationError as exc:
        name, wrong, given = first_invalid(exc)
        raise InputError(
            f"The parameter {name} is {given!r}: {wrong.lower()}; fix it in the profile "
            "(config.toml [profiles.NAME.params]) or give it as a flag."
        ) from None


def budget_from_args(args: argparse.Namespace) -> tuple[int | None, int | None]:
    for flag, value in (("--max-requests", args.max_requests),
                        ("--max-tokens-total", args.max_tokens_total)):  # fmt: skip
        if value is not None and value < 1:
            raise PlanError(f"{flag} must be a whole number of 1 or more.")
    return args.max_requests, args.max_tokens_total
