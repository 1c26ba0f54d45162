"""HTML and Reddit markdown to the plain text a reader sees, keeping link targets as cues.

A spam comment is often nothing but a friendly sentence and a link, so the link target must
survive: it is kept in `links` and appended to the model text as a bare URL.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: A markdown link `[text](target "title")`. Every part is bounded by the next bracket,
#: parenthesis, quote or space and matched possessively, so a failed attempt never rescans
#: the rest of the body: `"[a](" * 20000` took 41 s with the old lazy `\S+?`. A target may
#: hold one level of balanced parentheses (Wikipedia links).
_MD_LINK = re.compile(
    r"\[([^\[\]]*+)\]\("
    r"((?=[^\s)])[^\s()]*+(?:\([^\s()]*+\)[^\s()]*+)*+)"
    r"(?:\s++\"[^\"]*+\")?\)"
)
#: Emphasis, code, heading, quote and list markers; leading blanks are matched within one line
#: only (a `\s*` at each line start rescanned every following blank line: quadratic).
_MD_MARKS = re.compile(r"(\*\*|__|~~|`+|^#{1,6}\s+|^>\s?|^[ \t]*+[-*+]\s+)", re.MULTILINE)
_BLOCKS = frozenset(
    ("p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre")
)
#: Elements whose text a reader does not see (BeautifulSoup's get_text left them out too).
_HIDDEN = frozenset(("script", "style", "template", "rt", "rp"))
#: Elements that never have content, so never wait for an end tag.
_VOID = frozenset(
    (
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
        "menuitem", "meta", "param", "source", "track", "wbr", "basefont", "bgsound",
        "command", "frame", "image", "isindex", "nextid", "spacer",
    )
)  # fmt: skip
#: Link targets checked against the visible text, each a scan of the text: beyond this many a
#: comment is a link farm, and the rest stay in `links` without being appended.
MAX_LINKS_CHECKED = 100


class _TextExtractor(HTMLParser):
    """Visible text and link targets of an HTML fragment, in one pass over the markup.

    Work is linear in the markup: no tree is built (BeautifulSoup's tree edits took 79 s on
    `"<p>" * 50000`), and an unfinished construct at the end (a tag, comment or declaration
    never closed) ends the text there, as HTML5 and Python 3.13.4+ say. html.parser before
    that retried such constructs from every later `<`, which is quadratic.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._open: list[str] = []  # open elements, innermost last
        self._counts: dict[str, int] = {}  # how many of each name are open
        self._hidden = 0  # open elements whose text is not shown

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        if tag == "a" and not self._hidden:
            href = dict(attrs).get("href")
            if href and href.strip():
                self.links.append(href.strip())
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in _VOID:
            return
        self._open.append(tag)
        self._counts[tag] = self._counts.get(tag, 0) + 1
        if tag in _HIDDEN:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close `tag` and every element opened inside it; an end tag never opened is ignored."""
        if not self._counts.get(tag):
            return
        while self._open:
            if self._close_innermost() == tag:
                return

    def _close_innermost(self) -> str:
        tag = self._open.pop()
        self._counts[tag] -= 1
        if tag in _HIDDEN:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        return tag

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![CDATA[...]]>` and Word's `<![if ...]>`; any other `<![` is a bogus comment up to
        the next `>` (HTML5), where html.parser raised AssertionError (`"x<![ y]]> z"`)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA[") and not self._hidden:
            self.parts.append(data[6:])

    def finish(self) -> None:
        """End of input: drop an unfinished construct, flush text, close what is open."""
        rest = self.rawdata
        if rest.startswith("<"):
            if rest.startswith("<![CDATA["):
                self.unknown_decl(rest[3:])
            elif rest in ("<", "</"):
                self.handle_data(rest)
            self.rawdata = ""
        self.close()
        while self._open:
            self._close_innermost()


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text, link targets) of an HTML fragment; broken markup is parsed leniently."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.finish()
    return _tidy("".join(parser.parts)), parser.links


def markdown_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text, link targets) of Reddit-flavoured markdown (entities unescaped)."""
    text = html.unescape(markup)
    links = [m.group(2) for m in _MD_LINK.finditer(text)]
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    return _tidy(text), links


def with_links(text: str, links: list[str]) -> str:
    """The model text: visible text plus every link target not already visible in it."""
    hidden = [url for url in list(dict.fromkeys(links))[:MAX_LINKS_CHECKED] if url not in text]
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
