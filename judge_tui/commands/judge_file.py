"""`judge-tui judge --input items.jsonl --output verdicts.jsonl`: many judgments, resumable.

The output is append-only while running (a crash loses at most the line being written), and
on a rerun it is first rewritten atomically without failed or torn lines, so failed items are
retried and nothing appears twice.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from judge_tui.api.jsonl import dump_jsonl_line, split_jsonl
from judge_tui.api.models import ChatRequest
from judge_tui.api.urls import BaseUrlError
from judge_tui.api.usage import tokens_used
from judge_tui.commands.judge_args import (
    EXIT_BAD_INPUT,
    EXIT_BUDGET,
    EXIT_NOT_STORED,
    EXIT_OK,
    EXIT_SERVICE,
    JudgeCommand,
    flag_fields,
    params_from_args,
    parse_vars,
)
from judge_tui.commands.plan_args import say_plan
from judge_tui.commands.saving import SessionSaver
from judge_tui.commands.service import PlanServices, ServiceChoice, choose_service
from judge_tui.commands.terminal import write_control
from judge_tui.judging.inputs import (
    TEXT_FIELDS,
    InputError,
    JudgeInputs,
    JudgeParams,
    inputs_from_fields,
)
from judge_tui.judging.plans import game_of, plan_games
from judge_tui.judging.preflight import PlannedGame, preflight
from judge_tui.judging.requests import build_chat_request
from judge_tui.judging.run import JudgeStatus, judge
from judge_tui.judging.template import TemplateError

MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024
KNOWN_FIELDS = {*TEXT_FIELDS, "custom_id", "max_score", "model", "variables"}  # a line's keys
SHOWN_PROBLEMS = 5


@dataclass
class Item:
    custom_id: str
    inputs: JudgeInputs
    params: JudgeParams
    request: ChatRequest  # built once while checking the file, sent as it is
    judge: str | None = None  # its `profile:NAME` judge, whose own service it goes to


@dataclass
class Progress:
    total: int
    skipped: int
    out: TextIO
    started: float = field(default_factory=time.perf_counter)
    done: int = 0
    ok: int = 0
    unreadable: int = 0
    failed: int = 0
    _last_print: float = 0.0

    def add(self, status: JudgeStatus) -> None:
        self.done += 1
        if status is JudgeStatus.ERROR:
            self.failed += 1
        elif status is JudgeStatus.UNPARSED:
            self.unreadable += 1
        else:
            self.ok += 1
        self.show()

    def line(self) -> str:
        rate = self.done / max(1e-6, time.perf_counter() - self.started)
        skipped = f" · {self.skipped} already done" if self.skipped else ""
        return (
            f"judged {self.done}/{self.total} · ok {self.ok} · unreadable {self.unreadable} · "
            f"failed {self.failed} · {rate:.1f}/s{skipped}"
        )

    def show(self, final: bool = False) -> None:
        now = time.perf_counter()
        if self.out.isatty():
            if final or now - self._last_print > 0.1:
                write_control(self.out, "\r\x1b[K")  # ours: back to the line's start, clear it
                self.out.write(self.line() + ("\n" if final else ""))
                self.out.flush()
                self._last_print = now
        elif final or now - self._last_print > 2.0:
            self.out.write(self.line() + "\n")
            self.out.flush()
            self._last_print = now


def load_items(
    path: Path, args: JudgeCommand, choice: ServiceChoice, services: PlanServices | None = None
) -> tuple[list[Item], list[str], int]:
    """Every item, or the problems (with line numbers) that stop anything being sent."""
    data = path.read_bytes()
    problems: list[str] = []
    items: list[Item] = []
    seen: dict[str, int] = {}
    base_params = params_from_args(args, choice.model, choice.params)
    defaults = flag_fields(args)
    defaults["variables"] = parse_vars(args.var)
    count = 0
    for line in split_jsonl(data):
        count += 1
        where = f"line {line.number}"
        try:
            obj = line.parse()
        except UnicodeDecodeError:
            problems.append(f"{where}: not UTF-8 text; save the file as UTF-8")
            continue
        except ValueError as exc:
            problems.append(f"{where}: not valid JSON ({str(exc).split(':')[0]})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{where}: a JSON object is expected")
            continue
        unknown = sorted(set(obj) - KNOWN_FIELDS)
        if unknown:
            problems.append(f"{where}: unknown field {', '.join(unknown)}")
            continue
        custom_id = str(obj.get("custom_id") or line.number)
        if custom_id in seen:
            problems.append(
                f"{where}: custom_id {custom_id!r} already used on line {seen[custom_id]}"
            )
            continue
        seen[custom_id] = line.number
        fields = {k: v for k, v in defaults.items() if v is not None}
        fields.update({k: v for k, v in obj.items() if v is not None})
        try:
            inputs = inputs_from_fields(fields)
            params = base_params.model_copy(
                update={"model": str(obj.get("model") or base_params.model)}
            )
            # Each game of the plan (judging/plans.py) is an item of its own: its own
            # custom_id, request, line in the output and stored judgment.
            models = services.models if services is not None else None
            planned = plan_games(custom_id, inputs, params, args.plan, models)
            games = [
                Item(key.custom_id, game_inputs, game_params,
                     build_chat_request(game_inputs, game_params),  # every check a request makes
                     PlanServices.profile_judge(args.plan, key))
                for key, game_inputs, game_params in planned
            ]  # fmt: skip
        except (InputError, TemplateError, ValueError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        items.extend(games)
    return items, problems, count


def resume_output(path: Path, *, rewrite: bool = True) -> set[str]:
    """custom_ids already judged; failed and torn lines are dropped so they are tried again
    (`rewrite=False`, for --plan: only counted, the file left as it is)."""
    if not path.exists():
        return set()
    done: set[str] = set()
    kept: list[bytes] = []
    dropped = 0
    for line in split_jsonl(path.read_bytes()):
        try:
            obj = line.parse()
        except (ValueError, UnicodeDecodeError):
            dropped += 1
            continue
        if not isinstance(obj, dict) or "custom_id" not in obj or obj.get("status") == "error":
            dropped += 1
            continue
        if obj["custom_id"] in done:
            dropped += 1
            continue
        done.add(str(obj["custom_id"]))
        kept.append(line.raw + b"\n")
    if dropped and rewrite:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.writelines(kept)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    return done


@dataclass
class Budget:
    """--max-requests and --max-tokens-total: what a run may spend (tokens as the service
    reported them). A request is counted when it is sent; the run stops sending once either
    limit is reached, and says which."""

    max_requests: int | None = None
    max_tokens: int | None = None
    requests: int = 0
    tokens: int = 0
    reached: str | None = None

    def take(self) -> bool:
        if self.max_requests is not None and self.requests >= self.max_requests:
            self.reached = self.reached or f"--max-requests {self.max_requests}"
        if self.max_tokens is not None and self.tokens >= self.max_tokens:
            self.reached = self.reached or f"--max-tokens-total {self.max_tokens}"
        if self.reached is not None:
            return False
        self.requests += 1
        return True

    def spent(self, usage: dict[str, Any] | None, answered: bool) -> None:
        """Count an answer's tokens. An answer whose tokens the service did not say (or said
        wrongly: api/models.py leaves them unsaid) cannot be counted against
        --max-tokens-total, so the run stops sending rather than spend past it unseen."""
        used = tokens_used(usage)
        if used is not None:
            self.tokens += used
        elif answered and self.max_tokens is not None:
            self.reached = self.reached or (
                f"--max-tokens-total {self.max_tokens} (an answer came without its token count, "
                "so the total can no longer be held)"
            )


async def judge_all(
    items: list[Item],
    args: JudgeCommand,
    output: Path,
    progress: Progress,
    choice: ServiceChoice,
    saver: SessionSaver,
    budget: Budget | None = None,
    services: PlanServices | None = None,
) -> None:
    """`services`: where each game goes (a `profile:NAME` judge's to its own service)."""
    budget = budget or Budget()
    services = services or PlanServices(choice, {})
    concurrency = max(1, args.concurrency)
    queue: asyncio.Queue[Item] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    stop = asyncio.Event()
    with output.open("ab") as out:
        async with services.clients(concurrency) as client_for:
            client = client_for(None)

            async def worker() -> None:
                while not stop.is_set():
                    try:
                        item = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    if not budget.take():
                        return
                    outcome = await judge(
                        client_for(item.judge), item.inputs, item.params, request=item.request
                    )
                    budget.spent(outcome.usage, answered=outcome.status != JudgeStatus.ERROR)
                    record: dict[str, Any] = {"custom_id": item.custom_id, **outcome.summary()}
                    # One write per line, flushed: a crash leaves at most one torn line.
                    out.write(dump_jsonl_line(record))
                    out.flush()
                    progress.add(outcome.status)
                    profile = services.service(item.judge).profile
                    if not saver.save(outcome, item.custom_id, profile):
                        # What is sent now could not be kept in the session: stop sending.
                        # The output file has every verdict so far; a rerun does the rest.
                        stop.set()
                        return

            # A service that takes the requests and says nothing: say what is waited for.
            from judge_tui.commands.judge_cmd import say_waiting

            waiting = asyncio.create_task(
                say_waiting(client, lambda: progress.done > 0, "the first verdict")
            )
            try:
                await asyncio.gather(*(worker() for _ in range(concurrency)))
            finally:
                waiting.cancel()


def run_judge_file(args: JudgeCommand) -> int:
    if not (args.input and args.output):
        print("judge-tui: --input and --output go together; give both.", file=sys.stderr)
        return EXIT_BAD_INPUT
    source, output = Path(args.input), Path(args.output)
    if source.is_dir() or output.is_dir():
        folder = source if source.is_dir() else output
        print(f"judge-tui: {folder} is a directory; give a file.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if output.exists() and source.exists() and output.samefile(source):
        print(
            "judge-tui: --input and --output are the same file, which would replace your items "
            "with verdicts; give another --output.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        size = source.stat().st_size
    except OSError:
        print(f"judge-tui: cannot read {source}; check the path.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if size > MAX_INPUT_BYTES:
        print(
            f"judge-tui: {source} is larger than 2 GB; split it into smaller files.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        choice = choose_service(args.base_url, args.profile, args.model)
    except BaseUrlError as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        services = PlanServices.of(args.plan, choice)
        items, problems, count = load_items(source, args, choice, services)
    except InputError as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if problems:
        print(
            f"judge-tui: {len(problems)} of {count} lines in {source} have problems; "
            "nothing was sent. Fix them and run again:",
            file=sys.stderr,
        )
        for problem in problems[:SHOWN_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        if len(problems) > SHOWN_PROBLEMS:
            print(f"  … and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not items:
        print(f"judge-tui: {source} has no judgments in it.", file=sys.stderr)
        return EXIT_BAD_INPUT
    done = resume_output(output, rewrite=not args.show_plan)
    todo = [item for item in items if item.custom_id not in done]
    plan = preflight(
        len({game_of(item.custom_id).item for item in todo}),
        (
            PlannedGame(
                i.custom_id,
                i.params.model,
                i.request.wire(),
                services.service(i.judge).max_input_tokens,
                i.judge,
            )
            for i in todo
        ),
        choice.max_input_tokens,
    )
    said = say_plan(
        plan.lines(args.concurrency), only_show=args.show_plan, over_limit=len(plan.too_long)
    )
    if said is not None:
        return said
    output.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(total=len(todo), skipped=len(items) - len(todo), out=sys.stderr)
    saver = SessionSaver(args.session, choice.profile)
    budget = Budget(*args.budget)
    try:
        asyncio.run(judge_all(todo, args, output, progress, choice, saver, budget, services))
    except KeyboardInterrupt:
        progress.show(final=True)
        print(
            f"judge-tui: interrupted; {progress.done} verdicts are saved in {output}. "
            "Run the same command again to finish the rest.",
            file=sys.stderr,
        )
        return 130
    progress.show(final=True)
    saver.close()
    if budget.reached is not None:
        print(
            f"judge-tui: stopped at {budget.reached}: {progress.done} judged, in {output}. Run "
            "the same command again (with a higher limit, or none) to judge the rest.",
            file=sys.stderr,
        )
        return EXIT_BUDGET
    if saver.failed:
        print(
            f"judge-tui: stopped: the session could not store verdicts. The {progress.done} "
            f"verdicts judged are in {output}; fix the store and run the same command again.",
            file=sys.stderr,
        )
        return EXIT_NOT_STORED
    if progress.failed:
        print(
            f"judge-tui: {progress.failed} judgments failed (their errors are in {output}); "
            "run the same command again to retry them.",
            file=sys.stderr,
        )
        return EXIT_SERVICE
    return EXIT_OK
