"""The Analysis screen (F11): a scope's statistics, two runs compared, judges' agreement.

Everything shown comes from `judge_tui.analysis` (the same documents `judge-tui stats`,
`compare` and `agree` print), computed in thread workers; numpy is imported by them, never on
the first frame's path. While shown, the screen looks at the store every few seconds and
recomputes when evaluations were added or re-read: a bulk run or a batch collect shows live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, DataTable, Header, Input, Label, Select, Static

from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter

if TYPE_CHECKING:
    from judge_tui.analysis.document import Document
    from judge_tui.analysis.views import AgreeView, CompareView, ScopeChoice, StatsView

VIEWS = ("stats", "compare", "agree")
MATRIX_ROWS = 1000  # the criteria matrix's rows shown; sorting is over every item
VIEW_TITLES = {"stats": "Statistics", "compare": "Compare runs", "agree": "Agreement"}
LIVE_SECONDS = 3.0
PICKED = frozenset({"A", "B", "Rater 1", "Rater 2"})


def _cell(text: str, width: int = 30) -> Content:
    shown = visible_controls(text).replace("\n", " ")
    return Content(shown if len(shown) <= width else shown[: width - 1] + "…")


class AnalysisScreen(AppScreen[None]):
    # What this screen's workers post; the handlers own the state they change.

    @dataclass
    class ScopesLoaded(Message):
        choices: list[ScopeChoice]

    @dataclass
    class ResultReady(Message):
        view: str
        result: Any  # StatsView | CompareView | AgreeView
        fingerprint: tuple[int, int, float]

    @dataclass
    class StoreChanged(Message):
        fingerprint: tuple[int, int, float]

    @dataclass
    class ReportWritten(Message):
        path: str

    @dataclass
    class LabelSaved(Message):
        item: str
        path: str
        count: int

    CSS_PATH = stylesheet("analysis")
    BINDINGS: ClassVar[list[BindingType]] = bindings("AnalysisScreen")  # ui/registry.py

    view: reactive[str] = reactive("stats", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.fingerprint: tuple[int, int, float] | None = None
        self.stats_result: StatsView | None = None
        self.compare_result: CompareView | None = None
        self.agree_result: AgreeView | None = None
        self.sort_column = 0  # the criteria matrix's sort: 0 is the item order
        self.filters = ""  # as analysis.scope.parse_filters reads them; "" lets all through
        self.by_judge = False  # Agreement among the judge models of scope A

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="analysis-body"):
            with Horizontal(id="analysis-pickers"):
                yield Select[str]([], prompt="Scope A", id="scope-a", allow_blank=True)
                yield Select[str]([], prompt="Scope B", id="scope-b", allow_blank=True)
                yield Input(placeholder="labels file (CSV/JSONL)", id="labels-path")
            yield Label("", id="analysis-status", markup=False)
            with ContentSwitcher(initial="stats", id="analysis-views"):
                with VerticalScroll(id="stats"):
                    yield Static("Choose a scope above.", id="stats-text", markup=False)
                    yield DataTable(id="criteria-matrix", cursor_type="row", zebra_stripes=True)
                with Vertical(id="compare"):
                    yield Static("", id="compare-text", markup=False)
                    yield DataTable(id="changed", cursor_type="row", zebra_stripes=True)
                with Vertical(id="agree"):
                    yield Static("", id="agree-text", markup=False)
                    yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#criteria-matrix", DataTable).display = False
        start = self.judge_app.launch.analysis_start
        if start is not None:
            self.query_one("#labels-path", Input).value = start.labels
        self._show_pickers()
        self.load_scopes()
        self.set_interval(LIVE_SECONDS, self.look_for_changes)

    # --- choosing ----------------------------------------------------------------------------

    @work(exit_on_error=False, thread=True, group="analysis-scopes")
    def load_scopes(self) -> None:
        from judge_tui.analysis.views import scope_choices
        from judge_tui.store.access import use_store

        self.post_message(self.ScopesLoaded(use_store(scope_choices)))

    def on_analysis_screen_scopes_loaded(self, message: AnalysisScreen.ScopesLoaded) -> None:
        options = [(Content(visible_controls(c.label)), c.spec) for c in message.choices]
        for select_id in ("#scope-a", "#scope-b"):
            select = self.query_one(select_id, Select)
            kept = select.value
            select.set_options(options)
            if kept in {spec for _, spec in options}:
                select.value = kept
        specs = [spec for _, spec in options]
        start = self.judge_app.launch.analysis_start
        current = self.judge_app.connection
        wanted_a = [start.a] if start is not None else []
        if current is not None and current.session:
            wanted_a.append(f"session:{current.session}")
        first = self.query_one("#scope-a", Select)
        if first.is_blank() and specs:
            first.value = next((spec for spec in wanted_a if spec in specs), specs[0])
        second = self.query_one("#scope-b", Select)
        if second.is_blank() and len(specs) > 2:
            wanted_b = [start.b] if start is not None and start.b in specs else []
            second.value = next(iter(wanted_b), next(s for s in specs if s != first.value))

    def _show_pickers(self) -> None:
        self.query_one("#scope-b").display = self.view != "stats"
        self.query_one("#labels-path").display = self.view == "agree"

    def watch_view(self, view: str) -> None:
        self.query_one("#analysis-views", ContentSwitcher).current = view
        self._show_pickers()
        self.recompute()

    def action_show_view(self, view: str) -> None:
        self.view = view

    @on(Select.Changed)
    def scope_changed(self) -> None:
        self.recompute()

    @on(Input.Submitted, "#labels-path")
    def labels_given(self) -> None:
        self.recompute()

    def _scopes(self) -> list[str] | None:
        a = self.query_one("#scope-a", Select).value
        if not isinstance(a, str):
            return None
        if self.view == "stats" or (self.view == "agree" and self.by_judge):
            return [a]
        # Agreement with a person: a labels file given replaces B.
        labels = self.query_one("#labels-path", Input).value.strip()
        use_labels = self.view == "agree" and labels
        b = f"labels:{labels}" if use_labels else self.query_one("#scope-b", Select).value
        return [a, b] if isinstance(b, str) else None

    # --- computing ---------------------------------------------------------------------------

    def recompute(self) -> None:
        scopes = self._scopes()
        if scopes is None:
            self._status("Choose a scope above." if self.view == "stats" else "Choose A and B.")
            return
        self._status(f"{VIEW_TITLES[self.view]}: computing…")
        self.compute(self.view, scopes)

    @work(exit_on_error=False, thread=True, exclusive=True, group="analysis")
    def compute(self, view: str, specs: list[str]) -> None:
        from judge_tui.analysis.scope import parse_filters, parse_scope
        from judge_tui.analysis.views import (
            agree_view,
            compare_view,
            figures_view,
            stats_view,
            store_fingerprint,
        )
        from judge_tui.store.access import use_store

        filters = parse_filters(self.filters)
        scopes = [parse_scope(spec, filters) for spec in specs]
        by_judge = self.by_judge

        def run(db: Any) -> tuple[Any, tuple[int, int, float]]:
            fingerprint = store_fingerprint(db)
            if view == "stats":
                # The figures first, at once; the criteria matrix, slower, when it is ready.
                figures = figures_view(db, scopes[0])
                self.post_message(self.ResultReady(view, figures, fingerprint))
                return stats_view(db, scopes[0], figures.summary), fingerprint
            if view == "compare":
                return compare_view(db, scopes[0], scopes[1]), fingerprint
            return agree_view(db, scopes, by_judge=by_judge), fingerprint

        result, fingerprint = use_store(run)
        self.post_message(self.ResultReady(view, result, fingerprint))

    def look_for_changes(self) -> None:
        if self.is_current and self.fingerprint is not None:
            self.check_store()

    @work(exit_on_error=False, thread=True, exclusive=True, group="analysis-live")
    def check_store(self) -> None:
        from judge_tui.analysis.views import store_fingerprint
        from judge_tui.store.access import use_store

        self.post_message(self.StoreChanged(use_store(store_fingerprint)))

    def on_analysis_screen_store_changed(self, message: AnalysisScreen.StoreChanged) -> None:
        if self.fingerprint is not None and message.fingerprint != self.fingerprint:
            self.fingerprint = message.fingerprint
            self.recompute()
            self.load_scopes()

    def on_worker_state_changed(self, event: Any) -> None:
        # AppScreen's handler (Textual runs each class's own) hands the error to the app.
        if event.worker.group == "analysis" and event.worker.error is not None:
            self._status(f"{VIEW_TITLES[self.view]}: could not be computed (Ctrl+L: details).")

    def _status(self, text: str) -> None:
        if self.filters:
            text += f" · only {self.filters}"
        self.query_one("#analysis-status", Label).update(Content(visible_controls(text)))

    # --- showing -----------------------------------------------------------------------------

    def on_analysis_screen_result_ready(self, message: AnalysisScreen.ResultReady) -> None:
        if message.view != self.view:
            return
        self.fingerprint = message.fingerprint
        if message.view == "stats":
            self.stats_result = message.result
            self._show_stats()
        elif message.view == "compare":
            self.compare_result = message.result
            self._show_compare()
        else:
            self.agree_result = message.result
            self._show_agree()

    def _document_text(self, doc: Document, sections: int | None = None) -> Content:
        """The document as the shell prints it, without what the pickers already say (which
        runs A and B are): at 80x24 the figures come first."""
        from judge_tui.analysis.document import Section
        from judge_tui.analysis.render import as_text

        kept = [
            Section(s.title, [f for f in s.facts if f[0] not in PICKED], s.bars, s.table)
            for s in doc.sections[:sections]
        ]
        return Content(as_text(type(doc)(doc.title, kept)).split("\n", 2)[2])

    def _show_stats(self) -> None:
        result = self.stats_result
        if result is None:
            return
        self._status(f"Statistics of {result.summary.scope} · s sorts the criteria, f filters")
        self.query_one("#stats-text", Static).update(self._document_text(result.document))
        table = self.query_one("#criteria-matrix", DataTable)
        table.clear(columns=True)
        table.display = bool(result.matrix)
        if not result.matrix:
            return
        names = result.criteria
        table.add_column("item", width=18)
        for name in names:
            table.add_column(Text(str(_cell(name, 14))))
        rows = result.matrix
        if self.sort_column:
            from judge_tui.analysis.summary import sort_matrix

            rows = sort_matrix(rows, names[self.sort_column - 1])
        run = result.run
        assert run is not None  # a matrix comes with its run
        if len(rows) > MATRIX_ROWS:  # a table of 100,000 rows took seconds to fill
            self._status(
                f"Statistics of {result.summary.scope} · the matrix shows the first {MATRIX_ROWS} "
                f"of {len(rows)} items in this order (s sorts them by a criterion)"
            )
            rows = rows[:MATRIX_ROWS]
        for row in rows:
            values = [
                Content("–" if name not in row.values else f"{row.values[name]:g}")
                for name in names
            ]
            table.add_row(_cell(row.item, 18), *values, key=run.uid[row.index])

    def action_sort_matrix(self) -> None:
        """The criteria matrix sorted by its next criterion, highest first; after the last,
        back to the items' order."""
        result = self.stats_result
        if result is None or not result.criteria:
            return
        self.sort_column = (self.sort_column + 1) % (len(result.criteria) + 1)
        self._show_stats()
        by = "item order" if not self.sort_column else result.criteria[self.sort_column - 1]
        self._status(f"Criteria matrix sorted by {by}")

    def _fill_list(
        self, table_id: str, last: tuple[str, int], rows: list[tuple[str, str, str, str]]
    ) -> None:
        """A changed-items or disagreements list: item, A's reading, B's, and one more column;
        each row's key is its place in the result's list."""
        table = self.query_one(table_id, DataTable)
        table.clear(columns=True)
        for label, width in (("item", 20), ("A", 14), ("B", 14), last):
            table.add_column(label, width=width)
        for n, (item, a, b, other) in enumerate(rows):
            table.add_row(
                _cell(item, 20), _cell(a, 14), _cell(b, 14), _cell(other, last[1]), key=str(n)
            )

    def _show_compare(self) -> None:
        result = self.compare_result
        if result is None:
            return
        c = result.comparison
        self._status(f"{len(c.changed)} of {len(c.pairing.pairs)} items changed · Enter opens one")
        self.query_one("#compare-text", Static).update(self._document_text(result.document, 1))
        rows = [
            (ch.item, ch.a, ch.b, "–" if ch.delta is None else f"{ch.delta:+g}") for ch in c.changed
        ]
        self._fill_list("#changed", ("change", 7), rows)

    def _show_agree(self) -> None:
        result = self.agree_result
        if result is None:
            return
        a = result.agreement
        by = "By judge: " if self.by_judge else ""
        self._status(f"{by}{len(a.disagreements)} disagreements of {a.paired} · Enter opens one")
        self.query_one("#agree-text", Static).update(self._document_text(result.document, 2))
        rows = [(d.item, d.a, d.b, d.note) for d in a.disagreements]
        self._fill_list("#disagreements", ("note", 24), rows)

    # --- opening -----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        from judge_tui.ui.screens.judgments import JudgmentsScreen

        key = str(event.row_key.value)
        table_id = event.data_table.id
        if table_id == "criteria-matrix":
            self.app.push_screen(JudgmentsScreen(f"Item {key}", [key], ["the judgment"]))
        elif table_id == "changed" and self.compare_result is not None:
            c = self.compare_result.comparison
            ch = c.changed[int(key)]
            self.app.push_screen(
                JudgmentsScreen(
                    f"Item {ch.item}: {ch.a} → {ch.b}",
                    [ch.uid_a, ch.uid_b],
                    [f"A: {c.a}", f"B: {c.b}"],
                )
            )
        elif table_id == "disagreements" and self.agree_result is not None:
            a = self.agree_result.agreement
            d = a.disagreements[int(key)]
            captions = [f"A: {a.raters[0]}", f"B: {a.raters[1]}"]
            if d.note:
                captions[1] += f" · note: {d.note}"
            self.app.push_screen(
                JudgmentsScreen(f"Item {d.item}: {d.a} vs {d.b}", [d.uid_a, d.uid_b], captions)
            )

    def _chosen_item(self) -> tuple[str, int] | None:
        """The item of the focused table's highlighted row, with its scale."""
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.row_count == 0:
            return None
        row = table.cursor_row
        if table.id == "criteria-matrix" and self.stats_result is not None:
            run = self.stats_result.run
            if run is None:
                return None
            uid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            i = run.uid.index(uid)
            return run.item_name(i), run.max_score[i]
        if table.id == "changed" and self.compare_result is not None:
            change = self.compare_result.comparison.changed[row]
            return change.item, change.max_score
        if table.id == "disagreements" and self.agree_result is not None:
            disagreement = self.agree_result.agreement.disagreements[row]
            return disagreement.item, disagreement.max_score
        return None

    def action_label_item(self) -> None:
        """Your own label for the highlighted item, kept in the labels file (made if missing):
        what Agreement sets a judge against."""
        from judge_tui.ui.widgets.dialogs import PromptDialog

        chosen = self._chosen_item()
        if chosen is None:
            self.notify("Highlight an item in a list first.", markup=False)
            return
        item, max_score = chosen
        field = self.query_one("#labels-path", Input)
        if not field.value.strip():
            from judge_tui.store.paths import home_paths

            field.value = str(home_paths().exports / "labels.csv")

        def answered(text: str | None) -> None:
            if text:
                self.save_label(field.value.strip(), item, text, max_score)

        self.app.push_screen(
            PromptDialog(
                f"Your label for {item}: a score (1..{max_score}) or a winner (1, 2, tie), "
                "then a note if you like.",
            ),
            answered,
        )

    @work(exit_on_error=False, thread=True, group="analysis-label")
    def save_label(self, path: str, item: str, text: str, max_score: int) -> None:
        from pathlib import Path

        from judge_tui.analysis.labels import add_label

        count = add_label(Path(path).expanduser(), item, text, max_score=max_score)
        self.post_message(self.LabelSaved(item, path, count))

    def on_analysis_screen_label_saved(self, message: AnalysisScreen.LabelSaved) -> None:
        self.notify(
            f"Labelled {message.item}; {message.path} holds {message.count} labels.", markup=False
        )
        if self.view == "agree":
            self.recompute()

    def action_toggle_by_judge(self) -> None:
        """Agreement among the judge models of scope A (a run of `judge --judges`), or between
        A and B again."""
        self.by_judge = not self.by_judge
        if self.view != "agree":
            self.view = "agree"  # the watcher recomputes
        else:
            self.recompute()

    def action_edit_filters(self) -> None:
        """Narrow every scope shown: by model, mode, template, verdict format, dates, readable."""
        from judge_tui.analysis.scope import FILTER_HELP
        from judge_tui.ui.widgets.dialogs import PromptDialog

        def answered(text: str | None) -> None:
            if text is not None:
                self.filters = " ".join(text.split())
                self.recompute()

        self.app.push_screen(PromptDialog(f"Filters ({FILTER_HELP}):", self.filters), answered)

    def action_write_report(self) -> None:
        from judge_tui.ui.widgets.dialogs import PromptDialog

        scopes = self._scopes()
        if scopes is None:
            self.notify("Choose a scope first.", markup=False)
            return
        from judge_tui.store.paths import home_paths

        default = str(home_paths().exports / "judge-tui-report.html")

        def chosen(path: str | None) -> None:
            if path:
                self.write_report(scopes if self.view == "compare" else scopes[:1], path)

        self.app.push_screen(PromptDialog("Write the report to (.html or .md):", default), chosen)

    @work(exit_on_error=False, thread=True, group="analysis-report")
    def write_report(self, specs: list[str], path: str) -> None:
        from pathlib import Path

        from judge_tui.analysis.report import report_documents, write_report
        from judge_tui.analysis.scope import parse_filters, parse_scope
        from judge_tui.store.access import use_store

        target = Path(path).expanduser()
        fmt = "md" if target.suffix.lower() in (".md", ".markdown") else "html"
        filters = parse_filters(self.filters)
        scopes = [parse_scope(spec, filters) for spec in specs]
        docs = use_store(lambda db: report_documents(db, scopes, resamples=1000, seed=0))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_report(target, docs, fmt, scopes)
        self.post_message(self.ReportWritten(str(target)))

    def on_analysis_screen_report_written(self, message: AnalysisScreen.ReportWritten) -> None:
        self.notify(f"Wrote the report to {message.path}.", markup=False)
