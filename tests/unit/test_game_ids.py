"""A game's custom_id (judging/plans.py) reads back as the game it names, whatever the item's
own name holds: the fast way for one judge and one try gives what the full pattern gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from judge_tui.judging.plans import _GAME, GameKey, game_of

# Items made of the marks' own pieces, so a name may look like a mark.
_PIECES = st.sampled_from(["a", "q-1", "#", "#swap", "@", "~", "2", "swap", " ", "题"])
_ITEM = st.lists(_PIECES, max_size=6).map("".join)


def _by_pattern(custom_id: str) -> GameKey:
    match = _GAME.match(custom_id)
    if match is None or not match["item"]:
        return GameKey(custom_id)
    repeat = int(match["repeat"]) if match["repeat"] else 1
    return GameKey(match["item"], match["judge"], bool(match["swap"]), max(1, repeat))


@given(_ITEM)
def test_any_custom_id_reads_as_the_pattern_reads_it(custom_id: str) -> None:
    assert game_of(custom_id) == _by_pattern(custom_id)


@given(_ITEM.filter(lambda s: s and not any(m in s for m in "@~#")), st.booleans())
def test_a_game_of_one_judge_and_one_try_reads_back(item: str, swapped: bool) -> None:
    key = GameKey(item, None, swapped)
    assert game_of(key.custom_id) == key
