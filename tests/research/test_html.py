"""Cue highlighting: user text always escaped, the visible text always exactly the input."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.research.html import highlight_cues, render_template

TAG = re.compile(r"<[^>]*>")


def visible(markup: str) -> str:
    """What a browser shows: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", markup))


def test_cues_are_marked_and_text_escaped() -> None:
    text = "Petrov 2011 <script>alert(1)</script> & more"
    out = str(highlight_cues(text, [("citation", 0, 11)]))
    assert out.startswith('<mark class="cue cue-citation" title="citation">Petrov 2011</mark>')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert visible(out) == text


def test_overlapping_and_out_of_range_cues_never_duplicate_text() -> None:
    text = "I had it done in Padova."
    cues = [("experience", 0, 13), ("experience", 5, 20), ("place", 17, 99), ("x", 30, 40)]
    out = str(highlight_cues(text, cues))
    assert visible(out) == text
    assert out.count("<mark") == 3


def test_a_hostile_family_name_cannot_break_out_of_the_attribute() -> None:
    out = str(highlight_cues("abc", [('"><script>', 0, 1)]))
    assert "<script>" not in out


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=80),
    cues=st.lists(
        st.tuples(st.text(max_size=8), st.integers(-5, 90), st.integers(-5, 90)), max_size=6
    ),
)
def test_any_text_and_cues_round_trip(text: str, cues: list[tuple[str, int, int]]) -> None:
    out = str(highlight_cues(text, cues))
    assert visible(out) == text
    assert "<script" not in TAG.sub("", out.replace("<mark", "").replace("</mark>", ""))


def test_templates_autoescape() -> None:
    page = render_template(
        "threads.html.j2",
        document={
            "input": "<b>in</b>",
            "threads": 0,
            "comments": 0,
            "label_counts": {},
            "plotted": {"top": 0, "order": "size", "x_axis": "position"},
            "notes": ["<i>n</i>"],
            "rows": [],
        },
        by_share=[],
        by_late=[],
        without_evidence=[],
        n_without_evidence=0,
        html_rows=200,
        strip=None,
        n_plotted=0,
        xlabel="comment position",
        colours={},
    )
    assert "<b>in</b>" not in page and "&lt;b&gt;in&lt;/b&gt;" in page
    assert "<i>n</i>" not in page
