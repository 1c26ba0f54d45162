"""Parsed comments: what the spaCy step found in a text (DocFeatures), and the rows the model
scores for a batch of them (Units). Plain values, no spaCy types: the nlp package produces
them, the features and the model read them (DESIGN.md §1)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

#: The families of cue spans the spaCy step marks (nlp/patterns/*.jsonl labels), in the
#: order the features count them: the first item of each `DocFeatures.cues` entry.
CUE_FAMILIES: tuple[str, ...] = ("citation", "promotion", "experience", "rebuttal", "hedge")


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """What the spaCy step found in one text, as plain values.

    `norms` are the feature forms of the non-space tokens (lower-case lemma, or a cue class
    such as `__url__`, `__doi__`, `__year__`); `starts`/`ends` are their character offsets;
    `sentences` and `cues` index into the token list.
    """

    text: str
    norms: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sentences: tuple[tuple[int, int], ...]
    cues: tuple[tuple[str, int, int], ...]

    @property
    def norm_text(self) -> str:
        return " ".join(self.norms)

    def char_span(self, tok_start: int, tok_end: int) -> tuple[int, int]:
        """Character offsets covering tokens [tok_start, tok_end)."""
        return self.starts[tok_start], self.ends[tok_end - 1]

    def sentence_spans(self) -> list[tuple[int, int]]:
        return [self.char_span(s, e) for s, e in self.sentences]

    def cue_spans(self) -> list[tuple[str, int, int]]:
        return [(fam, *self.char_span(s, e)) for fam, s, e in self.cues]

    def sentence(self, index: int) -> DocFeatures:
        """The features of one sentence, as if it had been a text of its own."""
        tok_start, tok_end = self.sentences[index]
        char_start, char_end = self.char_span(tok_start, tok_end)
        return DocFeatures(
            text=self.text[char_start:char_end],
            norms=self.norms[tok_start:tok_end],
            starts=tuple(s - char_start for s in self.starts[tok_start:tok_end]),
            ends=tuple(e - char_start for e in self.ends[tok_start:tok_end]),
            sentences=((0, tok_end - tok_start),),
            cues=tuple(
                (fam, s - tok_start, e - tok_start)
                for fam, s, e in self.cues
                if s >= tok_start and e <= tok_end
            ),
        )


class Units(Sequence[DocFeatures]):
    """The rows the model scores for a batch of parsed comments.

    A *unit* is what the classifier labels: a whole comment, or one sentence of a comment
    that has more than one (a one-sentence comment is its own only sentence, so it gets no
    second row). The rows are every comment in order, then the sentences of each
    multi-sentence comment, comment by comment. Every feature transformer reads a Units as
    the plain sequence of those rows; the TF-IDF step also reads `comments`, so that it can
    count each piece of text once (claimcheck/vectorize.py).
    """

    __slots__ = ("_rows", "comments", "sentence_counts")

    def __init__(self, comments: Sequence[DocFeatures]) -> None:
        self.comments: tuple[DocFeatures, ...] = tuple(comments)
        #: Sentence rows per comment (0 for a comment with fewer than two sentences).
        self.sentence_counts: tuple[int, ...] = tuple(
            len(d.sentences) if len(d.sentences) > 1 else 0 for d in self.comments
        )
        rows = list(self.comments)
        for doc, n in zip(self.comments, self.sentence_counts, strict=True):
            rows.extend(doc.sentence(k) for k in range(n))
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[DocFeatures]:
        return iter(self._rows)

    @overload
    def __getitem__(self, index: int) -> DocFeatures: ...
    @overload
    def __getitem__(self, index: slice) -> list[DocFeatures]: ...
    def __getitem__(self, index: int | slice) -> DocFeatures | list[DocFeatures]:
        return self._rows[index]
