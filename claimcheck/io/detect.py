"""Which reader a file needs: from `--format`, else the file name, else the first bytes.

Content wins over a misleading suffix only where the name says nothing definite; an
explicit `--format` always wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.records import Item, ReadOptions
from claimcheck.io.streams import PARQUET_MAGIC, check_input_path, looks_binary, sniff

FORMATS: tuple[str, ...] = ("jsonl", "reddit", "csv", "tsv", "parquet", "disqus", "wxr")
COMPRESSED = (".gz", ".zst", ".zstd")


def plain_suffix(path: str | PurePath) -> str:
    """The file's suffix under any compression suffix (`a.jsonl.zst` -> `.jsonl`), lower-case."""
    name = PurePath(path).name.lower()
    for ext in COMPRESSED:
        if name.endswith(ext):
            name = name[: -len(ext)]
    return PurePath(name).suffix


def _xml_kind(path: str, head: bytes) -> str:
    if b"disqus.com" in head or b"<disqus" in head:
        return "disqus"
    if b"wordpress.org/export" in head:
        return "wxr"
    raise ExportFormatError(
        f"{path}: XML, but neither a Disqus export nor a WordPress WXR; pass --format"
    )


def _json_kind(path: str, head: bytes) -> str:
    from claimcheck.io.jsonl import JsonParseError, parse_json
    from claimcheck.io.reddit import looks_like_reddit

    name = PurePath(path).name
    if name.startswith(("RC_", "RS_")):
        return "reddit"
    first = head.split(b"\n", 1)[0]
    try:
        return "reddit" if looks_like_reddit(parse_json(first.decode("utf-8"))) else "jsonl"
    except (JsonParseError, UnicodeDecodeError):
        return "jsonl"


def detect_format(path: str) -> str:
    """The format name of `path` (see FORMATS); ExportFormatError when it is not an export."""
    if path == "-":
        return "jsonl"
    check_input_path(path)
    with open(path, "rb") as raw:
        if raw.read(4) == PARQUET_MAGIC:
            return "parquet"
    head = sniff(path)
    if looks_binary(head):
        raise ExportFormatError(
            f"{path}: binary data, not a comment export (JSONL, CSV/TSV, Parquet, Disqus XML, "
            "WordPress WXR or a Reddit dump); check the file or pass --format"
        )
    suffix = plain_suffix(path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".parquet", ".pq"):
        raise ExportFormatError(f"{path}: named Parquet but does not start with PAR1")
    if suffix == ".tsv" or suffix == ".tab":
        return "tsv"
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml" or stripped.startswith(b"<"):
        return _xml_kind(path, head)
    if suffix in (".jsonl", ".ndjson", ".json") or stripped.startswith(b"{") or not stripped:
        return _json_kind(path, head)
    first = stripped.split(b"\n", 1)[0]
    return "tsv" if first.count(b"\t") > first.count(b",") else "csv"


def iter_records(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Records of one input in file order, whatever its format (streamed)."""
    options = options or ReadOptions()
    fmt = options.format or detect_format(path)
    if fmt == "jsonl":
        from claimcheck.io.jsonl import read_jsonl

        return read_jsonl(path, options)
    if fmt == "reddit":
        from claimcheck.io.reddit import read_reddit

        return read_reddit(path, options)
    if fmt in ("csv", "tsv"):
        from claimcheck.io.csv import read_csv

        return read_csv(path, options, delimiter="\t" if fmt == "tsv" else None)
    if fmt == "parquet":
        from claimcheck.io.parquet import read_parquet

        return read_parquet(path, options)
    if fmt == "disqus":
        from claimcheck.io.disqus import read_disqus

        return read_disqus(path, options)
    if fmt == "wxr":
        from claimcheck.io.wxr import read_wxr

        return read_wxr(path, options)
    raise ExportFormatError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
