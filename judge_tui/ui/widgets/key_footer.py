"""Textual's Footer, rebuilt only when the keys it shows change.

The stock Footer recomposes (a widget per key, each styled again) whenever the screen's
bindings may have changed: focus moving, a screen pushed, the app gaining focus. At start that
was three rebuilds of the same keys before the first frame, and moving between two text fields
rebuilds it again for nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

KeysShown = tuple[tuple[str, str, bool], ...]


def keys_shown(screen: Screen[object]) -> KeysShown:
    """(key, description, enabled) of every binding a footer shows on this screen."""
    return tuple(
        (binding.key, binding.description, enabled)
        for _node, binding, enabled, _tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._composed_keys: KeysShown | None = None
        # The stock Footer composes nothing until the screen first says its bindings changed,
        # then recomposes: one more build and layout before the first frame. The screen's
        # keys are known when the footer is composed, so they are shown from the start
        # (`_bindings_ready` is Footer's own switch for that; textual is pinned).
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        # An empty compose means the bindings were not ready yet: nothing to remember.
        self._composed_keys = keys_shown(self.screen) if widgets else None
        yield from widgets

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._composed_keys is not None and keys_shown(screen) == self._composed_keys:
            return
        super().bindings_changed(screen)
