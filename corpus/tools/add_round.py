"""Check writers' drafts of a new corpus round, then append them to corpus/comments.jsonl.

    python corpus/tools/add_round.py corpus/drafts/r10.jsonl ...            # check only
    python corpus/tools/add_round.py corpus/drafts/r1*.jsonl --append       # check, then append

A draft line is one comment: {"text": ...} or {"segments": [[sentence, label], ...]}, plus
"label", "domain" (a slug), optional "hard_case", "voice", "note" and "register" (the round's
quota the comment was written for: messy, flat_testimonial, reported_speech, link_share,
contact_no_promo, help_question, evidence_phrase_decoy, self_promo_spam, other). Segments are
joined by one space (by nothing after a segment that ends in a newline); the offsets, the
text-derived id and the provenance block are computed here. The writer is the file's stem.

The check refuses what the corpus must never hold: invalid lines (the corpus parser's rules),
near-duplicates of the corpus or of other drafts, "555" phone numbers, and text shared with
the external dev set (when CLAIMCHECK_EXTERNAL_DEV or ../shared/external/dev.jsonl exists).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from assemble_drafts import build as assemble_build  # noqa: E402

from claimcheck.corpus import (  # noqa: E402
    find_near_duplicates,
    load_comments,
    parse_comment_line,
)
from claimcheck.text import is_emoji_char  # noqa: E402

REGISTERS = {
    "messy",
    "flat_testimonial",
    "reported_speech",
    "link_share",
    "contact_no_promo",
    "help_question",
    "evidence_phrase_decoy",
    "self_promo_spam",
    "other",
}
FAKE_PHONE = re.compile(r"555[-. )]?\d{4}|\(555\)")


def build(row: dict, writer: str, date: str) -> dict:
    """One corpus line from one draft row (assemble_drafts.build, with the round's quota)."""
    return assemble_build(
        row, writer, date=date, register=row.get("register", "other"), min_sentences=2
    )


def dev_shingles(n_chars: int = 40) -> set[str]:
    """Every 40-character window of the external dev set (lower-cased), if it is reachable."""
    path = Path(
        os.environ.get("CLAIMCHECK_EXTERNAL_DEV", ROOT.parent / "shared/external/dev.jsonl")
    )
    if not path.exists():
        return set()
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        text = " ".join(json.loads(line)["text"].lower().split())
        out.update(text[i : i + n_chars] for i in range(0, max(len(text) - n_chars, 0) + 1, 10))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--append", action="store_true", help="append to corpus/comments.jsonl")
    parser.add_argument("--date", default="2026-12-07")
    args = parser.parse_args()

    problems: list[str] = []
    rows: list[dict] = []
    for path in args.drafts:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                draft = json.loads(line)
                row = build(draft, path.stem, args.date)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                problems.append(f"{where}: cannot build ({exc})")
                continue
            if row["provenance"]["register"] not in REGISTERS:
                problems.append(f"{where}: unknown register {row['provenance']['register']!r}")
            _, found = parse_comment_line(json.dumps(row), str(path), number)
            problems.extend(f"{where}: {p.field} {p.message}" for p in found)
            if FAKE_PHONE.search(row["text"]):
                problems.append(f"{where}: a 555 phone number (use a realistic format)")
            row["_where"] = where
            rows.append(row)

    corpus = load_comments(ROOT / "corpus")
    known = {r.id: "corpus" for r in corpus}
    for row in rows:
        if row["id"] in known:
            problems.append(f"{row['_where']}: same text already in {known[row['id']]}")
        known[row["id"]] = row["_where"]
    texts = [r.text for r in corpus] + [r["text"] for r in rows]
    ids = [r.id for r in corpus] + [r["_where"] for r in rows]
    new = {r["_where"] for r in rows}
    for a, b, sim in find_near_duplicates(texts, ids):
        if a in new or b in new:
            problems.append(f"near-duplicate ({sim}): {a} ~ {b}")
    shingles = dev_shingles()
    for row in rows:
        text = " ".join(row["text"].lower().split())
        if any(text[i : i + 40] in shingles for i in range(0, max(len(text) - 40, 0) + 1)):
            problems.append(f"{row['_where']}: shares 40 characters with the external dev set")

    by = Counter((r["provenance"]["register"], r["label"]) for r in rows)
    print(f"{len(rows)} draft comments in {len(args.drafts)} files")
    for (register, label), n in sorted(by.items()):
        print(f"  {register:22} {label:18} {n}")
    for label in sorted({r["label"] for r in rows}):
        mine = [r["text"] for r in rows if r["label"] == label]
        digits = sum(any(c.isdigit() for c in t) for t in mine) / len(mine)
        emoji = sum(any(is_emoji_char(c) for c in t) for t in mine) / len(mine)
        print(f"  {label:18} digits {digits:.0%}  emoji {emoji:.0%}")
    for problem in problems:
        print("PROBLEM", problem)
    if problems:
        print(f"{len(problems)} problems; nothing appended")
        return 1
    if args.append:
        with (ROOT / "corpus/comments.jsonl").open("a", encoding="utf-8") as handle:
            for row in rows:
                row.pop("_where")
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"appended {len(rows)} comments to corpus/comments.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
