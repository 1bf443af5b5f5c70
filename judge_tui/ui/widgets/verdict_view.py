"""The verdict pane: a score badge, the criteria, and the raw text with every marker lit.

Verdict text is data: it is put on screen as `Content` built from plain strings, so
`[@click=...]` or `[b` in it is shown as written and never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Static

from judge_tui.judging.provenance import provenance_mark
from judge_tui.judging.scores import fmt_score
from judge_tui.textsafe import visible_controls

if TYPE_CHECKING:  # pydantic models: kept off the first frame's path (docs/architecture.md §7)
    from judge_tui.judging.run import JudgeOutcome
    from judge_tui.judging.verdict import Verdict
    from judge_tui.store.records import EvaluationRecord


def _badge(kind: str, ansi: bool) -> str:
    # With only the terminal's 16 colours there is no muted shade: "$text-success on
    # $success-muted" was green on the same green, and the score could not be read.
    return f"bold reverse $text-{kind}" if ansi else f"bold $text-{kind} on ${kind}-muted"


def badge_style(score: float, max_score: int, ansi: bool = False) -> str:
    share = (score - 1) / max(1, max_score - 1)
    if share >= 0.7:
        return _badge("success", ansi)
    if share >= 0.4:
        return _badge("warning", ansi)
    return _badge("error", ansi)


def badge_content(verdict: Verdict, *, ansi: bool = False) -> Content:
    """The verdict's headline as badges; `ansi`: the theme has only the 16 terminal colours."""
    if not verdict.parsed:
        return Content.assemble(
            ("Not readable", "bold $text-error"), ": ", visible_controls(verdict.reason or "")
        )
    parts: list[Content | str | tuple[str, str]] = []
    if verdict.winner is not None:
        winner = "Tie" if verdict.winner == "tie" else f"Answer {verdict.winner}"
        parts += [
            ("Winner", "bold"),
            " ",
            (f" {winner} ", _badge("accent", ansi)),
            "  ",
        ]
    for key, value in sorted(verdict.answer_scores.items()):
        label = f" {fmt_score(value)}/{verdict.max_score} "
        parts += [f"Answer {key} ", (label, badge_style(value, verdict.max_score, ansi)), "  "]
    if verdict.score is not None:
        label = f" {fmt_score(verdict.score)}/{verdict.max_score} "
        badge = badge_style(verdict.score, verdict.max_score, ansi)
        parts += [("Score", "bold"), " ", (label, badge)]
    if mark := provenance_mark(verdict.provenance):  # a person's reading, or a repair's
        parts += ["  ", (mark, "italic $text-muted")]
    return Content.assemble(*parts)


# Characters of a verdict's text drawn in the pane: more than any judge writes (the reader reads
# 100,000 at most). A broken or hostile service's 15 MB verdict, drawn whole, held the app for
# most of a minute and a gigabyte; the rest is in an export.
SHOWN_TEXT = 50_000


def highlighted_text(text: str, verdict: Verdict) -> Content:
    """The raw verdict with every [[...]] marker lit, and the ones read as scores stronger;
    past SHOWN_TEXT characters, a line that says how many more there are."""
    if len(text) > SHOWN_TEXT:
        more = f"\n… and {len(text) - SHOWN_TEXT:,} more characters, not shown: an export has them."
        return Content.assemble(
            highlighted_text(text[:SHOWN_TEXT], verdict), (more, "bold $text-warning")
        )
    read = {(s.start, s.end) for s in verdict.markers}
    strong: set[tuple[int, int]] = set()
    if verdict.score_span:
        strong.add((verdict.score_span.start, verdict.score_span.end))
    if verdict.winner_span:
        strong.add((verdict.winner_span.start, verdict.winner_span.end))
    strong |= {(s.start, s.end) for s in verdict.answer_score_spans.values()}
    spans = [Span(start, end, "bold $accent") for start, end in sorted(read | strong)]
    spans += [Span(start, end, "reverse") for start, end in sorted(strong)]
    spans = [span for span in spans if span.end <= len(text)]  # a cut text: those in it
    # One visible symbol per control character: the spans still point at the same places.
    return Content(visible_controls(text), spans=spans)


def criteria_content(verdict: Verdict) -> Content:
    rows: list[Content | str | tuple[str, str]] = []
    for criterion in verdict.criteria:
        who = f" (answer {criterion.answer})" if criterion.answer else ""
        score = (
            criterion.score if isinstance(criterion.score, str) else fmt_score(criterion.score or 0)
        )
        name = visible_controls(criterion.name)
        rows += [f"{name}{who}: ", (visible_controls(str(score)), "bold"), "\n"]
    return Content.assemble(*rows).rstrip()


INPUT_LABELS = (
    ("question", "Question"), ("answer", "Answer"), ("answer1", "Answer 1"),
    ("answer2", "Answer 2"), ("ref_answer", "Reference"), ("history_dialogue", "Earlier turns"),
)  # fmt: skip
INPUT_PREVIEW = 600  # characters of each field; the whole text is in an export


def inputs_content(inputs: dict[str, Any]) -> Content:
    """What was judged: each field that has text, labelled, clipped to a preview."""
    parts: list[Content | str | tuple[str, str]] = []
    for key, label in INPUT_LABELS:
        value = str(inputs.get(key) or "").strip()
        if not value:
            continue
        if len(value) > INPUT_PREVIEW:
            value = value[:INPUT_PREVIEW] + "…"
        parts += [(f"{label}: ", "bold $text-accent"), visible_controls(value), "\n"]
    return Content.assemble(*parts).rstrip()


FLUSH_HZ = 20
STREAM_TAIL = 3000  # characters drawn while a verdict streams
# The badge, the margins and a line of notes (a retry) around the streaming text.
STREAM_CHROME_LINES = 5


class StreamTail(Static):
    """The end of a streaming verdict, as many lines as fit. Its height is set from the pane,
    never from the text, so a redraw repaints this widget alone: a Static that grew with the
    text made every redraw a layout pass of the whole screen, and key presses waited on it."""

    def show_tail(self, text: str) -> None:
        width, height = self.content_region.width, self.content_region.height
        shown = text if len(text) <= STREAM_TAIL else "…" + text[-STREAM_TAIL:]
        tail = Content(visible_controls(shown))
        if width > 0 and height > 0:
            tail = Content("\n").join(tail.wrap(width)[-height:])
        self.update(tail, layout=False)


class VerdictView(VerticalScroll):
    """Streams text as it arrives, then shows what the reader made of it."""

    @dataclass
    class EvaluationRead(Message):
        record: EvaluationRecord

    def __init__(self, *, id: str | None = None, show_inputs: bool = False) -> None:
        super().__init__(id=id)
        # A saved judgment read away from the form (Sessions, a batch job's results) shows
        # what was judged above its verdict: the question and the answers.
        self.show_inputs = show_inputs
        self._pieces: list[str] = []
        self._flush_pending = False
        self._parts_mounted = False
        self.judging = False  # between start() and the verdict shown (or cancelled)
        self.answers: tuple[str, str] | None = None  # a pairwise judgment's, for the diff
        self._wanted: str | None = None  # the uid `show_evaluation` was last asked for

    def compose(self) -> ComposeResult:
        yield Static("Press F5 to judge.", id="verdict-badge", markup=False)

    def _mount_parts(self) -> None:
        """The parts a verdict needs, mounted when the first one is shown: the first frame
        draws only the line that says how to judge."""
        if self._parts_mounted:
            return
        self._parts_mounted = True
        inputs = Static("", id="verdict-inputs", markup=False)
        inputs.display = False  # shown by show_record, where show_inputs asks for it
        plan = Static("", id="verdict-plan", markup=False)
        plan.display = False  # shown when an item is judged as a plan (what its games say)
        self.mount(
            plan,
            inputs,
            Static("", id="verdict-criteria", markup=False),
            StreamTail("", id="verdict-stream", markup=False),
            Static("", id="verdict-text", markup=False),
            Static("", id="verdict-meta", markup=False),
            Static("", id="verdict-diff", markup=False),
        )
        self.query_one("#verdict-diff").display = False

    @property
    def text(self) -> str:
        """The verdict text shown (what copy puts on the clipboard)."""
        return "".join(self._pieces)

    def start(self) -> None:
        self._mount_parts()
        self.query_one("#verdict-plan").display = False
        self._pieces = []
        self._flush_pending = False
        self.judging = True
        self.query_one("#verdict-badge", Static).update(Content("Judging…"))
        for name in ("criteria", "text", "meta"):
            self.query_one(f"#verdict-{name}", Static).update("")
        self.query_one("#verdict-text").display = False
        stream = self.query_one(StreamTail)
        stream.update("")
        stream.display = True
        self._size_stream()
        self.scroll_home(animate=False)

    def _size_stream(self) -> None:
        height = max(3, self.scrollable_content_region.height - STREAM_CHROME_LINES)
        self.query_one(StreamTail).styles.height = height

    def on_resize(self) -> None:
        if self._parts_mounted and self.query_one(StreamTail).display:
            self._size_stream()

    def append(self, text: str) -> None:
        """Streamed text is drawn at most FLUSH_HZ times a second: redrawing on every chunk
        re-wraps the whole text each time, which starves key presses when chunks come fast."""
        if not self.judging:
            return  # a piece still on its way when the judgment was cancelled
        self._pieces.append(text)
        if not self._flush_pending:
            self._flush_pending = True
            self.set_timer(1 / FLUSH_HZ, self.flush)

    def flush(self) -> None:
        """Draw what has streamed in so far (the timer calls it; so may a test)."""
        if not self._flush_pending:
            return  # a complete verdict was shown meanwhile
        self._mount_parts()
        self._flush_pending = False
        # While it streams only the end that fits is drawn: the cost of a redraw stays flat
        # however long the text grows. The whole text is shown when the verdict is complete.
        self.query_one(StreamTail).show_tail(self._last_characters(STREAM_TAIL + 1))

    def _last_characters(self, count: int) -> str:
        """At least the last `count` characters streamed (all of them, if fewer), joined from
        the last pieces only: joining every piece at each redraw grew with the stream."""
        taken: list[str] = []
        size = 0
        for piece in reversed(self._pieces):
            taken.append(piece)
            size += len(piece)
            if size >= count:
                break
        return "".join(reversed(taken))

    def note(self, sentence: str) -> None:
        """A word on the judgment under way (a retry and its wait), in the badge line at the
        top where the eye is, not below the text."""
        self._mount_parts()
        badge = Content.assemble(("Judging…", "bold"), "  ", visible_controls(sentence))
        self.query_one("#verdict-badge", Static).update(badge)

    def cancelled(self) -> None:
        """Escape: the badge says so, and what had arrived stays, marked incomplete."""
        if not self.judging:
            return
        self.judging = False
        self.flush()
        got = "what had arrived is below, incomplete" if self.text else "nothing had arrived"
        self.query_one("#verdict-badge", Static).update(
            Content.assemble(("Cancelled", "bold $text-warning"), f": {got}. F5 judges again.")
        )
        self.scroll_home(animate=False)

    def show_plan(self, sentence: str | None) -> None:
        """What a plan's games say together (judging/plan_readings.py); None hides it."""
        self._mount_parts()
        line = self.query_one("#verdict-plan", Static)
        line.display = sentence is not None
        line.update(Content.styled(visible_controls(sentence or ""), "bold"))

    def toggle_diff(self) -> bool:
        """Show or hide the word diff of the shown pairwise judgment's answers; False when
        there is none to show."""
        from judge_tui.ui.widgets.answer_diff import DIFF_TITLE, diff_content

        if self.answers is None or not self._parts_mounted:
            return False
        diff = self.query_one("#verdict-diff", Static)
        diff.display = not diff.display
        if diff.display:
            diff.update(Content.assemble((DIFF_TITLE, "bold"), "\n", diff_content(*self.answers)))
            self.scroll_to_widget(diff, animate=False)
        return True

    def _keep_answers(self, mode: str, inputs: dict[str, Any]) -> None:
        pairwise = mode == "pairwise" or (inputs.get("answer1") and inputs.get("answer2"))
        self.answers = (
            (str(inputs.get("answer1", "")), str(inputs.get("answer2", ""))) if pairwise else None
        )
        if self._parts_mounted:
            self.query_one("#verdict-diff").display = False

    def show(self, outcome: JudgeOutcome) -> None:
        from judge_tui.judging.run import JudgeStatus

        error = outcome.error.user_message() if outcome.error is not None else None
        self._render_verdict(
            outcome.verdict,
            outcome.content,
            model=outcome.model or outcome.params.model,
            usage=outcome.usage,
            latency_ms=outcome.latency_ms,
            finish_reason=outcome.finish_reason,
            truncated=outcome.status is JudgeStatus.TRUNCATED,
            error=error,
        )
        self._keep_answers(outcome.inputs.mode.value, outcome.inputs.model_dump())

    def show_evaluation(self, uid: str) -> None:
        """The stored evaluation `uid`, read on a thread and then shown: for lists that hold a
        line per evaluation (a job's results, the triage queue) rather than every one whole.
        Only the newest asked for is shown, however the reads finish."""
        self._wanted = uid
        self._read_evaluation(uid)

    @work(exit_on_error=False, thread=True, exclusive=True, group="verdict-read")
    def _read_evaluation(self, uid: str) -> None:
        from judge_tui.store.access import use_store
        from judge_tui.store.sessions import evaluations_by_uid

        found = use_store(lambda db: evaluations_by_uid(db, [uid]))
        if found:
            self.post_message(self.EvaluationRead(found[0]))

    def on_verdict_view_evaluation_read(self, message: VerdictView.EvaluationRead) -> None:
        if message.record.uid == self._wanted:  # the list's cursor has not moved on
            self.show_record(message.record)

    def show_record(self, record: EvaluationRecord) -> None:
        """A saved evaluation, exactly as it was read when it was judged."""
        from judge_tui.judging.run import JudgeStatus
        from judge_tui.judging.verdict import Verdict

        self._render_verdict(
            Verdict.model_validate(record.verdict),
            record.content,
            model=record.model,
            usage=record.usage,
            latency_ms=record.latency_ms,
            finish_reason=record.finish_reason,
            truncated=record.status == JudgeStatus.TRUNCATED.value,
            error=record.error,
        )
        inputs = self.query_one("#verdict-inputs", Static)
        inputs.display = self.show_inputs
        if self.show_inputs:
            inputs.update(inputs_content(record.inputs))
        self._keep_answers(record.mode, record.inputs)

    def _render_verdict(
        self,
        verdict: Verdict,
        content: str,
        *,
        model: str,
        usage: dict[str, Any] | None,
        latency_ms: int | None,
        finish_reason: str | None,
        truncated: bool,
        error: str | None,
    ) -> None:
        self._mount_parts()
        self._pieces = [content]
        self._flush_pending = False
        self.judging = False
        self.query_one(StreamTail).display = False
        self.query_one("#verdict-text").display = True
        if error is not None and not verdict.parsed:
            # No verdict came: the headline is the service's failure, not "not readable".
            badge = Content.assemble(
                ("Service error", "bold $text-error"), ": ", visible_controls(error)
            )
            error = None  # said in the headline; not again below
        else:
            badge = badge_content(verdict, ansi=self.app.current_theme.ansi)
        self.query_one("#verdict-badge", Static).update(badge)
        self.query_one("#verdict-criteria", Static).update(criteria_content(verdict))
        self.query_one("#verdict-text", Static).update(highlighted_text(content, verdict))
        meta = [
            model,
            f"{_said((usage or {}).get('total_tokens'))} tokens",
            f"{latency_ms if latency_ms is not None else '?'} ms",
            f"finish: {finish_reason or '-'}",
        ]
        line = Content(visible_controls(" · ".join(meta)))
        if truncated:
            warning = "Cut off by max tokens: the verdict is incomplete."
            line = Content.assemble(line, "\n", (warning, "bold $text-warning"))
        if error is not None:
            line = Content.assemble(line, "\n", (visible_controls(error), "bold $text-error"))
        self.query_one("#verdict-meta", Static).update(line)
        self.scroll_home(animate=False)  # the score badge first, once the text is complete


def _said(count: object) -> str:
    """A token count as the service gave it; `?` where it gave none."""
    return str(count) if isinstance(count, int) and not isinstance(count, bool) else "?"
