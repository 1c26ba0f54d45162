"""The caps every reader enforces, so no single input can stall a run or exhaust memory.

Each cap answers one way, documented in docs/formats.md: a record over a cap is quarantined
with its position and the cap it broke, and reading goes on at the next record; an input
that cannot be resynchronised (one endless line, a quote that never closes) ends with an
ExportFormatError after everything before it was read.
"""

from __future__ import annotations

#: Longest line of a line-based input (JSONL, Reddit dumps: bytes; CSV/TSV: characters of one
#: row, quoted line breaks included). Real comments are far below it; `ReadOptions` can raise it.
MAX_LINE_BYTES = 1 << 20
#: Deepest nesting of arrays/objects in one JSON value; comment exports use fewer than ten.
MAX_JSON_DEPTH = 64
#: A line (or CSV row) is skipped up to its end, but no further than this many times the line
#: cap: past that the input is one endless line (a decompression bomb, a binary file), not
#: an export, and the file ends with a clear error instead of reading gigabytes for nothing.
ENDLESS_FACTOR = 64
#: A compressed input may not inflate beyond this many times the compressed bytes read so far
#: (gzip cannot exceed about 1032x; comment exports reach 5-20x). Past it the input is a
#: decompression bomb: reading stops with a clear error instead of working for hours.
MAX_RATIO = 1000
#: ... but only once this much was decompressed, so a tiny file of repeated lines still reads.
RATIO_FLOOR = 8 << 20
#: Thread titles and links are copied into every comment of their thread (and so into every
#: output row): longer ones are cut to this many characters.
MAX_CONTEXT_CHARS = 2000
#: Decompressed bytes handed on per read: memory stays flat whatever the compression ratio.
DECOMPRESS_CHUNK = 1 << 16


def describe_size(size: int) -> str:
    """1048576 -> '1 MiB', 1572864 -> '1.5 MiB': sizes in messages a user can compare with
    the option they pass."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            whole, rest = divmod(size, 1 << shift)
            return f"{whole} {unit}" if not rest else f"{size / (1 << shift):.1f} {unit}"
    return f"{size:,} bytes"
