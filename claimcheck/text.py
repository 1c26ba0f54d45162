"""Character-level helpers shared by the corpus checker and the pipeline (no spaCy import)."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

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


#: Bidirectional marks, embeddings, overrides and isolates: they reorder what a terminal shows.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def visible(text: str, keep: str = "\n\t") -> str:
    """The text with control characters shown as escapes (``\\x1b``), for a terminal.

    User text (comments, thread ids, key names) may carry ANSI escape sequences that would
    recolour, clear or retitle the terminal; printed through this they are inert. Control
    characters, line and paragraph separators and bidirectional overrides are escaped,
    except those in `keep` (newlines and tabs, by default, for multi-line comments).
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        shown = char in keep or (
            unicodedata.category(char) not in ("Cc", "Zl", "Zp") and char not in _BIDI_CONTROLS
        )
        out.append(char if shown else char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


_ASCII_DIGITS = b"0123456789"
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + bytes(range(ord("a"), ord("z") + 1))
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def char_classes(text: str) -> tuple[int, int, int]:
    """How many characters of `text` are digits, upper case, letters (str.isdigit,
    str.isupper, str.isalpha per character). The ASCII ones are counted in C with
    bytes.translate; only the non-ASCII ones go through the str methods one by one."""
    raw = text.encode("ascii", "ignore")
    n = len(raw)
    digits = n - len(raw.translate(None, _ASCII_DIGITS))
    upper = n - len(raw.translate(None, _ASCII_UPPER))
    alpha = n - len(raw.translate(None, _ASCII_LETTERS))
    if n != len(text):
        for c in NON_ASCII_RE.findall(text):
            digits += c.isdigit()
            upper += c.isupper()
            alpha += c.isalpha()
    return digits, upper, alpha


class StyleCounts(NamedTuple):
    """Shallow style of one text as plain counts. Counted here once; the model's style
    features (features.StyleFeatures) and the corpus's style-leak check (corpus.style_features)
    each scale them their own way."""

    length: int
    digits: int
    upper: int
    letters: int
    exclamations: int
    questions: int


def style_counts(text: str) -> StyleCounts:
    digits, upper, letters = char_classes(text)
    return StyleCounts(len(text), digits, upper, letters, text.count("!"), text.count("?"))
