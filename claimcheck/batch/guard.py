"""Checks made before a batch job writes anything, so it can never destroy a user's file.

An output that is, contains or overlaps an input is refused (same path, a symlink or a hard
link to it, a relative spelling of it, a directory holding it); so is a location that
cannot be written, so a run does not fail after hours of work on its first bad record.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from claimcheck.exceptions import InputError


@dataclass(frozen=True)
class InputFile:
    """An input as given, its real path, and its identity on disk (device, inode)."""

    given: str
    real: Path
    identity: tuple[int, int]


def input_files(inputs: Iterable[str]) -> list[InputFile]:
    """The file inputs (stdin has no path to protect)."""
    found = []
    for given in inputs:
        if given == "-":
            continue
        info = os.stat(given)
        found.append(InputFile(given, Path(given).resolve(), (info.st_dev, info.st_ino)))
    return found


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def refuse_overlap(inputs: list[InputFile], files: Iterable[Path], directory: Path | None) -> None:
    """InputError when an output file is an input, or the output directory holds one."""
    for target in files:
        real, identity = target.resolve(), _identity(target)
        for source in inputs:
            if real == source.real or identity == source.identity:
                raise InputError(
                    f"the output {target} is the input {source.given}; writing it would destroy "
                    "the input: choose another output name"
                )
    if directory is None:
        return
    real_dir = directory.resolve()
    for source in inputs:
        if source.real.is_relative_to(real_dir):
            raise InputError(
                f"the output directory {directory} contains the input {source.given}; "
                "choose an empty or new directory outside the inputs"
            )
    if real_dir.is_dir():
        held = {source.identity: source.given for source in inputs}
        for entry in real_dir.iterdir():
            if (given := held.get(_identity(entry) or (-1, -1))) is not None:
                raise InputError(
                    f"{entry} in the output directory is a link to the input {given}; "
                    "choose an empty or new directory"
                )


def refuse_stdout_input(inputs: list[InputFile]) -> None:
    """InputError when stdout is redirected into an input (`>> in.jsonl` would read forever)."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return  # not a real file descriptor (e.g. captured in a test runner)
    if not stat.S_ISREG(info.st_mode):
        return
    for source in inputs:
        if (info.st_dev, info.st_ino) == source.identity:
            raise InputError(
                f"stdout is redirected into the input {source.given}; "
                "redirect it to another file or use --out"
            )


def refuse_unwritable(directory: Path, what: str, option: str) -> None:
    """InputError unless files can be created in `directory` (created if it is missing);
    the message names the `option` that chooses another location."""
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    problem = None
    if not existing.is_dir():
        problem = "is not a directory"
    elif not os.access(existing, os.W_OK | os.X_OK):
        problem = "is not writable"
    if problem:
        raise InputError(
            f"cannot write the {what} in {directory}: {existing} {problem}; "
            f"choose another location with {option}"
        )
