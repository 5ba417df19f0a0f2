"""Atomic file writes: a failed write leaves the target as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from allied._validation import check_output_path
from allied.errors import InputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def make_folder(path: str | Path) -> None:
    """Create the folder of the file ``path`` (and its parents) if missing."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder {str(target.parent)!r}: {exc.strerror}",
            where=f"output {str(target)!r}",
            fix="Choose an output path in a writable folder.",
        ) from exc


def write_atomic(path: str | Path, content: str | bytes, *, mkdir: bool = False) -> Path:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    Either the whole new content is at ``path`` afterwards, or the previous
    file (or none) is.

    Parameters
    ----------
    path
        The file to write.
    content
        Text (written as UTF-8) or bytes.
    mkdir
        Create the file's folder (and its parents) if missing. Off by
        default: a path in a folder that does not exist is an error, so a
        typo does not silently create folders.

    Raises
    ------
    InputError
        ``path`` is a folder, its folder does not exist (and ``mkdir`` is
        false), or the folder cannot be written.
    """
    target = check_output_path(path, where=f"output {str(path)!r}", mkdir=mkdir)
    if mkdir:
        make_folder(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise InputError(
            f"cannot write in the folder {str(target.parent)!r}: {exc.strerror}",
            where=f"output {str(target)!r}",
            fix="Choose an output path in a writable folder.",
        ) from exc
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
