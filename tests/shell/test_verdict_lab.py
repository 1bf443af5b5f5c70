"""The verdict lab from the shell (issue 12): read-verdict, verdict formats on judge, re-reading
stored verdicts, and the triage queue against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from judge_tui.emulator.config import number_flood
from judge_tui.emulator.server import EmulatorServer
from judge_tui.ui.registry import ACTIONS

from ..cli_helpers import run_cli
from ..conftest import TOKEN

HOSTILE_NOTE = "[@click=app.quit] [b \x1b]52;c;aGk=\x07"

CORPUS = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "fixtures" / "verdict_corpus.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def read(text: str, *flags: str) -> dict[str, Any]:
    result = run_cli("read-verdict", *flags, stdin=text)
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_read_verdict_prints_the_verdict_object_of_judge_json() -> None:
    verdict = read("I think the overall score of the answer is [[4]].\n1. Accuracy: ok [[5]]")
    assert verdict == {
        "parsed": True, "reason": None, "score": 4, "max_score": 5, "winner": None,
        "answer_scores": {}, "criteria": [{"name": "Accuracy", "score": 5, "answer": None}],
    }  # fmt: skip


def test_read_verdict_reads_a_sample_of_the_corpus_through_every_format() -> None:
    known = [c for c in CORPUS if not c.get("known_miss")]
    sample = [c for c in known if c["format"] != "pai"][:12] + known[::40]
    for case in sample:
        flags = ["--mode", case["mode"], "--max-score", str(case["max_score"])]
        verdict = read(case["text"], *flags, "--verdict-format", case["format"])
        got = {k: verdict[k] for k in ("parsed", "score", "winner")}
        assert got == case["expect"], case["text"]


def test_read_verdict_refuses_a_bad_format_a_missing_file_and_a_huge_one(tmp_path: Path) -> None:
    bad = run_cli("read-verdict", "--verdict-format", "regex:(", stdin="x")
    assert bad.returncode == 2 and "fix the regex" in bad.stderr
    missing = run_cli("read-verdict", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"[[3]]" * (4 * 1024 * 1024))
    too_big = run_cli("read-verdict", str(huge))
    assert too_big.returncode == 2 and "over 16 MB" in too_big.stderr
    for result in (bad, missing, too_big):
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_hostile_verdict_text_reaches_the_terminal_as_visible_symbols() -> None:
    result = run_cli(
        "read-verdict", "--verdict-format", "regex:(?P<score>\\d)\x1b]52;c;eA==\x07", stdin="3"
    )
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stderr


def test_a_built_in_template_judges_and_reads_in_its_own_format(emulator: EmulatorServer) -> None:
    result = run_cli(
        "judge", "--base-url", emulator.base_url, "--template", "MT-bench pairwise",
        "--question", "2+2?", "--answer1", "4", "--answer2", "5", "--format", "json",
        token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = emulator.emulator.last_chat_body  # what the service was asked
    assert sent is not None
    assert "[[A]]" in json.dumps(sent["messages"])
    verdict = json.loads(result.stdout)["verdict"]
    assert verdict["verdict_format"] == "mtbench-pair"
    # The emulator answers in the service's markers, not [[A]]: read as MT-bench, no winner.
    assert verdict["parsed"] is False and "[[A]]" in verdict["reason"]


def test_a_bad_verdict_format_or_template_on_judge_is_one_sentence(
    emulator: EmulatorServer,
) -> None:
    for flags, fix in (
        (["--verdict-format", "json:"], "dotted path"),
        (["--template", "no such"], "no template named"),
    ):
        result = run_cli(
            "judge", "--base-url", emulator.base_url, "--question", "q", "--answer", "a", *flags,
            token=TOKEN,
        )  # fmt: skip
        assert result.returncode == 2 and fix in result.stderr
        assert "Traceback" not in result.stderr
    assert emulator.emulator.stats["chat_requests"] == 0


def _judge(server: EmulatorServer, question: str, session: str = "lab") -> None:
    result = run_cli(
        "judge", "--base-url", server.base_url, "--question", question, "--answer", "Paris.",
        "--session", session, token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _triage(*args: str) -> dict[str, Any]:
    result = run_cli("sessions", "triage", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_triage_repairs_in_the_same_conversation_and_keeps_a_hand_reading(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(unreadable_rate=1.0)
    for question in ("Capital of France?", "Capital of Italy?", "Capital of Spain?"):
        _judge(server, question)
    queue = _triage("lab")
    assert len(queue["unreadable"]) == 3
    assert queue["by_model"] == [{"model": "pai-judge", "judged": 3, "unreadable": 3, "share": 1.0}]
    first, second = queue["unreadable"][0]["uid"], queue["unreadable"][1]["uid"]

    repaired = run_cli("sessions", "triage", "--repair", first, "--base-url", server.base_url,
                       token=TOKEN)  # fmt: skip
    assert repaired.returncode == 0, repaired.stderr
    assert "Repaired" in repaired.stdout and "Score" in repaired.stdout
    body = server.emulator.last_chat_body
    assert body is not None
    asked = body["messages"]
    assert [m["role"] for m in asked] == ["user", "assistant", "user"]
    assert "Reply with only the final verdict" in asked[-1]["content"]

    manual = run_cli("sessions", "triage", "--manual", second[:12], "4", "--note", "checked")
    assert manual.returncode == 0 and "Score 4/5" in manual.stdout
    wrong = run_cli("sessions", "triage", "--manual", second, "7")
    assert wrong.returncode == 2 and "outside 1..5" in wrong.stderr

    after = _triage("lab")
    assert [item["uid"] for item in after["unreadable"]] == [queue["unreadable"][2]["uid"]]
    # The listing says how to go on, with the app's real keys (registry.py binds them).
    listed = run_cli("sessions", "triage", "lab")
    assert queue["unreadable"][2]["uid"] in listed.stdout
    assert "--repair UID" in listed.stderr and "--manual UID VALUE" in listed.stderr
    keys = {entry.id: entry.key for entry in ACTIONS}
    assert keys["triage_session"] == "f7" and "then F7 on the session" in listed.stderr
    assert keys["results_triage"] == "t" and "(t on a batch job's results)" in listed.stderr
    assert after["by_session"][0]["unreadable"] == 1

    show = run_cli("sessions", "show", "lab").stdout
    assert " 4/5 by hand " in show and "/5 repaired " in show  # whose each score is
    shown = json.loads(
        run_cli("sessions", "export", "lab", "--format", "jsonl").stdout.split("\n")[1]
    )
    assert shown["type"] == "evaluation"
    provenances = {
        json.loads(line)["uid"]: json.loads(line)["verdict"]["provenance"]
        for line in run_cli("sessions", "export", "lab").stdout.splitlines()[1:]
    }
    assert provenances[first] == "repaired" and provenances[second] == "manual"

    # A re-read never overwrites the hand reading, and reads the repair's reply.
    reread = run_cli("sessions", "reread", "lab", "--format", "json")
    report = json.loads(reread.stdout)
    assert report["manual_kept"] == 1 and report["read"] == 2
    assert report["newly_readable"] == [] and report["newly_unreadable"] == []


def test_a_flood_of_score_like_numbers_is_not_read_and_waits_in_the_triage_queue(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """A service ends its verdict with a megabyte of "4/5 4/5 …": `judge` says, in a sentence,
    that it is too long to read and what to do, stores no score, and the queue lists it (the
    repair asks for the final verdict alone, which is short)."""
    server = start_emulator(verdict_suffix=number_flood(1024))
    _judge(server, "Capital of France?")
    result = run_cli("judge", "--base-url", server.base_url, "--question", "Capital of Italy?",
                     "--answer", "Rome.", "--session", "lab", "--format", "json", token=TOKEN)  # fmt: skip
    verdict = json.loads(result.stdout)["verdict"]
    assert verdict["score"] is None and verdict["parsed"] is False
    assert "characters long, more than the 100,000 the reader reads" in verdict["reason"]
    queue = _triage("lab")
    assert len(queue["unreadable"]) == 2
    server.emulator.config.verdict_suffix = ""
    uid = queue["unreadable"][0]["uid"]
    repaired = run_cli("sessions", "triage", "--repair", uid, "--base-url", server.base_url,
                       token=TOKEN)  # fmt: skip
    assert repaired.returncode == 0 and "Score" in repaired.stdout, repaired.stderr


def test_an_exported_session_comes_back_with_its_repaired_and_hand_readings(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """`sessions export` then `sessions import` into another home: a hand reading is still a
    person's (a re-read keeps it, note and all), a repaired one still reads the judge's reply,
    the triage queue is the same, and exporting again gives the same file."""
    server = start_emulator(unreadable_rate=1.0)
    for question in ("Capital of France?", "Capital of Italy?", "Capital of Spain?"):
        _judge(server, question)
    queue = _triage("lab")["unreadable"]
    repaired, by_hand, left = (item["uid"] for item in queue)
    assert run_cli("sessions", "triage", "--repair", repaired, "--base-url", server.base_url,
                   token=TOKEN).returncode == 0  # fmt: skip
    note = f"checked {HOSTILE_NOTE}"
    assert run_cli("sessions", "triage", "--manual", by_hand, "4", "--note", note).returncode == 0
    exported = tmp_path / "lab.jsonl"
    assert run_cli("sessions", "export", "lab", "--output", str(exported)).returncode == 0
    kinds = [json.loads(line)["type"] for line in exported.read_text().splitlines()]
    assert kinds.count("evaluation") == 3 and kinds.count("revision") == 2

    elsewhere = {"JUDGE_TUI_HOME": str(tmp_path / "elsewhere")}
    imported = run_cli("sessions", "import", str(exported), env=elsewhere)
    assert imported.returncode == 0, imported.stderr
    triage = run_cli("sessions", "triage", "lab", "--format", "json", env=elsewhere)
    assert [item["uid"] for item in json.loads(triage.stdout)["unreadable"]] == [left]
    reread = run_cli("sessions", "reread", "lab", "--format", "json", env=elsewhere)
    report = json.loads(reread.stdout)
    assert report["manual_kept"] == 1 and report["read"] == 2, report
    assert report["newly_unreadable"] == [] and report["changed"] == []
    again = run_cli("sessions", "export", "lab", "--format", "jsonl", env=elsewhere)
    assert again.stdout == exported.read_text()  # the re-read changed nothing: the same file
    notes = [json.loads(line).get("note") for line in again.stdout.splitlines()]
    assert note in notes and "repair message answered" in notes

    # An export made before revisions were exported has none: the readings are still kept.
    older = tmp_path / "older.jsonl"
    older.write_text(
        "".join(
            line + "\n"
            for line in exported.read_text().splitlines()
            if json.loads(line)["type"] != "revision"
        )
    )
    third = {"JUDGE_TUI_HOME": str(tmp_path / "third")}
    assert run_cli("sessions", "import", str(older), env=third).returncode == 0
    kept = run_cli("sessions", "reread", "lab", env=third)
    assert kept.returncode == 0, kept.stderr
    assert "0 newly unreadable" in kept.stdout
    assert (
        "kept as they are: 1 read by hand and 1 repaired whose reply is not in the store"
        in kept.stdout
    )


def test_a_revision_holding_an_integer_past_64_bits_comes_back_as_it_was(tmp_path: Path) -> None:
    session = json.dumps({"type": "session", "name": "s", "created_at": 1.0, "updated_at": 1.0})
    verdict = {"parsed": True, "score": 4, "provenance": "manual"}
    evaluation = _export_line("u-1", "Overall score: [[4]]", verdict)
    revision = {"type": "revision", "uid": "u-1", "provenance": "manual", "text": "",
                "note": "n", "created_at": 2.0, "verdict": {**verdict, "seen": 2**70}}  # fmt: skip
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([session, evaluation, json.dumps(revision)]) + "\n")
    imported = run_cli("sessions", "import", str(path))
    assert imported.returncode == 0 and "Traceback" not in imported.stderr, imported.stderr
    lines = run_cli("sessions", "export", "s", "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[-1])["verdict"]["seen"] == 2**70


def test_an_import_with_a_revision_out_of_place_adds_nothing(tmp_path: Path) -> None:
    session = json.dumps({"type": "session", "name": "s", "created_at": 1.0, "updated_at": 1.0})
    evaluation = _export_line("u-1", "Overall score: [[4]]", {"parsed": True, "score": 4})
    revision = {"type": "revision", "uid": "u-1", "provenance": "manual", "text": "",
                "note": "", "created_at": 2.0, "verdict": {"parsed": True, "score": 3}}  # fmt: skip
    for lines, says in (
        ([session, json.dumps(revision), evaluation], "does not follow its evaluation"),
        ([session, evaluation, json.dumps({**revision, "uid": "u-2"})], "does not follow"),
        ([session, evaluation, json.dumps({**revision, "provenance": "guess"})], "line 3"),
    ):
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(lines) + "\n")
        result = run_cli("sessions", "import", str(path))
        assert result.returncode == 2 and says in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert run_cli("sessions", "list").stdout.startswith("No sessions yet")  # none added


def _export_line(uid: str, content: str, verdict: dict[str, Any]) -> str:
    return json.dumps({
        "type": "evaluation", "uid": uid, "mode": "single", "status": "ok", "model": "pai-judge",
        "inputs": {"mode": "single", "question": "q", "answer": "a"}, "params": {},
        "request": {}, "content": content, "verdict": verdict, "score": verdict.get("score"),
        "max_score": 5, "created_at": 1.0,
    })  # fmt: skip


def test_reread_reports_the_right_before_and_after_on_an_imported_session(tmp_path: Path) -> None:
    """A session imported with readings an older reader gave: a list number read as the score,
    a count read as the score, one right reading, and one unreadable that is readable today."""
    stale = {"parsed": True, "score": 1, "max_score": 5}
    lines = [
        json.dumps({"type": "session", "name": "old", "created_at": 1.0, "updated_at": 1.0}),
        _export_line("u-list", "Score:\n1. Accuracy: fine [[4]]\n2. Relevance: ok [[3]]", stale),
        _export_line("u-count", "The answer meets 2 out of 5 criteria.", dict(stale, score=2)),
        _export_line("u-same", "Overall score: [[3]]", dict(stale, score=3)),
        _export_line(
            "u-new", "この回答を 4 と評価します。", {"parsed": False, "reason": "x", "max_score": 5}
        ),
        _export_line("u-changed", "Overall: [[5]]", dict(stale, score=2)),
    ]
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli("sessions", "import", str(path)).returncode == 0

    dry = json.loads(run_cli("sessions", "reread", "old", "--dry-run", "--format", "json").stdout)
    assert {i["uid"] for i in dry["newly_unreadable"]} == {"u-list", "u-count"}
    assert [(i["uid"], i["after"]) for i in dry["newly_readable"]] == [("u-new", "4/5")]
    assert [(i["uid"], i["before"], i["after"]) for i in dry["changed"]] == [
        ("u-changed", "2/5", "5/5")
    ]
    assert dry["unchanged"] == 1 and dry["written"] is False
    again = json.loads(run_cli("sessions", "reread", "old", "--dry-run", "--format", "json").stdout)
    assert again == dry  # a dry run changed nothing

    text = run_cli("sessions", "reread", "old")
    assert "1 newly readable, 1 with another score or winner, 2 newly unreadable" in text.stdout
    shown = run_cli("sessions", "show", "old").stdout
    assert "5/5" in shown and "4/5" in shown
    assert (
        json.loads(run_cli("sessions", "reread", "old", "--format", "json").stdout)["unchanged"]
        == 5
    )


def test_reread_and_triage_need_one_scope() -> None:
    for command in ("reread", "triage"):
        result = run_cli("sessions", command)
        assert result.returncode == 2 and "SESSION name, --all, or --job" in result.stderr


def test_a_batch_job_reads_its_results_in_its_verdict_format_and_a_reread_changes_it(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """Submitted with --verdict-format mtbench-single, the emulator's verdicts (the service's
    markers: several [[n]] that differ) are not readable as MT-bench ratings; re-read as pai,
    every one is, and the triage queue of the job empties."""
    from .test_batch import write_dataset

    server = start_emulator(batch_seconds=0.3)
    path = write_dataset(tmp_path / "items.jsonl", 6)
    submitted = run_cli(
        "batch", "submit", str(path), "--base-url", server.base_url, "--wait",
        "--verdict-format", "mtbench-single", token=TOKEN, timeout=120,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    assert len(_triage("--job", "1")["unreadable"]) == 6
    exported = run_cli("sessions", "export", "batch items", "--format", "jsonl").stdout
    verdicts = [json.loads(line)["verdict"] for line in exported.splitlines()[1:]]
    assert {v["verdict_format"] for v in verdicts} == {"mtbench-single"}
    assert {v["max_score"] for v in verdicts} == {10}

    report = json.loads(
        run_cli(
            "sessions", "reread", "--job", "1", "--verdict-format", "pai", "--format", "json"
        ).stdout
    )
    assert len(report["newly_readable"]) == 6 and report["newly_unreadable"] == []
    assert _triage("--job", "1")["unreadable"] == []


def test_a_bad_verdict_format_on_batch_submit_sends_nothing(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    from .test_batch import write_dataset

    path = write_dataset(tmp_path / "items.jsonl", 3)
    result = run_cli(
        "batch", "submit", str(path), "--base-url", emulator.base_url, "--verdict-format",
        "regex:no group", token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 2 and "named group" in result.stderr
    assert result.stderr.count("named group") == 1  # said once, not once per line
    assert "Traceback" not in result.stderr
    assert emulator.emulator.stats["uploads"] == 0
