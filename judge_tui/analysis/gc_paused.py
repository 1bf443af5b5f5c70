"""Python's cycle collector paused while a large run is built or compared.

Loading 100,000 judgments makes about a million objects, and pairing two runs another 100,000
tuples; each batch of new objects set off a collection that walked all of them again (a third of
a comparison's time, measured). Nothing here makes reference cycles, so nothing is left for the
collector to find; it runs again as soon as the work is done.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused
