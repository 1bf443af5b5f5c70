"""Where a verdict's reading came from: the reader, a repair the judge was asked for, or a
person (docs/verdicts.md). Its own module, with nothing but typing: the store's exports and
imports use it without loading the reader."""

from __future__ import annotations

from typing import Literal, get_args

Provenance = Literal["reader", "repaired", "manual"]
PROVENANCES: tuple[str, ...] = get_args(Provenance)

# How a reading that is not the reader's own is marked wherever its score is shown.
_SHOWN = {"manual": "by hand", "repaired": "repaired"}


def provenance_mark(provenance: str | None) -> str:
    """ "by hand" or "repaired" for a reading a person gave or a repair brought; "" for the
    reader's own."""
    return _SHOWN.get(provenance or "reader", "")
