"""Character-level helpers shared by the corpus checker and the pipeline (no spaCy import)."""

from __future__ import annotations

import unicodedata

EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF))
#: Characters that render as nothing or only modify an emoji.
INVISIBLE = frozenset(
    {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufe0e", "\ufe0f", "\u20e3"}
)


def is_emoji_char(char: str) -> bool:
    """True for pictographic characters (emoji, dingbats, symbols)."""
    code = ord(char)
    if any(lo <= code <= hi for lo, hi in EMOJI_RANGES):
        return True
    return unicodedata.category(char) == "So"


def is_empty(text: str) -> bool:
    """True when nothing is left after removing whitespace, invisible characters and emoji."""
    for char in text:
        if char.isspace() or char in INVISIBLE or is_emoji_char(char):
            continue
        if unicodedata.category(char) in {"Mn", "Cf", "Sk"}:  # skin tones, joiners, marks
            continue
        return False
    return True
