"""WordPress eXtended RSS (WXR) exports: `<wp:comment>` elements inside each post's `<item>`.

`comment_approved` is 1 (approved), 0 (pending), spam or trash; `comment_parent` is 0 for a
top-level comment. The thread is the post (`wp:post_id`), which precedes its comments.
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
from claimcheck.io.xmlstream import iter_elements, local

APPROVED: dict[str, Status] = {
    "1": "approved",
    "approve": "approved",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "deleted",
    "post-trashed": "deleted",
}


def read_wxr(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Every comment of every item as a Record (or BadRecord), in file order."""
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    item: ET.Element | None = None
    post: dict[str, str] = {}
    position = 0
    # rss(0) / channel(1) / item(2) / children of item (3)
    for stack, element in iter_elements(path, 3, "item fields", options):
        if len(stack) < 3 or local(stack[-1].tag) != "item":
            continue
        if stack[-1] is not item:
            item, post = stack[-1], {}
        name = local(element.tag)
        if name in ("post_id", "title", "link"):
            post[name] = (element.text or "").strip()[:MAX_CONTEXT_CHARS]
            continue
        if name != "comment":
            continue
        position += 1
        yield build_safely(
            source, position, "comment", _comment, element, post, position, source, options
        )


def _comment(
    element: ET.Element, post: dict[str, str], position: int, source: str, options: ReadOptions
) -> Item:
    fields = {local(child.tag): (child.text or "") for child in element}
    cid = fields.get("comment_id", "").strip()
    if not cid:
        return BadRecord(source, position, "a <wp:comment> without comment_id", unit="comment")
    if len(fields.get("comment_content", "")) > options.max_line_bytes:
        reason = f"a comment longer than the {describe_size(options.max_line_bytes)} line cap"
        return BadRecord(source, position, reason, unit="comment")
    approved = fields.get("comment_approved", "1").strip().lower()
    status = APPROVED.get(approved, "approved")
    parent = fields.get("comment_parent", "0").strip()
    date = fields.get("comment_date_gmt", "").strip()
    text, links = render(fields.get("comment_content", ""), "html")
    extra: dict[str, Any] = {
        "post_title": post.get("title", ""),
        "post_link": post.get("link", ""),
        "comment_type": fields.get("comment_type", "").strip() or "comment",
        "comment_approved": approved,
    }
    if fields.get("comment_author_url", "").strip():
        extra["author_url"] = fields["comment_author_url"].strip()
    if links:
        extra["links"] = links
    return Record(
        id=cid,
        text=text,
        thread_id=post.get("post_id") or None,
        parent_id=None if parent in ("", "0") else parent,
        author=fields.get("comment_author", "").strip() or None,
        created_at=None if date.startswith("0000") else parse_timestamp(date),
        text_format="html",
        status=status,
        source=source,
        extra=extra,
    )
