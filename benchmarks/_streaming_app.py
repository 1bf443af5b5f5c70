"""The app under load for the key-latency benchmark: judge-tui's real app and Judge screen on
the emulator (in its own process), with 16 streamed verdicts arriving at once, over and over,
into the verdict pane. Run by benchmarks/startup.py in a pseudo-terminal; not part of the
product."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import work

from benchmarks._emulator_process import emulator_process
from judge_tui.api.credentials import Token
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.run import judge
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.messages import DeltaBatcher
from judge_tui.ui.screens.judge import JudgeScreen
from judge_tui.ui.service import Connection
from judge_tui.ui.widgets.verdict_view import VerdictView

STREAMS = int(os.environ.get("JUDGE_TUI_BENCH_STREAMS", "16"))


class LoadedApp(JudgeTuiApp):
    def on_ready(self) -> None:
        super().on_ready()
        self.set_timer(1.0, self.start_streams)

    def start_streams(self) -> None:
        screen = self.screen
        assert isinstance(screen, JudgeScreen)
        for n in range(STREAMS):
            self.stream_forever(screen, n)
        self.notify("streams started", markup=False)

    @work(group="load")
    async def stream_forever(self, screen: JudgeScreen, n: int) -> None:
        inputs = JudgeInputs(question=f"Question {n}: explain recursion", answer="x " * 200)
        params = JudgeParams(model="pai-judge", stream=True)
        view = screen.query_one(VerdictView)

        while True:
            if n == 0:
                view.start()  # the pane holds about one verdict's time of all 16 streams
            # As the Judge screen streams: text batched, posted as its own message.
            deltas = DeltaBatcher(lambda text: screen.post_message(screen.VerdictDelta(text)))
            # On the app's network loop, as the Judge screen runs a judgment.
            await self.network.run(judge(self.client(), inputs, params, on_delta=deltas))
            deltas.flush()


if __name__ == "__main__":
    # The service in its own process, as a remote one would be: its work is not the app's.
    with emulator_process() as base_url:
        LoadedApp(Connection(base_url, Token("demo", "bench"), demo=True, session=None)).run()
