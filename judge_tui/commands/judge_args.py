"""What `judge` and `judge --input` share: exit codes, and the flags turned into a judgment's
inputs and parameters (through the engine's one converter, judging.inputs)."""

from __future__ import annotations

import argparse
from typing import Any

from judge_tui.commands.textargs import read_text_arg
from judge_tui.judging.inputs import (
    TEXT_FIELDS,
    InputError,
    JudgeInputs,
    JudgeParams,
    inputs_from_fields,
    split_assignment,
)

# 4: the verdict was shown (or written) but the session could not store it.
EXIT_OK, EXIT_SERVICE, EXIT_BAD_INPUT, EXIT_NOT_STORED = 0, 1, 2, 4


def flag_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The judgment's fields as the flags give them (None where a flag is not given)."""
    fields: dict[str, Any] = {name: getattr(args, name, None) for name in TEXT_FIELDS}
    fields["max_score"] = args.max_score
    return fields


def inputs_from_flags(args: argparse.Namespace) -> JudgeInputs:
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
    args: argparse.Namespace, model: str, defaults: dict[str, Any] | None = None
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
    from pydantic import ValidationError

    try:
        return JudgeParams.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"The parameter {name} is {first.get('input')!r}: {first['msg'].lower()}; fix it in "
            "the profile (config.toml [profiles.NAME.params]) or give it as a flag."
        ) from None
