"""Incremental XML parsing shared by the Disqus and WordPress readers.

`iterparse` reads the file in pieces; each finished top-level element is handed over and
cleared, so memory stays flat however large the export, and no single element may grow past
ENDLESS_FACTOR times the line cap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.limits import ENDLESS_FACTOR, describe_size
from claimcheck.io.records import ReadOptions
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


class _ElementBudget:
    """The input stream, counting the bytes read since the last element was finished.

    iterparse holds an element's text until its end tag: one element that never ends (a
    decompression bomb, a message of gigabytes) would hold all of it. Past `limit` bytes the
    read fails instead.
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.used = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.used += len(data)
        if self.used > self._limit:
            raise _ElementTooLarge
        return data


class _ElementTooLarge(Exception):
    pass


def iter_elements(
    path: str, depth: int, what: str, options: ReadOptions | None = None
) -> Iterator[tuple[list[ET.Element], ET.Element]]:
    """(ancestors, element) for every element ending at `depth` (root is depth 0).

    A parse error (a file cut in the middle, broken markup), or one element running past
    ENDLESS_FACTOR times the line cap, becomes ExportFormatError after every complete
    element before it has been yielded.
    """
    options = options or ReadOptions()
    limit = options.max_line_bytes * ENDLESS_FACTOR
    stack: list[ET.Element] = []
    count = 0
    with open_stream(path, options.max_ratio) as stream:
        budget = _ElementBudget(stream, limit)
        try:
            for event, element in ET.iterparse(budget, events=("start", "end")):
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
                    budget.used = 0
        except ET.ParseError as exc:
            line, column = exc.position
            raise ExportFormatError(
                f"{path}: XML breaks at line {line}, column {column} ({exc}); "
                f"the {count} {what} before it were read"
            ) from None
        except _ElementTooLarge:
            raise ExportFormatError(
                f"{path}: one XML element runs past {describe_size(limit)}, which no comment "
                f"needs (a decompression bomb?); the {count} {what} before it were read"
            ) from None
