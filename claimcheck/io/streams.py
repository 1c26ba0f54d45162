"""Open an input as a stream of bytes, decompressing gzip and zstd on the fly.

Compression is recognised by its magic bytes, not the file name, so a mislabelled file still
reads. A damaged or truncated compressed stream raises ExportFormatError at the point where
it breaks: everything read before it has already been handed on.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from claimcheck.exceptions import ExportFormatError, InputError

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PARQUET_MAGIC = b"PAR1"
#: Pushshift dumps are compressed with a 2 GiB window; the default limit refuses them.
ZSTD_MAX_WINDOW = 2**31


class _ZstdRaw(io.RawIOBase):
    """zstd frames decompressed incrementally; notices a stream that stops mid-frame.

    `zstandard`'s stream_reader returns a short read instead of an error on a truncated
    file, which would silently drop the tail; here the end of input inside a frame is an
    error.
    """

    def __init__(self, source: IO[bytes], name: str) -> None:
        import zstandard

        self._source = source
        self._name = name
        self._dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self._dobj = self._dctx.decompressobj()
        self._in_frame = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        import zstandard

        while not self._pending:
            chunk = self._source.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise ExportFormatError(
                        f"{self._name}: the zstd stream ends in the middle of a frame "
                        "(truncated download?); records before this point were read"
                    )
                return 0
            while chunk:
                self._in_frame = True
                try:
                    self._pending += self._dobj.decompress(chunk)
                except zstandard.ZstdError as exc:
                    raise ExportFormatError(f"{self._name}: damaged zstd data ({exc})") from None
                if self._dobj.eof:
                    chunk = self._dobj.unused_data
                    self._dobj = self._dctx.decompressobj()
                    self._in_frame = False
                else:
                    chunk = b""
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Guarded(io.RawIOBase):
    """Turns the decompressor's own errors into ExportFormatError naming the file."""

    def __init__(self, inner: IO[bytes] | gzip.GzipFile, name: str, kind: str) -> None:
        self._inner = inner
        self._name = name
        self._kind = kind

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except ExportFormatError:
            raise
        except (EOFError, OSError, zlib.error) as exc:
            raise ExportFormatError(
                f"{self._name}: the {self._kind} stream is damaged or truncated ({exc}); "
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
def open_stream(path: str) -> Iterator[IO[bytes]]:
    """The decompressed bytes of a file (or `-` for stdin), as a buffered stream."""
    check_input_path(path)
    name = "stdin" if path == "-" else path
    with _open_raw(path) as raw:
        buffered = io.BufferedReader(raw)  # type: ignore[type-var]
        head = buffered.peek(4)[:4]
        stream: IO[bytes]
        if head.startswith(GZIP_MAGIC):
            inner = gzip.GzipFile(fileobj=buffered, mode="rb")
            stream = io.BufferedReader(_Guarded(inner, name, "gzip"), 1 << 16)
        elif head.startswith(ZSTD_MAGIC):
            stream = io.BufferedReader(_ZstdRaw(buffered, name), 1 << 16)
        else:
            stream = buffered
        yield stream


@contextmanager
def _open_raw(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdin.buffer
        return
    with open(path, "rb") as handle:
        yield handle


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
