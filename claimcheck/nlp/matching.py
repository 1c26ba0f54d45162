"""An anchored token matcher for the cue patterns, with spaCy Matcher semantics.

spaCy's Matcher starts every pattern at every token and evaluates `IN`/`REGEX`/`>=` tests
as Python calls, so on forum text it cost ~30% of `Classifier.predict` (about 20 Python
predicate calls per token). Each cue pattern has at least one required token tested for
a fixed LOWER, TEXT or NORM value; that token is its anchor. A hash lookup per token finds
the anchors, and only there is the whole pattern tried. Results equal the Matcher's
(tested on the corpus and on generated token sequences); patterns outside the supported
subset are left to spaCy's Matcher by the caller (`compile_token_pattern` returns None).

Supported: attributes LOWER, TEXT/ORTH, NORM (a value, `IN`, or `REGEX`), IS_TITLE,
IS_UPPER, IS_DIGIT, IS_ALPHA, LIKE_NUM, IS_SENT_START (true/false), LENGTH (a number or
`==`, `>=`, `<=`, `>`, `<`); operators: none or "?".
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER, NORM, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: Attributes read as string hashes from `Doc.to_array`, in this column order.
STRING_ATTRS: dict[str, int] = {"LOWER": 0, "TEXT": 1, "ORTH": 1, "NORM": 2}
ARRAY_ATTRS = [LOWER, ORTH, NORM]
FLAG_ATTRS = ("IS_TITLE", "IS_UPPER", "IS_DIGIT", "IS_ALPHA", "LIKE_NUM")
COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}

#: One test on one token: (kind, column or name, value). Kinds: "eq"/"in"/"regex" on a
#: string column, "flag" on a lexeme flag, "len" (comparison, number), "sent" (bool).
Test = tuple[str, Any, Any]


@dataclass(frozen=True, slots=True)
class TokenSpec:
    tests: tuple[Test, ...]
    optional: bool


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    key: int
    specs: tuple[TokenSpec, ...]
    #: Index of the anchor spec, and how many tokens the specs before it can take.
    anchor: int
    min_before: int
    max_before: int


def _string_test(attr: str, value: Any, vocab: Vocab) -> Test | None:
    column = STRING_ATTRS[attr]
    if isinstance(value, str):
        return ("eq", column, vocab.strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return ("in", column, frozenset(vocab.strings.add(v) for v in arg))
        if op == "REGEX" and isinstance(arg, str):
            return ("regex", column, re.compile(arg))
    return None


def _length_test(value: Any) -> Test | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return ("len", operator.eq, value)
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in COMPARISONS and isinstance(arg, int):
            return ("len", COMPARISONS[op], arg)
    return None


def _spec(token: dict[str, Any], vocab: Vocab) -> TokenSpec | None:
    optional = False
    tests: list[Test] = []
    for attr, value in token.items():
        test: Test | None
        if attr == "OP":
            if value != "?":
                return None
            optional = True
            continue
        if attr in STRING_ATTRS:
            test = _string_test(attr, value, vocab)
        elif attr in FLAG_ATTRS and isinstance(value, bool):
            test = ("flag", attr.lower(), value)
        elif attr == "IS_SENT_START" and isinstance(value, bool):
            test = ("sent", None, value)
        elif attr == "LENGTH":
            test = _length_test(value)
        else:
            test = None
        if test is None:
            return None
        tests.append(test)
    return TokenSpec(tuple(tests), optional) if tests else None


def _anchor_cost(test: Test, strings: Any) -> tuple[int, float, int]:
    """Lower is better: cue classes (NORM) are rare, stop words are everywhere."""
    values = [test[2]] if test[0] == "eq" else list(test[2])
    stop = sum(strings[v] in STOP_WORDS for v in values) / len(values)
    return (0 if test[1] == STRING_ATTRS["NORM"] else 1, stop, len(values))


def compile_token_pattern(key: int, pattern: list[dict[str, Any]], vocab: Vocab) -> Any:
    """A CompiledPattern, or None when the pattern needs spaCy's Matcher."""
    if not pattern:
        return None
    specs = []
    for token in pattern:
        spec = _spec(token, vocab)
        if spec is None:
            return None
        specs.append(spec)
    if all(s.optional for s in specs):
        return None
    best: tuple[Any, ...] | None = None
    for index, spec in enumerate(specs):
        if spec.optional:
            continue
        for test in spec.tests:
            if test[0] in {"eq", "in"}:
                cost: tuple[Any, ...] = (_anchor_cost(test, vocab.strings), index)
            elif test[0] == "regex":  # checked once per distinct string (cached)
                cost = ((2, 0.0, 0), index)
            else:
                continue
            if best is None or cost < best[0]:
                best = (cost, index)
    if best is None:
        return None
    anchor = best[1]
    before = specs[:anchor]
    return CompiledPattern(
        key=key,
        specs=tuple(specs),
        anchor=anchor,
        min_before=sum(not s.optional for s in before),
        max_before=len(before),
    )


class AnchoredMatcher:
    """Find (key, start, end) matches of compiled patterns in a Doc (all of them, like
    spaCy's Matcher: every way an optional token can be taken or skipped)."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern]) -> None:
        self.vocab = vocab
        self.patterns = patterns
        # column -> value hash -> patterns anchored on that value; regex anchors are
        # resolved per distinct string hash on first sight and then live in the same index.
        self.index: list[dict[int, list[CompiledPattern]]] = [{}, {}, {}]
        self.regex_anchors: list[tuple[int, re.Pattern[str], CompiledPattern]] = []
        self._seen: list[set[int]] = [set(), set(), set()]
        for pattern in patterns:
            kind, column, value = next(
                t for t in pattern.specs[pattern.anchor].tests if t[0] in {"eq", "in", "regex"}
            )
            if kind == "regex":
                self.regex_anchors.append((column, value, pattern))
                continue
            for v in [value] if kind == "eq" else value:
                self.index[column].setdefault(v, []).append(pattern)
        # Process-wide caches keyed by string hash: lexeme flags and strings do not change.
        self._flags: dict[int, dict[str, bool]] = {}
        self._text: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.patterns)

    def _string(self, value: int) -> str:
        text = self._text.get(value)
        if text is None:
            text = self._text[value] = self.vocab.strings[value]
        return text

    def _flag(self, orth: int, name: str) -> bool:
        flags = self._flags.get(orth)
        if flags is None:
            lex = self.vocab[orth]
            flags = self._flags[orth] = {
                f.lower(): bool(getattr(lex, f.lower())) for f in FLAG_ATTRS
            }
        return flags[name]

    def _test(self, doc: Doc, columns: list[list[int]], i: int, test: Test) -> bool:
        kind, arg, value = test
        if kind == "eq":
            return bool(columns[arg][i] == value)
        if kind == "in":
            return columns[arg][i] in value
        if kind == "flag":
            return self._flag(columns[1][i], arg) == value
        if kind == "regex":
            return value.search(self._string(columns[arg][i])) is not None
        if kind == "len":
            return bool(arg(len(self._string(columns[1][i])), value))
        # "sent": spaCy's Matcher reads sent_start == 1 (a set start), not "unknown".
        return (doc[i].is_sent_start is True) == value

    def _index_regex_anchors(self, columns: list[list[int]]) -> None:
        """Add the strings of this doc that a regex anchor accepts to the anchor index."""
        for column, regex, pattern in self.regex_anchors:
            seen = self._seen[column]
            for value in set(columns[column]) - seen:
                if regex.search(self._string(value)) is not None:
                    self.index[column].setdefault(value, []).append(pattern)
        for column in {c for c, _, _ in self.regex_anchors}:
            self._seen[column].update(columns[column])

    def _ends(
        self, doc: Doc, columns: list[list[int]], specs: tuple[TokenSpec, ...], start: int
    ) -> set[int]:
        """Every end of a match starting at `start`: breadth-first over token positions,
        since "?" is the only operator (each spec takes one token or, if optional, none)."""
        n = len(columns[0])
        positions = {start}
        for spec in specs:
            reached = set(positions) if spec.optional else set()
            for i in positions:
                if i < n and all(self._test(doc, columns, i, t) for t in spec.tests):
                    reached.add(i + 1)
            if not reached:
                return reached
            positions = reached
        return positions

    def __call__(self, doc: Doc) -> set[tuple[int, int, int]]:
        if not len(doc) or not self.patterns:
            return set()
        columns: list[list[int]] = doc.to_array(ARRAY_ATTRS).T.tolist()
        if self.regex_anchors:
            self._index_regex_anchors(columns)
        found: set[tuple[int, int, int]] = set()
        tried: set[tuple[int, int]] = set()
        for column, index in zip(columns, self.index, strict=True):
            present = index.keys() & set(column)  # set operations run in C
            if not present:
                continue
            for position in [i for i, value in enumerate(column) if value in present]:
                for pattern in index[column[position]]:
                    for before in range(pattern.min_before, pattern.max_before + 1):
                        start = position - before
                        if start < 0 or (id(pattern), start) in tried:
                            continue
                        tried.add((id(pattern), start))
                        for end in self._ends(doc, columns, pattern.specs, start):
                            if end > start:
                                found.add((pattern.key, start, end))
        return found
