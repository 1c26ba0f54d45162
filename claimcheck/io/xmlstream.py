"""Incremental XML parsing shared by the Disqus and WordPress readers.

`iterparse` reads the file in pieces; each finished top-level element is handed over and
cleared, so memory stays flat however large the export.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.streams import open_stream


def local(tag: str) -> str:
    """The tag name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: ET.Element, name: str) -> str | None:
    """Text of the first child with local name `name` (None when absent)."""
    for child in element:
        if local(child.tag) == name:
            return child.text
    return None


def attr(element: ET.Element, name: str) -> str | None:
    """An attribute by local name (Disqus puts ids in its internals namespace)."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


def iter_elements(
    path: str, depth: int, what: str
) -> Iterator[tuple[list[ET.Element], ET.Element]]:
    """(ancestors, element) for every element ending at `depth` (root is depth 0).

    A parse error (a file cut in the middle, broken markup) becomes ExportFormatError after
    every complete element before it has been yielded.
    """
    stack: list[ET.Element] = []
    count = 0
    with open_stream(path) as stream:
        try:
            for event, element in ET.iterparse(stream, events=("start", "end")):
                if event == "start":
                    stack.append(element)
                    continue
                stack.pop()
                if len(stack) == depth:
                    count += 1
                    yield stack, element
                if 1 <= len(stack) <= depth:  # done with it: drop it from the tree
                    element.clear()
                    stack[-1].remove(element)
        except ET.ParseError as exc:
            line, column = exc.position
            raise ExportFormatError(
                f"{path}: XML breaks at line {line}, column {column} ({exc}); "
                f"the {count} {what} before it were read"
            ) from None
