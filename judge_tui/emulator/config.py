"""The emulator's switches: dialect, token, latency and the faults it injects."""

from __future__ import annotations

from dataclasses import dataclass

from judge_tui.api.dialects import RULES, Dialect
from judge_tui.emulator.verdicts import JudgeStyle

FAULT_KINDS = ("429", "500", "503", "502-html")

# What `--hostile-verdicts` appends to every verdict: each kind of sequence a terminal acts on.
HOSTILE_TEXT = (
    "\n\x1b]52;c;cHduZWQ=\x07"  # OSC 52 (write the clipboard), ended by BEL
    "\x1b]52;c;cHduZWQ=\x1b\\"  # the same, ended by ST
    "\x1b]2;pwned\x1b\\"  # OSC 2: the window title
    "\x1b[31;1mred\x1b[0m\x1b[2J"  # CSI: colour, clear the screen
    "\x9d2;pwned\x9c\x9b31m"  # 8-bit C1: OSC … ST, CSI
    " [@click=app.quit]x[/] [b"  # Textual markup
)

_THOUGHT = (
    "Let me weigh the answer against the question: what it claims, whether each claim holds, "
    "and what a careful reader would still need to know. "
)


def number_flood(kb: int) -> str:
    """`kb` KB of score-like numbers after a verdict, as a hostile or broken service might send:
    far more than any judge writes (judging/verdict.py MAX_READ_CHARS)."""
    return "\n" + "4/5 " * (kb * 256) if kb > 0 else ""


def thinking(chars: int) -> str:
    """A reasoning model's thinking before its verdict, `chars` characters long (none for 0):
    prose without a number, so the verdict after it is what a reader reads."""
    if chars <= 0:
        return ""
    body = (_THOUGHT * (chars // len(_THOUGHT) + 1))[: max(0, chars - 19)]
    return f"<think>\n{body}\n</think>\n\n"


@dataclass
class EmulatorConfig:
    dialect: str = "pai"  # pai | dashscope
    token: str | None = None  # None: any token (or none) is accepted
    latency_ms: float = 0.0
    # After the work is done, before the answer: the window in which a client that dies has
    # had its request carried out without hearing so (for the batch journal's crash tests).
    answer_delay_ms: float = 0.0
    fault_rate: float = 0.0  # share of requests answered with one of `fault_kinds`
    fault_kinds: tuple[str, ...] = FAULT_KINDS
    retry_after_s: float = 1.0  # what a 429 asks the client to wait
    malformed_rate: float = 0.0  # share of 200 answers whose JSON body is cut short
    stream_drop_rate: float = 0.0  # share of streams that break midway
    stream_chunk_ms: float = 10.0
    batch_seconds: float = 30.0  # how long a batch takes from creation to completion
    batch_line_fail_rate: float = 0.0  # share of batch lines answered with an error
    # Each batch's output also holds its first result again and a result for an id no line had.
    stray_results: bool = False
    max_file_bytes: int | None = None  # None: the dialect's documented limit
    seed: int = 0
    # --- hostile switches: a service that lies, stalls or attacks the terminal ---
    verdict_prefix: str = ""  # put before every verdict (`thinking`: a reasoning model's)
    verdict_suffix: str = ""  # appended to every verdict (HOSTILE_TEXT: escape sequences)
    silent: bool = False  # accept every request and never answer
    # Chat answers whose informational fields are wrong: the model a number, the id a number,
    # the time a word, the token counts null, negative and text (the verdict itself is right).
    wrong_fields: bool = False
    keepalive_only: bool = False  # streams send SSE comments forever, never any data
    not_json_rate: float = 0.0  # share of chat answers that are 200 with an HTML body
    huge_body_bytes: int = 0  # chat answers padded to this many bytes (0: off)
    files_page_size: int | None = None  # GET /files answers in pages of this many
    unreadable_rate: float = 0.0  # share of verdicts written with no score (a repair gets one)
    # --- how the simulated judge leans (emulator/verdicts.py JudgeStyle) ---
    position_bias: float = 0.0  # chance a pairwise verdict prefers slot 1 whatever the answers
    judge_noise: float = 0.0  # chance a score moves a point, per model and seed

    def judge_style(self) -> JudgeStyle:
        return JudgeStyle(self.position_bias, self.judge_noise)

    def file_limit(self) -> int:
        if self.max_file_bytes is not None:
            return self.max_file_bytes
        return RULES[Dialect(self.dialect)].max_file_bytes
