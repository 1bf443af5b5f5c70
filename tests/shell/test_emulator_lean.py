"""How the simulated judge leans (issue 16, item 4), over HTTP: `--position-bias P` makes a
pairwise verdict prefer slot 1 with probability P, whatever the answers, so judging both orders
shows it; `--judge-noise P` makes a repeat with another seed, or a second model, differ
sometimes, and without it they agree."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from judge_tui.emulator.config import thinking
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.paths import home_paths

from ..cli_helpers import run_cli
from ..conftest import TOKEN

ITEMS = 50


def games(tmp_path: Path, swapped: bool) -> Path:
    """50 pairwise items with one clearly better answer, in slot 1 for half of them; swapped:
    the same items with the answers exchanged."""
    lines = []
    for n in range(ITEMS):
        good, bad = f"The capital of country {n} is City{n}.", "I do not know."
        first, second = (good, bad) if n % 2 else (bad, good)
        if swapped:
            first, second = second, first
        lines.append(json.dumps({
            "custom_id": f"g{n}", "question": f"What is the capital of country {n}?",
            "answer1": first, "answer2": second,
        }))  # fmt: skip
    path = tmp_path / ("swapped.jsonl" if swapped else "games.jsonl")
    path.write_text("\n".join(lines) + "\n")
    return path


def verdicts(server: EmulatorServer, items: Path, *flags: str) -> dict[str, Any]:
    # One output file per server and flags: an existing one would be resumed, not judged again.
    port = server.base_url.rsplit(":", 1)[1].split("/")[0]
    out = items.with_suffix(f".{port}" + "".join(flags).replace("-", "") + ".out")
    result = run_cli(
        "judge", "--base-url", server.base_url, "--input", str(items), "--output", str(out),
        "--no-save", *flags, token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return {row["custom_id"]: row["verdict"] for row in rows}


def readings(verdicts_by_item: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """What each verdict reads as: the winner and the answers' scores (the wording of the
    criteria may differ from model to model)."""
    return {k: (v["winner"], v["answer_scores"]) for k, v in verdicts_by_item.items()}


def consistency(server: EmulatorServer, tmp_path: Path) -> tuple[float, float]:
    """(share of items whose winner is the same in both orders, share of games slot 1 won)"""
    straight = verdicts(server, games(tmp_path, swapped=False))
    swapped = verdicts(server, games(tmp_path, swapped=True))
    back = {1: 2, 2: 1, "tie": "tie"}
    same = sum(straight[k]["winner"] == back[swapped[k]["winner"]] for k in straight)
    first = sum(v["winner"] == 1 for v in [*straight.values(), *swapped.values()])
    return same / ITEMS, first / (2 * ITEMS)


def test_position_bias_shows_as_inconsistency_and_a_first_slot_preference(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    fair = start_emulator()
    assert consistency(fair, tmp_path) == (1.0, 0.5)
    biased = start_emulator(position_bias=0.3)
    same, first = consistency(biased, tmp_path)
    # One order of each item has the worse answer in slot 1: a biased draw there flips it.
    assert abs(same - 0.7) <= 0.15
    assert first > 0.5


def test_judge_noise_makes_repeats_and_models_differ_sometimes(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    items = games(tmp_path, swapped=False)
    steady = start_emulator()
    runs = [readings(verdicts(steady, items, *flags)) for flags in
            ((), ("--seed", "7"), ("--model", "pai-judge-plus"))]  # fmt: skip
    assert runs[0] == runs[1] == runs[2]
    noisy = start_emulator(judge_noise=0.5)
    runs = [readings(verdicts(noisy, items, *flags)) for flags in
            ((), ("--seed", "7"), ("--model", "pai-judge-plus"))]  # fmt: skip
    for other in runs[1:]:
        differ = sum(runs[0][k] != other[k] for k in runs[0])
        assert 0 < differ < ITEMS
    again = start_emulator(judge_noise=0.5)
    assert runs[0] == readings(verdicts(again, items))  # the same request, the same verdict


def test_the_lean_switches_refuse_a_share_out_of_range() -> None:
    for flag in ("--position-bias", "--judge-noise"):
        result = run_cli("emulator", flag, "1.5")
        assert result.returncode == 2 and "between 0 and 1" in result.stderr


def test_a_reasoning_models_long_thinking_is_stored_once_and_its_verdict_read(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """`--think-chars N` opens each verdict with N characters of thinking in <think> tags: the
    verdict after it is read, and the long text is stored once."""
    server = start_emulator(verdict_prefix=thinking(20_000))
    done = run_cli(
        "judge", "--base-url", server.base_url, "--format", "json", "--session", "think",
        "--question", "What is 2+2?", "--answer", "4", token=TOKEN,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["content"].startswith("<think>") and len(out["content"]) > 20_000
    assert out["verdict"]["parsed"] and out["verdict"]["score"] is not None
    conn = sqlite3.connect(home_paths().database)
    (response_bytes,) = conn.execute("SELECT length(response_json) FROM evaluations").fetchone()
    conn.close()
    assert response_bytes < 2_000


def test_think_chars_out_of_range_is_refused_in_one_sentence() -> None:
    done = run_cli("emulator", "--think-chars", "-1")
    assert done.returncode == 2
    assert done.stderr.strip() == "judge-tui: --think-chars must be between 0 and 10000000."


def test_number_flood_out_of_range_is_refused_in_one_sentence() -> None:
    done = run_cli("emulator", "--number-flood-kb", "70000")
    assert done.returncode == 2
    assert done.stderr.strip() == "judge-tui: --number-flood-kb must be between 0 and 65536."
