"""HTML/markdown to the text a reader sees, with link targets kept for the model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.io.markup import (
    MAX_LINKS_CHECKED,
    html_to_text,
    markdown_to_text,
    render,
    with_links,
)


def test_html_keeps_link_text_and_targets() -> None:
    text, links = html_to_text('<p>Read <a href="http://x.example/a">this</a></p><p>Bye<br>now</p>')
    assert text == "Read this\n\nBye\nnow"
    assert links == ["http://x.example/a"]
    assert render('<a href="http://x.example/a">this</a>', "html")[0] == "this\nhttp://x.example/a"


def test_visible_urls_are_not_repeated() -> None:
    assert with_links("see http://a.example", ["http://a.example"]) == "see http://a.example"


def test_broken_and_script_markup() -> None:
    text, _ = html_to_text("<b>bold <i>open</b> <script>alert(1)</script><style>p{}</style>")
    assert text == "bold open"


def test_markdown() -> None:
    text, links = markdown_to_text("**Big** [trial](https://t.example) &amp; more\n> quoted")
    assert text == "Big trial & more\nquoted"
    assert links == ["https://t.example"]


@given(st.text(max_size=300))
def test_any_html_gives_text(markup: str) -> None:
    text, links = html_to_text(markup)
    assert isinstance(text, str) and all(isinstance(u, str) for u in links)


def test_blocks_closed_by_an_outer_end_tag_still_break_lines() -> None:
    assert html_to_text("<div><p>a</div>b")[0] == "a\n\nb"
    assert html_to_text("<p>a<p>b")[0] == "a\nb"  # an unclosed <p> nests, as before
    assert html_to_text("<b>x</i>y</b>")[0] == "xy"  # an end tag never opened is ignored


def test_an_unfinished_construct_at_the_end_is_not_text() -> None:
    """HTML5 (and Python 3.13.4+): a tag, comment or declaration cut by the end is dropped."""
    assert html_to_text("<b>ok</b> <!-- never closed <p>hidden")[0] == "ok"
    assert html_to_text("see <a href='http://x.example/a>this")[0] == "see"
    assert html_to_text("a < b and x <")[0] == "a < b and x <"


def test_cdata_is_text_and_ruby_annotations_are_not() -> None:
    assert html_to_text("<![CDATA[kept]]> <ruby>漢<rt>kan</rt></ruby>")[0] == "kept 漢"


def test_markdown_link_target_may_hold_balanced_parentheses_and_a_title() -> None:
    text, links = markdown_to_text(
        '[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) and [t](http://t.example "T") end'
    )
    assert text == "wiki and t end"
    assert links == ["https://en.wikipedia.org/wiki/Foo_(bar)", "http://t.example"]


def test_markdown_list_marker_indent_stays_on_its_line() -> None:
    """The blank line before a list is kept (the indent pattern used to eat it)."""
    assert markdown_to_text("- one\n  * two\n\n  + three")[0] == "one\ntwo\n\nthree"


def test_only_the_first_links_are_checked_against_the_text() -> None:
    links = [f"http://x{i}.example" for i in range(MAX_LINKS_CHECKED + 50)]
    text = with_links("spam", links)
    assert text.split("\n")[1].split() == links[:MAX_LINKS_CHECKED]


def test_marked_sections_html_parser_rejects_are_bogus_comments() -> None:
    assert html_to_text("x<![ y]]> z<![>")[0] == "x z"
    assert html_to_text("<![if !supportLists]>1.<![endif]> item")[0] == "1. item"
    assert html_to_text("a<![CDATA[b]]>c")[0] == "abc"
