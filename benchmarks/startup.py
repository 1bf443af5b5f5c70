"""Start-up, idle memory and key latency of the TUI, measured in a real pseudo-terminal.

- First paint: from process start until the Judge form is on screen for `judge-tui --demo`,
  next to a bare Textual app with a header and a footer (benchmarks/_bare_app.py), started
  alternately, several runs each, medians. Budget: within 1.3x of the bare app.
- Idle RSS of `judge-tui --demo` (emulator included: it runs in-process) two seconds after the
  form is drawn. Budget: under 120 MB.
- Key to screen: while 16 streamed verdicts keep arriving (benchmarks/_streaming_app.py), the
  time from writing a key to the pty until the app writes the typed text back; beside the same
  app with no streams and a bare Textual app with a text area (its floor). Budget: 50 ms.

    python benchmarks/startup.py [--runs 21] [--keys 40]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pexpect
import pyte
from _as_installed import compile_bytecode

HERE = Path(__file__).resolve().parent
# The console script pip installed beside this interpreter, started directly like the bare app
# (sys.executable). "judge-tui" from PATH can be a version manager's shim instead: pyenv's
# is a shell script that adds a quarter of a second that is not judge-tui's.
JUDGE_TUI = Path(sysconfig.get_path("scripts")) / "judge-tui"
COLUMNS, LINES = 80, 24


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(LINES, COLUMNS))
        # pexpect sleeps 50 ms before every send by default (for programs that drop input sent
        # too early); inside the key timer that sleep was most of every figure measured.
        self.child.delaybeforesend = None
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, timeout: float = 0.005) -> None:
        with contextlib.suppress(pexpect.TIMEOUT):
            self.stream.feed(self.child.read_nonblocking(1 << 20, timeout=timeout))

    def wait_for(self, *needles: str, seconds: float = 30) -> float:
        """Seconds since start until every needle is on screen."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.pump()
            text = self.text()
            if all(n in text for n in needles):
                return time.perf_counter() - self.started
        raise RuntimeError(f"{needles} never appeared:\n{self.text()}")

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.child.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kb / 1024

    def close(self) -> None:
        self.child.sendcontrol("q")
        with contextlib.suppress(pexpect.EOF, pexpect.TIMEOUT):
            self.child.expect(pexpect.EOF, timeout=5)
        self.child.close(force=True)


def first_paints(runs: int, env: dict[str, str]) -> tuple[list[float], list[float], float]:
    ours, bare, rss = [], [], 0.0
    for _ in range(runs):
        term = Terminal([sys.executable, str(HERE / "_bare_app.py")], env)
        bare.append(term.wait_for("Question", "Judge"))
        term.close()
        term = Terminal([str(JUDGE_TUI), "--demo", "--no-save"], env)
        ours.append(term.wait_for("Question", "Judge"))
        time.sleep(2)
        term.pump()
        rss = max(rss, term.rss_mb())
        term.close()
    return ours, bare, rss


def key_latencies(keys: int, env: dict[str, str], app: str) -> list[float]:
    term = Terminal([sys.executable, str(HERE / app)], env)
    term.wait_for("Question")
    term.wait_for("streams started")
    time.sleep(1.5)  # let all 16 streams get going
    latencies = []
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    line = ""  # the text area's current line: short lines, so soft wrapping never splits it
    for i in range(keys):
        if len(line) == 12:
            term.child.send("\r")  # a new line in the question
            line = ""
            time.sleep(0.1)
        letter = letters[i % len(letters)]
        line += letter
        wanted = line.encode()
        term.pump(0)
        sent = time.perf_counter()
        term.child.send(letter)
        # The bytes the app writes, searched as they come: a terminal emulator in Python
        # (pyte) would add its own milliseconds to every measurement.
        written = b""
        while wanted not in written:
            with contextlib.suppress(pexpect.TIMEOUT):
                written += term.child.read_nonblocking(1 << 20, timeout=0.001)
            if time.perf_counter() - sent > 5:
                raise RuntimeError(f"{line!r} never appeared:\n{term.text()}")
        term.stream.feed(written)
        latencies.append(time.perf_counter() - sent)
        time.sleep(0.05)
    term.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 21: on a noisy 2-core machine the median of 7 moved by a tenth of the ratio between runs.
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "JUDGE_TUI_HOME": home}
        ours, bare, rss = first_paints(args.runs, env)
        ours_median, bare_median = statistics.median(ours), statistics.median(bare)
        print(
            f"first paint, median of {args.runs}: judge-tui --demo {ours_median:.3f} s, "
            f"bare Textual app {bare_median:.3f} s, ratio {ours_median / bare_median:.2f} "
            "(budget 1.30)"
        )
        print(f"  judge-tui runs: {' '.join(f'{t:.3f}' for t in ours)}")
        print(f"  bare runs:      {' '.join(f'{t:.3f}' for t in bare)}")
        print(f"idle RSS of judge-tui --demo: {rss:.1f} MB (budget 120)")
        runs = (
            ("bare Textual app with a text area", "_bare_typing_app.py", "16"),
            ("judge-tui, no streams", "_streaming_app.py", "0"),
            ("judge-tui, 16 streams arriving", "_streaming_app.py", "16"),
        )
        medians = []
        for label, app, streams in runs:
            latencies = sorted(
                key_latencies(args.keys, {**env, "JUDGE_TUI_BENCH_STREAMS": streams}, app)
            )
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            medians.append(statistics.median(latencies))
            print(
                f"key to screen, {label}, {len(latencies)} keys: median "
                f"{medians[-1] * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
                f"max {latencies[-1] * 1000:.1f} ms"
            )
        print(
            f"  16 streams vs bare: {medians[2] / medians[0]:.2f}x; budget: under 50 ms "
            "(the bare app's own floor on this machine is the first line)"
        )


if __name__ == "__main__":
    main()
