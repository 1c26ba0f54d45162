# ruff: noqa: E501  (the edit tables below hold whole phrases on one line each)
"""Corpus round 5 (issue 12): edits to the existing comments that remove shortcuts, not meaning.

    python corpus/tools/round5_edits.py --dry-run  # check every edit, print before/after shares
    python corpus/tools/round5_edits.py            # apply them to corpus/comments.jsonl

Issue 12 measured shortcuts in corpus/comments.jsonl that a model learns instead of the labels:
invented surnames repeated across domains (Lindqvist in 17 comments, Okafor 15, Halvorsen 10,
almost all evidence_citation), phone numbers from the fictional 555 and UK drama ranges, digits
in half of all opinions and testimonials, and emoji in 13-27% of every label, where real
comments carry far fewer. This script is the record of how the round-5 edits were made,
comment by comment, so they can be reviewed and re-run on the corpus as it was before them
(last changed in commit eea8cf7). Labels, sentence labels, domains and hard cases never change.

- NAMES: an invented person, firm, clinic or product name is used in at most two comments; the
  later uses get fresh invented names from many cultures (checked against the corpus and the
  round-5 drafts), matched to any context that names a nationality or city. Emails, handles and
  URLs that spell the old name change with it. A few first names carried by many invented
  experts (Priya, Daniel, Linda, Hannah, Helen, Ruth) were varied too.
- PHONES: every "555" number and every number from Ofcom's drama ranges (07700 900xxx,
  020 7946 0xxx, 0113/0121 496 0xxx, 01632 960xxx) becomes a number in a real national format:
  UK mobile, landline and freephone, US and Canadian local and toll free, Nigeria, India, the
  Philippines, Indonesia, Germany, Turkey, UAE, Mexico, Poland, Bulgaria, Ghana, South Africa.
- DIGITS: opinion and testimonial comments whose digits are incidental are rewritten without
  them: counts and durations in words ("three weeks"), times of day ("two in the morning",
  "a dawn flight"), money in the writer's idiom ("forty quid", "twelve-hundred-dollar phone",
  "two grand"), years turned into the relative time a speaker would use ("years ago", "last
  year", "during lockdown"), ratings and percentages in words ("perfect", "half the time").
  Lines were first proposed by simple rules, then every one was read; where a proposal read
  badly or shifted a meaning, the line was written by hand. Digits stay where people really write them: statute and
  section numbers, school years used as names, doses, model numbers, exam scores, timestamps
  and view counts in fan reactions, and some prices in rants. Evidence and spam keep theirs.
- EMOJI: emoji are stripped from enough comments of each label to bring it near 9% (spam,
  opinion), 8% (testimonial) and 7% (evidence). Fan reactions in music, sports and gaming and
  adverts built from emoji bullets keep theirs. An emoji that ended a sentence before a capital
  leaves a full stop; one that stood for a word is replaced by the word.

A table line is `<id> | old => new || old => new ...` (the original id; every occurrence of
`old` is replaced, with word boundaries where it starts or ends with a letter or digit) or
`<id> | strip` (remove every emoji and the space beside it). Sentence offsets are carried
through each replacement and re-trimmed, the id is recomputed from the new text
(claimcheck.corpus.comment_id), and provenance gains
`edit: "2026-12-07 round 5: <names, phone, digits, emoji>"`. The file is written atomically (a
temporary file in the same folder, then os.replace), because other tools read it meanwhile.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from claimcheck.corpus import comment_id, parse_comment_line  # noqa: E402
from claimcheck.text import INVISIBLE, is_emoji_char  # noqa: E402

CORPUS = ROOT / "corpus" / "comments.jsonl"
EDIT_NOTE = "2026-12-07 round 5: "
#: Block name -> what the provenance note calls it, in the order the blocks are applied.
KINDS = {"NAMES": "names", "PHONES": "phone", "DIGITS": "digits", "EMOJI": "emoji"}

Edit = tuple[int, int, str]  # (start, end, replacement) in the current text


class EditError(ValueError):
    """An edit line that does not fit the comment it names (text changed, typo in the table)."""


def parse_block(block: str) -> list[tuple[str, list[tuple[str, str]] | None]]:
    """Lines of one data block -> [(id, [(old, new), ...]) or (id, None) for 'strip']."""
    out: list[tuple[str, list[tuple[str, str]] | None]] = []
    for number, line in enumerate(block.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cid, sep, body = line.partition(" | ")
        if not sep:
            raise EditError(f"line {number}: expected '<id> | ...': {line!r}")
        body = body.strip()
        if body == "strip":
            out.append((cid.strip(), None))
            continue
        pairs = []
        for part in body.split(" || "):
            old, arrow, new = part.partition(" => ")
            if not arrow or not old:
                raise EditError(f"line {number}: expected 'old => new': {part!r}")
            if old != old.strip() or new != new.strip():
                raise EditError(f"line {number}: no space at either end of a pair: {part!r}")
            pairs.append((old.replace("\\n", "\n"), new.replace("\\n", "\n")))
        out.append((cid.strip(), pairs))
    return out


def find_pair(text: str, old: str, new: str) -> list[Edit]:
    """Every occurrence of `old` (bounded by non-word characters where it starts or ends with one)."""
    lead = r"(?<!\w)" if old[0].isalnum() else ""
    tail = r"(?!\w)" if old[-1].isalnum() else ""
    found = [(m.start(), m.end(), new) for m in re.finditer(lead + re.escape(old) + tail, text)]
    if not found:
        raise EditError(f"{old!r} not found")
    return found


def _is_emoji_part(char: str) -> bool:
    """Emoji, or a character that only joins or modifies one (ZWJ, VS16, skin tone, keycap)."""
    return (
        is_emoji_char(char) or char in INVISIBLE or unicodedata.category(char) in {"Mn", "Me", "Sk"}
    )


def emoji_edits(text: str) -> list[Edit]:
    """Deletions that remove every emoji run with the spaces around it, keeping one space
    between words that the emoji separated."""
    edits: list[Edit] = []
    i = 0
    while i < len(text):
        if not is_emoji_char(text[i]):
            i += 1
            continue
        j = i
        while j < len(text):  # a run: emoji parts, possibly separated by single spaces
            if _is_emoji_part(text[j]) or (
                text[j] == " " and j + 1 < len(text) and is_emoji_char(text[j + 1])
            ):
                j += 1
            else:
                break
        start, end = i, j
        while start and text[start - 1] in " \t":
            start -= 1
        while end < len(text) and text[end] in " \t":
            end += 1
        left = text[start - 1] if start else ""
        right = text[end] if end < len(text) else ""
        opening = left in "([{" or (left in "\"'‘“" and (start < 2 or text[start - 2].isspace()))
        joins_words = bool(
            left
            and not left.isspace()
            and not opening
            and right
            and not right.isspace()
            and right not in ".,!?;:)]}"
        )
        joiner = ""
        if text[i:j] == "°":  # a degree sign: "1.2°C" -> "1.2C", "57°N" -> "57N"
            start, end = i, j
        elif joins_words:  # an emoji that ended a sentence before a capital gets a full stop
            joiner = ". " if left.isalnum() and right.isupper() else " "
        edits.append((start, end, joiner))
        i = j
    return edits


def _minimal(text: str, edit: Edit) -> Edit:
    """The same edit without the characters it leaves unchanged at either end, so that a
    replacement written with some context never straddles a sentence boundary needlessly."""
    start, end, rep = edit
    old = text[start:end]
    while old and rep and old[0] == rep[0]:
        old, rep, start = old[1:], rep[1:], start + 1
    while old and rep and old[-1] == rep[-1]:
        old, rep, end = old[:-1], rep[:-1], end - 1
    return start, end, rep


def apply_edits(text: str, spans: list[dict], edits: list[Edit]) -> tuple[str, list[dict]]:
    """The new text and the sentence spans carried through the edits (and re-trimmed)."""
    edits = sorted(_minimal(text, edit) for edit in edits)
    for (s1, e1, _), (s2, _, _) in itertools.pairwise(edits):
        if s2 < e1:
            raise EditError(f"overlapping edits at {s1}-{e1} and {s2}")
    pieces, last = [], 0
    for start, end, rep in edits:
        pieces.append(text[last:start])
        pieces.append(rep)
        last = end
    pieces.append(text[last:])
    new_text = "".join(pieces)

    def move(pos: int, is_end: bool) -> int:
        delta = 0
        for start, end, rep in edits:
            if pos <= start:
                return pos + delta
            if pos < end:  # inside a replaced stretch: snap to its new edges
                return start + delta + (len(rep) if is_end else 0)
            delta += len(rep) - (end - start)
        return pos + delta

    new_spans = []
    for span in spans:
        start, end = move(span["start"], False), move(span["end"], True)
        while start < end and new_text[start].isspace():
            start += 1
        while end > start and new_text[end - 1].isspace():
            end -= 1
        if start >= end:
            raise EditError(f"sentence {span['start']}-{span['end']} would be left empty")
        new_spans.append({**span, "start": start, "end": end})
    return new_text, new_spans


def trim_edits(text: str) -> list[Edit]:
    """Leading/trailing whitespace and doubled spaces that an edit left behind."""
    edits: list[Edit] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        edits.append((0, lead, ""))
    for m in re.finditer(r"(?<=\S) {2,}(?=\S)", text):
        edits.append((m.start(), m.end(), " "))
    for m in re.finditer(r"[ \t]+(?=\n\s*\S)", text):
        edits.append((m.start(), m.end(), ""))
    tail = len(text.rstrip())
    if tail < len(text) and (not edits or edits[-1][1] <= tail):
        edits.append((tail, len(text), ""))
    return edits


def edit_row(row: dict, kind: str, pairs: list[tuple[str, str]] | None) -> dict:
    """One comment after one block's edits; raises EditError if an edit does not fit."""
    text, spans = row["text"], list(row.get("sentences") or [])
    if pairs is None:
        edits = emoji_edits(text)
        if not edits:
            raise EditError("no emoji to strip")
        text, spans = apply_edits(text, spans, edits)
    else:
        for old, new in pairs:
            text, spans = apply_edits(text, spans, find_pair(text, old, new))
    tidy = trim_edits(text)
    if tidy:
        text, spans = apply_edits(text, spans, tidy)
    if kind == "EMOJI" and any(is_emoji_char(c) for c in text):
        raise EditError("emoji left after stripping")
    if kind == "DIGITS" and re.search(r"[0-9]", text):
        raise EditError("digits left after rewriting")
    if kind == "PHONES" and "555" in text:
        raise EditError("a 555 number left")
    out = {**row, "text": text, "id": comment_id(text)}
    if row.get("sentences"):
        out["sentences"] = spans
    prov = dict(row["provenance"])
    done = prov.get("edit", EDIT_NOTE)[len(EDIT_NOTE) :]
    kinds = [k for k in done.split(", ") if k]
    kinds += [KINDS[kind]] if KINDS[kind] not in kinds else []
    prov["edit"] = EDIT_NOTE + ", ".join(kinds)
    out["provenance"] = prov
    return out


def run(rows: list[dict], blocks: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Apply every block in order; returns the new rows and the problems found."""
    by_id = {row["id"]: row for row in rows}
    current = {cid: cid for cid in by_id}  # original id -> id after earlier blocks
    problems: list[str] = []
    for kind in KINDS:
        for cid, pairs in parse_block(blocks.get(kind, "")):
            if cid not in current:
                problems.append(f"{kind} {cid}: no such comment")
                continue
            row = by_id[current[cid]]
            try:
                new = edit_row(row, kind, pairs)
            except EditError as exc:
                problems.append(f"{kind} {cid}: {exc}")
                continue
            _, found = parse_comment_line(json.dumps(new), "round5", 0)
            problems.extend(f"{kind} {cid}: {p.field} {p.message}" for p in found)
            if new["id"] != row["id"] and new["id"] in by_id:
                problems.append(f"{kind} {cid}: new text already in the corpus")
                continue
            del by_id[row["id"]]
            by_id[new["id"]] = new
            current[cid] = new["id"]
    return sorted(by_id.values(), key=lambda r: r["id"]), problems


def shares(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Per label: share of comments with a digit, with an emoji, and the number with '555'."""
    n = Counter(r["label"] for r in rows)
    digit = Counter(r["label"] for r in rows if re.search(r"[0-9]", r["text"]))
    emoji = Counter(r["label"] for r in rows if any(is_emoji_char(c) for c in r["text"]))
    return {
        label: {
            "comments": n[label],
            "digits": round(digit[label] / n[label], 3),
            "emoji": round(emoji[label] / n[label], 3),
        }
        for label in sorted(n)
    }


def write_atomically(rows: list[dict], path: Path) -> None:
    """Write the corpus next to itself, then rename over it (readers never see half a file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".comments.", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()]
    if any(EDIT_NOTE in str(r["provenance"].get("edit", "")) for r in rows):
        print(f"{args.corpus} already carries the round-5 edits; nothing to do")
        return 0
    blocks = {"NAMES": NAMES, "PHONES": PHONES, "DIGITS": DIGITS, "EMOJI": EMOJI}
    new_rows, problems = run(rows, blocks)
    for problem in problems:
        print("PROBLEM", problem)
    if problems:
        print(f"{len(problems)} problems; nothing written")
        return 1
    before, after = shares(rows), shares(new_rows)
    for label in before:
        b, a = before[label], after[label]
        print(
            f"{label:18} digits {b['digits']:.1%} -> {a['digits']:.1%}   "
            f"emoji {b['emoji']:.1%} -> {a['emoji']:.1%}"
        )
    edited = sum(1 for r in new_rows if "edit" in r["provenance"])
    print(f"{edited} comments edited; '555' in {sum('555' in r['text'] for r in new_rows)}")
    if not args.dry_run:
        write_atomically(new_rows, args.corpus)
        print(f"wrote {args.corpus}")
    return 0


# --- the edits --------------------------------------------------------------------------------

#: invented names used in more than two comments: the third and later uses
NAMES = """
# Lindqvist
cc-2fd2e19751e7 | Lindqvist => Raghunathan
cc-35be0ad97466 | Lindqvist => Mutua
cc-4f06ef8ee1d3 | Lindqvist => Bergstrand
cc-628e2bee34eb | Lindqvist => Quintero
cc-63618aa5909a | Lindqvist => Hirasawa
cc-794aa3877f8e | Lindqvist => Wickramasinghe
cc-7c6f9c4af0ee | Lindqvist => Aasen
cc-887ffd2066bc | Lindqvist => Gunnarsdóttir
cc-97fe8812f010 | Lindqvist => Sjöberg
cc-982df69d581c | Okafor => Vasavada || Lindqvist => Fonseca
cc-a7c9acba7f1d | Lindqvist => Ilunga
cc-ae71802f2dda | Lindqvist => Petrosyan
cc-c685ea4f5462 | Lindqvist => Kuipers
cc-e4dc5d65e9a4 | Lindqvist => Goldfarb
cc-e5f69deb6b01 | Lindqvist => Kovačević
# Okafor
cc-2fdeb5c86209 | Okafor => Anyanwu
cc-3e3a61e58bbc | Okafor => Sandhu
cc-4a0e24213e6c | Okafor => Bitar
cc-5f5ff8474c7d | Dr. Okafor Ebube => Dr. Ikenna Ebube
cc-7407993e654f | Okafor => Shimokawa
cc-88026b01d97d | Hannah Okafor => Rebecca Oyewole
cc-9a42b4fd4302 | Okafor => Lowenthal
cc-9cf2f1ca7f75 | Okafor => Ezeani || drokaforherbalhome => drezeaniherbalhome
cc-ac2bd452d519 | Okafor => Mukhopadhyay
cc-af545605aab0 | Okafor => Karimi
cc-afae29c59d1e | Okafor => Benjelloun
cc-eba802ec29d5 | Helen Okafor => Chiamaka Obiora
# Halvorsen
cc-18e4cf63bcd5 | Halvorsen => Nakagawa
cc-1c5648237b77 | Halvorsen => Lindemann
cc-25ce20955fd9 | Halvorsen => Eriksen
cc-3ba8dc010833 | Halvorsen => Cresswell
cc-7ecd880184da | Halvorsen => Yamaguchi
cc-921b76e10b7d | Halvorsen => Gokhale || Ruiz => Oyama
cc-dfc3152641e3 | Halvorsen => Tsiklauri
cc-eddb479f5287 | Halvorsen => Holmberg
# Okonkwo
cc-614e89b2b159 | Ruth Okonkwo => Yetunde Odukoya
cc-6af05aed0d47 | Okonkwo => Vlachos
cc-8c7314b479cc | Okonkwo => Umeh
cc-8db17d32458c | Okonkwo => Salcedo
cc-a018ddb94ea2 | Okonkwo => Ilechukwu
cc-f5698d2f0972 | Okonkwo => Fairbairn || Hale => Iwasaki
# Whitcombe
cc-bccbbbc2b7a2 | Whitcombe => Zielinski
cc-c79019a2b79a | Whitcombe => Prentice
cc-cb212f9dc0fd | Whitcombe => Chikowore
cc-e30c73d0952f | Whitcombe => Pritchard
cc-f3b9f23471db | Whitcombe => Seddon || Adeyemi => Qureshi
# Marsh
cc-3ff8a7025e6a | Helen Marsh => Joanna Kuriakose
cc-6f3e25c11b70 | Helen Marsh => Siobhan Prendiville
cc-91e6e7a623df | Marsh => Trevaskis
cc-ce240de4770f | Hollis => Trewhella || Marsh => Aldana
cc-f953696f6330 | Marsh => Whitlow
# Harwood
cc-4ff31f181a83 | Harwood => Traboulsi
cc-6e25dec68d3a | Harwood => Kinsella
cc-a91d5e961c93 | Harwood => Kazlauskas
cc-c5d9b2b0145e | Harwood => Mbatha
cc-ca43f8ec6242 | Harwood => Traboulsi
# Brandt
cc-6d994dcc957c | Brandt => Hofstetter
cc-9e899a363056 | Brandt => Seidel
cc-b09a74683d73 | Brandt => Moradi
cc-c36b1423faaa | Brandt => Ncube
cc-dc8e10748ec8 | Brandt => Arriaga
# Adeyemi, Osei, Mbeki
cc-a8aab9578c59 | Ruth Adeyemi => Bukola Sowande
cc-adf0116f7fcf | Adeyemi => Okeke
cc-b66f83992886 | Adeyemi => Akinwande
cc-e44309e0ad2d | Kessler-Adeyemi => Haapala-Oni
cc-335f39f59be2 | Osei => Srinivasan
cc-407251aeb56c | Osei => Agyeman
cc-a3aa19a5ee5d | Osei => Huysmans
cc-e6937056cb64 | Hartley => Gallardo || Osei => Amankwah
cc-3eba864d041b | Mbeki => Dlamini
cc-4cbd5c1056c4 | Hannah Mbeki => Kirsten Waweru
cc-b53479383295 | Mbeki => Hussain
cc-df5fc4bb1e88 | Mbeki => Ssempala
# Hale, Ferreira, Whitfield, Reyes, Oduya
cc-bbc9865a1700 | Hale => Barišić || halelaserclinic => barisiclaserclinic
cc-c52ec86afd4f | Hale => Pennock || halefinanceloans => pennockfinanceloans
cc-da6de0666a45 | Patricia Hale => Beverly Goodwin || patriciahale => beverlygoodwin
cc-97139cdbe12c | Ferreira => Senanayake
cc-9e03fc660105 | Ferreira => Teixeira
cc-db48e89b1f96 | Ferreira => Cipolla
cc-ed8aa6bdc851 | Ferreira => Magalhães
cc-b5c91d7e7277 | Whitfield => Tregenza || jwhitfieldfx => jtregenzafx
cc-d4ddbe052fe8 | Whitfield => Kosinski
cc-e47c1f3573c6 | Whitfield => Gittens
cc-5a2de68a4a67 | Reyes => Bautista
cc-a899d0b48d7b | Daniel Reyes => Gideon Mabuza
cc-f55f92089149 | Daniel Reyes => Arnel Dizon || Mr. Daniel on => Mr. Arnel on || @danielrecovery_ph => @arnelrecovery_ph || recoveryhelp.reyes => recoveryhelp.dizon
cc-60b7cfc42495 | Oduya => Prydderch
cc-9d20376a5b37 | Oduya => Yakubu
cc-fc0cd5bff043 | Ruth Oduya => Greta Kaltenbach
# Moreau, Marchetti, Kessler, Brennan, Sørensen, Ruiz, Oyelaran
cc-841f0e7f622f | Moreau => Rinaldi
cc-9ae282d687e8 | Moreau => Szabó
cc-ed0c42869ef4 | Moreau => Le Goff
cc-7dc51926f4d8 | Marchetti => Galluzzo
cc-82471d46683c | Marchetti => Hakobyan
cc-a7206c93f406 | Marchetti => Lo Presti
cc-9035c3b059e0 | Kessler => Wanjiru
cc-e3b69d11b34d | Kessler => Birnbaum
cc-e4cb58552f3d | Brennan => Aylward || Okoye => Nnadi
cc-f9fada6d1767 | Brennan => Cullinane
cc-9a16c70f916e | Sørensen => Thorvaldsen
cc-b6f9ded38611 | Sørensen => Kristiansen
cc-e86a62a704c1 | Ruiz => Iturralde
cc-c1500bb891ba | Oyelaran => Vilaseca
cc-d9443eb95efe | Oyelaran => Ngata
# Okoro, Okonjo, Lindgren, KetoBurn, Hartley, Carter, Achterberg
cc-786ae832f82c | Okoro => Adegoke || drokorohealingtemple => dradegokehealingtemple
cc-d73487c45047 | Okoro => Ifeanyi
cc-8d075c174e3f | Daniel Okonjo => Anselm Wendt
cc-8edb0c13d231 | Okonjo => Öztürk
cc-af5baa593ef3 | Lindgren => Mwale
cc-d22f391624e3 | Lindgren => Kurian
cc-976787554d70 | KetoBurn => SlimTrim || ketoburn-ultra => slimtrim-ultra
cc-a08c15827eb7 | KetoBurn => LeanBloom || ketoburn-official => leanbloom-official
cc-a9869f160ab7 | Hartley => Penrose
cc-431ab5594fea | Linda Carter => Loretta Kimbrough || @LindaFxPro => @LorettaFxPro
cc-4febf20c8497 | Linda Carter => Marjorie Meyer || @LindaCarterFX => @MarjorieMeyerFX
cc-66c43a511147 | Miriam Achterberg => Femke Brouwer
cc-87eb8e872d8a | Miriam Achterberg => Anouk Verhoeven
# names used three times
cc-f044177906a1 | Zhang => Xiong
cc-7f92583d8547 | Strand => Solheim
cc-fd90fa6e6a64 | Lena Ostrowski => Bronwen Sikora
cc-e46d0bb4dec4 | Marchand => Vautrin
cc-c9b0fe9324be | Lindahl => Tamm
cc-d95e8bbe7ba5 | Kowalczyk => Dąbrowski
cc-d50983101ff4 | Keystone => Ridgeline
cc-e2156eab4e59 | Harlow => Pickering
cc-c15b3598424a | Fenwick => Caldicott
cc-dce2d84cc831 | Chen => Qiu
cc-f2ae0b4d5acc | Adeyinka => Falode
# first names used by many invented people
cc-31209562d406 | Priya Shah => Farida Shah
cc-3727e139a25f | Priya Menon => Anjali Menon
cc-60b7cfc42495 | Priya Ramaswamy => Lakshmi Ramaswamy
cc-7e888e8908c4 | Priya Mandal => Shreya Mandal
cc-a92b6e31f18a | Priya Natarajan => Meera Natarajan
cc-c13c7286da7f | Priya Nandakumar => Kavitha Nandakumar
cc-7418c91b8484 | Daniel Hargrove => Curtis Hargrove || @DanielHargroveFX => @CurtisHargroveFX
cc-c0132eba5d36 | Daniel Hughes => Cedric Hughes || @danielhughes_fx => @cedrichughes_fx
# product and firm names in more than two adverts
cc-44249c35056f | ketoburn-pills => trimfast-pills
cc-e43b8dcea9ae | brightroof-solar => sunhaven-solar
"""

#: 555 and drama-range numbers
PHONES = """
cc-0046b985946e | +234 813 555 0192 => +234 816 402 7391
cc-02519ed53388 | 020 7946 0321 => 020 8617 4402 || 07700 900 514 => 07852 331 906
cc-06b99b32d941 | 1-800-555-0177 => 1-800-836-2419
cc-0745d1413294 | +2348145550093 => +2348147730259
cc-0c4998866a87 | +91 98490 55512 => +91 98490 31276
cc-10dedd541f03 | 020 7946 0318 => 020 3289 7140
cc-1157aa8c8fe0 | +234 813 555 0192 => +63 917 482 3306
cc-15db8cb4e97a | 07700 900812 => 07423 618 094
cc-17455abdea50 | 0113 496 0722 => 0113 274 8815
cc-1a553632d814 | +27 63 555 0177 => +27 63 418 2259
cc-1f19ad9d68d7 | 512-555-0134 => 512-739-4406
cc-1ffa693d89bd | +44 7700 914382 => +44 7539 214382
cc-20ee37d30e99 | 1-888-555-0172 => 1-888-604-3317
cc-22fe0b0e68a1 | +234 813 555 0192 => +234 703 628 1954
cc-23e47549751b | 0800 555 0193 => 0800 048 7362
cc-23ea32b48078 | 020 7946 0331 => 020 7183 2296
cc-24834f3e8f2f | 0161 555 0174 => 0161 832 4471
cc-26dfee8f4e47 | +234 806 555 0192 => +234 806 192 7735
cc-27f64cbbda59 | +1 (415) 555-0137 => +44 7383 106 429
cc-27fa255c4177 | +1 (419) 555-0176 => +1 (419) 362-8840
cc-39702451393b | 0121 496 0550 => 0121 354 6627
cc-3fa6d79c927b | 020 7946 0581 => 020 8741 3359
cc-3fff4c9cf913 | 01293 555 812 => 01293 771 640
cc-4c2c14352a35 | +1 (786) 555-0124 => +1 (786) 441-2093
cc-4d5a4a070f06 | 07700 900553 => 07984 226 310
cc-4febf20c8497 | +1 (302) 555-0188 => +1 (302) 608-4417
cc-52708022b080 | +234 803 555 7712 => +234 803 471 6628
cc-56b5608d6f91 | 1-888-555-0142 => 1-888-273-9064
cc-56e56d37eb00 | (702) 555-0148 => (702) 818-3390
cc-58679a602510 | +62 812 5550 4417 => +62 812 3804 4417
cc-5897326f5cec | 0333 555 0147 => 0333 320 8146
cc-5928046284ed | 0800 555 0192 => 0800 612 4478
cc-5e2783c891a5 | (713) 555-0148 => (713) 482-6613
cc-5f63ab29075f | 07700 900118 => 07825 440 172
cc-68ac2f82f844 | 1-800-555-0177 => 1-855-301-7720
cc-6af509998107 | +44 7700 900812 => +44 7441 903 268
cc-6b465f922a5d | +44 7700 900312 => +49 157 3461 2208
cc-7909603f332b | +39 02 5550 1873 => +39 02 4870 1873
cc-7b449929ad42 | +44 7700 900 615 => +63 927 514 0836
cc-7c558cf7d628 | +359 88 555 2047 => +359 88 742 2047
cc-814aadc82a9a | +1 416 555 0123 => +1 647 328 9051
cc-8cf2a1af741e | +90 532 555 0199 => +90 532 417 86 09
cc-8e544e3f38c4 | 1-877-555-0192 => 1-877-390-2241
cc-8f2c3155f317 | 0161 555 0438 => 0161 236 0438
cc-95fc26d484eb | 416-555-0187 => 416-901-4482
cc-977d4919e14b | +62 812 5550 4471 => +62 821 4473 0915
cc-98e09d3387a1 | +90 384 555 0147 => +90 384 271 20 47
cc-9ce1fe095863 | 512-555-0147 => (512) 462-7718
cc-9cf2f1ca7f75 | +234 706 555 3318 => +234 706 914 3318
cc-9d20376a5b37 | +234 902 555 7710 => +234 902 188 4471
cc-9d7b0287bb18 | +1 786 555 0127 => +1 786 930 4412
cc-9ded42ca48a1 | 0121 496 0733 => 0121 773 5091
cc-a9869f160ab7 | 01632 960288 => 01484 530 288
cc-b22062f046ad | 1-888-555-0142 => 1-833-245-6190
cc-b45e96a97fd6 | 07700 900415 => 07931 580 227
cc-b5145bf20d2e | 1-888-555-0110 => 1-844-409-3371
cc-b598520916fb | +44 7700 900412 => +44 7520 641 118
cc-b5dcbe30e586 | +234 806 555 0171 => +234 810 336 2287
cc-b67e20d917c4 | +44 7700 900 612 => +44 7412 608 903
cc-b81238394b60 | +971 50 555 0182 => +971 50 418 2763
cc-c04d8a63b992 | +971 55 555 0123 => +971 55 702 3148
cc-c52ec86afd4f | +1 (205) 555-0118 => +1 (205) 791-3326
cc-c68ffe3b8c0e | 07700 900461 => 07854 209 316
cc-c96ae39c5a45 | 1-805-555-0147 => 1-805-631-2204
cc-c9873b6f68e3 | +1 (302) 555-0199 => +1 (302) 284-6617
cc-ca1f717958ab | +971 55 555 0142 => +971 56 218 4407
cc-caad2e75084a | +1 (302) 555-0174 => +91 87904 26613
cc-cada26802338 | +1 (415) 555-0137 => +1 (415) 604-2283
cc-cae4c60eeb17 | +1 (302) 555-0178 => +1 (302) 319-7746
cc-ce33f1d09dfa | 1-844-555-0139 => 1-844-872-6031
cc-d03191f3ddb3 | +1 (646) 555-0134 => +1 (646) 439-8102
cc-d1502c1a8b29 | +48 32 555 0192 => +48 32 781 04 92
cc-d69f3a5e893b | +1 (415) 555-0193 => +233 24 571 9930
cc-d9de2b2ac775 | +52 81 5550 3321 => +52 81 8342 3321
cc-da6de0666a45 | +44 7700 900481 => +44 7462 118 204
cc-db60eeb60ec8 | +234 705 555 3381 => +234 705 862 3381
cc-dc01d5729173 | +1 (415) 555-0176 => +1 (415) 728-0391
cc-e304323987d4 | 1-877-555-0166 => 1-877-614-2290
cc-e43b8dcea9ae | 0121 555 0164 => 0121 459 8826
cc-e47c1f3573c6 | +1 (415) 555-0193 => +1 (929) 402-7718
cc-e6c1c82c0ee7 | +62 813 5550 2210 => +62 813 3790 2210
cc-e87689f60717 | +44 7700 555 218 => +44 7723 480 615
cc-ec92a45c1f7b | 1-866-555-0147 => 1-866-277-9034
cc-ed8aa6bdc851 | +1 602 555 0193 => +1 602 718 4406
cc-ee6f087eedad | +234 813 555 0192 => +2348139027715
cc-f5f9c2206bf4 | 0800 555 0192 => 0800 031 6624
cc-fb3457149f6b | +52 33 5550 8841 => +52 33 3615 8841
cc-fbdc31724415 | +1 (209) 555 0163 => +1 (209) 734 0163
cc-fe00c1392821 | +1 617 555 0148 => +1 617 840 2291
"""

#: opinion and testimonial comments whose digits were incidental
DIGITS = """
# opinion
cc-00f5edf28cb6 | 2 => two
cc-03b81c22781d | the 1970s => the seventies
cc-04be8d03162e | 30 => thirty
cc-050eb17f2f7a | 16 => sixteen || 1 => one || 5 => five
cc-0535374127b7 | 40 => forty
cc-06f926b4d265 | £95 => Ninety-five quid
cc-07075e20a967 | answering 200+ questions => answering hundreds of questions
cc-070d780d97c3 | 50 => fifty
cc-0716f115585a | 10 => ten
cc-08355d668c74 | the 1980s => the eighties
cc-087fe7b0cebb | £300 => three-hundred-pound
cc-0a0fdfd84949 | 9am => nine in the morning
cc-0a746c71913c | 3am => three in the morning
cc-0bc27daa924c | 10 => ten
cc-0bf0d3e5a0f5 | 15 => fifteen
cc-0dec1ca9731e | 1-page => one-page
cc-0f07b5ccb879 | 3 weeks => three weeks || 3 years => three years
cc-0f46bdf21543 | 70 => seventy
cc-0f77a073dee5 | the 2015 'EVs => the old 'EVs
cc-0fa8795d7570 | 3 => three
cc-1202c6eedfbe | 6 => SIX
cc-12746e9586de | 2nd => second
cc-12b7cb7b0804 | a 1 hour version => an hour-long version
cc-13e8c0a9b25d | 3 => three || 12 => twelve
cc-149248c65ec1 | 20 => twenty || 2 => two
cc-14b99c5cf103 | 8 => Eight
cc-14db61458a7b | 20 => twenty
cc-151ff98d8732 | 1 => one || 4 => four
cc-156fe58a50ea | 12 month => twelve month || 12 to => twelve to || 18 => eighteen
cc-176a82bc8062 | $1,200 => twelve-hundred-dollar
cc-1839db9093eb | reviews, 5/5 => reviews, five stars
cc-1892f9ca2881 | 80 => eighty
cc-18ccd535ee16 | 2 => two
cc-19cd9e51a558 | anyway <3 => anyway
cc-1afb4fc9882c | 2 => two
cc-1b880a6efb55 | 6 => six
cc-1be4b518ac26 | 10 => ten
cc-1c3246e3535b | $1 => a buck
cc-1c868eba6fc5 | 10 => ten
cc-1cc4b0894f0d | £30 => thirty quid || £6k => six-thousand-pound
cc-1e6030a7ad20 | 11 => eleven
cc-1e72c4c5b55f | 30 => thirty
cc-1f026573767e | 18 => eighteen
cc-1f407d09bc74 | 3 => three
cc-205bc7bf1290 | after 8pm => after eight o'clock
cc-207447ccc729 | 60 => sixty
cc-20e82efff7a0 | 20 => twenty
cc-21e502df0bbc | 5am fasted cardio => Fasted cardio before sunrise
cc-233bf3016a7f | 40 => forty
cc-24d70614fcd3 | 12-year => twelve-year
cc-24ed4c4392c0 | £400 => four hundred quid
cc-26376a0a7adf | £25 => twenty-five pounds
cc-26c56c19f53e | 5 => Five
cc-27cb7cae7542 | 11 => eleven
cc-28ae91eefe05 | 20 => twenty
cc-296f27875fa5 | $600 => six-hundred-dollar
cc-2a2c14382e94 | 3 => three
cc-2aea95efdcc1 | 90 => ninety
cc-2d302b8d0f58 | for 10% of a pension => for a tenth of a pension
cc-2dbc4b553083 | 90 => ninety
cc-2e7c2089112e | 5am => five in the morning
cc-2f189244a5c6 | 3 => three
cc-304a12857a41 | single £5 payment => single five-pound payment || 10-year-old => ten-year-old
cc-30bd8cf203b5 | 10 => ten || 20 => twenty
cc-30d9e80c4da4 | 1 => one
cc-318dcdf689e7 | 40 => FORTY
cc-32181b09435e | 4 => four
cc-3269584d1a8e | 45 minutes flew by => three quarters of an hour flew by
cc-33a3d8895dbf | £15 => Fifteen quid
cc-34f9e42c710e | the 1970s => the seventies || 5 => five
cc-3547316a1369 | $10,000 => ten grand || 20 => twenty
cc-36702608a29d | 3am => Three in the morning
cc-377356934672 | 2-year => two-year
cc-385208e33894 | 3 => three
cc-3a2e079cf53a | broke at 70. => broke at seventy.
cc-3a3c46475b5a | the 4am start => the four o'clock start
cc-3a80e9bee820 | 8 => eight
cc-3af11bbb9ee5 | 12th => twelfth
cc-3b51c78ff5f3 | the 80s => the eighties
cc-3c6ca0b33097 | $1 => a buck
cc-3da7a71123e0 | 3am => three in the morning
cc-3df186dd257e | 3rd => third || 14th => fourteenth || 18 => eighteen
cc-3e6ad29a6810 | 1 => one || 10 => ten
cc-3f118423bcc6 | £60 => sixty-pound
cc-3f5d10fefe4a | 3 => three || 6 => six || 10 => ten
cc-403ecae63abe | 12 => twelve
cc-411fccb6af7d | A £120 fine => A hundred-and-twenty-quid fine
cc-41a9a692b099 | 38 minutes and => Nearly forty minutes and
cc-426c7635e93c | 30-day => thirty-day
cc-42e2dcfc8560 | 6-month => six-month
cc-4350aed9c5f9 | $14k => fourteen grand
cc-443e4aef1f2c | 40 => forty
cc-445caba7094c | 5th => fifth
cc-449bcfa1e8c0 | 3 => three
cc-461a5c837f13 | 10 => ten || 15 => fifteen
cc-46b7aabdffe0 | 45 MINUTES => FORTY-FIVE MINUTES
cc-473f51cff700 | 6 => six
cc-476202390308 | 40 => forty
cc-49666d297457 | sold in 2024? => sold in this day and age?
cc-497720c16fb3 | 30 => thirty
cc-49a9e560d834 | 11 => eleven
cc-4a50d1300c7c | 6 => six
cc-4af035d57c53 | £8,000 => Eight grand
cc-4aff1fd13a92 | 18 => eighteen
cc-4c4509b67e4e | than 40k views => than forty thousand views
cc-4cab4cf9dfa0 | 100% agree => Totally agree
cc-4e8b807ded8e | £11 => eleven quid
cc-4e93f55fdb53 | £120 countertop => hundred-and-twenty-quid countertop || 20 degrees => twenty degrees
cc-4ea31f511784 | the 1990s => the nineties
cc-4f2276a314aa | 4 => four
cc-4f466ce3e6be | 6 => six
cc-50ebbb05302b | £1,200 => twelve-hundred-pound
cc-511051c80ca5 | 5 => Five
cc-514a9ec4334a | 11 => ELEVEN
cc-51796670caaf | 15 => fifteen || 20 => twenty
cc-52f43e5490e9 | 11 => eleven
cc-5383259ca045 | 10 => ten
cc-53ad8986a777 | 1am => one in the morning
cc-544229b6929e | the 2023 tariff => last year's tariff
cc-544f31cecaa9 | 13 => THIRTEEN
cc-546a1b16f7c8 | 3 => three || 12 => twelve
cc-554864b2e4cc | 11 => eleven
cc-555c5695efa3 | 12 => twelve
cc-556c63843337 | 3 => three
cc-562bd8a14867 | $80 => eighty bucks
cc-56a5e2c2e73f | 12 => twelve
cc-57d9addd61bc | 2 => Two
cc-57fba6e9d123 | 2 => TWO
cc-58dcd31e3288 | 20 => twenty || the 1950s => the fifties
cc-5932eadb5f82 | 14 => fourteen
cc-59bfc43f1a24 | 5th => fifth || 4 => four
cc-5ba521a31a3d | crying <3 => crying
cc-5c1110362892 | 15 => fifteen
cc-5ccfe586d700 | 40 => forty
cc-5deea2533d34 | a $150 billion industry => an industry worth a hundred and fifty billion dollars
cc-5e09ea7cbfaf | 1 => one || 5 => five
cc-5e22f60b0aa8 | £6 => six pounds
cc-5e901c7fa2ab | 6 => six
cc-5ef3484ef22a | £80 => eighty quid
cc-5f299086c53d | 18 => eighteen
cc-62e9880609b3 | 4 => four
cc-6360cf287e0a | like 50% of the time => like half the time
cc-65626eed5fff | 2am => two in the morning
cc-66d265b38ee9 | 8 => eight
cc-67f5830b85ff | 10 => ten
cc-683e1acdee8e | 8 => eight
cc-6b5cb38a83f2 | 9 => nine
cc-6b6276ac50b4 | A £1,000 excess => A thousand-pound excess
cc-6b68e8a7d796 | 6am => six in the morning
cc-6c7cf3b39a54 | £400 => four hundred pounds
cc-6caa7247f566 | 12 => twelve || 1990s => nineties
cc-6d38a3290e1f | 12 => twelve
cc-6dfd03cb5010 | $90 => ninety-dollar
cc-6e805480ece7 | 20 => twenty
cc-6ed83fb594ce | 12 => twelve
cc-6edb0bd22bf1 | 3x => three times
cc-6f928f56d691 | 5 => five
cc-6fbc1a768990 | 4 => four || 5 => five || 6 => six
cc-6fbce294abb3 | £15 => fifteen pounds
cc-7032a24e2a75 | the 2023 model => the newer model
cc-704398c1ea84 | 30-day => thirty-day
cc-70d489517bd8 | 100% => A hundred percent
cc-7122f2df176d | 12 => twelve || 20 => twenty
cc-71d8f70b542f | 90 => ninety || 9-year => nine-year || 16 => sixteen
cc-728ee62e0a5b | wedding in 2012 => wedding the year it came out
cc-730272be6976 | os.path is 2010. => os.path is so last decade.
cc-738ab2c54020 | 1 => ONE
cc-749174b23d70 | pain scale 1-10 is => the one-to-ten pain scale is
cc-74ba053ab27d | 5 => five
cc-7522ddde1e38 | 3 => THREE
cc-75b076ccf3cf | 13 => thirteen
cc-7630f627ff32 | 30 => thirty || 13 => thirteen
cc-770789f309dd | More than 1 billion => More than a billion
cc-7b3093226637 | this 28 m² flat => this tiny flat
cc-7b7245b3b21f | £45 => forty-five pounds
cc-7d469cabd511 | 1.5 degrees => one and a half degrees
cc-7d49f76ddeec | 20 km/h? => twenty km/h? || 30 => thirty || 20 is => twenty is
cc-7f599ac5ae95 | 3 => three
cc-8130ad2088ef | 6 => six
cc-814d1618e134 | 2am => two in the morning
cc-8211c32dd05e | £12 => twelve pounds
cc-8342538b0cda | £2,500 => twenty-five hundred pounds || £70 => seventy quid
cc-83facdfc17ce | 2 => two
cc-84d10a1762a0 | 2 => two
cc-856263814591 | 1000 upvotes => a thousand upvotes
cc-859b84cf2d66 | $50 => fifty dollars
cc-85e53c81e011 | lowball offer #1 => lowball the first offer
cc-868fc0124f53 | 2 => two
cc-86edd963b073 | 10/10 video => Brilliant video
cc-86f5a521d4ec | 30 => thirty
cc-8762e3f04402 | 10 => ten
cc-87cbf64d7d12 | $500 => five hundred dollars
cc-884f90007cde | 4 => four
cc-89b13c90dd87 | 6 => six
cc-89c66dec3d34 | 20 => twenty || 40 => forty
cc-89d0318674d0 | was 10/10, => was perfect,
cc-8a4b221195a1 | 12 => Twelve
cc-8b258980358a | £5 => five quid
cc-8b657f35cc64 | 20 => twenty
cc-8c0413842a1d | pulling 2x bodyweight => pulling double bodyweight
cc-8c715b8dafb5 | 2 => two
cc-8f0f36a1fb15 | 6pm => six in the evening
cc-8fd7991b7f54 | 7 => seven
cc-8fdfc1aeaae1 | 8 => eight
cc-9034b32c5292 | 1 => One || 4 => four
cc-90a0df133348 | 1 => one
cc-91953bc60f06 | 14 => fourteen
cc-92bb78860349 | 3 => three
cc-92bffb5fa360 | 40 => forty
cc-942ae7711352 | 10 => ten
cc-963fba3d4491 | 5 => five
cc-96797eaa2264 | £300 => three hundred pounds
cc-96958a437b91 | 30 => thirty
cc-985a5a3b478c | 10 => Ten
cc-9acbd1a9d9a8 | 1 => one || 6 => six
cc-9d0876f10637 | 15 => fifteen
cc-9d1b6382cd53 | 3 => three
cc-9dd8974c2095 | the 90%? => the ninety percent?
cc-9e75ea19ed9e | since 1962, => since the sixties,
cc-9eb1a4befa99 | $100 => hundred-dollar || $9 => nine bucks
cc-9f0b3e7f4989 | 10 => ten
cc-9f75e3906beb | 8 => eight || 20 => twenty
cc-a0874114a18c | £20 => twenty-pound
cc-a088681bec48 | $900 => nine hundred dollars
cc-a0deefb62ab3 | HE'S 67!!! => HE'S SIXTY-SEVEN!!!
cc-a126f2390c35 | 10 => ten
cc-a229558634ec | 10 => ten
cc-a3715e523e16 | 1 billion => A billion
cc-a3893acae9ec | 3 => Three
cc-a502a66f7f7a | 7-year => seven-year
cc-a5383aa469ea | 7 => seven || 12 => twelve
cc-a5bb1b5adce8 | 6 => six
cc-a606ce728ac6 | 80s => eighties || 90s => nineties
cc-a6825ecb9d7e | 14 => fourteen
cc-a7ffb4e19eea | the 1990s => the nineties
cc-a8996b4963d9 | 30 => thirty
cc-a8ce7c920c81 | €5 => five euros
cc-a92033afb686 | $75 => seventy-five dollars
cc-a96e826dbed5 | 1 => one || 3 => three || 5 => five
cc-a97312f27e3b | 6 => Six
cc-a9e23887edb3 | 40 => forty
cc-aafc49e682f7 | $5 => five bucks
cc-abe7c20ddca3 | 7 => seven
cc-acbc4b338354 | 2 => two
cc-acebcf0f74e4 | 40 => FORTY
cc-ae9a3b5037fd | 2 => two
cc-af61d63c4372 | 10/10 explanation => Top explanation
cc-afda7bf7f8ab | 2 => two
cc-b01d213e681e | 30 => thirty
cc-b036937cfcbe | £200 => two hundred pounds
cc-b09cd3401bf5 | $2,000 => two grand
cc-b19d971b122e | $49 => Forty-nine dollars
cc-b1c90e4a934e | 90 => ninety
cc-b1cd2ba7c2ca | 3 => three || 6 => six || 7-year => seven-year
cc-b22e64d8fd3b | 80s => eighties
cc-b2429f318ab4 | How is £1.8m for => How is nearly two million quid for
cc-b2c288a8ea0e | 5 => five
cc-b37ad6f9696d | 10 => ten
cc-b39ba0ac82cc | 10,000 steps a day => Ten thousand steps a day
cc-b4aa7bba3548 | 10 => ten
cc-b4e7838f0e77 | 8 => Eight || 2 => two
cc-b67a872b4463 | 9 => nine
cc-b7b3e389ee49 | 17 => seventeen
cc-b904b907a1ff | 14 => fourteen
cc-ba03fb19a1f7 | 7-year => seven-year
cc-ba65622b11cc | only 34 => only thirty-four
cc-bb1083ef83e1 | 6 => Six
cc-bb8146c86436 | £8k => eight grand
cc-bba62b463bd2 | 3 => three
cc-bbc6aceb0dd3 | £1,800 => eighteen hundred quid
cc-bce29f8ab2fa | 10,000 steps => ten thousand steps
cc-bd97a351abfd | 70 => seventy
cc-bdb204a68267 | 5 => five || 6 => six || 70 => seventy || 18 => eighteen
cc-be511e8d6c74 | 70-year => seventy-year
cc-be947c0433bd | 30 => thirty
cc-bea72b2d227c | £10,000 => ten grand || £500 billion => five hundred billion pounds
cc-c07d2c92a906 | 5 => five || 8 => eight
cc-c1137561c6d6 | 20 => twenty
cc-c182657e5c59 | 3 => three
cc-c1d5cafe2d22 | 3 => three
cc-c1dbee4a73ac | 20 => twenty
cc-c26331e934ca | 10-minute => ten-minute
cc-c2cdeacc8d27 | colourised 1912 footage => colourised Edwardian footage
cc-c45c716cf3c3 | 30 => thirty
cc-c46bb3a1fc3f | 18 => eighteen
cc-c47b14734244 | 3 => three
cc-c4befdb14a46 | 2 => two
cc-c5656944d4f8 | 3 => three || 10 => ten
cc-c852c46620a0 | 3 => three
cc-c85a361c270a | 3 => three
cc-c8c8ce922c64 | 10 => ten
cc-cb7672b130fe | 10 => TEN
cc-cdab314e2da3 | 18 => eighteen
cc-cdd69d234cdc | 2 => two
cc-ceaf0c692467 | 12 => twelve
cc-cef518febd8d | 10 minutes' => ten minutes' || 10 minutes. => ten minutes. || 10 minute => ten minute
cc-cfe20e4f50aa | 3 => three
cc-d03f984c102f | 6pm => six in the evening
cc-d3501c6c227b | 1970s => seventies
cc-d3d97576404a | 20 => twenty
cc-d404e969ae19 | 10 => ten || 12 => twelve
cc-d4c4c5d2cad3 | 30 => thirty
cc-d534e489eb2f | 16 => sixteen || 18 => eighteen
cc-d6e20278ced3 | 20 => twenty
cc-d73a1b93e577 | 80s => eighties
cc-d8e8a6ab75c5 | 19 => nineteen || 5 => five
cc-d99a038b7d62 | 3 => three || 4 => four
cc-da0493ac7549 | 3 => three
cc-daa854988530 | 1 => one || 6 => six
cc-daca88d3bb23 | 2 => Two
cc-db10ef25214b | 10 => TEN
cc-dcff58d5f2f0 | 7-year => seven-year || 6 => six
cc-dd1d099452af | 14 => fourteen
cc-dd8e0096e48e | £4.3 MILLION => OVER FOUR MILLION QUID
cc-ddd648857b51 | 5AM => FIVE IN THE MORNING
cc-de46fbb0a3c3 | 40 => forty
cc-de80966e106f | 5 => Five
cc-dec10e941db6 | 12 => twelve
cc-df37e8eae0ca | £150 => a hundred and fifty quid
cc-e005e3056c3e | £400 => four hundred quid
cc-e00ae16ca6ca | 2 => two
cc-e054187dc86b | 10 => ten || 12 => twelve || 16 => sixteen
cc-e26009486b3d | 4 => Four
cc-e27471ae9a2f | abroad in 2024? => abroad these days?
cc-e2bdea17f02f | 4 => FOUR
cc-e2f33749e2d4 | 10 => TEN
cc-e3f3c919d944 | 2am => two in the morning
cc-e4b615587df6 | 1 => one || 3 => three
cc-e4bc66736371 | 2 => two
cc-e4db3bb7bca6 | relevant in 2025? => relevant these days?
cc-e55a68a1ff90 | 1 => one || 5 => five || 10 => ten
cc-e5653a5b90d3 | 13 => thirteen
cc-e575626602d0 | the 70s => the seventies
cc-e5a5b321ef21 | 1 => one || 3 => three
cc-e6969f4b80f5 | $8 billion => eight billion dollars
cc-e6e983395fdf | £39 => thirty-nine quid || £240 => two hundred and forty pounds
cc-e70d3c745dcd | 4 => four
cc-e732ba96ca54 | $700 => seven-hundred-dollar || 20 => twenty
cc-e87199e40a54 | 30 => thirty
cc-e9f9e73f086d | 1 => One || 9 => nine
cc-eb9dc80a622a | 11 => ELEVEN
cc-ec936a17d489 | 30 => THIRTY
cc-ec9bac97c131 | 1 => one || 4 => four
cc-ece9ff808c00 | 6 => SIX
cc-edbb627bb2b7 | 80 => eighty
cc-ef1c56a4311d | 14 => fourteen
cc-ef34da7ff02f | at 2x => at double speed
cc-ef3e1fe76b4c | 12 => twelve
cc-efbf57accf00 | 4 => four
cc-f09ab629d62f | 100% => absolutely
cc-f17935c18dd0 | 500 CALORIES => FIVE HUNDRED CALORIES
cc-f20a336b3374 | the 90s => the nineties
cc-f298d69c1c8e | £35 => thirty-five-pound
cc-f3a0d10d4634 | 3 => Three
cc-f6df2655d863 | 10 => ten
cc-fa0ba54d2b2a | the £100 million => the hundred million pounds
cc-fa58cd445875 | 3 => THREE
cc-fa88c9826997 | £20,000 => twenty grand
cc-faad331d6464 | 7 => seven || 4 => four
cc-fadccffb4290 | 8 => eight
cc-fb3987234e83 | 9pm => nine at night
cc-fb841bd912c4 | 10 => ten
cc-fc159c2e158a | 21st => twenty-first
cc-fcae9781cb6a | 18 => eighteen
cc-fd425150d904 | 2 => two
cc-ff23204a69ba | 40 => FORTY
cc-ffc8bc3e130f | 10/10 explanation => Perfect explanation
# testimonial
cc-02427181680a | 2 => two
cc-0289822d5db7 | £9,000 => nine grand
cc-02bbb4b9ab26 | 2am => two in the morning
cc-0347f3c47eb0 | 2 => two || 4 => four
cc-05de85eb07fb | a £1,100 => an eleven-hundred-pound
cc-05ec303485dd | $40 => forty bucks
cc-07a45bc4c71a | 2 => two || 3 => three
cc-07db1a9a2aa3 | 70 => seventy || 12-month => twelve-month
cc-098a89a3df75 | 9 => nine
cc-09aabb1c82fa | 6 => six
cc-0a0cdb6be96f | 7 => seven || 5 => five
cc-0a2c46c02c2f | 18 => eighteen
cc-0accc3621ffa | 10 => ten
cc-0ae294f2dac5 | 7 => seven
cc-0c729a4a3076 | £1,800 => eighteen-hundred-pound
cc-0cbac03f30a0 | 15 => fifteen || 12 => twelve
cc-0d6830c19149 | 9 => nine
cc-0e4141f7ac02 | 11 => eleven
cc-0e52340b5ac0 | 3 => three
cc-0eec7fed1b23 | 50 => fifty || £85 => eighty-five quid
cc-0fb1c2682889 | 7 => seven
cc-0fc45a3285a5 | charged me £29.99 after => charged me thirty quid after
cc-0fefc4e7b92f | £17 => seventeen quid
cc-10f3d332aab3 | 11 => eleven
cc-10f3edbff5f2 | 7 => seven
cc-11dc498038b3 | 1 => one
cc-11e1d13205e8 | 2nd => second
cc-12d4ad650eb8 | 30 => thirty || 1 => one || 2 => two || 3 => three
cc-15144e304756 | 3 => THREE
cc-1556eaa6e052 | laid off in march 2020 => laid off when covid hit
cc-1570c0cc0c44 | 40 => FORTY
cc-158c7b0a59b3 | 3 => three
cc-15eaf2d23661 | 4 => four
cc-164976114762 | went up spring 2019. => went up a few springs ago.
cc-169540a7804d | 6 => six
cc-1705cd3f8fbb | 8 => eight
cc-180b3d10b9d5 | wakes at 4:50. => wakes before five.
cc-187fc2d3655f | 30 => thirty
cc-18b6ffb97931 | 5 => five
cc-1a1b8c991fe0 | 3 => Three || 5 => five
cc-1a8397644d51 | 5 => five
cc-1aaa3c44efd1 | 11 => eleven
cc-1b8b4836e651 | 6 => six
cc-1c82994c21bb | 1 => one || 5 => five
cc-1cd86fcbc9a7 | 3 => three || $35 => thirty-five-dollar
cc-1cfb10f3ac51 | 3 => three
cc-1d694af00313 | 1am => one in the morning
cc-2172659f905c | round of IVF in 2019 after => round of IVF after
cc-233963ede963 | 8 => eight || 9 => nine
cc-2551dc0f21de | 12th => twelfth || 3rd => third
cc-26f620f6a0df | dad's 2017 Corolla => dad's Corolla
cc-2716d73f0a20 | 27-month => twenty-seven-month || 2am => two in the morning
cc-28c73a2ad2f1 | 13 => thirteen
cc-28dc9d64a33a | 12-month => twelve-month
cc-2988d73dd1dc | 14 => fourteen
cc-2b69c8185209 | £30 => thirty pounds
cc-2bfc7ed13cc7 | till 97 => till ninety-seven
cc-2c4448e5791b | $300 => three-hundred-dollar
cc-2c63254487d8 | in full in 2019. => in full years ago.
cc-2cb0b8b1ab0f | 14 => fourteen
cc-2ec7390bee31 | 9 => nine
cc-2ef9b52fbd21 | in under 24h, => in under a day,
cc-2fc5880308a8 | £65 => sixty-five pounds
cc-306f183fdea9 | in 48 hours => in two days
cc-318fb107697f | 4 => four
cc-31a0b332771b | 13 => thirteen
cc-32d480020777 | 6 => SIX
cc-33e6fa0ac1d3 | 2 => two
cc-3549a42b13a6 | 8 => eight
cc-3580270b97ec | 4 => four
cc-36180d0e32bf | 9 => nine
cc-36bdc4e9828d | stent in 2010. => stent years ago.
cc-37644b4b079a | 8 => eight || 18 => eighteen || 5 => five
cc-37a61f49320a | £38 => thirty-eight quid
cc-38e1d009241b | 3 => THREE || 5 => five
cc-3b0b3fa4087b | 9 => nine
cc-3ba289386507 | 4pm => four in the afternoon
cc-3bb270261d82 | about 400 passwords => about four hundred passwords
cc-3d1ce4c867a2 | £200 => two hundred quid
cc-3d5f815881f2 | 40 => forty
cc-3d8f3914f6c5 | 2nd => second || 5 => five
cc-3e8a2fa0ac50 | 4 => four
cc-3f007f41dc88 | 11pm => eleven at night
cc-401a4e4e83a7 | took 41 days, forty one => took forty-one days. forty one
cc-41175b029a3a | 14 => fourteen
cc-411fe7ed2904 | 8 => eight
cc-43a01e93e40f | my year 9 class => my year nines
cc-4418bdbf3c7e | 9 => nine || 7 => seven
cc-4420f46c135e | 6 => six || 2 => two
cc-446a0d451cee | 1st => first
cc-44ad7dc142ec | 4 => four
cc-458376a0bd5c | my dad in 2020. => my dad during lockdown.
cc-45f37943c3c8 | 14 => fourteen
cc-46ed0065e561 | 2nd => second
cc-472ddfc6ed53 | 18 => Eighteen
cc-479305bbaa76 | 30 => thirty
cc-48f7ac86f725 | 15yo => fifteen-year-old
cc-4aaa7b2469ca | £90 => ninety-pound
cc-4b41491645ad | 8-week => eight-week
cc-4bcad5ca99d5 | in Dubai, 2018, away => in Dubai, away
cc-4bfa354abeca | 3 => three || 5 => five
cc-4d1e2187100f | 3 => three
cc-4f2bae45bffc | 4 => four
cc-4f9b9f8436f4 | 13 => thirteen || 12 => twelve
cc-4fad3d3f39cd | by 12 December => by the twelfth of December
cc-4fe1e08a4492 | 72-hour => seventy-two-hour
cc-51a217154c44 | 3am => three in the morning
cc-534953d9472c | 4 => four
cc-53a086931964 | £450 => four hundred and fifty quid
cc-53d7d8e12a00 | 6 => six
cc-5454b6139b33 | £70 => seventy-pound
cc-55e45f81c1b7 | for 31 years. => for thirty-one years.
cc-56059dcf1de4 | 3 => three
cc-57395fc71e3e | 14 => fourteen || 6 => six
cc-578d02e022a4 | 16 => sixteen
cc-581dee79a1ff | $2,300 => twenty-three-hundred-dollar
cc-5865fe234de7 | 4 => four
cc-59650dd93b53 | 15 => fifteen
cc-5a0928c90b2c | 20 => twenty
cc-5bcd5787b6d5 | 6 => six
cc-5ce8532373cf | 30 => thirty || 8, => eight, || 8 are => eight are
cc-5e014b3d44d0 | 6 => six
cc-5e1c4a7a5d81 | 8 => eight
cc-60c987a87c62 | 15 => fifteen
cc-616aee64f0b2 | 12 => twelve
cc-6215e1708e39 | twice in 2023 => twice last year
cc-63687d6246a4 | 2 => two
cc-64ea40d68ea0 | to Mexico in 2011; => to Mexico years ago;
cc-6762771b816c | 3am => three in the morning
cc-67d2cc8ce09f | 2 => two
cc-67ed919f7456 | €380 => Three hundred and eighty euros
cc-68189b2a5299 | 3 => three
cc-6c459ae3f274 | 3rd => Third
cc-6c778deb08b6 | 3 => three
cc-6d41b1d8b931 | $650 => six hundred and fifty dollars
cc-6d91ba373030 | 11 => eleven
cc-6da36676fb66 | 14 => fourteen
cc-6df8bea5afd1 | 11 => eleven
cc-6ea70e9067db | 1 => one
cc-74a0371180e8 | metal gig in 2008 => metal gig years ago
cc-74d842c4b2e9 | she left in 2009. => she left over a decade ago.
cc-750104ac0522 | 3 => three
cc-777811859ba7 | 11 => eleven
cc-785cb0cfe36a | every run over 15k => every long run
cc-78d20b17b6e1 | a 6am flight => a dawn flight
cc-79a18b5dc574 | 40 => forty
cc-79c38178a238 | 17 => seventeen
cc-7a867cc7ab45 | 6 times => six times || 6 different => six different
cc-7af0b284d0af | 12 => twelve
cc-7b12d3c74835 | 14 => fourteen
cc-7c079003553c | 2 => two || 2nd => second
cc-7c14f8d1faea | 12 => twelve || 6am => six in the morning
cc-7c2a43dfe679 | music program in 2022 => music program a while back
cc-7c661fdede42 | $25 => twenty-five dollars
cc-7cad5cf4b8ed | 3 => three
cc-7d0e86a90109 | £310 => three hundred and ten quid || £120 => a hundred and twenty quid
cc-7d2902602643 | 4 => four
cc-7d45d9361790 | back in 2017 => a few years back
cc-7d9803d0ec6f | 30-day => thirty-day
cc-7e3f2aa7b3c2 | 60 => sixty
cc-7e4026494703 | 9 => nine
cc-7e58ab108c75 | 3 => Three || 7 => seven || 6 => six || 1 => one
cc-7ee6f28fb9c8 | by 41 votes => by forty-one votes
cc-7f923e2ae69f | readings in 2022 => readings ages ago
cc-7fc1f65b37ed | We had in 2023 the subsidy => We had last year the subsidy
cc-82c53cedfb15 | 2 => two
cc-844a82395f49 | 11 => eleven
cc-84eda5a1521b | 3 => three
cc-85c27b779601 | 6 => six
cc-864d5f3b16f3 | 64 yo => sixty-four-year-old
cc-8652c6572669 | in Glasgow in 2014. => in Glasgow years back.
cc-867fb00a19d2 | they charged 8k => they charged eight thousand
cc-868e8edf1acf | 2 => two
cc-875372959280 | 5 => five || 2 month rent. => two month rent. || 2 month deposit. => two month deposit.
cc-88e838d9699d | 20 => twenty
cc-8b480612299b | 14 => fourteen
cc-8b5261158eab | 6yo => six-year-old
cc-8b82a01f169c | 7 => seven
cc-8b95c36a9de7 | 2 => two
cc-8ba8d2356991 | 2 => two
cc-8bc0700914ff | 6 => six
cc-8c64dfa5639f | 40 => forty || £86 => Eighty-six quid
cc-8d58b7e4fd1e | 6 => SIX
cc-8d6262b79632 | met at their 2011 show in Leeds => met at one of their shows in Leeds
cc-8ec257e0e951 | $1,500 => fifteen hundred dollars
cc-8fb9e07db706 | WHO PASSED IN 2019. => WHO PASSED YEARS AGO.
cc-923b96cb22f1 | 1 => one
cc-92bdf8add64b | 3 => three
cc-93c9763353da | do 100 burpees => do a hundred burpees
cc-940758675459 | 11 => eleven
cc-9435f2306bd1 | 3 => three
cc-95a7da54e1c7 | I cancelled in 2016 => I cancelled years ago
cc-95be4c820ef5 | lost 3kg, => lost a few kilos,
cc-961b44c8ae32 | 14 => fourteen
cc-98496e46ed19 | 11 => eleven
cc-989151d2c011 | 6 => six
cc-999f648d9850 | 20 => twenty || 6 => six
cc-9b53d831367e | 14 => fourteen
cc-9c2d70691c42 | 14 => fourteen
cc-9cc9e0ba44c6 | 20 => twenty
cc-9d6298b0e6fc | 18 => Eighteen
cc-9df79442edc9 | 2 => two
cc-9e4155dd314f | on hold for 52 minutes today => on hold for nearly an hour today
cc-9e444ddedab9 | 2nd => Second || 3 => three
cc-a01eca6a23c0 | at 10pm the night => at ten o'clock the night
cc-a0a305e6eddb | 8 => eight
cc-a374663bc0c4 | Waited 47 minutes on hold => Waited the best part of an hour on hold
cc-a3845e4fac7e | cast iron in 2021. => cast iron a couple of years ago.
cc-a3cae4a0bf7f | 4 => four
cc-a42954f9278e | 3 => three
cc-a48042344923 | 3 => three
cc-a4b44cb34f5b | $50 => fifty dollars
cc-a56642963f44 | 4am => four in the morning
cc-a5723e32956e | 5 => five
cc-a595699b0be7 | 19 => nineteen || 14 => fourteen
cc-a604e81b50e9 | froze at 87% twice => froze just before the end, twice
cc-a622ff4765dd | ATTEMPT 6 => ATTEMPT SIX
cc-a677d7499ee9 | she is 74 years old => she is seventy-four years old
cc-a727921a0dd6 | 6 => six
cc-a97d2200270b | this pass in 2017, => this pass a few summers ago,
cc-aaa6ac53d37d | $89 => eighty-nine dollars
cc-aad72ec3b522 | mum's funeral in 2015. => mum's funeral.
cc-ad718cd7bc0e | $380. => three hundred and eighty bucks. || $380 on => three hundred and eighty bucks on
cc-ad7c278b0b43 | $40 => forty bucks || 9 => nine
cc-adf17c3ae112 | 30 => thirty
cc-ae44b07a50e6 | 14 => fourteen || 2 => two || 12 => twelve || 13 => thirteen
cc-ae4c1b01c115 | 4 => four
cc-af223af37ac4 | 4 => four
cc-af96472a5746 | 30 => thirty || $25 => twenty-five bucks
cc-afe038d57519 | 20 => twenty
cc-b284e4648c9a | Premium up 22% at renewal => Premium up by a fifth at renewal
cc-b3b7b2cae4f2 | been in since 2022, => been in for years,
cc-b40234d0045f | 2 => two
cc-b430380ecaae | on the roof in 2021 => on the roof a few years ago
cc-b55b1a70cbd0 | 8 => eight
cc-b624dcfbcf8d | 25% of my check => a quarter of my check
cc-b68431f8ad8a | 3 => three
cc-b69069187719 | 19 => nineteen
cc-b726a1e020de | 9 => nine
cc-b76a15a43966 | wanted 3,000 more => wanted three thousand more
cc-b77fd6b57412 | 7am => seven in the morning
cc-b7ff5ab858e1 | 3 => three || 9 => nine
cc-b8885d9d6ade | £5k => five grand
cc-b9136d21b912 | $600 => six hundred dollars
cc-b95e950c0505 | 4yo => four-year-old
cc-b9e1d35c31c1 | 30 => thirty
cc-bbacaaa9d693 | 13 => thirteen || £2,900 => twenty-nine hundred pounds || 15 => fifteen
cc-bd00487ad444 | away'. 45 miles. => away'. Forty-five miles.
cc-bd8ddcfa525d | $25 => twenty-five bucks
cc-bf0ea6c8da1b | 3 => three
cc-bf81557e8662 | 6 => six
cc-bf94a3782e20 | 3 => three
cc-bff3faa290c4 | 4 => four
cc-c148d35871c7 | £12 => twelve pounds || £2 => two quid
cc-c2132bdd2695 | 6 => six
cc-c25857c8c970 | 2 => two
cc-c35a0fa46d64 | 3 => Three
cc-c40fbeaefea4 | counselling in 2019 => counselling a few years ago
cc-c589b5cb95c6 | £2,400 => twenty-four hundred quid
cc-c8428332193f | 14 => fourteen
cc-c8bcfd97213f | 4th => fourth
cc-c96d1c6d3868 | 12 => twelve
cc-cab0ca22103d | in Katowice in 2010. => in Katowice years ago.
cc-cb17509726ee | gate change 25 minutes after => gate change a good twenty minutes after
cc-cb98247485df | 8 => eight
cc-cbf4d8f26204 | 1 => one
cc-cc743ed78ddd | 4 => four
cc-cdee4a25ded5 | 5 => five
cc-ce61856e0516 | 40 => forty || 20 => twenty
cc-cfedc92d5c01 | 5 => five
cc-d083b49bf559 | 3am => three in the morning
cc-d0a7b39a5cdc | 14 => fourteen || 4th => fourth
cc-d0cd1f6092c5 | 9 => nine
cc-d1a6d8c6a61e | 16 => sixteen || 6 => six
cc-d311ca9a2c48 | 11 => eleven
cc-d32d7b943b11 | 6 => six
cc-d33dab5595df | £1,500 => fifteen hundred quid || 20 => twenty
cc-d3e447504da3 | $45 => forty-five dollars
cc-d432b96a708b | 2 => two
cc-d447ab4a957f | 8 => eight
cc-d499738c7768 | deposited 2k => deposited two grand
cc-d5bc285a375b | 9 => nine
cc-d62c0e405e08 | 40 => forty || 10 => ten
cc-d6657cf77340 | one from 2015. => one from years ago.
cc-d75d7f4364ad | £65 => sixty-five quid || 6 => six
cc-d81743ab3ec4 | voted for her in 2022 => voted for her last time
cc-d852b361b743 | 12-year => twelve-year || £15 => fifteen quid
cc-d85ba15b15b9 | 6 => six
cc-d992e88024d8 | 4th => fourth
cc-db04b5b543f4 | the match in 2011, => the match years ago,
cc-dbe9e30127ab | and in 2023 his well => and last year his well
cc-dc4519af643d | $1,200 => twelve hundred bucks
cc-dc6011296c87 | 10 => ten
cc-dc6c660c3cd9 | 60-day => sixty-day
cc-de6976aaf60e | 9 => nine
cc-dede222999f0 | 9 => nine
cc-df24fce336d1 | 6 => six
cc-dfd0f0432d53 | 7 until => seven until || 11 => eleven || 9pm => nine at night || 7 at => seven at
cc-e0b1b0f6b87c | 3 => three
cc-e107f02b3b31 | in Leeds 2019, => in Leeds before the pandemic,
cc-e16baeb2547d | 2 => two
cc-e223c50e7091 | moved to 2026 now => moved to next year now
cc-e2498b074ca1 | £34 => thirty-four quid
cc-e270c34679a1 | 6 => six || 40 => forty
cc-e3d023542163 | $650 => six hundred and fifty dollars
cc-e44dd5b70165 | 7 => seven
cc-e45b832db817 | 2am => two in the morning || £20 => twenty-pound
cc-e50af568e0da | 2 => two
cc-e51eb35a4a9a | 6 => six || 3 => three
cc-e561d921eaa8 | 6 => six
cc-e563dad9a6c2 | $35 => thirty-five-dollar
cc-e6c804264961 | 3 => three
cc-e6d4bc7effa7 | signing in 2018 => signing years ago
cc-e6d8eaf2dba4 | my year 9s => my year nines
cc-e71a10c80095 | the 4pm biscuit => the afternoon biscuit
cc-e8acc253c8e9 | 4 => four || 2am => two in the morning
cc-e9390d78d243 | 14 => fourteen
cc-eb1b63f4ce3d | 20 => twenty
cc-ebb974a7a452 | 9 => nine
cc-ecc2e65d0468 | 6 => six
cc-eccc27f68d2c | 18 => eighteen || 6 => six
cc-eceb253568ad | roof, 50% of the cost, => roof, half of the cost,
cc-ed3aecb6a176 | 2 => two || 3 => three
cc-ed4025042a73 | 16th => sixteenth
cc-edd38b20ccc3 | $38 => thirty-eight dollars || $60 => sixty-dollar
cc-ee36450452c2 | £40 => forty quid
cc-ee7277c25e05 | 9 => nine
cc-ef0f55932500 | 4 => four
cc-f037bfb86e40 | 2 => two
cc-f06d239786bb | 10 => ten || 2 => two
cc-f113f9dec259 | 6am => six in the morning
cc-f17f5f5955c4 | 5 => five
cc-f3c9a4ab5206 | on 3 March => on the third of March || the 10th => the tenth
cc-f41c61bd0bc3 | $8,400 => eighty-four hundred dollars
cc-f463622c6c96 | 6 => six
cc-f51ce536fd05 | 4 => four
cc-f6058d01d2ed | 2 => two
cc-f675c2535c17 | 1 => one || 20 => twenty
cc-f77413252c29 | 2 years => two years || 3 => three || £2,200 => twenty-two hundred quid
cc-f81c49872b31 | 15 => fifteen
cc-f85eda84b35c | dropped 87 points => dropped nearly ninety points
cc-f92f46fdac4c | 4 => Four
cc-f99ca635128d | 16 => sixteen
cc-f9a13785f953 | 9-year => nine-year
cc-fa3dd1fdf08b | 40 => forty
cc-faa79602e1b7 | 20 => twenty
cc-fb6f43296521 | 12-year => twelve-year || £2k => two grand
cc-fbaa8338afda | 3am => three in the morning
cc-fc094401896d | 5 => five || 6 => six
cc-fccd9dd0b1b9 | 10 => ten
cc-fd4fdde59600 | for 52 minutes again => for nearly an hour again
cc-fd5a068f0a94 | 2 => two
cc-fd8f5e5ec739 | 70 => Seventy
cc-fde453a371e8 | 4 => four
cc-fdec75a8230a | 4 => four
cc-fea4150f957d | 3 => three || 2 => two
cc-ff031378237e | 45 mins on hold => Three quarters of an hour on hold
"""

#: emoji stripped, per label
EMOJI = """
# spam
cc-04bffa452787 | strip
cc-072ebe4283c1 | strip
cc-07c0ec74734c | strip
cc-07f29a4763f0 | strip
cc-0c4199eebe70 | strip
cc-0d223a116bb7 | strip
cc-0eda60e92ffc | strip
cc-0f7bd7ea26e4 | strip
cc-12d2ee82b469 | strip
cc-1317402a3b75 | strip
cc-1785f131acad | strip
cc-19aa7a373f7c | strip
cc-1a4ea3fa4143 | strip
cc-1d65eb218489 | strip
cc-1f0a58028579 | strip
cc-1f6e5ed84afc | strip
cc-1ffa693d89bd | strip
cc-214606718a00 | strip
cc-21f497157a53 | strip
cc-23e95124dc55 | strip
cc-23f302785634 | strip
cc-23fb777ab456 | strip
cc-2497eaf25842 | strip
cc-259c32df5f91 | strip
cc-25a5f67066fa | strip
cc-27112f6da2a1 | strip
cc-271b76b4fa2f | strip
cc-29518c49676f | strip
cc-29cdcf25a640 | strip
cc-2acc5f96ce03 | strip
cc-2bbeb4c1f26f | strip
cc-2e587ca79712 | strip
cc-2ff25848ba30 | strip
cc-30c3554c6ce0 | strip
cc-3654c44bed5e | strip
cc-36e2c4b7ded7 | strip
cc-37d8a32bd97c | strip
cc-37fe98202f4a | strip
cc-3a179030f704 | strip
cc-3d55b029c5d0 | strip
cc-3db78b81728e | strip
cc-3dff4e3734f7 | strip
cc-3e556502276e | strip
cc-3eb077020184 | strip
cc-3fe6247cd7f1 | strip
cc-408524cf3ec7 | strip
cc-408f9d912f88 | strip
cc-420ee592a0af | strip
cc-439f3ea6b74b | strip
cc-46e920e6fb38 | strip
cc-472141b61301 | strip
cc-4b6425e69244 | strip
cc-4c10103ed9bc | strip
cc-4c50bf6750d9 | strip
cc-4c51f8771e6c | strip
cc-4d0387ef6583 | strip
cc-4d80262e4838 | strip
cc-4d8550b754ef | strip
cc-4ec07bdfa783 | strip
cc-5000cbed20e8 | strip
cc-5186b41ac938 | strip
cc-52354ef31d0e | strip
cc-537de4019712 | strip
cc-53c90cbb8380 | strip
cc-55b452a0b7d7 | strip
cc-56e56d37eb00 | strip
cc-571c8baf7069 | strip
cc-57da8e5c3660 | strip
cc-5802f794cd23 | strip
cc-58ddf9e7cf18 | strip
cc-5b7a74128300 | strip
cc-5c122575f954 | strip
cc-5d7d0fb1511f | strip
cc-5d94c3a2c2b3 | strip
cc-5da394d5d794 | strip
cc-5f5ff8474c7d | strip
cc-61d926612833 | strip
cc-61db8ae34c98 | strip
cc-61e3e8c6f358 | strip
cc-6222bc8e511f | strip
cc-626e59ff38b3 | strip
cc-63c1256dc790 | strip
cc-66d49873697a | strip
cc-6753ae9fc27a | strip
cc-696126c7911d | strip
cc-6c247becf14b | strip
cc-6d2f6cb069d5 | strip
cc-6d7c44eb4928 | strip
cc-6e90648de545 | strip
cc-6fa368acb5e8 | strip
cc-717ceae385fc | strip
cc-7180896e7cde | strip
cc-7353a022a119 | strip
cc-740c885e800d | strip
cc-7479c61478d2 | strip
cc-764d97e923c6 | strip
cc-77271e2736b8 | strip
cc-7b50dc52d0b5 | strip
cc-7ba7c21ff388 | strip
cc-7c6ea4c43224 | strip
cc-7dcbc5a38652 | strip
cc-7fbf87a053a0 | strip
cc-814aadc82a9a | strip
cc-81c375058400 | strip
cc-83d6c610bc23 | strip
cc-854547c4dc20 | strip
cc-86f3d89bca04 | strip
cc-89b6c8d92942 | strip
cc-8c29fe0c01c6 | strip
cc-8cb9c00e9ce3 | strip
cc-8e138428f0ba | strip
cc-8fe4158e855b | strip
cc-907aa1ba75b6 | strip
cc-90adde4a9ce3 | strip
cc-919ac174f46c | strip
cc-95901ea3d0e4 | strip
cc-9a11a816fc71 | strip
cc-9b9c177f9d50 | strip
cc-9cf2f1ca7f75 | strip
cc-9d4ae7e14cb1 | strip
cc-9da8d4e21bd6 | strip
cc-9f4733f60e6b | strip
cc-a006de3141be | strip
cc-a16354a1cec9 | strip
cc-a1e08e2514af | strip
cc-a333ded276a2 | strip
cc-a375ec8327b5 | strip
cc-a3ee6ad48572 | strip
cc-a53a7c65d3fe | strip
cc-a5d959282d74 | strip
cc-aae12460ef56 | strip
cc-ab83f24d1b16 | strip
cc-abe847ac5d6e | strip
cc-ac2d8ec51d9b | strip
cc-ace29e42ddc1 | strip
cc-ae313c9753fc | strip
cc-aee08d632444 | strip
cc-af8b9e0b6fb9 | strip
cc-b22ddb52d072 | strip
cc-b393cd0536c1 | strip
cc-b6619cd86679 | strip
cc-b67e20d917c4 | strip
cc-b6b863d2fcfc | strip
cc-b7ac69306c08 | strip
cc-b81238394b60 | strip
cc-bd0fd81d3dfa | strip
cc-be0a8727935d | strip
cc-be6ed3a7d9cc | strip
cc-bf25607e0ec3 | strip
cc-bf4fd1ed2408 | strip
cc-bf50065c1e00 | strip
cc-c04d8a63b992 | strip
cc-c36fef29e1f9 | strip
cc-c4845ac1ed7f | strip
cc-c631a2bcab6c | strip
cc-c68ffe3b8c0e | strip
cc-c7b52c698e41 | strip
cc-c9bd92a31219 | strip
cc-ccb814c8b044 | strip
cc-cdef8d14efa1 | strip
cc-ce2549e9526d | strip
cc-cf88048cedaa | strip
cc-d2d8479ac620 | strip
cc-d3a9e837fc49 | strip
cc-d56901966276 | strip
cc-d61ea8981f60 | strip
cc-d932cddc4044 | strip
cc-df444f48914a | strip
cc-dfe2b66ed1a1 | strip
cc-dfe6d7c4132c | strip
cc-e3ad1c4419dc | strip
cc-e3eeeab90970 | strip
cc-e5e3ccfd405a | strip
cc-e661e716a397 | strip
cc-e7a3689258e6 | strip
cc-e8e979f17897 | strip
cc-e90bd2077c72 | strip
cc-e92e5f0662b3 | strip
cc-ebea35491f5a | strip
cc-ec1cee0871b3 | strip
cc-ec9ca99c4690 | strip
cc-ed1c7e684bda | strip
cc-ed349293e4b1 | strip
cc-ee821266d4f5 | strip
cc-f23fdbad74c6 | strip
cc-f55f92089149 | strip
cc-f5d0bbb5c78b | strip
cc-f5e7c8e0e272 | strip
cc-f735ad732f0c | strip
cc-f7a0b217731e | strip
cc-f97678197b58 | strip
cc-fb6aa2d9a01f | strip
cc-fb83e9c592e1 | strip
cc-fc6539f7d5d0 | strip
cc-fda15adedbfb | strip
cc-fdb2525e743c | strip
cc-fe00c1392821 | strip
cc-ffc47a0c7436 | strip
# opinion
cc-00dfcc01751f | strip
cc-015d502c8056 | strip
cc-077e53eaab45 | strip
cc-0873936a5b61 | strip
cc-09b88308424a | strip
cc-09d3b4e1d900 | strip
cc-0bc27daa924c | strip
cc-0dd55fbfbf90 | strip
cc-0f07b5ccb879 | strip
cc-0f4c4e6a3fd0 | strip
cc-100228b5808e | strip
cc-10cdd4e182d0 | strip
cc-10e767cf0ab8 | strip
cc-113ec01706a2 | strip
cc-14060a5fae9d | strip
cc-16dc1dd7c359 | strip
cc-1b99312b94ab | strip
cc-1c76cee78864 | strip
cc-1de89fa42f50 | strip
cc-1e6030a7ad20 | strip
cc-1e93ea52adc7 | strip
cc-1fa33ef3af52 | strip
cc-1fc941c41608 | strip
cc-21a405024c3d | strip
cc-27c160945504 | strip
cc-2846d15a51f5 | strip
cc-29b373fb1c9e | strip
cc-2adbd904a3f4 | strip
cc-2c93029d34da | strip
cc-2c95594166f1 | strip
cc-2ccf0d062504 | strip
cc-2f7c7187c17d | strip
cc-308c3f5154ff | strip
cc-30e502b22649 | strip
cc-313d01601c85 | strip
cc-31fc6facb1d6 | strip
cc-33b2d35eff13 | strip
cc-344a991c0807 | strip
cc-38414a9aea10 | strip
cc-3978c42bfcc8 | strip
cc-3a3422a8361a | strip
cc-3af11bbb9ee5 | strip
cc-3ba4a35ac212 | strip
cc-41a9a692b099 | strip
cc-4266926cd77c | strip
cc-453fd290685d | strip
cc-4a50d1300c7c | strip
cc-4bf1fcec6e16 | strip
cc-4d0c2fbf6b59 | strip
cc-4ed3e1a0ac9d | strip
cc-4ee1a8860c4a | strip
cc-4f2276a314aa | strip
cc-514a9ec4334a | strip
cc-53ad8986a777 | strip
cc-546112102392 | strip
cc-54b5e880c34f | strip
cc-58b861c9cb94 | strip
cc-5a78a533bdfd | strip
cc-5b4fd9e8cdb9 | strip
cc-5d16b321b83c | strip
cc-5efc3ef354a5 | strip
cc-6572f7fddcc9 | strip
cc-6598c2840bc9 | strip
cc-65eea506111c | strip
cc-66d265b38ee9 | strip
cc-6a72fdbd6e09 | strip
cc-6de7933a7f9d | strip
cc-709632455e37 | strip
cc-745e6eb2c3c6 | strip
cc-74ba053ab27d | strip
cc-756bb538d924 | strip
cc-797b16487aec | strip
cc-7c478ac575fc | strip
cc-7d9af2ad1980 | strip
cc-8507c9cf04a3 | strip
cc-85ea300bdc17 | strip
cc-86d5dd4f198e | strip
cc-882c24f0c783 | strip
cc-898036fd0590 | strip
cc-8a06821f3537 | strip
cc-8a4b221195a1 | strip
cc-8aa7ef719983 | strip
cc-91953bc60f06 | strip
cc-957fe3cbda7c | strip
cc-98e779cf7bd3 | strip
cc-9902410792ba | strip
cc-9bfe087c1619 | strip
cc-9dd3eced9b78 | strip
cc-9e75ea19ed9e | strip
cc-a01e53437376 | strip
cc-a44c3756532f | strip
cc-ab0a4455a250 | strip
cc-ab61e43c3341 | strip
cc-ae71802f2dda | strip
cc-af61d63c4372 | strip
cc-b31030051b48 | strip
cc-b4897ba43047 | strip
cc-b53479383295 | strip
cc-b7be8b0672f3 | strip
cc-babf103ce242 | strip
cc-bb8146c86436 | strip
cc-bd4c2122c6c1 | strip
cc-bfada8beef82 | strip
cc-c36b77709f7a | strip
cc-c5656944d4f8 | strip
cc-cc44ca27fac0 | strip
cc-d6f6a54dd41b | strip
cc-d974e082a4e5 | strip
cc-d9eebd2d4ecc | strip
cc-dc0a4785dc46 | strip
cc-dd4df531ea66 | strip
cc-de46fbb0a3c3 | strip
cc-df5946948e54 | strip
cc-e3f3c919d944 | strip
cc-e89c96b9c2ce | strip
cc-e9f9e73f086d | strip
cc-eb9dc80a622a | strip
cc-efbf57accf00 | strip
cc-f36ae7d18916 | strip
cc-f4f666910575 | strip
cc-f6842ecec6c5 | strip
cc-fa3eb412d2f2 | strip
cc-fa58cd445875 | strip
cc-fb64ff65acfc | strip
cc-fc159c2e158a | strip
cc-fd8cc0885555 | strip
cc-fdf2301f0b68 | strip
cc-fe047263bd43 | strip
# testimonial
cc-01e14c19480b | strip
cc-0347f3c47eb0 | strip
cc-05f8673474e3 | strip
cc-06ee7afa2313 | strip
cc-082e1f7ec1ba | strip
cc-08dc17730809 | strip
cc-0accc3621ffa | strip
cc-116e136f1eba | strip
cc-15eaf2d23661 | strip
cc-17b146c15825 | strip
cc-1cbc0e2aec9d | strip
cc-2172659f905c | strip
cc-229a13172cc8 | strip
cc-233963ede963 | strip
cc-23cd3156ca5d | strip
cc-28dc9d64a33a | strip
cc-2de0ecf8fd43 | strip
cc-2f488606a28a | strip
cc-318fb107697f | strip
cc-33adf7091943 | strip
cc-34fddd3857b3 | strip
cc-36180d0e32bf | strip
cc-3879df891cab | strip
cc-3a8c97b94cda | strip
cc-3bb270261d82 | strip
cc-3d8f3914f6c5 | strip
cc-411fe7ed2904 | strip
cc-43c736bb84c6 | strip
cc-48f7ac86f725 | strip
cc-4b41491645ad | strip
cc-4f92fb052f2f | strip
cc-50d8da118814 | strip
cc-51a217154c44 | strip
cc-51d59a79bda5 | strip
cc-54c5d2f8c01b | strip
cc-5698437f077d | strip
cc-578d02e022a4 | strip
cc-59deec5d1643 | strip
cc-5f9cbdffe94b | strip
cc-6280fee343d6 | strip
cc-6bf8af536d35 | strip
cc-733407a33fea | strip
cc-7442fec93d98 | strip
cc-777811859ba7 | strip
cc-793708869fef | strip
cc-79c38178a238 | strip
cc-7a159dedcac2 | strip
cc-7a8e7ec9b234 | strip
cc-7e0a60676ecc | strip
cc-801531af0c5f | strip
cc-8106d37d41d3 | strip
cc-816188c60226 | strip
cc-82e783c2f34f | strip
cc-844a82395f49 | strip
cc-864d5f3b16f3 | strip
cc-8a30459be497 | strip
cc-8c5426cb0354 | strip
cc-95a7da54e1c7 | strip
cc-96c9e484cbf0 | strip
cc-976c87cd7d6b | strip
cc-9891acda0716 | strip
cc-9ecc70e5c74d | strip
cc-a14866e54cbc | strip
cc-a84869e08bfd | strip
cc-ac04a8f1658d | strip
cc-afe038d57519 | strip
cc-b1c7c9d1e8aa | strip
cc-b28711fbcf5f | strip
cc-b40234d0045f | strip
cc-b5046d810d43 | strip
cc-b54027173ad9 | strip
cc-be3c689dd1e1 | strip
cc-beb4cdc295d3 | strip
cc-bed44024d6eb | strip
cc-cc9fe3cd8aba | strip
cc-ce0744e51b70 | strip
cc-ce61856e0516 | strip
cc-cfba2043524f | strip
cc-d0e55cea29db | strip
cc-d32d7b943b11 | strip
cc-d33dab5595df | strip
cc-d432b96a708b | strip
cc-d6a1d4067d6f | strip
cc-d85ba15b15b9 | strip
cc-db87015a90c0 | strip
cc-dc407095b460 | strip
cc-dc7b2b57fe95 | strip
cc-dca5925f5eca | strip
cc-dee32a6ab646 | strip
cc-e0eda47c7bc4 | strip
cc-e14cebbf4721 | strip
cc-e270c34679a1 | strip
cc-e3b7d2188561 | strip
cc-e71a10c80095 | strip
cc-e904af654fde | strip
cc-ebd8ae8d4385 | strip
cc-ecc2bce23e40 | strip
cc-f2f418be6093 | strip
cc-f606074e7bc6 | strip
cc-f81c49872b31 | strip
cc-f9a13785f953 | strip
cc-faa79602e1b7 | strip
# evidence_citation
cc-018ba4d7eef2 | strip
cc-01c7be3cdf54 | strip
cc-021a23666460 | strip
cc-0232a5813f4b | strip
cc-043673f1e7e6 | strip
cc-13e1cf4c6d13 | strip
cc-1471735bfd1f | strip
cc-15bc33279b95 | strip
cc-1724fde1fd47 | strip
cc-1a879c6402e2 | strip
cc-1ea7691e7947 | strip
cc-240a6f8f156d | strip
cc-271d0be7d177 | strip
cc-287367fb444a | strip
cc-2ca743cca10a | strip
cc-3158aa9c74c5 | strip
cc-3617e8adff45 | strip
cc-3d446fd19d17 | strip
cc-4a539284f33b | strip
cc-4a77177b1053 | strip
cc-4bbb0eaf093e | strip
cc-563d93e9ab68 | strip
cc-57ef7806ad07 | strip
cc-59352612dadd | strip
cc-5b1197af58c9 | strip
cc-603605d5899f | strip
cc-613da0385348 | strip
cc-628cad064eeb | strip
cc-65b13c5c6a8e | strip
cc-66737ccf248a | strip
cc-68801bb13721 | strip
cc-689aa00dae70 | strip
cc-68b91101f2b0 | strip
cc-6afd32ae3175 | strip
cc-6e25dec68d3a | strip
cc-71a2ed19e1e7 | strip
cc-776c2570b2ec | strip
cc-77c650c0f190 | strip
cc-789e19d65101 | strip
cc-794aa3877f8e | strip
cc-7a0ab3dfa7a5 | strip
cc-7bd61d0df297 | strip
cc-7dee22c9df4b | strip
cc-81138448b30e | strip
cc-81c5e6d86deb | strip
cc-841f0e7f622f | strip
cc-8736e517fecf | strip
cc-887ffd2066bc | strip
cc-89e76d4a0476 | strip
cc-8a30026708f0 | strip
cc-8a6f18c25e4b | strip
cc-8c7214666466 | strip
cc-8ed9bdb389c9 | strip
cc-8f14447fccb3 | strip
cc-8fa2fb5cbd08 | strip
cc-93c933e0f2ad | strip
cc-9c5cd26a884c | strip
cc-9c97382fc4a5 | strip
cc-9db1d05efa91 | strip
cc-a1f2bc53fcb2 | strip
cc-a703b0010ea2 | strip
cc-b2e18ab62569 | strip
cc-b4399b67fcf2 | strip
cc-b4f7f4b35f82 | strip
cc-b5be7ceac434 | strip
cc-b6e389ccbbd7 | strip
cc-b748f01975ad | strip
cc-b94e42d8b63c | strip
cc-bfe9dd78a4bb | strip
cc-c3065ad41d4c | strip
cc-c3633eb8583b | strip
cc-c5d9b2b0145e | strip
cc-c5f5af9a54a8 | strip
cc-c685ea4f5462 | strip
cc-d2e3b7af8e1e | strip
cc-d356589438c6 | strip
cc-d87b7e122e4c | strip
cc-dcac77223cdd | strip
cc-df9c83034b8b | strip
cc-e1904e5a7164 | strip
cc-e86cec361957 | strip
cc-ed1344f9d7ac | strip
cc-f0779bce4522 | strip
cc-f26f25b71f84 | strip
cc-f2ae0b4d5acc | strip
# an emoji that stands for a word
cc-9442fe993325 | 💕 => heart
cc-a89314389a2b | everything 🙏 link => everything, link
cc-631e6f76e1dc | helps 💙 link => helps, link
cc-679533f2964a | day 💛 would => day, would
cc-2cd5a667583b | arbitrage 📈 message => arbitrage, message
cc-f9180d546b6c | pls 🙏 link => pls, link
cc-236662165071 | ttc_with_jess 🌸 no => ttc_with_jess, no
cc-d1502c1a8b29 | Katowice 🇵🇱 venography => Katowice, venography
cc-262125e3509e | motivation ✨ 'Success => motivation: 'Success
"""


if __name__ == "__main__":
    raise SystemExit(main())
