"""Custom templates kept in the store: list, save, rename, duplicate, delete.

A template's version is a hash of its text, so an evaluation records exactly which wording
judged it, and editing a template never rewrites what older evaluations say they used.
"""

from __future__ import annotations

import hashlib
import sqlite3

from pydantic import BaseModel, ConfigDict

from judge_tui.problems import UserProblem
from judge_tui.store.db import Database, now


class TemplateNotFound(UserProblem, LookupError):
    pass


class TemplateNameTaken(UserProblem):
    pass


class TemplateRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    system: str = ""
    user_template: str
    version: str
    verdict_format: str = "pai"
    created_at: float
    updated_at: float


def template_version(system: str, user_template: str) -> str:
    digest = hashlib.sha256(f"{system}\0{user_template}".encode()).hexdigest()
    return digest[:12]


def _record(row: sqlite3.Row) -> TemplateRecord:
    return TemplateRecord(
        name=row["name"],
        system=row["system"],
        user_template=row["user_template"],
        version=row["version"],
        verdict_format=row["verdict_format"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserProblem("The template name is empty; give it a name.")
    return cleaned


def list_templates(db: Database) -> list[TemplateRecord]:
    rows = db.conn.execute("SELECT * FROM templates ORDER BY name COLLATE NOCASE").fetchall()
    return [_record(row) for row in rows]


def get_template(db: Database, name: str) -> TemplateRecord:
    row = db.conn.execute("SELECT * FROM templates WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise TemplateNotFound(f"There is no template named {name!r}.")
    return _record(row)


def save_template(
    db: Database, name: str, system: str, user_template: str, verdict_format: str = "pai"
) -> TemplateRecord:
    """Create the template, or update its text (a new version) if the name exists. The verdict
    format is checked: a template that names an unknown format is refused with the fix."""
    from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format

    name = _clean_name(name)
    try:
        verdict_format = parse_verdict_format(verdict_format).spec
    except VerdictFormatError as exc:
        raise UserProblem(str(exc)) from None
    version = template_version(system, user_template)
    stamp = now()
    with db.transaction() as conn:
        conn.execute(
            """INSERT INTO templates (name, system, user_template, version, verdict_format,
                   created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(name) DO UPDATE SET system = excluded.system,
                   user_template = excluded.user_template, version = excluded.version,
                   verdict_format = excluded.verdict_format, updated_at = excluded.updated_at""",
            (name, system, user_template, version, verdict_format, stamp, stamp),
        )
    return get_template(db, name)


def find_template(db: Database, name: str) -> TemplateRecord:
    """A built-in template (docs/verdicts.md lists them) or a saved one, by its name."""
    from judge_tui.judging.builtin_templates import BUILTIN_TEMPLATES

    for builtin in BUILTIN_TEMPLATES:
        if builtin.name == name or builtin.name.removeprefix("built-in: ") == name:
            return TemplateRecord(
                name=builtin.name, system=builtin.system, user_template=builtin.user_template,
                version=template_version(builtin.system, builtin.user_template),
                verdict_format=builtin.verdict_format, created_at=0.0, updated_at=0.0,
            )  # fmt: skip
    return get_template(db, name)


def create_template(
    db: Database, name: str, system: str, user_template: str, verdict_format: str = "pai"
) -> TemplateRecord:
    """A new template; refuses a name already in use rather than overwrite it."""
    name = _clean_name(name)
    if db.conn.execute("SELECT 1 FROM templates WHERE name = ?", (name,)).fetchone():
        raise TemplateNameTaken(f"A template named {name!r} exists; choose another name.")
    return save_template(db, name, system, user_template, verdict_format)


def free_name(db: Database, base: str) -> str:
    """`base`, or `base (2)`, `base (3)`…: the first name no template uses."""
    names = {r["name"] for r in db.conn.execute("SELECT name FROM templates")}
    if base not in names:
        return base
    n = 2
    while f"{base} ({n})" in names:
        n += 1
    return f"{base} ({n})"


def duplicate_template(db: Database, name: str) -> TemplateRecord:
    source = get_template(db, name)
    return create_template(
        db, free_name(db, f"{name} copy"), source.system, source.user_template,
        source.verdict_format,
    )  # fmt: skip


def rename_template(db: Database, old: str, new: str) -> None:
    new = _clean_name(new)
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM templates WHERE name = ?", (old,)).fetchone() is None:
            raise TemplateNotFound(f"There is no template named {old!r}.")
        if old != new and conn.execute("SELECT 1 FROM templates WHERE name = ?", (new,)).fetchone():
            raise TemplateNameTaken(f"A template named {new!r} exists; choose another name.")
        conn.execute(
            "UPDATE templates SET name = ?, updated_at = ? WHERE name = ?", (new, now(), old)
        )


def delete_template(db: Database, name: str) -> None:
    with db.transaction() as conn:
        if conn.execute("DELETE FROM templates WHERE name = ?", (name,)).rowcount == 0:
            raise TemplateNotFound(f"There is no template named {name!r}.")
