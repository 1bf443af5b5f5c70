"""A part of a screen mounted when asked, not before: for what the first frame does not show.

`textual.lazy.Lazy` mounts its widget after the first refresh, but at start the app batches
its updates until the first screen is mounted, so that refresh is never written: Lazy widgets
were mounted, styled and laid out before anything reached the terminal. `Deferred` waits for
`reveal()`, which the screen calls once the first frame is on screen.
"""

from __future__ import annotations

from textual.widget import AwaitMount, Widget


class Deferred(Widget):
    DEFAULT_CSS = "Deferred { display: none; }"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.deferred = widget

    def compose_add_child(self, widget: Widget) -> None:
        # `with Deferred(container): yield ...` composes into the container, as with Lazy.
        self.deferred.compose_add_child(widget)

    def reveal(self) -> AwaitMount | None:
        """Put the widget where this placeholder is; None when it is there already."""
        parent = self.parent
        if not isinstance(parent, Widget) or self.deferred.is_attached:
            return None
        mounted = parent.mount(self.deferred, after=self)
        self.remove()
        return mounted
