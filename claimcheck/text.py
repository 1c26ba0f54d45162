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


#: Bidirectional overrides and isolates: they reorder what a terminal shows.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str) -> str:
    """The text with control characters shown as escapes (``\\x1b``), for a terminal.

    User text (comments, thread ids, key names) may carry ANSI escape sequences that would
    recolour, clear or retitle the terminal; printed through this they are inert. Newlines
    and tabs are kept.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\n\t" or (char.isprintable() and char not in _BIDI_CONTROLS):
            out.append(char)
        elif unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
