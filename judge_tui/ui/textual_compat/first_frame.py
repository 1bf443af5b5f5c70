"""Getting the first frame on screen sooner: three things Textual does not offer.

1. Cyclic garbage collection off from judge-tui's start to the first frame
   (`pause_collection` / `resume_collection`). Importing Textual and building the screen make
   tens of thousands of objects, none of them garbage yet, and the collector kept walking them.
   Goes when: never Textual's to fix; harmless to keep.
2. Opening straight into a mode (`open_in_mode`): the app's `DEFAULT_MODE` is set on the
   instance before `App.__init__`, which reads it. Switching mode after start parses the CSS
   twice more and holds the first frame back (switch_mode delays updates by 50 ms).
   Goes when: `App.__init__` takes the start mode as an argument.
3. Painting the whole first frame at once (`paint_whole_frame`): Textual batches the start's
   updates, and the first full frame rendered inside that batch is dropped, not delayed; only
   what changed since reaches the terminal, so the footer came a timer tick (up to 1/60 s)
   after the form. The screen's own update handler, `Screen._on_timer_update` (private), is
   called at once. Goes when: Textual writes the first frame it renders.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.app import App
from textual.screen import Screen


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    gc.enable()


def open_in_mode(app: App[Any], mode: str) -> None:
    """Before `App.__init__`: the mode whose screen the app opens with."""
    app.DEFAULT_MODE = mode  # type: ignore[misc]


def paint_whole_frame(screen: Screen[Any]) -> None:
    """In `on_ready`: the whole screen now, not at its next timer tick. Does nothing while a
    batch of updates is still open."""
    screen.refresh()
    screen._on_timer_update()
