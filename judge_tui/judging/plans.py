"""A judging plan: each item judged by several judges, in both orders, several times.

A plan multiplies an item into games. Each game has its own custom_id, which says which game it
is and links it back to its item: `ITEM`, `ITEM#swap` (answer 1 and answer 2 exchanged),
`ITEM@pai-judge-plus` (another judge; `ITEM@profile:NAME` for a saved profile's service and
model), `ITEM~2` (the second repeat), combined in that order (`ITEM@pai-judge-plus#swap~2`).
A game is judged and stored like any judgment, exactly as sent; a swapped game's winner is
mapped back to the item's own answers where the games are read together (analysis).
Resuming and "never judged twice" work per game, by its custom_id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from judge_tui.judging.modes import Mode
from judge_tui.problems import UserProblem

if TYPE_CHECKING:  # pydantic stays off the path of the analysis commands, which read game ids
    from judge_tui.judging.inputs import JudgeInputs, JudgeParams

SWAP_MARK = "#swap"
JUDGE_MARK = "@"
REPEAT_MARK = "~"
PROFILE_JUDGE = "profile:"  # a judge named as a saved profile: its service and its model
MAX_REPEATS = 20
SwapPolicy = Literal["tie", "inconsistent"]
_GAME = re.compile(r"^(?P<item>.*?)(?:@(?P<judge>[^@#~]+))?(?P<swap>#swap)?(?:~(?P<repeat>\d+))?$")


class PlanError(UserProblem, ValueError):
    pass


@dataclass(frozen=True)
class Plan:
    swap: bool = False
    judges: tuple[str, ...] = ()  # models; none: the run's own model
    repeats: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.repeats <= MAX_REPEATS:
            raise PlanError(f"Repeats (--repeat) must be a whole number from 1 to {MAX_REPEATS}.")
        for judge in self.judges:
            named = judge.removeprefix(PROFILE_JUDGE)
            if not named or any(mark in judge for mark in "@#~") or judge != judge.strip():
                raise PlanError(f"{judge!r} is not a judge model name (no @, # or ~ in it).")
        if len(set(self.judges)) != len(self.judges):
            raise PlanError("The judges (--judges) name a model twice; name each once.")

    @property
    def is_plain(self) -> bool:
        return not self.swap and len(self.judges) <= 1 and self.repeats == 1

    def judge_of(self, key: GameKey) -> str | None:
        """The judge a game goes to (a lone judge is not named in its custom_id)."""
        return key.judge or (self.judges[0] if self.judges else None)

    def games_per_item(self, pairwise: bool) -> int:
        return max(1, len(self.judges)) * (2 if self.swap and pairwise else 1) * self.repeats


class GameKey(NamedTuple):
    """One game of a plan, as its custom_id names it. A tuple: a 100,000-game run makes one
    per game when it pairs the orders (analysis/plan_figures.py)."""

    item: str
    judge: str | None = None  # named in the custom_id when the plan has several judges
    swapped: bool = False
    repeat: int = 1

    @property
    def custom_id(self) -> str:
        judge = f"{JUDGE_MARK}{self.judge}" if self.judge else ""
        swap = SWAP_MARK if self.swapped else ""
        repeat = f"{REPEAT_MARK}{self.repeat}" if self.repeat > 1 else ""
        return f"{self.item}{judge}{swap}{repeat}"

    @property
    def order_key(self) -> tuple[str, str | None, int]:
        """What a game and its swapped twin share."""
        return self.item, self.judge, self.repeat


def game_of(custom_id: str) -> GameKey:
    """The game a custom_id names (a plain item's is the item itself)."""
    if JUDGE_MARK not in custom_id and REPEAT_MARK not in custom_id:
        # One judge, one try: the pattern's answer without it (a 100,000-game run reads each).
        item = custom_id.removesuffix(SWAP_MARK)
        return GameKey(item, None, True) if item and item != custom_id else GameKey(custom_id)
    match = _GAME.match(custom_id)
    if match is None or not match["item"]:
        return GameKey(custom_id)
    repeat = int(match["repeat"]) if match["repeat"] else 1
    return GameKey(match["item"], match["judge"], bool(match["swap"]), max(1, repeat))


def swapped_inputs(inputs: JudgeInputs) -> JudgeInputs:
    return inputs.model_copy(update={"answer1": inputs.answer2, "answer2": inputs.answer1})


def profile_of(judge: str | None) -> str | None:
    """The profile a judge label names (`profile:NAME`), else None (a model on the run's
    own service)."""
    if judge is not None and judge.startswith(PROFILE_JUDGE):
        return judge.removeprefix(PROFILE_JUDGE)
    return None


def plan_games(
    item: str,
    inputs: JudgeInputs,
    params: JudgeParams,
    plan: Plan,
    models: Mapping[str, str] | None = None,
) -> list[tuple[GameKey, JudgeInputs, JudgeParams]]:
    """Every game of one item, in the order they are sent: per judge, per repeat, both orders.
    A repeat after the first is sent with another seed (the base seed, or 0, plus the repeat's
    number less one), so a judge that samples can answer differently. `models` gives the
    model of a judge that is not one (a `profile:NAME`'s)."""
    if any(mark in item for mark in (SWAP_MARK, REPEAT_MARK, JUDGE_MARK)) and not plan.is_plain:
        raise PlanError(f"custom_id {item!r} has @, #swap or ~ in it, which a plan's game ids use.")
    pairwise = inputs.mode is Mode.PAIRWISE
    judges: tuple[str | None, ...] = plan.judges if len(plan.judges) > 1 else (None,)
    games: list[tuple[GameKey, JudgeInputs, JudgeParams]] = []
    for judge in judges:
        label = judge or (plan.judges[0] if plan.judges else None)
        judged = params
        if label is not None:
            judged = params.model_copy(update={"model": (models or {}).get(label, label)})
        for repeat in range(1, plan.repeats + 1):
            seeded = judged
            if repeat > 1:
                seeded = judged.model_copy(update={"seed": (judged.seed or 0) + repeat - 1})
            games.append((GameKey(item, judge, False, repeat), inputs, seeded))
            if plan.swap and pairwise:
                games.append((GameKey(item, judge, True, repeat), swapped_inputs(inputs), seeded))
    return games


def mapped_back(winner: str | None) -> str | None:
    """A swapped game's winner in terms of the item's own answers."""
    return {"1": "2", "2": "1"}.get(winner or "", winner)


def settle_orders(first: str | None, swapped: str | None, policy: SwapPolicy) -> str | None:
    """The item's winner from both orders (the swapped one as the judge gave it): the winner
    when they agree; else a tie (FastChat's rule) or "inconsistent"; None when either is
    missing."""
    if first is None or swapped is None:
        return None
    back = mapped_back(swapped)
    if first == back:
        return first
    return "tie" if policy == "tie" else "inconsistent"
