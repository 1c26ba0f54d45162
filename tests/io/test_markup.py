"""HTML/markdown to the text a reader sees, with link targets kept for the model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.io.markup import html_to_text, markdown_to_text, render, with_links


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
