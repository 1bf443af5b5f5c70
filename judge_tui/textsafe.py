"""Text from the service, the store or a file is data: no control sequence in it may reach the
terminal (docs/architecture.md, "Text safety").

A verdict holding `ESC ] 52 ; c ; <base64> ESC \\` would write the user's clipboard, `ESC ] 2`
the window title, a CSI sequence would move the cursor or recolour the screen, and the 8-bit C1
forms (U+0080..U+009F, `CSI` is U+009B) do the same on terminals that honour them. Every path
that shows such text (the screens, the shell's output, Markdown and CSV exports) passes it
through `visible_controls` first; the raw text stays stored as it came.

Each control character becomes exactly one visible character, so a span computed on the raw
text (a highlighted `[[4]]` marker) still points at the same place in the shown text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 controls but tab and newline, DEL, and the C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DEL_AND_C1 = re.compile(r"[\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0D:
        # A CR right before a newline is a Windows line end: shown as a blank, never as a
        # return that would let the rest of the line overwrite its start.
        string, end = match.string, match.end()
        return " " if end < len(string) and string[end] == "\n" else "␍"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␛ … ␟
    if code == 0x7F:
        return "␡"
    return "␛"  # a C1 control is the one-byte form of ESC followed by a letter


def visible_controls(text: str) -> str:
    """`text` with every control character but newline and tab shown as a visible symbol."""
    if text.isprintable() or not has_controls(text):  # the common case: no copy
        return text
    return _CONTROLS.sub(_visible, text)


# Every ASCII byte but the controls `_CONTROLS` matches: what deleting leaves is a control.
_ASCII_SAFE = bytes(b for b in range(0x80) if b in (0x09, 0x0A) or 0x20 <= b < 0x7F)


def has_controls(text: str) -> bool:
    if text.isascii():  # most output, read at C speed: 10 MB in 10 ms, the pattern took 55
        return bool(text.encode("ascii").translate(None, _ASCII_SAFE))
    return _CONTROLS.search(text) is not None


# For reading: a CSI sequence (ESC [ or the 8-bit CSI, its parameters, and a final letter or
# sign, never a bracket: "ESC[1m4" is a 1 run into a 4 otherwise), and each other control
# character but tab, the line breaks and the form feeds. A string command (OSC and its kin) keeps
# its text: the screen shows it (visible_controls), so the reader reads what the user sees.
_CONTROL_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[!-/]*[@-Z\\^-~]?|[\x00-\x08\x0e-\x1f\x7f-\x9f]"
)


def blank_controls(text: str) -> str:
    """`text` with each control sequence (_CONTROL_SEQUENCE) made spaces, one for each of its
    characters, for reading: "Score: ESC[1m4ESC[0m" says 4, not the 1 of the sequence's
    parameters. Every position stays where it was."""
    if not has_controls(text):
        return text
    return _CONTROL_SEQUENCE.sub(lambda sequence: " " * len(sequence.group()), text)


def json_text_safe(text: str) -> str:
    """JSON (already encoded) with the C1 controls written as \\u escapes: `json.dumps(...,
    ensure_ascii=False)` escapes C0 but leaves U+0080..U+009F raw, and a terminal that shows
    the JSON would act on them. The JSON means exactly the same."""
    if text.isascii() and "\x7f" not in text:  # the common case, read at C speed
        return text
    return _DEL_AND_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(_FORMULA_STARTS)


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text that starts like a formula (`=`, `+`, `-`,
    `@`, or a tab or CR before one) gets a leading apostrophe, which spreadsheets show as text
    (OWASP's advice for CSV injection); control characters are made visible. Numbers and
    booleans are left as they are."""
    if not isinstance(value, str) or (value.isprintable() and value[:1] not in FORMULA_FIRST):
        return value  # most cells: nothing to change (isprintable is C-fast)
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return visible_controls(value)


def spreadsheet_line(values: Iterable[object]) -> str:
    """A spreadsheet-safe CSV line: each text cell through `spreadsheet_cell` (only when it can
    need it: a formula's first character, or a character that is not printable), then quoted
    byte for byte as `csv.writer(...).writerow` quotes a row of more than one field (excel
    dialect, QUOTE_MINIMAL). One pass per row: the csv module and a cell-by-cell pass cost more
    than reading the row."""
    fields: list[str] = []
    for value in values:
        if value is None:
            fields.append("")
            continue
        if not isinstance(value, str):
            fields.append(str(value))
            continue
        if value and (value[0] in FORMULA_FIRST or not value.isprintable()):
            value = str(spreadsheet_cell(value))
        if "," in value or '"' in value or "\n" in value or "\r" in value:
            value = '"' + value.replace('"', '""') + '"'
        fields.append(value)
    return ",".join(fields) + "\r\n"
