"""A result `Document` as plain text, Markdown, or one self-contained HTML page with its charts
drawn inline as SVG (no script, no network: it opens the same anywhere, mailed or archived).

Every string from the store (session names, items, reasons, notes) is data: control characters
are shown as symbols in all three, Markdown table cells have their pipes and markup escaped,
and HTML is escaped as HTML.
"""

from __future__ import annotations

import html
import re

from judge_tui.analysis.document import Bars, Document, Section, Table
from judge_tui.textsafe import visible_controls

BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"


def block_bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, in eighths of a cell: readable without colour."""
    if top <= 0 or value <= 0:
        return ""
    cells = max(0.0, min(1.0, value / top)) * width
    full = int(cells)
    part = _EIGHTHS[int((cells - full) * 8)]
    return ("█" * full + (part if part != " " else "")) or "▏"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- plain text ------------------------------------------------------------------------------


def _text_bars(bars: Bars) -> list[str]:
    width = min(28, max(len(label) for label, _, _ in bars.rows))
    return [
        f"  {_clip(label, width):<{width}} {block_bar(value, bars.top):<{BAR_WIDTH}} {written}"
        for label, value, written in bars.rows
    ]


def _text_table(table: Table) -> list[str]:
    rows = [table.headers, *table.rows]
    widths = [min(40, max(len(row[c]) for row in rows)) for c in range(len(table.headers))]
    lines = [
        "  " + "  ".join(_clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    if table.more:
        lines.append(f"  … and {table.more} more (--format json lists every one)")
    return [line.rstrip() for line in lines]


def as_text(doc: Document) -> str:
    lines = [doc.title, ""]
    for section in doc.sections:
        lines.append(section.title)
        width = max((len(label) for label, _ in section.facts), default=0)
        lines += [f"  {label:<{width}}  {value}" for label, value in section.facts]
        if section.bars is not None:
            lines += _text_bars(section.bars)
        if section.table is not None:
            lines += _text_table(section.table) if section.table.rows else ["  (none)"]
        lines.append("")
    return visible_controls("\n".join(lines).rstrip() + "\n")


# --- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_cell(text: str) -> str:
    """Data in a Markdown table cell: markup characters escaped, lines joined."""
    return _MD_SPECIAL.sub(r"\\\1", visible_controls(text)).replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("|" + "|".join("---" for _ in headers) + "|")
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out


def as_markdown(doc: Document) -> str:
    lines = [f"# {md_cell(doc.title)}", ""]
    for section in doc.sections:
        lines += [f"## {md_cell(section.title)}", ""]
        if section.facts:
            lines += _md_table(["", ""], [[label, value] for label, value in section.facts])
            lines.append("")
        if section.bars is not None:
            rows = [
                [label, block_bar(value, section.bars.top), written]
                for label, value, written in section.bars.rows
            ]
            lines += _md_table(["", "", ""], rows)
            lines.append("")
        if section.table is not None:
            if section.table.rows:
                lines += _md_table(section.table.headers, section.table.rows)
            else:
                lines.append("(none)")
            if section.table.more:
                lines.append(f"\n… and {section.table.more} more.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- HTML ------------------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(visible_controls(text), quote=True)


def svg_bars(bars: Bars, title: str) -> str:
    """A horizontal bar chart as inline SVG, each bar's number written beside it."""
    row_height, label_width, bar_width = 22, 180, 320
    height = row_height * len(bars.rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_width + 70}"'
        f' height="{height}" viewBox="0 0 {label_width + bar_width + 70} {height}">',
        f"<title>{_h(title)}</title>",
    ]
    for n, (label, value, written) in enumerate(bars.rows):
        y = 4 + n * row_height
        length = 0.0 if bars.top <= 0 else max(0.0, min(1.0, value / bars.top)) * bar_width
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" '
            f'font-size="13">{_h(_clip(label, 28))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="15" '
            f'fill="#4c78a8"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="13">'
            f"{_h(written)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{_h(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_h(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    more = f"<p>… and {table.more} more.</p>" if table.more else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _html_section(section: Section) -> str:
    parts = [f"<h2>{_h(section.title)}</h2>"]
    if section.facts:
        rows = "".join(
            f"<tr><th>{_h(label)}</th><td>{_h(value)}</td></tr>" for label, value in section.facts
        )
        parts.append(f'<table class="facts">{rows}</table>')
    if section.bars is not None:
        parts.append(svg_bars(section.bars, section.title))
    if section.table is not None:
        parts.append(_html_table(section.table) if section.table.rows else "<p>(none)</p>")
    return "<section>" + "".join(parts) + "</section>"


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
table.facts th { background: #f4f4f4; font-weight: normal; }
footer { margin-top: 2rem; color: #666; font-size: .85rem; }
"""


def as_html(docs: list[Document], title: str, footer: str) -> str:
    body = "".join(
        f"<h1>{_h(doc.title)}</h1>" + "".join(_html_section(s) for s in doc.sections)
        for doc in docs
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        # No script and no request leaves the page: the policy says so to the browser too.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_h(title)}</title><style>{_STYLE}</style></head><body>{body}"
        f"<footer>{_h(footer)}</footer></body></html>\n"
    )
