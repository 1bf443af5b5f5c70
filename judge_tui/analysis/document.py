"""What a stats, compare or agreement result says, as a small document of sections: figures,
bars and tables. The shell's text and Markdown, the HTML report and the Analysis screen all draw
the same document, so the four never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the figures' types only: `stats` starts without the compare and agree code
    from judge_tui.analysis.agree import Agreement
    from judge_tui.analysis.compare import Comparison
    from judge_tui.analysis.summary import Summary

LIST_LIMIT = 50  # items listed in a text or Markdown result; JSON and the screen list all


@dataclass
class Bars:
    """Counts or means drawn as bars, the number always printed beside the bar."""

    rows: list[tuple[str, float, str]]  # label, value, the value as written
    top: float


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    more: int = 0  # rows left out


@dataclass
class Section:
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    bars: Bars | None = None
    table: Table | None = None


@dataclass
class Document:
    title: str
    sections: list[Section]


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def p_value(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def interval(lo_hi: tuple[float, float] | None, digits: int = 2) -> str:
    return "–" if lo_hi is None else f"[{lo_hi[0]:.{digits}f}, {lo_hi[1]:.{digits}f}]"


def share_interval(lo_hi: tuple[float, float] | None) -> str:
    return "–" if lo_hi is None else f"[{lo_hi[0]:.1%}, {lo_hi[1]:.1%}]"


def stats_document(s: Summary) -> Document:
    sections: list[Section] = []
    overview = Section(
        "Overview",
        [
            ("Judgments", str(s.count)),
            ("Readable", f"{s.readable} ({share(s.readable_share)})"),
        ],
    )
    for reason, n in list(s.unreadable.items())[:5]:
        overview.facts.append(("  not readable", f"{n} · {reason}"))
    if len(s.unreadable) > 5:
        overview.facts.append(("  …", f"{len(s.unreadable) - 5} more reasons"))
    sections.append(overview)
    if s.scored:
        ci = None if s.ci95 is None else (s.ci95.lo, s.ci95.hi)
        scores = Section(
            f"Scores (1–{s.max_score})",
            [
                ("Mean", f"{num(s.mean)}  95% CI {interval(ci)}"),
                ("Median", num(s.median, 1)),
                ("SD", num(s.sd)),
                ("Scored", str(s.scored)),
            ],
        )
        if s.ci95 is not None:
            scores.facts.append(("CI", s.ci95.method))
        top = max(s.histogram.values() or [0])
        scores.bars = Bars([(k, float(v), str(v)) for k, v in s.histogram.items()], float(top))
        sections.append(scores)
    for note in s.notes:
        overview.facts.append(("Note", note))
    p = s.pairwise
    if p.games:
        ci = None if p.ci95 is None else (p.ci95.lo, p.ci95.hi)
        sections.append(
            Section(
                "Pairwise (answer 1 vs answer 2)",
                [
                    ("Wins / ties / losses", f"{p.wins} / {p.ties} / {p.losses}"),
                    ("Win rate", share(p.win_rate)),
                    (
                        "Tie-adjusted",
                        f"{share(p.tie_adjusted_win_rate)}  95% CI {share_interval(ci)}",
                    ),
                ],
                bars=Bars(
                    [
                        ("Answer 1", float(p.wins), str(p.wins)),
                        ("tie", float(p.ties), str(p.ties)),
                        ("Answer 2", float(p.losses), str(p.losses)),
                    ],
                    float(max(p.wins, p.ties, p.losses)),
                ),
            )
        )
    if s.swap is not None:
        w = s.swap
        after = "counted as ties" if w.policy == "tie" else "left out of the win rates"
        sections.append(
            Section(
                "Both orders (swap)",
                [
                    ("Items in both orders", f"{w.items} ({w.games} games)"),
                    ("Consistency", f"{share(w.consistency)} name the same winner in both orders"),
                    ("Slot 1 wins", f"{share(w.first_slot_preference)} of the games"),
                    ("Inconsistent", f"{w.inconsistent} items, {after} (policy {w.policy})"),
                ],
            )
        )
        names = {"1": "Answer 1", "2": "Answer 2", "tie": "tie"}
        listed = w.disagreements()[:LIST_LIMIT]
        sections.append(
            Section(
                f"Items whose orders disagree ({w.inconsistent})",
                table=Table(
                    ["Item", "As given", "Swapped, mapped back"],
                    [[item, names.get(a, a), names.get(b, b)] for item, a, b in listed],
                    w.inconsistent - len(listed),
                ),
            )
        )
    if s.repeats is not None:
        r = s.repeats
        sections.append(
            Section(
                "Repeats",
                [
                    ("Games repeated", str(r.groups)),
                    ("Read the same every time", share(r.identical_share)),
                    ("Mean SD of a game's scores", num(r.mean_sd)),
                ],
            )
        )
    if s.criteria:
        sections.append(
            Section(
                "Criteria (mean)",
                bars=Bars(
                    [(name, mean, f"{mean:.2f}") for name, mean in s.criteria.items()],
                    float(s.max_score or max(s.criteria.values())),
                ),
            )
        )
    sections.append(
        Section(
            "Cost and speed",
            [
                (
                    "Tokens",
                    f"{s.tokens['prompt']} prompt + {s.tokens['completion']} completion "
                    f"= {s.tokens['total']}",
                ),
                (
                    "Latency",
                    f"p50 {num(s.latency_ms['p50'], 0)} ms · p95 {num(s.latency_ms['p95'], 0)} ms",
                ),
                (
                    "Length bias",
                    f"Spearman rho {num(s.length_bias)} over {s.length_pairs} "
                    "(score vs answer length)",
                ),
            ],
        )
    )
    return Document(f"Statistics of {s.scope}", sections)


def compare_document(c: Comparison) -> Document:
    what = "score" if c.kind == "score" else "tie-adjusted win rate of answer 1"
    ci = None if c.ci95 is None else (c.ci95.lo, c.ci95.hi)
    joined = ", ".join(f"{n} by {how}" for how, n in c.pairing.joined_by.items()) or "none"
    facts = [
        ("A", c.a),
        ("B", c.b),
        ("Paired items", f"{len(c.pairing.pairs)} ({joined})"),
        ("Unpaired", f"{c.pairing.unpaired_a} in A, {c.pairing.unpaired_b} in B"),
        ("Compared", f"{c.compared} readable on both sides, by {what}"),
        ("Mean A → B", f"{num(c.mean_a)} → {num(c.mean_b)}"),
        ("Difference B − A", f"{num(c.mean_diff, 3)}  95% CI {interval(ci, 3)}"),
        ("Wilcoxon p", p_value(c.wilcoxon_p)),
    ]
    if c.kind == "pairwise":
        facts.append(("McNemar p", p_value(c.mcnemar_p)))
    if c.ci95 is not None:
        facts.append(("CI", f"paired: {c.ci95.method}"))
    listed = c.changed[:LIST_LIMIT]
    table = Table(
        ["Item", "A", "B", "Change"],
        [[ch.item, ch.a, ch.b, "–" if ch.delta is None else f"{ch.delta:+g}"] for ch in listed],
        len(c.changed) - len(listed),
    )
    return Document(
        "Compare runs",
        [Section("Result", facts), Section(f"Changed ({len(c.changed)})", table=table)],
    )


def agree_document(a: Agreement) -> Document:
    facts = [(f"Rater {n}", label) for n, label in enumerate(a.raters, 1)]
    joined = ", ".join(f"{n} by {how}" for how, n in a.pairing.joined_by.items()) or "none"
    facts += [
        ("Paired", f"{a.paired} items rated by A and B ({joined})"),
        ("Compared by", a.kind),
        ("Exact agreement", share(a.exact)),
        ("Within one", share(a.within_one)),
        ("Cohen's kappa (quadratic)", num(a.kappa_quadratic, 3)),
        ("Spearman rho", num(a.spearman, 3)),
        ("Krippendorff's alpha (ordinal)", f"{num(a.alpha_ordinal, 3)} over {a.alpha_items} items"),
    ]
    confusion = Table(
        ["A \\ B", *a.categories],
        [[row, *(str(a.confusion[row][col]) for col in a.categories)] for row in a.confusion],
    )
    listed = a.disagreements[:LIST_LIMIT]
    disagreements = Table(
        ["Item", "A", "B", "Note"],
        [[d.item, d.a, d.b, d.note] for d in listed],
        len(a.disagreements) - len(listed),
    )
    return Document(
        "Agreement",
        [
            Section("Result", facts),
            Section("Confusion (rows: A, columns: B)", table=confusion),
            Section(f"Disagreements ({len(a.disagreements)})", table=disagreements),
        ],
    )
