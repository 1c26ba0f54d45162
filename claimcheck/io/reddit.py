"""Reddit / Pushshift comment and submission dumps (NDJSON, usually .zst).

Comments carry `body`, `link_id` (t3_ + submission id) and `parent_id` (t1_ for a comment,
t3_ for the submission); submissions carry `title` and `selftext`. Prefixes are stripped so
parent links point at ids that appear in the same dump.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimcheck.io.jsonl import iter_jsonl
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

GONE = ("[deleted]", "[removed]")


def _strip(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return value.split("_", 1)[1] if value[:3] in ("t1_", "t3_") else value


def reddit_record(obj: dict[str, Any], position: int, source: str) -> Item:
    """One dump line as a Record; lines without an id or any text field are reported."""
    rid = obj.get("id") or _strip(obj.get("name"))
    if not isinstance(rid, str) or not rid:
        return BadRecord(source, position, "no 'id' (or 'name') in a Reddit object")
    is_comment = "body" in obj
    if is_comment:
        body = obj.get("body")
        thread_id = _strip(obj.get("link_id"))
        parent_id = _strip(obj.get("parent_id"))
    elif "title" in obj or "selftext" in obj:
        title, selftext = obj.get("title") or "", obj.get("selftext") or ""
        body = selftext if selftext in GONE else "\n\n".join(p for p in (title, selftext) if p)
        thread_id, parent_id = rid, None
    else:
        return BadRecord(source, position, "neither 'body' (comment) nor 'title' (submission)")
    if not isinstance(body, str):
        return BadRecord(source, position, "the text field is not a string")
    status: Status = "approved"
    if body.strip() in GONE:
        status, body = "deleted", ""
    elif obj.get("spam") is True or obj.get("removed_by_category") == "reddit":
        status = "spam"
    text, links = render(body, "markdown")
    if not is_comment and obj.get("url") and not obj.get("is_self", True):
        links.append(str(obj["url"]))
        text = text + ("\n" if text else "") + str(obj["url"])
    keep = ("subreddit", "score", "permalink", "link_id", "parent_id", "name", "url")
    extra: dict[str, Any] = {k: obj[k] for k in keep if k in obj}
    extra["kind"] = "comment" if is_comment else "submission"
    if links:
        extra["links"] = links
    author = obj.get("author")
    return Record(
        id=rid,
        text=text,
        thread_id=thread_id,
        parent_id=parent_id,
        author=author if isinstance(author, str) and author not in GONE else None,
        created_at=parse_timestamp(obj.get("created_utc")),
        text_format="markdown",
        status=status,
        source=source,
        extra=extra,
    )


def read_reddit(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Every line of a Reddit/Pushshift dump as a Record or a BadRecord."""
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    for row in iter_jsonl(path, options.max_line_bytes, options.max_ratio):
        if row.record is None:
            yield BadRecord(source, row.line, row.error or "unreadable line")
        else:
            yield build_safely(
                source, row.line, "line", reddit_record, row.record, row.line, source
            )


def looks_like_reddit(obj: object) -> bool:
    """True for an object with Reddit's shape (a subreddit and a body or selftext)."""
    return isinstance(obj, dict) and "subreddit" in obj and ("body" in obj or "selftext" in obj)
