"""Analysis from the shell (issue 15): stats, compare, agree and report over judgments made
through the emulator over HTTP, checked against reference implementations on the same numbers,
with the gates a CI pipeline uses and the bad input a user gives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats as scipy_stats
from sklearn.metrics import cohen_kappa_score

from judge_tui.emulator.server import EmulatorServer

from ..app_helpers import HOSTILE
from ..cli_helpers import run_cli
from ..conftest import TOKEN

CAPITALS = [("France", "Paris"), ("Japan", "Tokyo"), ("Italy", "Rome"), ("Peru", "Lima"),
            ("Kenya", "Nairobi"), ("Chile", "Santiago")]  # fmt: skip


def items_file(tmp_path: Path, name: str, good: bool, pairwise: bool = False) -> Path:
    lines = []
    for n in range(30):
        country, capital = CAPITALS[n % len(CAPITALS)]
        right = f"The capital of {country} is {capital}."
        wrong = "I do not know." if n % 3 == 0 else f"It is probably {country} City."
        item: dict[str, Any] = {
            "custom_id": f"item-{n:02d}",
            "question": f"What is the capital of {country}? (#{n})",
            "ref_answer": capital,
        }
        if pairwise:
            item.update(answer1=right if good else wrong, answer2=wrong)
        else:
            item["answer"] = right if (good or n % 2) else wrong
        lines.append(json.dumps(item))
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def judge_into(server: EmulatorServer, items: Path, session: str, *flags: str) -> None:
    result = run_cli(
        "judge", "--base-url", server.base_url, "--input", str(items),
        "--output", str(items.with_suffix(f".{session}.out")), "--session", session, *flags,
        token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def as_json(*args: str) -> dict[str, Any]:
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def scores_of(session: str) -> dict[str, float]:
    """Each item's score, as `sessions export` gives it: the reference side of the checks."""
    result = run_cli("sessions", "export", session, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {
        row["custom_id"]: row["score"]
        for row in rows
        if row["type"] == "evaluation" and row["score"] is not None
    }


@pytest.fixture
def two_runs(emulator: EmulatorServer, tmp_path: Path) -> tuple[str, str]:
    judge_into(emulator, items_file(tmp_path, "good", good=True), "run-a")
    judge_into(emulator, items_file(tmp_path, "mixed", good=False), "run-b")
    return "run-a", "run-b"


def test_stats_of_a_session_match_the_reference_figures(two_runs: tuple[str, str]) -> None:
    stats = as_json("stats", f"session:{two_runs[0]}")
    for key in ("count", "readable", "unreadable", "mean", "median", "sd", "ci95", "histogram",
                "criteria", "pairwise", "tokens", "latency_ms"):  # fmt: skip
        assert key in stats
    scores = list(scores_of(two_runs[0]).values())
    assert stats["count"] == 30 and stats["readable"] == 30
    assert stats["mean"] == pytest.approx(np.mean(scores))
    assert stats["median"] == pytest.approx(np.median(scores))
    assert stats["sd"] == pytest.approx(np.std(scores, ddof=1))
    lo, hi = stats["ci95"]
    assert lo <= stats["mean"] <= hi
    assert sum(stats["histogram"].values()) == 30 and set(stats["histogram"]) >= set("12345")
    assert stats["tokens"]["total"] == stats["tokens"]["prompt"] + stats["tokens"]["completion"]
    assert stats["latency_ms"]["p50"] <= stats["latency_ms"]["p95"]
    assert "Accuracy" in stats["criteria"]
    # The same numbers twice: the interval is seeded.
    assert as_json("stats", f"session:{two_runs[0]}")["ci95"] == stats["ci95"]
    # Plausible simulated scores: right answers score well (issue 15 item 10).
    assert stats["mean"] >= 3.5


def test_compare_pairs_the_items_and_matches_scipy(two_runs: tuple[str, str]) -> None:
    a, b = two_runs
    result = as_json("compare", f"session:{a}", f"session:{b}")
    for key in ("paired", "mean_diff", "ci95", "wilcoxon_p", "mcnemar_p", "changed"):
        assert key in result
    sa, sb = scores_of(a), scores_of(b)
    diffs = [sb[k] - sa[k] for k in sa]
    assert result["paired"] == 30 and result["joined_by"] == {"custom_id": 30}
    assert result["mean_diff"] == pytest.approx(np.mean(diffs))
    nonzero = [d for d in diffs if d]
    expected_p = scipy_stats.wilcoxon(nonzero, correction=False, method="approx").pvalue
    assert result["wilcoxon_p"] == pytest.approx(expected_p)
    assert result["mean_diff"] < 0 and result["ci95"][1] < 0  # the mixed run is worse
    assert {c["item"] for c in result["changed"]} == {k for k in sa if sa[k] != sb[k]}
    text = run_cli("compare", f"session:{a}", f"session:{b}")
    assert text.returncode == 0 and "Difference B − A" in text.stdout


def test_compare_joins_identical_inputs_without_custom_ids(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = items_file(tmp_path, "same", good=True)
    stripped = tmp_path / "plain.jsonl"
    stripped.write_text(
        "".join(
            json.dumps({k: v for k, v in json.loads(line).items() if k != "custom_id"}) + "\n"
            for line in items.read_text().splitlines()
        )
    )
    judge_into(emulator, stripped, "judge-1")
    judge_into(emulator, stripped, "judge-2", "--model", "pai-judge-plus")
    result = as_json("compare", "session:judge-1", "session:judge-2")
    # `judge --input` names a line without a custom_id by its line number: joined by that.
    assert result["paired"] == 30


def test_agreement_with_a_labels_file_matches_scikit_learn(
    two_runs: tuple[str, str], tmp_path: Path
) -> None:
    scores = scores_of(two_runs[0])
    labels = tmp_path / "labels.csv"
    rows = ["custom_id,score,note"]
    person = {k: (5 if int(k[-2:]) % 4 else 2) for k in scores}
    rows += [f"{k},{v},{HOSTILE if k == 'item-01' else 'ok'}" for k, v in person.items()]
    labels.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = as_json("agree", f"session:{two_runs[0]}", f"labels:{labels}")
    for key in ("paired", "exact", "within_one", "kappa_quadratic", "spearman", "alpha_ordinal",
                "confusion"):  # fmt: skip
        assert key in result
    keys = sorted(scores)
    judge = [scores[k] for k in keys]
    human = [float(person[k]) for k in keys]
    expected = cohen_kappa_score(
        judge, human, labels=[1.0, 2.0, 3.0, 4.0, 5.0], weights="quadratic"
    )
    assert result["paired"] == 30
    assert result["kappa_quadratic"] == pytest.approx(expected)
    assert result["exact"] == pytest.approx(
        np.mean([x == y for x, y in zip(judge, human, strict=True)])
    )
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 30
    # A person's note is data: no escape sequence reaches the terminal, no markup is run.
    text = run_cli("agree", f"session:{two_runs[0]}", f"labels:{labels}")
    assert text.returncode == 0 and "\x1b" not in text.stdout
    md = run_cli("agree", f"session:{two_runs[0]}", f"labels:{labels}", "--format", "md")
    assert "\x1b" not in md.stdout and "\\[@click=app.quit\\]" in md.stdout


def test_three_raters_give_krippendorffs_alpha(emulator: EmulatorServer, tmp_path: Path) -> None:
    items = items_file(tmp_path, "raters", good=False)
    for n, model in enumerate(("pai-judge", "pai-judge-plus", "themis-turbo")):
        judge_into(emulator, items, f"rater-{n}", "--model", model)
    result = as_json("agree", "session:rater-0", "session:rater-1", "session:rater-2")
    import krippendorff

    per = [scores_of(f"rater-{n}") for n in range(3)]
    keys = sorted(per[0])
    matrix = np.array([[p.get(k, np.nan) for k in keys] for p in per], dtype=float)
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    assert result["alpha_ordinal"] == pytest.approx(expected)
    assert len(result["raters"]) == 3


def test_pairwise_runs_give_win_rates_and_mcnemar(emulator: EmulatorServer, tmp_path: Path) -> None:
    judge_into(emulator, items_file(tmp_path, "pw-good", good=True, pairwise=True), "pw-a")
    judge_into(emulator, items_file(tmp_path, "pw-bad", good=False, pairwise=True), "pw-b")
    stats = as_json("stats", "session:pw-a")
    p = stats["pairwise"]
    assert p["wins"] + p["ties"] + p["losses"] == 30
    assert p["win_rate"] == pytest.approx(p["wins"] / 30)
    assert p["tie_adjusted_win_rate"] == pytest.approx((p["wins"] + p["ties"] / 2) / 30)
    assert p["ci95"][0] <= p["tie_adjusted_win_rate"] <= p["ci95"][1]
    result = as_json("compare", "session:pw-a", "session:pw-b")
    assert result["paired"] == 30 and result["mcnemar_p"] is not None
    assert result["mcnemar_p"] < 0.05  # answer 1 right in A, wrong in B: a real change


def test_the_ci_gates_exit_3_with_one_sentence(two_runs: tuple[str, str]) -> None:
    scope = f"session:{two_runs[0]}"
    passed = run_cli("stats", scope, "--fail-under", "1.5", "--fail-readable-under", "0.9")
    assert passed.returncode == 0, passed.stderr
    below = run_cli("stats", scope, "--fail-under", "4.99", "--format", "json")
    assert below.returncode == 3
    assert below.stderr.count("\n") == 1 and "below --fail-under 4.99" in below.stderr
    assert json.loads(below.stdout)["mean"] < 4.99  # the figures are still printed
    readable = run_cli("stats", scope, "--fail-readable-under", "1")
    assert readable.returncode == 0  # all 30 readable: 1.0 is not below 1
    no_games = run_cli("stats", scope, "--fail-win-rate-under", "0.5")
    assert no_games.returncode == 3 and "no readable judgment" in no_games.stderr
    bad = run_cli("stats", scope, "--fail-readable-under", "80")
    assert bad.returncode == 2 and "share from 0 to 1" in bad.stderr


def test_the_html_report_is_one_self_contained_file(
    two_runs: tuple[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    done = run_cli(
        "report", f"session:{two_runs[0]}", "--compare", f"session:{two_runs[1]}",
        "--output", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 3
    assert "<script" not in page and not re.search(r"(src|href)\s*=", page)
    assert "Compare runs" in page and "Wilcoxon" in page
    md = tmp_path / "report.md"
    assert (
        run_cli("report", f"session:{two_runs[0]}", "--format", "md", "-o", str(md)).returncode == 0
    )
    assert md.read_text().startswith("# Statistics of session:run-a")


def test_hostile_session_names_stay_data_in_every_format(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    name = "evil\x1b]52;c;aGk=\x07[b]"
    judge_into(emulator, items_file(tmp_path, "evil", good=True), name)
    for fmt in ("text", "md", "json"):
        result = run_cli("stats", f"session:{name}", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    out = tmp_path / "evil.html"
    assert run_cli("report", f"session:{name}", "-o", str(out)).returncode == 0
    page = out.read_text()
    assert "\x1b" not in page and "<script" not in page


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("custom_id,score\nq1,4\nq1,5\n", "a second time"),
        ("custom_id,score\nq1,lots\n", "is not a number"),
        ("custom_id,winner\nq1,maybe\n", "not 1, 2 or tie"),
        ("id,score\nq1,4\n", "no custom_id column"),
        ("custom_id,score\n,4\n", "has no custom_id"),
        ("custom_id,score,note\nq1,,x\n", "neither a score nor a winner"),
        ("custom_id,score\nq1,nan\n", "not a finite number"),
        ("", "no custom_id column"),
        pytest.param(
            'custom_id,score\nq1,"' + "x" * 200_000 + '"\n', "is not valid CSV", id="huge-field"
        ),
    ],
)
def test_a_broken_labels_file_gets_one_sentence_and_exit_2(
    two_runs: tuple[str, str], tmp_path: Path, content: str, said: str
) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    result = run_cli("agree", f"session:{two_runs[0]}", f"labels:{labels}")
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_bad_scopes_and_files_get_one_sentence(tmp_path: Path) -> None:
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_text('{"custom_id": "q1", "score": 4}\nnot json\n')
    binary = tmp_path / "labels.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    cases = [
        (("stats", "nonsense"), "names no scope"),
        (("stats", "session:"), "needs a name"),
        (("stats", "session:nobody"), "no session named"),
        (("stats", "job:404"), "no batch job"),
        (("stats", f"labels:{tmp_path / 'missing.csv'}"), "does not exist"),
        (("stats", f"labels:{tmp_path}"), "is a directory"),
        (("stats", f"labels:{jsonl}"), "line 2 is not JSON"),
        (("stats", f"labels:{binary}"), "not UTF-8"),
        (("stats", "all", "--since", "yesterday"), "is not a date"),
        (("agree", "all"), "two raters"),
        (("stats", "all", "--resamples", "0"), "--resamples"),
    ]
    for args, said in cases:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert said in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_filters_narrow_a_scope(two_runs: tuple[str, str]) -> None:
    everything = as_json("stats", "all")
    assert everything["count"] == 60
    assert as_json("stats", "all", "--model", "nobody")["count"] == 0
    assert as_json("stats", "all", "--mode", "single", "--readable")["count"] == 60
    assert as_json("stats", "all", "--unreadable")["count"] == 0
    assert as_json("stats", "all", "--until", "2000-01-01")["count"] == 0
    empty = run_cli("stats", "all", "--model", "nobody")
    assert empty.returncode == 0 and "Judgments  0" in empty.stdout


def test_csv_exports_gain_criteria_answer_scores_and_iso_times(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    import csv
    import io

    judge_into(emulator, items_file(tmp_path, "pw", good=True, pairwise=True), "pw-csv")
    result = run_cli("sessions", "export", "pw-csv", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 30
    header = list(rows[0])
    assert "criterion: Accuracy (answer 1)" in header and "criterion: Accuracy (answer 2)" in header
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created_at"])
        one, two = float(row["answer1_score"]), float(row["answer2_score"])
        winner = "tie" if one == two else ("1" if one > two else "2")
        assert row["winner"] == winner  # the answers' scores are the verdict's own
        assert row["criterion: Relevance (answer 1)"] != ""


def test_a_batch_job_is_a_scope_and_compares_with_the_online_run(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5)
    items = items_file(tmp_path, "nightly", good=True)
    judge_into(server, items, "online")
    submitted = run_cli(
        "batch", "submit", str(items), "--base-url", server.base_url, "--name", "nightly",
        "--wait", token=TOKEN, timeout=120,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    assert run_cli("batch", "collect", "nightly", token=TOKEN).returncode == 0
    by_name = as_json("stats", "job:nightly")
    by_number = as_json("stats", "job:1")
    assert by_name["count"] == 30 and by_name["mean"] == by_number["mean"]
    result = as_json("compare", "session:online", "job:nightly")
    # The same items, judged the same way online and in a batch: the same readings.
    assert result["paired"] == 30 and result["changed"] == [] and result["mean_diff"] == 0
