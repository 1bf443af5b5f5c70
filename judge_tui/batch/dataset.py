"""A dataset becomes batch items: validated whole before anything is sent.

Sources: a CSV or JSONL file of questions and answers (optionally with a custom template), a
ready batch file in either dialect, or the evaluations of a session. Every problem is named
with its line number; the caller shows the first few and the count.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from judge_tui.api.jsonl import split_jsonl
from judge_tui.judging.inputs import (
    InputError,
    JudgeInputs,
    JudgeParams,
    Mode,
    field_text,
    inputs_from_fields,
)
from judge_tui.judging.plans import Plan, PlanError, plan_games
from judge_tui.judging.requests import build_chat_request, verdict_max_score
from judge_tui.judging.template import KNOWN_PLACEHOLDERS, TemplateError

INPUT_FIELDS = (
    "question", "answer", "answer1", "answer2", "ref_answer", "scene", "scene_desc", "metric",
    "max_score", "score_desc", "steps", "history_dialogue",
)  # fmt: skip
MAX_DATASET_BYTES = 2 * 1024**3  # read whole into memory: beyond this, split the file first
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class BatchItem:
    custom_id: str
    line: int
    body: dict[str, Any]  # the chat request, exactly as it goes in the batch file
    mode: str
    max_score: int
    inputs: dict[str, Any] | None = None  # JudgeInputs as JSON; None for a ready batch line
    params: dict[str, Any] | None = None
    template_name: str | None = None
    template_version: str | None = None


@dataclass
class Dataset:
    items: list[BatchItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.items)

    def report(self) -> str:
        """One sentence (and the first few problems) for the user."""
        if not self.problems:
            return f"{len(self.items)} items, all valid."
        shown = "; ".join(str(p) for p in self.problems[:SHOWN_PROBLEMS])
        more = len(self.problems) - SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return (
            f"{self.source}: {count} {noun}, nothing was sent: {shown}{tail}. Fix and submit again."
        )


@dataclass(frozen=True)
class Template:
    name: str
    system: str
    user_template: str
    version: str
    verdict_format: str = "pai"


def strip_stream(body: dict[str, Any]) -> dict[str, Any]:
    """Batch lines never stream: the service rejects or ignores it, so it is taken out."""
    return {k: v for k, v in body.items() if k not in ("stream", "stream_options")}


def is_csv(path: Path) -> bool:
    """The one rule of datasets and labels files: CSV by its ending, else JSONL."""
    return path.suffix.lower() == ".csv"


def dataset_rows(data: bytes, path: Path, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed row) from CSV (a .csv file) or JSONL (any other); bad lines become
    problems. Datasets and labels files (analysis/labels.py) are read by it."""
    if is_csv(path):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad_line = data.count(b"\n", 0, exc.start) + 1
            problems.append(Problem(bad_line, "is not UTF-8; save the file as UTF-8"))
            return
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None:
            return
        try:
            for row in reader:
                yield reader.line_num, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            problems.append(Problem(reader.line_num, f"is not valid CSV ({exc})"))
        return
    for line in split_jsonl(data):
        try:
            line.raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(line.number, "is not UTF-8; save the file as UTF-8"))
            continue
        try:
            row = line.parse()
        except json.JSONDecodeError as exc:
            problems.append(Problem(line.number, f"is not JSON ({exc.msg})"))
            continue
        except ValueError as exc:  # too deeply nested, a lone surrogate, a 5000-digit number
            problems.append(Problem(line.number, f"is not usable JSON ({exc})"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(line.number, "is not a JSON object"))
            continue
        yield line.number, row


def _item_from_row(
    number: int, row: Mapping[str, Any], params: JudgeParams, template: Template | None
) -> BatchItem:
    """Raises InputError / TemplateError with the fix."""
    fields: dict[str, Any] = {name: row.get(name) for name in INPUT_FIELDS}
    if isinstance(fields["max_score"], str):
        fields["max_score"] = fields["max_score"].strip()  # a CSV cell: " 5"
    if template is not None:
        known = set(KNOWN_PLACEHOLDERS) | {"custom_id", "model"}
        fields["variables"] = {k: v for k, v in row.items() if k not in known}
        fields["system"], fields["user_template"] = template.system, template.user_template
        inputs = inputs_from_fields(fields, mode=Mode.CUSTOM)
    else:
        inputs = inputs_from_fields(fields)  # single or pairwise, by the answers given
        if inputs.mode is Mode.SINGLE and not inputs.answer.strip():
            raise InputError("the answer is empty (give answer, or answer1 and answer2)")
    body = strip_stream(build_chat_request(inputs, params).wire())
    return BatchItem(
        custom_id="", line=number, body=body, mode=inputs.mode.value,
        max_score=verdict_max_score(inputs, params), inputs=inputs.model_dump(mode="json"),
        params=params.model_dump(mode="json"),
        template_name=template.name if template else None,
        template_version=template.version if template else None,
    )  # fmt: skip


def _ready_item(number: int, row: Mapping[str, Any]) -> BatchItem:
    body = row.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        raise InputError("body must be an object with messages")
    if not str(body.get("model", "")).strip():
        raise InputError("body has no model")
    mode = "custom"
    for message in body["messages"]:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list) and content and isinstance(content[0], dict):
            mode = str(content[0].get("mode", "custom"))
    return BatchItem(custom_id="", line=number, body=strip_stream(body), mode=mode, max_score=5)


def load_dataset(path: Path, *, params: JudgeParams, template: Template | None = None) -> Dataset:
    """Read and check a whole dataset file; nothing is sent whatever it holds."""
    dataset = Dataset(source=path.name)
    problems = dataset.problems
    try:
        size = path.stat().st_size
        if size > MAX_DATASET_BYTES:
            problems.append(
                Problem(
                    0,
                    f"{path.name} is {size / 1e9:.1f} GB, over the 2 GB a job reads at "
                    "once; split it into smaller files",
                )
            )
            return dataset
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(0, f"{path} cannot be read ({exc.strerror})"))
        return dataset
    models: dict[str, int] = {}
    for number, row in dataset_rows(data, path, problems):
        try:
            if "body" in row:
                item = _ready_item(number, row)
            else:
                row_params = params
                model = field_text(row.get("model")).strip()
                if model:
                    row_params = params.model_copy(update={"model": model})
                item = _item_from_row(number, row, row_params, template)
        except (InputError, TemplateError, ValueError) as exc:
            problems.append(Problem(number, str(exc).rstrip(".")))
            continue
        item.custom_id = field_text(row.get("custom_id")).strip()
        if "custom_id" in row and not item.custom_id:
            problems.append(Problem(number, "custom_id is empty; give it a value or drop it"))
            continue
        models.setdefault(str(item.body.get("model")), number)
        dataset.items.append(item)
    if not dataset.items and not problems:
        problems.append(Problem(0, f"{path.name} has no items"))
    _check_models(dataset, models)
    assign_custom_ids(dataset)
    return dataset


def _check_models(dataset: Dataset, models: dict[str, int]) -> None:
    if len(models) > 1:
        (first, _), (second, line) = list(models.items())[:2]
        dataset.problems.append(
            Problem(
                line,
                f"uses model {second!r} but the file started with {first!r}; a batch "
                "file holds one model, so split the file by model",
            )
        )


def assign_custom_ids(dataset: Dataset) -> None:
    """Generated ids for items without one; duplicates named with both lines."""
    seen: dict[str, int] = {}
    for item in dataset.items:
        if not item.custom_id:
            continue
        if item.custom_id in seen:
            dataset.problems.append(
                Problem(
                    item.line,
                    f"custom_id {item.custom_id!r} is also on line "
                    f"{seen[item.custom_id]}; custom_ids must be unique",
                )
            )
        else:
            seen[item.custom_id] = item.line
    for item in dataset.items:
        if not item.custom_id:
            item.custom_id = f"item-{item.line}-{uuid.uuid4().hex[:8]}"
    dataset.problems.sort(key=lambda p: p.line)


def from_evaluations(records: Iterable[Any], source: str) -> Dataset:
    """Chosen evaluations of a session, judged again offline with what they were asked."""
    dataset = Dataset(source=source)
    for number, record in enumerate(records, start=1):
        inputs = JudgeInputs.model_validate(record.inputs)
        params = JudgeParams.model_validate(record.params)
        try:
            body = strip_stream(build_chat_request(inputs, params).wire())
        except (InputError, TemplateError) as exc:
            dataset.problems.append(Problem(number, str(exc).rstrip(".")))
            continue
        dataset.items.append(
            BatchItem(
                custom_id=record.uid,
                line=number,
                body=body,
                mode=inputs.mode.value,
                max_score=verdict_max_score(inputs, params),
                inputs=inputs.model_dump(mode="json"),
                params=params.model_dump(mode="json"),
                template_name=record.template_name,
                template_version=record.template_version,
            )
        )
    if not dataset.items and not dataset.problems:
        dataset.problems.append(Problem(0, "there are no evaluations to judge"))
    models: dict[str, int] = {}
    for item in dataset.items:
        models.setdefault(str(item.body.get("model")), item.line)
    _check_models(dataset, models)
    return dataset


def apply_plan(dataset: Dataset, plan: Plan) -> None:
    """Each item made into its plan's games (judging/plans.py), each a line of its own whose
    custom_id says which game it is; the collect stores each as the judgment it is, and
    analysis reads the games together. A batch file holds one model, so several judges are
    several jobs."""
    if plan.is_plain:
        return
    if len(plan.judges) > 1:
        why = "a batch file holds one model, so --judges makes one job per judge: submit once "
        dataset.problems.append(Problem(0, why + "with each --model"))
        return
    games: list[BatchItem] = []
    for item in dataset.items:
        if item.inputs is None or item.params is None:
            why = "a ready batch line (with a body) cannot be planned; give its fields instead"
            dataset.problems.append(Problem(item.line, why))
            continue
        inputs = JudgeInputs.model_validate(item.inputs)
        params = JudgeParams.model_validate(item.params)
        try:
            planned = plan_games(item.custom_id, inputs, params, plan)
        except PlanError as exc:
            dataset.problems.append(Problem(item.line, str(exc).rstrip(".")))
            continue
        for key, game_inputs, game_params in planned:
            games.append(replace(
                item, custom_id=key.custom_id,
                body=strip_stream(build_chat_request(game_inputs, game_params).wire()),
                inputs=game_inputs.model_dump(mode="json"),
                params=game_params.model_dump(mode="json"),
            ))  # fmt: skip
    dataset.items = games
