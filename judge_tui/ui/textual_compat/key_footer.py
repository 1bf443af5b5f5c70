"""The screen's keys on one line, drawn by one widget.

Textual's Footer is a widget per key, each with component styles restyled on mount and again
when its compact class is set: on the Judge screen that was more styling than the whole form,
and the largest part of what the first frame cost beyond a bare app (benchmarks/startup.py).
This footer draws the same keys as one line of text and redraws it only when they change; a
click on a key presses it, as with Textual's.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

_KEY_STYLE = "bold $footer-key-foreground"
_DESCRIPTION_STYLE = "$footer-description-foreground"


@dataclass(frozen=True)
class ShownKey:
    key: str  # what pressing it sends, e.g. "f5"
    display: str  # how it is written, e.g. "f5", "^p", "esc"
    description: str
    enabled: bool


def keys_shown(screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
    """The keys a footer shows on this screen, one per action in binding order, and the
    command palette's key for the right-hand end (None when the palette is off)."""
    app = screen.app
    shown: dict[str, ShownKey] = {}
    bindings = screen.active_bindings
    for _node, binding, enabled, _tooltip in bindings.values():
        if binding.show and binding.action not in shown:
            display = app.get_key_display(binding)
            shown[binding.action] = ShownKey(binding.key, display, binding.description, enabled)
    palette = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in bindings:
        _node, binding, enabled, _tooltip = bindings[app.COMMAND_PALETTE_BINDING]
        display = app.get_key_display(binding)
        palette = ShownKey(binding.key, display, binding.description, enabled)
    return tuple(shown.values()), palette


def _piece(key: ShownKey) -> Content:
    dim = "" if key.enabled else " dim"
    return Content.assemble(
        (f" {key.display} ", _KEY_STYLE + dim), (f"{key.description} ", _DESCRIPTION_STYLE + dim)
    )


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[ShownKey, ...], ShownKey | None] | None = None
        self._places: list[tuple[int, int, ShownKey]] = []  # (first cell, end cell, key)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and keys_shown(screen) != self._shown:
            self.refresh()

    def render(self) -> Content:
        self._shown = keys, palette = keys_shown(self.screen)
        width = self.size.width
        pieces: list[Content] = []
        self._places = []
        used = 0
        for key in keys:
            piece = _piece(key)
            if used + piece.cell_length > width:
                break  # as Textual's footer does: what does not fit is left out
            self._places.append((used, used + piece.cell_length, key))
            pieces.append(piece)
            used += piece.cell_length
        if palette is not None:
            piece = _piece(palette)
            if used + piece.cell_length <= width:
                start = width - piece.cell_length
                pieces.append(Content(" " * (start - used)))
                self._places.append((start, width, palette))
                pieces.append(piece)
        return Content("").join(pieces)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, key in self._places:
            if start <= offset.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
