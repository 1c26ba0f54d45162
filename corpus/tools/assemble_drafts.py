"""Build corpus/comments.jsonl and corpus/flags.jsonl from the writers' authoring drafts.

Run once per writing round: python corpus/tools/assemble_drafts.py corpus/drafts/h*.jsonl
Drafts hold either "text" or "segments" ([sentence, label] pairs joined by one space, or by
nothing after a segment ending in a newline); this script computes the character offsets,
assigns stable text-derived ids and writes the provenance block. comments.jsonl is the
source of truth afterwards; the drafts are not kept in the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from claimcheck.corpus import comment_id
from claimcheck.text import is_empty

DATE = "2026-11-25"
AUTHOR = "claimcheck team"


def join_segments(segments: list) -> tuple[str, list[dict]]:
    """A comment's text from [sentence, label] pairs (joined by one space, or by nothing after
    a segment ending in a newline) and the character offsets of each sentence."""
    text, sentences = "", []
    for seg_text, seg_label in segments:
        if text and not text.endswith("\n"):
            text += " "
        body = seg_text.rstrip("\n")
        start = len(text) + (len(body) - len(body.lstrip()))
        text += seg_text
        end = start + len(body.strip())
        sentences.append({"start": start, "end": end, "label": seg_label})
    return text.rstrip(), sentences


def build(
    row: dict, writer: str, *, date: str = DATE, register: str | None = None, min_sentences: int = 1
) -> dict:
    """One corpus line from one draft row: offsets from segments, a text-derived id and the
    provenance block (with the writing quota, `register`, from round 5 on). Sentence spans
    are kept when there are at least `min_sentences` of them."""
    sentences = None
    if "segments" in row:
        text, sentences = join_segments(row["segments"])
    else:
        text = row["text"]
    out = {
        "id": comment_id(text),
        "text": text,
        "label": row["label"],
        "domain": row["domain"],
    }
    if sentences and len(sentences) >= min_sentences:
        out["sentences"] = sentences
    out["hard_case"] = row.get("hard_case")
    provenance = {
        "author": AUTHOR,
        "method": "hand-written for claimcheck",
        "date": date,
        "writer": writer,
        "voice": row.get("voice"),
    }
    if register is not None:
        provenance["register"] = register
    out["provenance"] = {**provenance, "note": row.get("note")}
    return out


def main(paths: list[str]) -> None:
    comments, flags, seen = [], [], set()
    for path in paths:
        writer = Path(path).stem
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if writer == "flags":
                text = row["text"]
                flags.append(
                    {
                        "id": "fl-" + comment_id(text)[3:],
                        "text": text,
                        "flag": row["flag"],
                        "language": row.get("language"),
                        "label": row.get("label"),
                        "domain": row.get("domain"),
                        "provenance": {"author": AUTHOR, "date": DATE, "writer": "h8",
                                       "note": row.get("note")},
                    }
                )
                continue
            rec = build(row, writer)
            if is_empty(rec["text"]):  # LABELS.md: emoji-only text gets the empty flag, no label
                flags.append(
                    {
                        "id": "fl-" + comment_id(rec["text"])[3:],
                        "text": rec["text"],
                        "flag": "empty",
                        "language": None,
                        "label": None,
                        "domain": rec["domain"],
                        "provenance": {"author": AUTHOR, "date": DATE, "writer": writer,
                                       "note": "emoji only"},
                    }
                )
                continue
            key = rec["text"].lower().strip()
            if key in seen:
                continue
            seen.add(key)
            comments.append(rec)
    comments.sort(key=lambda r: r["id"])
    out = Path(__file__).resolve().parents[1]
    with (out / "comments.jsonl").open("w", encoding="utf-8") as fh:
        for rec in comments:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if flags:
        dedup = {f["id"]: f for f in flags}
        with (out / "flags.jsonl").open("w", encoding="utf-8") as fh:
            for rec in sorted(dedup.values(), key=lambda r: r["id"]):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(comments)} comments, {len(flags)} flag rows")


if __name__ == "__main__":
    main(sys.argv[1:])
