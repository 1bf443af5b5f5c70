"""What the search index reads, and the query for what a user types (schema 10).

The index is a word index (FTS5's unicode61 tokenizer): case and accents folded, and a search
finds each typed word at the start of a word ("judg" finds "pai-judge" and "judged", not
"prejudged"). Chinese and Japanese put no spaces between words, so there each character is a
word of its own: the text is given to the index with a space around every such character, and a
typed "人际关系" is the phrase of its four characters, found anywhere in a sentence.

Until schema 9 the index was FTS5's trigram tokenizer, which finds any substring but builds 4 to
10 times slower (docs/architecture.md has the figures): `python benchmarks/search_index.py
--bound` times FTS5 alone on the same texts (trigram 9.7, 2.5 and 1.5 MB/s on templated
verdicts, varied words and Chinese; unicode61 70 and 38 MB/s, and 19 MB/s with a token a Chinese
character).

SQLite calls `search_words` in the index's triggers and view; every connection registers it
(`register`), as store/db.py does before anything else.
"""

from __future__ import annotations

import functools
import sqlite3

FUNCTION = "search_words"

# Characters written without spaces between words: kana, CJK ideographs (the unified block,
# extension A, compatibility ideographs) and half-width katakana. Ideographs beyond the Basic
# Multilingual Plane are rare enough to go unspaced (a run of them is one word).
_UNSPACED = (
    (0x3040, 0x3100),
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0xF900, 0xFB00),
    (0xFF66, 0xFFA0),
)


@functools.cache
def _spacing() -> dict[int, str]:
    # Built on first use, not at import: the small commands never index or search.
    return {c: f" {chr(c)} " for start, end in _UNSPACED for c in range(start, end)}


def spaced(text: str) -> str:
    """`text` as the index reads it: every character of a language without spaces spaced.
    ASCII text, most of what is indexed, has none: it is returned at once, and a process that
    sees no other never builds the table (10 ms, once)."""
    if text.isascii():
        return text
    return text.translate(_spacing())


def search_words(text: str | None) -> str | None:
    return None if text is None else spaced(text)


def register(conn: sqlite3.Connection) -> None:
    conn.create_function(FUNCTION, 1, search_words, deterministic=True)


# Said where a search found nothing, when the index looked it up: a part of a word finds nothing.
HOW_WORDS_MATCH = "words are found by their start"


def _has_unspaced(word: str) -> bool:
    return any(start <= ord(c) < end for c in word for start, end in _UNSPACED)


def match_query(text: str) -> str | None:
    """The FTS5 query for `text`: every word a phrase the index must hold, as the start of a
    word (a phrase of characters in Chinese and Japanese). None when a word cannot be looked up
    in the index, for a scan instead: a word with no letter or digit, or a word of one or two
    letters or digits (a prefix that short matches much of the index's vocabulary) unless it is
    Chinese or Japanese."""
    phrases = []
    for word in text.split():
        token_chars = sum(c.isalnum() for c in word)
        if token_chars == 0 or (token_chars < 3 and not _has_unspaced(word)):
            return None
        # Quoted, user text is never FTS syntax (no AND/OR/NEAR surprises).
        phrases.append('"' + spaced(word).replace('"', '""') + '"*')
    return " ".join(phrases) if phrases else None
