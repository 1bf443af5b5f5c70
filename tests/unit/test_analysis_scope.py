"""Scopes and filters as a user writes them (analysis/scope.py)."""

from __future__ import annotations

import pytest

from judge_tui.analysis.scope import ScopeError, filters_text, parse_filters, parse_scope


def test_filters_written_as_words_read_back_the_same() -> None:
    text = (
        "model=pai-judge-plus mode=pairwise template=mine format=arena since=2026-12-01 unreadable"
    )
    filters = parse_filters(text)
    assert filters.model == "pai-judge-plus" and filters.readable is False
    assert filters_text(filters) == text
    assert parse_filters("") == parse_filters("   ")
    for bad, said in (
        ("mode=both", "not single"),
        ("since=soon", "not a date"),
        ("x", "not a filter"),
    ):
        with pytest.raises(ScopeError, match=said):
            parse_filters(bad)


def test_scopes_name_their_kind_and_keep_their_filters() -> None:
    scope = parse_scope("session:a:b", parse_filters("readable"))
    assert (scope.kind, scope.value) == ("session", "a:b")  # only the first colon divides
    assert scope.label() == "session:a:b (readable)"
    assert parse_scope("all").label() == "every session"
    for bad in ("sessions:x", "x", "all:x", "job: "):
        with pytest.raises(ScopeError):
            parse_scope(bad)
