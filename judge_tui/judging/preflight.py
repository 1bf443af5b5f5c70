"""Before anything is sent: what a run will ask of the service (docs/service.md §2 for the
models' limits).

The token figure is an estimate from the text, and says so: one token per Chinese or Japanese
character and one per four other characters of everything the request's messages carry (a
built-in mode's JSON part as its JSON). The emulator counts its usage with the same rule over the
texts alone; a real service's tokenizer differs by some tens of percent.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# The documents' limits per model, in tokens: (input, output). A model not named here has no
# known limit and is never flagged. A profile's `max_input_tokens` overrides the input limit.
MODEL_LIMITS: dict[str, tuple[int, int]] = {
    "pai-judge": (32768, 32768),
    "pai-judge-plus": (32768, 32768),
    "themis-turbo": (8192, 2048),
    "themis-plus": (8192, 2048),
}
# What a judgment takes when nothing better is known: the expected time is labelled an estimate.
ASSUMED_SECONDS_PER_JUDGMENT = 4.0


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return max(1, cjk + (len(text) - cjk) // 4)


def request_text(body: dict[str, Any]) -> str:
    """Every text a request's messages carry (a built-in mode's JSON part as its JSON)."""
    parts: list[str] = []
    for message in body.get("messages") or ():
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict):
                    text = part.get("text")
                    parts.append(text if isinstance(text, str) else json.dumps(
                        part.get("json", part), ensure_ascii=False))  # fmt: skip
    return "\n".join(parts)


@dataclass(frozen=True)
class PlannedGame:
    custom_id: str
    model: str
    body: dict[str, Any]
    limit_override: int | None = None  # its service's own input limit (a profile's)
    judge: str | None = None  # how the plan names its judge when not by model (profile:NAME)


@dataclass
class Preflight:
    items: int
    games: int
    input_tokens: int  # an estimate
    too_long: list[tuple[str, int, int]] = field(default_factory=list)  # custom_id, est, limit
    models: dict[str, int] = field(default_factory=dict)  # requests per judge (model or profile)

    def tokens_said(self) -> str:
        return (
            f"about {self.input_tokens} input tokens (an estimate from the text: 1 per CJK "
            "character, 1 per 4 other characters)"
        )

    def _per_judge(self) -> str:
        return ", ".join(f"{n} to {model}" for model, n in self.models.items())

    def _time(self, concurrency: int) -> str:
        return _duration(self.games * ASSUMED_SECONDS_PER_JUDGMENT / max(1, concurrency))

    def over_limit_lines(self) -> list[str]:
        """The first few games over their model's input limit, and how many more."""
        out = [
            f"plan: {custom_id} is about {estimate} tokens, over its model's {limit}"
            for custom_id, estimate, limit in self.too_long[:5]
        ]
        if len(self.too_long) > 5:
            out.append(f"plan: … and {len(self.too_long) - 5} more over their model's limit")
        return out

    def lines(self, concurrency: int) -> list[str]:
        """The plan in a few lines, each figure said to be an estimate where it is one."""
        return [
            f"plan: {self.items} item{'s' if self.items != 1 else ''}, {self.games} games = "
            f"{self.games} requests ({self._per_judge()})",
            f"plan: {self.tokens_said()}",
            f"plan: about {self._time(concurrency)} at concurrency {concurrency} (an estimate "
            f"at {ASSUMED_SECONDS_PER_JUDGMENT:g} s per judgment); as a batch job the same "
            "requests cost half the online price",
            *self.over_limit_lines(),
        ]

    def short(self, concurrency: int) -> str:
        """The plan in one line, for a form."""
        items = "1 item" if self.items == 1 else f"{self.items} items"
        line = (
            f"{items} · {self.games} request{'s' if self.games != 1 else ''} "
            f"({self._per_judge()}) · about {self.input_tokens} input tokens and "
            f"{self._time(concurrency)} (estimates)"
        )
        if self.too_long:
            _, estimate, limit = self.too_long[0]
            line += f" · over the limit: about {estimate} tokens, the model takes {limit}"
        return line


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, math.ceil(seconds))} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def input_limit(model: str, override: int | None = None) -> int | None:
    """A model's input limit: the profile's own when it gives one, else the documents'."""
    if override is not None:
        return override
    known = MODEL_LIMITS.get(model)
    return None if known is None else known[0]


def input_estimate(
    model: str, body: dict[str, Any], override: int | None = None
) -> tuple[int, int | None]:
    """(the request's estimated input tokens, the model's input limit when it is over it)."""
    estimate = estimate_tokens(request_text(body))
    limit = input_limit(model, override)
    return estimate, (limit if limit is not None and estimate > limit else None)


def over_limit_sentence(model: str, estimate: int, limit: int) -> str:
    return (
        f"The request is about {estimate} input tokens (an estimate from the text), over the "
        f"{limit} {model} takes; shorten the texts, or judge with a model that takes more."
    )


def preflight(
    items: int, games: Iterable[PlannedGame], limit_override: int | None = None
) -> Preflight:
    plan = Preflight(items=items, games=0, input_tokens=0)
    for game in games:
        estimate, over = input_estimate(
            game.model, game.body, game.limit_override or limit_override
        )
        plan.games += 1
        plan.input_tokens += estimate
        judge = game.judge or game.model
        plan.models[judge] = plan.models.get(judge, 0) + 1
        if over is not None:
            plan.too_long.append((game.custom_id, estimate, over))
    return plan
