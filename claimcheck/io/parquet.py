"""Parquet files, read one row group at a time so memory follows the row group, not the file."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.records import Item, ReadOptions, build_safely, generic_record
from claimcheck.io.streams import check_input_path


def read_parquet(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Rows as normalised records; positions are 1-based row numbers in the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    options = options or ReadOptions()
    if path == "-":
        raise ExportFormatError("Parquet cannot be read from stdin; give the file path")
    check_input_path(path)
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ExportFormatError(f"{path}: not a readable Parquet file ({exc})") from None
    if options.text_field not in parquet.schema_arrow.names:
        raise ExportFormatError(
            f"{path}: no column {options.text_field!r} "
            f"({', '.join(parquet.schema_arrow.names[:20])}); name it with --text-field"
        )
    position = 0
    for group in range(parquet.num_row_groups):
        try:
            rows = parquet.read_row_group(group).to_pylist()
        except (pa.ArrowException, OSError) as exc:
            raise ExportFormatError(
                f"{path}: row group {group} is unreadable ({exc}); earlier rows were read"
            ) from None
        for row in rows:
            position += 1
            yield build_safely(
                path, position, "row", generic_record, row, position, path, options, "row"
            )
