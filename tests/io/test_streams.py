"""The byte layer under every reader: bounded decompression, frame checks, capped lines."""

from __future__ import annotations

import gzip
import io
import struct
from pathlib import Path

import pytest
import zstandard

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.limits import describe_size
from claimcheck.io.streams import ZSTD_MAGIC, open_stream, read_lines

HELLO = b"hello\n" * 10
WORLD = b"world\n" * 1000
#: A skippable frame (magic 0x184D2A53, 5 bytes of payload) between two zstd frames.
SKIPPABLE = struct.pack("<II", 0x184D2A53, 5) + b"abcde"


def _read(tmp_path: Path, data: bytes, **kwargs: int) -> bytes:
    path = tmp_path / "in.bin"
    path.write_bytes(data)
    with open_stream(str(path), **kwargs) as stream:
        return stream.read()


def _frames() -> tuple[bytes, bytes]:
    first = zstandard.ZstdCompressor(write_checksum=True).compress(HELLO)
    second = zstandard.ZstdCompressor(write_content_size=False).compress(WORLD)
    return first, second


def test_frames_with_checksum_no_size_and_skippable_frames_read_whole(tmp_path: Path) -> None:
    first, second = _frames()
    assert _read(tmp_path, first + SKIPPABLE + second) == HELLO + WORLD


def test_every_cut_inside_a_frame_is_an_error_and_every_cut_between_frames_is_not(
    tmp_path: Path,
) -> None:
    """The frame walker's promise: a stream cut anywhere is either reported or complete."""
    first, second = _frames()
    whole = first + SKIPPABLE + second
    boundaries = {len(first): HELLO, len(first) + len(SKIPPABLE): HELLO}
    for cut in range(len(ZSTD_MAGIC), len(whole)):
        if cut in boundaries:
            assert _read(tmp_path, whole[:cut]) == boundaries[cut]
            continue
        with pytest.raises(ExportFormatError, match="zstd"):
            _read(tmp_path, whole[:cut])


def test_garbage_after_a_frame_is_damaged_data(tmp_path: Path) -> None:
    first, _ = _frames()
    with pytest.raises(ExportFormatError, match="damaged zstd data"):
        _read(tmp_path, first + b"not zstd at all")


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_inflating_past_the_ratio_cap_stops_with_a_clear_error(tmp_path: Path, kind: str) -> None:
    data = b" " * (12 << 20)
    packed = gzip.compress(data) if kind == "gzip" else zstandard.ZstdCompressor().compress(data)
    with pytest.raises(ExportFormatError, match="decompression bomb"):
        _read(tmp_path, packed)
    assert _read(tmp_path, packed, max_ratio=0) == data  # 0 switches the cap off


def test_small_files_of_repeated_lines_are_below_the_ratio_floor(tmp_path: Path) -> None:
    data = b'{"text": "same comment"}\n' * 100_000  # 2.4 MiB, thousands of times compressible
    assert _read(tmp_path, zstandard.ZstdCompressor(level=19).compress(data)) == data


def _lines(data: bytes, limit: int) -> list[tuple[int, bytes | None]]:
    return list(read_lines(io.BufferedReader(io.BytesIO(data)), limit, "mem"))  # type: ignore[arg-type]


def test_read_lines_skips_long_lines_and_blank_runs_keeping_numbers() -> None:
    data = b"a\n" + b"x" * 100 + b"\n\n \t\n" + b"\n" * 50_000 + b"b\n" + b"y" * 10 + b"\nc"
    assert _lines(data, 10) == [
        (1, b"a\n"),
        (2, None),
        (50_005, b"b\n"),
        (50_006, b"y" * 10 + b"\n"),
        (50_007, b"c"),
    ]


def test_read_lines_line_of_exactly_the_cap_is_kept() -> None:
    assert _lines(b"x" * 8 + b"\n" + b"z" * 9, 8) == [(1, b"x" * 8 + b"\n"), (2, None)]


def test_read_lines_endless_line_ends_the_file() -> None:
    with pytest.raises(ExportFormatError, match="line 2 runs past 640 bytes without a line break"):
        _lines(b"ok\n" + b" " * 100_000, 10)


def test_describe_size() -> None:
    assert describe_size(1 << 20) == "1 MiB"
    assert describe_size(3 << 29) == "1.5 GiB"
    assert describe_size(1000) == "1,000 bytes"
