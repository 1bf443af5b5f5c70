"""Textual's stylesheet, keeping the rules it has parsed while the theme's colours stay the same.

Textual parses every CSS source again from scratch each time it refreshes the CSS: when the
theme is set at start, when a mode's first screen is installed, when a screen brings CSS of its
own. Its parse cache is emptied by `set_variables` even when the variables did not change, and
`reparse` parses into a new stylesheet whose cache is then dropped. Before judge-tui's first
frame that was four full parses of every source (judge_tui.tcss alone takes about 10 ms each);
the bare app it is measured against (benchmarks/startup.py) parses once.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class ReusingStylesheet(Stylesheet):
    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # the same theme again: what was parsed with these colours still holds
        super().set_variables(variables)

    def reparse(self) -> None:
        # What `Stylesheet.reparse` does, through the cache: `parse` replaces the rules only
        # once every source has parsed, so an error still leaves the rules in force as they
        # were, and a source that failed is remembered as invalid, as Textual does.
        self.parse()
