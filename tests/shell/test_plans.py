"""Judging plans from the shell (issue 16, the online part): `judge --input` with --swap,
--judges and --repeat against the emulator over HTTP, and what `stats` reads from the games."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judge_tui.emulator.server import EmulatorServer
from judge_tui.judging.plans import GameKey, Plan, PlanError, game_of

from ..cli_helpers import run_cli
from ..conftest import TOKEN


def pairwise_items(tmp_path: Path, count: int = 50) -> Path:
    lines = []
    for n in range(count):
        good, bad = f"The capital of country {n} is City{n}.", "I do not know."
        first, second = (good, bad) if n % 2 else (bad, good)
        lines.append(json.dumps({"custom_id": f"g{n}", "question": f"Capital of country {n}?",
                                 "answer1": first, "answer2": second}))  # fmt: skip
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def judge(server: EmulatorServer, items: Path, session: str, *flags: str) -> Any:
    return run_cli(
        "judge", "--base-url", server.base_url, "--input", str(items), "--output",
        str(items.with_suffix(f".{session}.out")), "--session", session, *flags, token=TOKEN,
    )  # fmt: skip


def stats(session: str, *flags: str) -> dict[str, Any]:
    result = run_cli("stats", f"session:{session}", "--format", "json", *flags)
    assert result.returncode == 0, result.stderr
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def test_swap_against_a_biased_judge_shows_its_inconsistency(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    biased = start_emulator(position_bias=0.3)
    items = pairwise_items(tmp_path)
    done = judge(biased, items, "biased", "--swap")
    assert done.returncode == 0, done.stderr
    assert biased.emulator.stats["chat_requests"] == 100  # 50 items, both orders
    figures = stats("biased")
    swap = figures["swap"]
    assert swap["games"] == 100 and swap["items"] == 50
    # Per item: both orders' winners (the swapped one mapped back) and whether they agree.
    assert len(swap["per_item"]) == 50
    assert sum(not row["agree"] for row in swap["per_item"]) == swap["inconsistent"]
    text = run_cli("stats", "session:biased")
    assert f"Items whose orders disagree ({swap['inconsistent']})" in text.stdout
    assert abs(swap["consistency"] - 0.7) <= 0.15  # what a 0.3 bias implies here
    assert swap["first_slot_preference"] > 0.5
    # Policy tie (FastChat's): every inconsistent item is a tie, counted once.
    p = figures["pairwise"]
    assert p["wins"] + p["ties"] + p["losses"] == 50
    assert p["ties"] >= swap["inconsistent"] > 0
    left_out = stats("biased", "--swap-policy", "inconsistent")["pairwise"]
    assert left_out["wins"] + left_out["ties"] + left_out["losses"] == 50 - swap["inconsistent"]
    again = judge(biased, items, "biased", "--swap")  # a rerun judges nothing twice
    assert again.returncode == 0 and biased.emulator.stats["chat_requests"] == 100


def test_a_fair_judge_is_consistent_in_both_orders(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    fair = start_emulator()
    assert judge(fair, pairwise_items(tmp_path), "fair", "--swap").returncode == 0
    swap = stats("fair")["swap"]
    assert swap["consistency"] == 1.0 and swap["first_slot_preference"] == 0.5


def test_two_judges_and_repeats_are_games_of_their_own(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    noisy = start_emulator(judge_noise=0.5)
    items = pairwise_items(tmp_path, 40)
    done = judge(noisy, items, "panel", "--judges", "pai-judge,pai-judge-plus")
    assert done.returncode == 0, done.stderr
    assert noisy.emulator.stats["chat_requests"] == 80
    out = [json.loads(line) for line in items.with_suffix(".panel.out").read_text().splitlines()]
    assert {game_of(row["custom_id"]).judge for row in out} == {"pai-judge", "pai-judge-plus"}
    # Agreement reads the two judges of one run, their games paired by item.
    agreed = run_cli("agree", "session:panel", "--by-judge", "--format", "json")
    assert agreed.returncode == 0, agreed.stderr
    result = json.loads(agreed.stdout)
    assert len(result["raters"]) == 2 and result["paired"] == 40
    assert result["joined_by"] == {"custom_id": 40} and result["kind"] == "winner"
    repeated = judge(noisy, items, "repeats", "--repeat", "3")
    assert repeated.returncode == 0, repeated.stderr
    repeats = stats("repeats")["repeats"]
    assert repeats["groups"] == 40 and 0 < repeats["identical_share"] < 1


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (("--repeat", "0"), "Repeats (--repeat) must be"),
        (("--judges", "a,a"), "name a model twice"),
        (("--judges", "a@b"), "not a judge model name"),
    ],
)
def test_a_wrong_plan_gets_one_sentence(tmp_path: Path, flags: tuple[str, ...], said: str) -> None:
    items = pairwise_items(tmp_path, 2)
    result = run_cli("judge", "--input", str(items), "--output", str(tmp_path / "o.jsonl"),
                     "--base-url", "http://127.0.0.1:9/v1", *flags, token=TOKEN)  # fmt: skip
    assert result.returncode == 2 and said in result.stderr and "Traceback" not in result.stderr
    single = run_cli("judge", "--question", "q", "--answer", "a", "--swap", token=TOKEN)
    assert single.returncode == 2 and "give --answer1 and --answer2" in single.stderr


def test_game_ids_read_back() -> None:
    for key in (
        GameKey("q1"),
        GameKey("q1", "pai-judge-plus", True, 3),
        GameKey("a-b", None, True),
    ):
        assert game_of(key.custom_id) == key
    assert game_of("plain#id") == GameKey("plain#id")
    assert Plan(swap=True, judges=("a", "b"), repeats=2).games_per_item(pairwise=True) == 8
    with pytest.raises(PlanError):
        Plan(repeats=21)


def test_plan_prints_the_requests_and_sends_nothing(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = pairwise_items(tmp_path)
    out = tmp_path / "plan.out"
    shown = run_cli("judge", "--base-url", emulator.base_url, "--input", str(items), "--output",
                    str(out), "--swap", "--plan")  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "50 items, 100 games = 100 requests" in shown.stdout
    assert "input tokens (an estimate" in shown.stdout and "half the online price" in shown.stdout
    assert emulator.emulator.stats["chat_requests"] == 0 and not out.exists()


def test_max_requests_stops_and_the_rerun_finishes_with_nothing_twice(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = pairwise_items(tmp_path)
    stopped = judge(emulator, items, "budget", "--swap", "--max-requests", "30")
    assert stopped.returncode == 5, stopped.stderr
    assert "stopped at --max-requests 30" in stopped.stderr
    assert emulator.emulator.stats["chat_requests"] == 30
    assert "plan: 50 items, 100 games" in stopped.stderr  # every run says its plan first
    finished = judge(emulator, items, "budget", "--swap")
    assert finished.returncode == 0, finished.stderr
    assert "70 games = 70 requests" in finished.stderr
    assert emulator.emulator.stats["chat_requests"] == 100
    ids = [json.loads(line)["custom_id"] for line in
           items.with_suffix(".budget.out").read_text().splitlines()]  # fmt: skip
    assert len(ids) == len(set(ids)) == 100
    assert stats("budget")["count"] == 100


def test_max_tokens_total_stops_once_the_reported_usage_reaches_it(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = pairwise_items(tmp_path, 5)
    stopped = judge(emulator, items, "tokens", "--max-tokens-total", "1", "--concurrency", "1")
    assert stopped.returncode == 5 and "--max-tokens-total 1" in stopped.stderr
    assert emulator.emulator.stats["chat_requests"] == 1


def test_an_item_over_its_models_input_limit_is_flagged_before_sending(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = tmp_path / "long.jsonl"
    items.write_text(
        json.dumps({"custom_id": "long", "question": "Summarise", "answer": "word " * 40000}) + "\n"
    )
    result = run_cli("judge", "--base-url", emulator.base_url, "--model", "themis-turbo",
                     "--input", str(items), "--output", str(tmp_path / "o.jsonl"), token=TOKEN)  # fmt: skip
    assert result.returncode == 2
    assert "long is about 50009 tokens, over its model's 8192" in result.stderr
    assert emulator.emulator.stats["chat_requests"] == 0


def test_a_swap_batch_job_has_twice_the_lines_and_the_online_figures(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(position_bias=0.3, batch_seconds=0.5)
    items = pairwise_items(tmp_path, 20)
    assert judge(server, items, "online", "--swap").returncode == 0
    submitted = run_cli(
        "batch", "submit", str(items), "--base-url", server.base_url, "--name", "swapped",
        "--swap", "--wait", token=TOKEN, timeout=120,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    assert "40 items in 1 file(s)" in submitted.stderr  # twice the lines
    batch = json.loads(run_cli("stats", "job:swapped", "--format", "json").stdout)
    online = stats("online")
    assert batch["swap"] == online["swap"] and batch["pairwise"] == online["pairwise"]
    assert batch["swap"]["items"] == 20
    # A wrong plan is refused before anything is sent.
    refused = run_cli("batch", "submit", str(items), "--base-url", server.base_url,
                      "--repeat", "0", token=TOKEN)  # fmt: skip
    assert refused.returncode == 2 and "Repeats (--repeat) must be" in refused.stderr


def test_earlier_turns_reach_a_custom_template_and_are_kept_with_the_item(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    history = "user: what is 2+2?\nassistant: 5"
    result = run_cli(
        "judge", "--base-url", emulator.base_url, "--system", "You judge dialogues.",
        "--user-template", "Earlier turns:\n{history_dialogue}\nLast answer: {answer}",
        "--answer", "Sorry, it is 4.", "--history-dialogue", history, "--format", "json",
        token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    body = emulator.emulator.last_chat_body
    assert body is not None and history in body["messages"][-1]["content"]
    exported = run_cli("sessions", "export", "scratch", "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    stored = json.loads(exported.stdout.splitlines()[1])
    assert stored["inputs"]["history_dialogue"] == history


def test_a_profile_can_override_its_models_input_limit(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    from judge_tui.store.paths import home_paths

    items = tmp_path / "mid.jsonl"
    items.write_text(
        json.dumps({"custom_id": "mid", "question": "q", "answer": "word " * 400}) + "\n"
    )
    home_paths().ensure()
    bad = run_cli("profile", "add", "tiny", "--base-url", emulator.base_url, "--no-token",
                  "--max-input-tokens", "0")  # fmt: skip
    assert bad.returncode == 2 and "--max-input-tokens" in bad.stderr
    made = run_cli("profile", "add", "tiny", "--base-url", emulator.base_url, "--no-token",
                   "--max-input-tokens", "100")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "max_input_tokens = 100" in home_paths().config.read_text()
    out = str(tmp_path / "o.jsonl")
    flagged = run_cli("judge", "--profile", "tiny", "--input", str(items), "--output", out,
                      "--plan", token=TOKEN)  # fmt: skip
    assert flagged.returncode == 2 and "over its model's 100" in flagged.stdout
    # Without the profile, pai-judge's documented 32768 lets the same item through.
    fine = run_cli("judge", "--base-url", emulator.base_url, "--input", str(items), "--output",
                   out, "--plan", token=TOKEN)  # fmt: skip
    assert fine.returncode == 0 and "over" not in fine.stdout


def test_one_item_on_the_command_line_is_judged_as_a_plan(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    biased = start_emulator(position_bias=1.0)  # slot 1 always wins: the orders disagree
    asked = ("judge", "--base-url", biased.base_url, "--question", "Capital of France? \x1b]52;c;aGk=\x07",
             "--answer1", "Paris.", "--answer2", "Lyon.", "--swap", "--judges",
             "pai-judge,pai-judge-plus", "--session", "one-plan")  # fmt: skip
    shown = run_cli(*asked, "--plan", token=TOKEN)
    assert shown.returncode == 0, shown.stderr
    assert "4 requests (2 to pai-judge, 2 to pai-judge-plus)" in shown.stdout
    assert biased.emulator.stats["chat_requests"] == 0
    done = run_cli(*asked, token=TOKEN)
    assert done.returncode == 0, done.stderr
    assert biased.emulator.stats["chat_requests"] == 4
    assert "plan: 1 item, 4 games = 4 requests" in done.stderr
    assert done.stdout.count("── item-") == 4 and "answers exchanged" in done.stdout
    assert (
        "Both orders (pai-judge): Answer 1 as given, Answer 2 with the answers exchanged. "
        "They disagree: the item counts as a tie" in done.stdout
    )
    assert "Judges: pai-judge a tie · pai-judge-plus a tie: they agree." in done.stdout
    assert "\x1b" not in done.stdout + done.stderr
    figures = stats("one-plan")
    assert figures["count"] == 4 and figures["swap"]["games"] == 4
    assert figures["swap"]["consistency"] == 0.0


def test_a_planned_judgment_prints_json_with_every_game_and_refuses_budgets(
    emulator: EmulatorServer,
) -> None:
    asked = ("judge", "--base-url", emulator.base_url, "--question", "Q?", "--answer", "A.",
             "--repeat", "3", "--format", "json")  # fmt: skip
    done = run_cli(*asked, token=TOKEN)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert [g["custom_id"].split("~")[-1] for g in shown["games"]][1:] == ["2", "3"]
    assert any(s.startswith("Repeats of pai-judge: ") for s in shown["plan"])
    refused = run_cli(*asked, "--max-requests", "2", token=TOKEN)
    assert refused.returncode == 2 and "give --input and --output" in refused.stderr
    assert emulator.emulator.stats["chat_requests"] == 3


def test_a_plan_against_a_silent_service_says_what_it_waits_for_and_stops_on_ctrl_c(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys

    from ..cli_helpers import TOKEN_VARS

    silent = start_emulator(silent=True)
    items = pairwise_items(tmp_path, 3)
    output = tmp_path / "silent.out"
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_VARS}
    env["JUDGE_MODEL_TOKEN"] = TOKEN
    process = subprocess.Popen(
        [sys.executable, "-m", "judge_tui", "judge", "--base-url", silent.base_url, "--input",
         str(items), "--output", str(output), "--swap", "--session", "silent"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        said = []
        for line in process.stderr:  # the plan first, then the first note after 5 s of silence
            said.append(line)
            if "waiting for" in line:
                break
        assert any("plan: 3 items, 6 games = 6 requests" in line for line in said)
        assert "waiting for the first verdict from 127.0.0.1" in said[-1]
        assert "gives up after 600 s; Ctrl-C stops" in said[-1]
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(timeout=20) == 130
    finally:
        process.kill()
        process.wait()
    assert "interrupted; 0 verdicts are saved" in rest and "Traceback" not in rest
    assert silent.emulator.stats["unanswered"] == 6  # each game asked once, none twice


def test_a_judge_named_as_a_profile_is_sent_to_that_profiles_service(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    from judge_tui.store.paths import home_paths

    near, far = start_emulator(), start_emulator(judge_noise=0.4)
    home_paths().ensure()
    made = run_cli("profile", "add", "far", "--base-url", far.base_url, "--no-token")
    assert made.returncode == 0, made.stderr
    items = tmp_path / "items.jsonl"
    items.write_text("".join(
        json.dumps({"custom_id": f"s{n}", "question": f"What is {n} + {n}?",
                    "answer": f"It is {2 * n}.", "ref_answer": f"{2 * n}"}) + "\n"
        for n in range(20)
    ))  # fmt: skip
    done = judge(near, items, "two-services", "--judges", "pai-judge,profile:far")
    assert done.returncode == 0, done.stderr
    assert "40 requests (20 to pai-judge, 20 to profile:far)" in done.stderr
    assert near.emulator.stats["chat_requests"] == 20
    assert far.emulator.stats["chat_requests"] == 20
    agreed = run_cli("agree", "session:two-services", "--by-judge", "--format", "json")
    assert agreed.returncode == 0, agreed.stderr
    assert json.loads(agreed.stdout)["paired"] == 20  # the same model name, two judges
    missing = judge(near, items, "none", "--judges", "pai-judge,profile:nowhere")
    assert missing.returncode == 2 and "nowhere" in missing.stderr
    assert "Traceback" not in missing.stderr and near.emulator.stats["chat_requests"] == 20


def test_batch_submit_says_its_plan_and_plan_alone_sends_nothing(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    from judge_tui.store.paths import home_paths

    items = pairwise_items(tmp_path, 10)
    shown = run_cli("batch", "submit", str(items), "--base-url", emulator.base_url, "--swap",
                    "--plan")  # fmt: skip  # no token: nothing is sent
    assert shown.returncode == 0, shown.stderr
    assert "10 items, 20 games = 20 lines in 1 file(s) of 20 lines" in shown.stdout
    assert "input tokens (an estimate" in shown.stdout and "half the online price" in shown.stdout
    assert emulator.emulator.stats["uploads"] == 0
    assert not home_paths().batches.exists() or not any(home_paths().batches.iterdir())
    long = tmp_path / "long.jsonl"
    long.write_text(
        json.dumps({"custom_id": "big", "question": "q", "answer": "w " * 20000}) + "\n"
    )
    over = run_cli("batch", "submit", str(long), "--base-url", emulator.base_url, "--model",
                   "themis-turbo", token=TOKEN)  # fmt: skip
    assert (
        over.returncode == 2
        and "big is about" in over.stderr
        and "over its model's 8192" in over.stderr
    )
    assert "nothing was sent" in over.stderr and emulator.emulator.stats["uploads"] == 0
