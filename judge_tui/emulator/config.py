"""The emulator's switches: dialect, token, latency and the faults it injects."""

from __future__ import annotations

from dataclasses import dataclass

from judge_tui.api.dialects import RULES, Dialect

FAULT_KINDS = ("429", "500", "503", "502-html")


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
    max_file_bytes: int | None = None  # None: the dialect's documented limit
    seed: int = 0

    def file_limit(self) -> int:
        if self.max_file_bytes is not None:
            return self.max_file_bytes
        return RULES[Dialect(self.dialect)].max_file_bytes
