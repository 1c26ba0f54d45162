"""HTML and Reddit markdown to the plain text a reader sees, keeping link targets as cues.

A spam comment is often nothing but a friendly sentence and a link, so the link target must
survive: it is kept in `links` and appended to the model text as a bare URL.
"""

from __future__ import annotations

import html
import re
import warnings

_MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_MD_MARKS = re.compile(r"(\*\*|__|~~|`+|^#{1,6}\s+|^>\s?|^\s*[-*+]\s+)", re.MULTILINE)
_BLOCKS = ("p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre")


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text, link targets) of an HTML fragment; broken markup is parsed leniently."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    links: list[str] = []
    for anchor in soup.find_all("a"):
        href = anchor.get("href")
        if isinstance(href, str) and href.strip():
            links.append(href.strip())
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    text = soup.get_text()
    return _tidy(text), links


def markdown_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text, link targets) of Reddit-flavoured markdown (entities unescaped)."""
    text = html.unescape(markup)
    links = [m.group(2) for m in _MD_LINK.finditer(text)]
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    return _tidy(text), links


def with_links(text: str, links: list[str]) -> str:
    """The model text: visible text plus every link target not already visible in it."""
    hidden = [url for url in dict.fromkeys(links) if url not in text]
    if not hidden:
        return text
    return (text + "\n" if text else "") + " ".join(hidden)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def render(markup: str, text_format: str) -> tuple[str, list[str]]:
    """Model text and links for a body in `text_format` (html, markdown or plain)."""
    if text_format == "html":
        visible, links = html_to_text(markup)
    elif text_format == "markdown":
        visible, links = markdown_to_text(markup)
    else:
        return markup, []
    return with_links(visible, links), links
