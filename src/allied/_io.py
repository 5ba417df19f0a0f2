"""Atomic file writes: a failed write leaves the target as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from allied.errors import InputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    The parent folder is created if needed. Either the whole new content is
    at ``path`` afterwards, or the previous file (or none) is.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder {str(target.parent)!r}: {exc.strerror}",
            where=f"output {str(target)!r}",
            fix="Choose an output path in a writable folder.",
        ) from exc
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
