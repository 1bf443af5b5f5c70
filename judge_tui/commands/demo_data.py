"""The demo's sample data: two runs over the same 40 questions (two "models'" answers, judged by
the demo's emulator through the client like any judgment) and a person's labels, so Analysis,
Compare runs and Agreement have something to show on first open.

Made once, on the first demo start of a home: the two sessions are `demo-model-a` and
`demo-model-b`, the labels `exports/demo-labels.csv`; nothing else in the home is touched. Each
run is stored in one transaction, so a demo closed halfway leaves nothing, and the next start
makes it again. Every verdict says it is simulated.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from judge_tui.api.client import JudgeClient
from judge_tui.api.credentials import Token
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.run import JudgeOutcome, judge
from judge_tui.store.atomic import write_atomic
from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_evaluation, record_from_outcome

SESSIONS = ("demo-model-a", "demo-model-b")
LABELS_NAME = "demo-labels.csv"

_CAPITALS = [
    ("France", "Paris", "Lyon"), ("Japan", "Tokyo", "Osaka"), ("Italy", "Rome", "Milan"),
    ("Spain", "Madrid", "Barcelona"), ("Canada", "Ottawa", "Toronto"),
    ("Australia", "Canberra", "Sydney"), ("Brazil", "Brasília", "Rio de Janeiro"),
    ("Germany", "Berlin", "Munich"), ("Egypt", "Cairo", "Alexandria"),
    ("Kenya", "Nairobi", "Mombasa"), ("Peru", "Lima", "Cusco"), ("Norway", "Oslo", "Bergen"),
    ("Turkey", "Ankara", "Istanbul"), ("Vietnam", "Hanoi", "Ho Chi Minh City"),
    ("Morocco", "Rabat", "Casablanca"), ("Chile", "Santiago", "Valparaíso"),
]  # fmt: skip
_SYMBOLS = [
    ("gold", "Au", "Go"), ("iron", "Fe", "Ir"), ("sodium", "Na", "So"), ("silver", "Ag", "Si"),
    ("potassium", "K", "P"), ("lead", "Pb", "Le"), ("tin", "Sn", "Ti"), ("copper", "Cu", "Co"),
    ("mercury", "Hg", "Me"), ("tungsten", "W", "Tu"), ("helium", "He", "H"),
    ("oxygen", "O", "Ox"),
]  # fmt: skip
_SUMS = [(17, 25), (48, 37), (123, 456), (9, 8), (64, 36), (250, 175), (81, 19), (333, 667),
         (45, 55), (12, 99), (7, 6), (1000, 24)]  # fmt: skip


@dataclass(frozen=True)
class DemoItem:
    custom_id: str
    question: str
    reference: str
    answer_a: str  # model A: right, in a full sentence, but for a few
    answer_b: str  # model B: terse, and wrong more often
    label: int  # a person's score of answer A


def demo_items() -> list[DemoItem]:
    items: list[DemoItem] = []

    def add(question: str, reference: str, good: str, bad: str, a_right: bool, b: str) -> None:
        n = len(items) + 1
        answer_a = good if a_right else bad
        label = 5 if a_right else 1
        items.append(DemoItem(f"q{n:02d}", question, reference, answer_a, b, label))

    for n, (country, capital, other) in enumerate(_CAPITALS):
        b = capital if n % 3 else f"I think it is {other}."
        add(f"What is the capital of {country}?", capital,
            f"The capital of {country} is {capital}.", f"The capital of {country} is {other}.",
            n not in (6, 13), b)  # fmt: skip
    for n, (element, symbol, wrong) in enumerate(_SYMBOLS):
        b = symbol if n % 4 else wrong
        add(f"What is the chemical symbol for {element}?", symbol,
            f"The chemical symbol for {element} is {symbol}.",
            f"The chemical symbol for {element} is {wrong}.", n != 9, b)  # fmt: skip
    for n, (x, y) in enumerate(_SUMS):
        total = x + y
        b = str(total) if n % 3 else "It is a large number."
        add(f"What is {x} + {y}?", str(total), f"{x} + {y} = {total}.",
            f"{x} + {y} = {total + 10}.", n != 5, b)  # fmt: skip
    return items


def _missing(db: Database) -> list[str]:
    names = db.conn.execute(
        f"SELECT name FROM sessions WHERE name IN ({','.join('?' * len(SESSIONS))})", SESSIONS
    ).fetchall()
    have = {row["name"] for row in names}
    return [name for name in SESSIONS if name not in have]


async def _judge_run(
    base_url: str, token: Token, model: str, items: list[DemoItem], which: str
) -> list[tuple[DemoItem, JudgeOutcome]]:
    params = JudgeParams(model=model)
    async with JudgeClient(base_url, token) as client:
        limit = asyncio.Semaphore(8)

        async def one(item: DemoItem) -> tuple[DemoItem, JudgeOutcome]:
            inputs = JudgeInputs(
                question=item.question,
                answer=item.answer_a if which == "a" else item.answer_b,
                ref_answer=item.reference,
            )
            async with limit:
                return item, await judge(client, inputs, params)

        return list(await asyncio.gather(*(one(item) for item in items)))


def labels_path(paths: HomePaths) -> Path:
    return paths.exports / LABELS_NAME


def seed_demo_data(paths: HomePaths, base_url: str, token: Token, model: str) -> list[str]:
    """Judge and store the sample runs the home lacks; returns the sessions made."""
    db = Database.open(paths)
    try:
        missing = _missing(db)
        if not missing:
            return []
        items = demo_items()
        for name in missing:
            which = "a" if name == SESSIONS[0] else "b"
            judged = asyncio.run(_judge_run(base_url, token, model, items, which))
            with db.transaction() as conn:
                session_id = session_id_for(conn, name, create=True)
                for item, outcome in judged:
                    record = record_from_outcome(outcome, "demo").model_copy(
                        update={"custom_id": item.custom_id}
                    )
                    insert_evaluation(conn, session_id, record)
    finally:
        db.close()
    labels = "custom_id,score,note\r\n" + "".join(
        f"{item.custom_id},{item.label},{'right' if item.label == 5 else 'wrong answer'}\r\n"
        for item in demo_items()
    )
    paths.exports.mkdir(parents=True, exist_ok=True)
    write_atomic(labels_path(paths), labels.encode("utf-8"))
    return missing
