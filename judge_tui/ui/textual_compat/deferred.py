"""A part of a screen built and mounted when asked, not before: for what the first frame does
not show.

`textual.lazy.Lazy` mounts its widget after the first refresh, but at start the app batches
its updates until the first screen is mounted, so that refresh is never written: Lazy widgets
were mounted, styled and laid out before anything reached the terminal. `Deferred` holds only a
function that builds the part, and calls it in `reveal()`, which the screen calls once the first
frame is on screen: until then not even the part's widgets are made.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import AwaitMount, Widget


class Deferred(Widget):
    DEFAULT_CSS = "Deferred { display: none; }"

    def __init__(self, build: Callable[[], Widget]) -> None:
        super().__init__()
        self.build = build
        self._revealed = False

    def reveal(self) -> AwaitMount | None:
        """Build the part and put it where this placeholder is; None when that was done."""
        parent = self.parent
        if not isinstance(parent, Widget) or self._revealed:
            return None
        self._revealed = True
        mounted = parent.mount(self.build(), after=self)
        self.remove()
        return mounted
