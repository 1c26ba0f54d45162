"""Disqus XML exports: `<thread>` elements (title, link) and `<post>` elements (comments).

A post's message is HTML inside CDATA; `isDeleted`/`isSpam` give its status; `<thread
dsq:id>` and `<parent dsq:id>` link it to its thread and the post it answers. Threads come
before posts in real exports; their titles and links are kept (one small dict per thread).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from claimcheck.io.limits import MAX_CONTEXT_CHARS, describe_size
from claimcheck.io.markup import render
from claimcheck.io.records import (
    BadRecord,
    Item,
    ReadOptions,
    Record,
    Status,
    build_safely,
    parse_timestamp,
)
from claimcheck.io.xmlstream import attr, child_text, iter_elements, local


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def read_disqus(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Every `<post>` as a Record (or BadRecord), in file order."""
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    threads: dict[str, dict[str, Any]] = {}
    position = 0
    for _, element in iter_elements(path, 1, "top-level elements", options):
        kind = local(element.tag)
        if kind == "thread":
            tid = attr(element, "id")
            if tid:
                threads[tid] = {
                    "title": (child_text(element, "title") or "").strip()[:MAX_CONTEXT_CHARS],
                    "link": (child_text(element, "link") or "").strip()[:MAX_CONTEXT_CHARS],
                }
            continue
        if kind != "post":
            continue
        position += 1
        yield build_safely(
            source, position, "post", _post, element, threads, position, source, options
        )


def _post(
    element: ET.Element,
    threads: dict[str, dict[str, Any]],
    position: int,
    source: str,
    options: ReadOptions,
) -> Item:
    pid = attr(element, "id")
    if not pid:
        return BadRecord(source, position, "a <post> without dsq:id", unit="post")
    message = child_text(element, "message") or ""
    if len(message) > options.max_line_bytes:
        reason = f"a message longer than the {describe_size(options.max_line_bytes)} line cap"
        return BadRecord(source, position, reason, unit="post")
    thread_id = parent_id = author = username = None
    for child in element:
        name = local(child.tag)
        if name == "thread":
            thread_id = attr(child, "id")
        elif name == "parent":
            parent_id = attr(child, "id")
        elif name == "author":
            author = (child_text(child, "name") or "").strip() or None
            username = (child_text(child, "username") or "").strip() or None
    status: Status = "approved"
    if _true(child_text(element, "isDeleted")):
        status = "deleted"
    elif _true(child_text(element, "isSpam")):
        status = "spam"
    text, links = render(message, "html")
    extra: dict[str, Any] = {"thread": threads.get(thread_id or "", {})}
    if username:
        extra["username"] = username
    if links:
        extra["links"] = links
    return Record(
        id=pid,
        text=text,
        thread_id=thread_id,
        parent_id=parent_id,
        author=author,
        created_at=parse_timestamp(child_text(element, "createdAt")),
        text_format="html",
        status=status,
        source=source,
        extra=extra,
    )
