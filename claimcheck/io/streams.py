"""Open an input as a stream of bytes, decompressing gzip and zstd on the fly.

Compression is recognised by its magic bytes, not the file name, so a mislabelled file still
reads. Decompression is streamed: each read hands on at most DECOMPRESS_CHUNK bytes, so a
small file that inflates to gigabytes (a decompression bomb) costs time in proportion to what
is read, never memory. A damaged or truncated compressed stream raises ExportFormatError at
the point where it breaks: everything read before it has already been handed on.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.limits import (
    DECOMPRESS_CHUNK,
    ENDLESS_FACTOR,
    MAX_RATIO,
    RATIO_FLOOR,
    describe_size,
)

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PARQUET_MAGIC = b"PAR1"
#: Pushshift dumps are compressed with a 2 GiB window; the default limit refuses them.
ZSTD_MAX_WINDOW = 2**31
_SKIPPABLE_TAIL = b"\x2a\x4d\x18"  # skippable frames: magic 0x184D2A50..0x184D2A5F
#: Size of each zstd header the frame walker reads, by the state it is in.
_HEADER_SIZE = {"magic": 4, "skippable": 4, "descriptor": 1, "block": 3, "checksum": 4}


class _ZstdFrames:
    """Follows zstd frame and block headers in the compressed bytes as they are read.

    `zstandard`'s stream_reader decompresses with a bounded buffer but returns a short read
    instead of an error on a truncated file, which would silently drop the tail. Walking the
    headers (RFC 8878, section 3.1) tells whether the input ended on a frame boundary; block
    contents are skipped by their size, so this costs a few operations per 128 KiB block.
    """

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self._state = "magic"  # the header the next bytes belong to
        self._head = b""  # bytes of that header collected so far
        self._skip = 0  # block content (or skippable frame) bytes still to pass
        self._checksum = False
        self.known = True  # False after bytes that are no zstd frame: the decompressor decides
        self.count = 0  # compressed bytes handed to the decompressor

    @property
    def at_boundary(self) -> bool:
        """True between frames, where a stream may end."""
        return not self.known or (self._state == "magic" and not self._head and not self._skip)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.count += len(data)
        if self.known:
            self._follow(data)
        return data

    def _follow(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self.known:
            if self._skip:
                taken = min(self._skip, len(view))
                self._skip -= taken
                view = view[taken:]
                continue
            want = _HEADER_SIZE[self._state] - len(self._head)
            self._head += bytes(view[:want])
            view = view[want:]
            if len(self._head) == _HEADER_SIZE[self._state]:
                head, self._head = self._head, b""
                self._header(head)

    def _header(self, head: bytes) -> None:
        if self._state == "magic":
            if head == ZSTD_MAGIC:
                self._state = "descriptor"
            elif head[1:] == _SKIPPABLE_TAIL and head[0] & 0xF0 == 0x50:
                self._state = "skippable"
            else:
                self.known = False
        elif self._state == "skippable":
            self._skip, self._state = int.from_bytes(head, "little"), "magic"
        elif self._state == "descriptor":
            flags = head[0]
            single = bool(flags & 0x20)
            size_flag = flags >> 6
            content_size = (1 if single else 0, 2, 4, 8)[size_flag]
            self._skip = (0 if single else 1) + (0, 1, 2, 4)[flags & 3] + content_size
            self._checksum = bool(flags & 4)
            self._state = "block"
        elif self._state == "block":
            value = int.from_bytes(head, "little")
            kind, size = (value >> 1) & 3, value >> 3
            self._skip = 1 if kind == 1 else size
            if value & 1:  # the frame's last block
                self._state = "checksum" if self._checksum else "magic"
        else:  # the 4-byte content checksum ending a frame
            self._state = "magic"


class _Counted:
    """A compressed source that counts the bytes the decompressor took from it."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.count += len(data)
        return data


class _Inflating(io.RawIOBase):
    """Decompressed bytes, at most one buffer per read; refuses to inflate past `max_ratio`."""

    def __init__(
        self, name: str, kind: str, source: _Counted | _ZstdFrames, max_ratio: int
    ) -> None:
        self._name = name
        self._kind = kind
        self._source = source
        self._max_ratio = max_ratio
        self._out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        size = self._fill(buffer)
        self._out += size
        if self._max_ratio and self._out > max(RATIO_FLOOR, self._max_ratio * self._source.count):
            raise ExportFormatError(
                f"{self._name}: {describe_size(self._out)} decompressed from "
                f"{self._source.count:,} compressed bytes, over {self._max_ratio} times as "
                "much, which no comment export reaches (a decompression bomb?); the records "
                "before this point were read"
            )
        return size

    def _fill(self, buffer: memoryview | bytearray) -> int:
        raise NotImplementedError


class _ZstdRaw(_Inflating):
    """zstd frames decompressed with a bounded buffer; the end of input inside a frame is an
    error, not a silent end of file."""

    def __init__(self, source: IO[bytes], name: str, max_ratio: int) -> None:
        import zstandard

        frames = _ZstdFrames(source)
        super().__init__(name, "zstd", frames, max_ratio)
        self._frames = frames
        self._reader = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW).stream_reader(
            cast(IO[bytes], frames),
            read_size=DECOMPRESS_CHUNK,
            read_across_frames=True,
            closefd=False,
        )

    def _fill(self, buffer: memoryview | bytearray) -> int:
        import zstandard

        try:
            size = int(self._reader.readinto(buffer))
        except zstandard.ZstdError as exc:
            raise ExportFormatError(f"{self._name}: damaged zstd data ({exc})") from None
        if size == 0 and len(buffer) and not self._frames.at_boundary:
            raise ExportFormatError(
                f"{self._name}: the zstd stream ends in the middle of a frame "
                "(truncated download?); records before this point were read"
            )
        return size


class _GzipRaw(_Inflating):
    """gzip members decompressed a buffer at a time (GzipFile.read(n) bounds its output);
    its own errors become ExportFormatError naming the file."""

    def __init__(self, source: IO[bytes], name: str, max_ratio: int) -> None:
        counted = _Counted(source)
        super().__init__(name, "gzip", counted, max_ratio)
        self._inner = gzip.GzipFile(fileobj=cast(IO[bytes], counted), mode="rb")

    def _fill(self, buffer: memoryview | bytearray) -> int:
        try:
            data = self._inner.read(len(buffer))
        except (EOFError, OSError, zlib.error) as exc:
            raise ExportFormatError(
                f"{self._name}: the gzip stream is damaged or truncated ({exc}); "
                "records before this point were read"
            ) from None
        buffer[: len(data)] = data
        return len(data)


def check_input_path(path: str) -> None:
    """InputError for a missing file or a directory, before any reading starts."""
    if path == "-":
        return
    target = Path(path)
    if not target.exists():
        raise InputError(f"input file not found: {path}")
    if target.is_dir():
        raise InputError(f"{path} is a directory; give an export file")


@contextmanager
def open_stream(path: str, max_ratio: int = MAX_RATIO) -> Iterator[io.BufferedReader[Any]]:
    """The decompressed bytes of a file (or `-` for stdin), as a buffered stream.

    `max_ratio` bounds how far a compressed input may inflate (0: no bound).
    """
    check_input_path(path)
    name = "stdin" if path == "-" else path
    with _open_raw(path) as raw:
        buffered = io.BufferedReader(raw)  # type: ignore[type-var]
        head = buffered.peek(4)[:4]
        if head.startswith(GZIP_MAGIC):
            yield io.BufferedReader(_GzipRaw(buffered, name, max_ratio), DECOMPRESS_CHUNK)
        elif head.startswith(ZSTD_MAGIC):
            yield io.BufferedReader(_ZstdRaw(buffered, name, max_ratio), DECOMPRESS_CHUNK)
        else:
            yield buffered


@contextmanager
def _open_raw(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdin.buffer
        return
    with open(path, "rb") as handle:
        yield handle


def read_lines(
    stream: io.BufferedReader[Any], limit: int, name: str
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every non-blank line, or (number, None) for one over `limit`.

    No more than `limit` bytes of a line are ever held: a longer one is skipped to its end
    (in bounded pieces) so reading goes on at the next line. A line still going after
    ENDLESS_FACTOR times the limit ends the file with ExportFormatError: that is one endless
    line (a decompression bomb, a file that is not line-based), not a comment export. Runs of
    blank lines are counted and passed at C speed rather than one Python step per line.
    """
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream, len(line), limit, name, number)
            yield number, None
        elif line.isspace():
            number += _skip_blank_lines(stream)
        else:
            yield number, line


def _skip_rest_of_line(
    stream: io.BufferedReader[Any], skipped: int, limit: int, name: str, number: int
) -> None:
    while chunk := stream.readline(DECOMPRESS_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            return
        if skipped > limit * ENDLESS_FACTOR:
            raise ExportFormatError(
                f"{name}: line {number} runs past {describe_size(limit * ENDLESS_FACTOR)} "
                "without a line break, so this is not a line-based export (or it is a "
                "decompression bomb); the lines before it were read"
            )


_BLANK_RUN = re.compile(rb"[ \t\r\f\v\n]*+")


def _skip_blank_lines(stream: io.BufferedReader[Any]) -> int:
    """Consume the whole blank lines at the stream's position; how many there were."""
    count = 0
    while buffer := stream.peek(1):
        end = _BLANK_RUN.match(buffer).end()  # type: ignore[union-attr]
        last = buffer.rfind(b"\n", 0, end)
        if last < 0:
            return count
        count += buffer.count(b"\n", 0, last + 1)
        stream.read(last + 1)
        if end < len(buffer):
            return count
    return count


def sniff(path: str, size: int = 4096) -> bytes:
    """The first `size` decompressed bytes (empty for stdin, which cannot be read twice)."""
    if path == "-":
        return b""
    with open_stream(path) as stream:
        try:
            return stream.read(size)
        except ExportFormatError:
            return b""


def looks_binary(head: bytes) -> bool:
    """True for data no text export contains (NUL bytes, mostly control characters)."""
    if not head:
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.1
