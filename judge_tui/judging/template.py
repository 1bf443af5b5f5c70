"""Custom templates: `{placeholders}` in a user's text, with `{{` and `}}` for literal braces."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# The names judge-tui fills from the compose form; anything else must be a user variable.
KNOWN_PLACEHOLDERS = (
    "question",
    "answer",
    "answer1",
    "answer2",
    "ref_answer",
    "history_dialogue",
    "scene",
    "scene_desc",
    "metric",
    "max_score",
    "score_desc",
    "steps",
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TemplateError(ValueError):
    """A template that cannot be rendered; the message names the placeholder and the fix."""

    def __init__(self, message: str, *, placeholder: str | None = None, position: int = -1):
        super().__init__(message)
        self.placeholder = placeholder
        self.position = position


@dataclass(frozen=True)
class Placeholder:
    name: str
    start: int  # span in the template text, braces included
    end: int


@dataclass(frozen=True)
class TemplateProblem:
    message: str
    start: int
    end: int
    placeholder: str | None


def _line_col(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {col}"


def scan_template(text: str) -> tuple[list[str | Placeholder], list[TemplateProblem]]:
    """Split a template into literal text and placeholders, collecting syntax problems."""
    parts: list[str | Placeholder] = []
    problems: list[TemplateProblem] = []
    literal: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            if text.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            close = text.find("}", i + 1)
            name = text[i + 1 : close] if close != -1 else ""
            if close != -1 and _NAME.fullmatch(name):
                if literal:
                    parts.append("".join(literal))
                    literal = []
                parts.append(Placeholder(name, i, close + 1))
                i = close + 1
                continue
            shown = text[i : min(n, i + 20)].split("\n")[0]
            problems.append(
                TemplateProblem(
                    f"The template has a brace that opens no placeholder ({shown!r} at "
                    f"{_line_col(text, i)}); write {{{{ for a literal brace.",
                    i,
                    i + 1,
                    None,
                )
            )
            literal.append(ch)
            i += 1
            continue
        if ch == "}" and text.startswith("}}", i):
            literal.append("}")
            i += 2
            continue
        literal.append(ch)  # a lone } is taken literally: nothing is ambiguous about it
        i += 1
    if literal:
        parts.append("".join(literal))
    return parts, problems


def find_placeholders(text: str) -> list[Placeholder]:
    parts, _ = scan_template(text)
    return [p for p in parts if isinstance(p, Placeholder)]


def check_template(
    text: str, values: Mapping[str, str], extra_names: frozenset[str] = frozenset()
) -> list[TemplateProblem]:
    """Every problem rendering would meet: syntax, unknown names, names with no value."""
    parts, problems = scan_template(text)
    known = set(KNOWN_PLACEHOLDERS) | set(extra_names) | set(values)
    seen: set[str] = set()
    for part in parts:
        if not isinstance(part, Placeholder) or part.name in seen:
            continue
        seen.add(part.name)
        if part.name not in known:
            problems.append(
                TemplateProblem(
                    f"The template uses {{{part.name}}}, which is not a known placeholder; "
                    f"define a variable named {part.name} or write {{{{{part.name}}}}} "
                    "for literal braces.",
                    part.start,
                    part.end,
                    part.name,
                )
            )
        elif not str(values.get(part.name, "") or "").strip():
            problems.append(
                TemplateProblem(
                    f"The template uses {{{part.name}}} but it has no value; fill it in or "
                    f"remove {{{part.name}}} from the template.",
                    part.start,
                    part.end,
                    part.name,
                )
            )
    return sorted(problems, key=lambda p: p.start)


def render_template(text: str, values: Mapping[str, str]) -> str:
    """Substitute every placeholder; raise TemplateError for the first problem found."""
    problems = check_template(text, values)
    if problems:
        first = problems[0]
        raise TemplateError(first.message, placeholder=first.placeholder, position=first.start)
    parts, _ = scan_template(text)
    return "".join(str(values[p.name]) if isinstance(p, Placeholder) else p for p in parts)


def escape_braces(text: str) -> str:
    """Literal text as template text: the inverse of rendering a template with no placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


_SCALE_PATTERNS = (
    re.compile(r"scale of\s*(?:1|one)\s*(?:to|-|–)\s*(\d{1,3})", re.IGNORECASE),
    re.compile(r"from\s*1\s*to\s*(\d{1,3})", re.IGNORECASE),
    re.compile(r"(\d{1,3})\s*-?\s*point scale", re.IGNORECASE),
    re.compile(r"1\s*(?:-|~|～|到|至|—)\s*(\d{1,3})\s*(?:分|点)"),
    re.compile(r"满分\s*(\d{1,3})"),
)


def infer_max_score(*texts: str) -> int | None:
    """The top of the scale a custom template states ("on a scale of 1 to 5", "1-10分")."""
    for text in texts:
        for pattern in _SCALE_PATTERNS:
            match = pattern.search(text)
            if match:
                value = int(match.group(1))
                if 2 <= value <= 100:
                    return value
    return None
