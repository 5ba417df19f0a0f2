"""Storage URLs: the SQLite file a URL names, and URLs without their passwords."""

from __future__ import annotations

import re
from pathlib import Path

from allied.errors import InputError

__all__ = ["redact_url", "sqlite_path"]

_FIX = "Use sqlite:////absolute/path/sharing.db or sqlite:///relative/path/sharing.db."


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``.

    Examples
    --------
    >>> redact_url("postgresql://allied:secret@db:5432/x")
    'postgresql://allied:***@db:5432/x'
    """
    return re.sub(r"^([a-z0-9+]+://[^:/@]*:)[^@]*@", r"\1***@", url)


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///PATH`` URL (the path follows the third slash).

    Examples
    --------
    >>> sqlite_path("sqlite:////var/lib/allied/sharing.db").as_posix()
    '/var/lib/allied/sharing.db'
    >>> sqlite_path("sqlite:///data/sharing.db").as_posix()
    'data/sharing.db'
    """
    if not url.startswith("sqlite:///") or url.rstrip("/") == "sqlite:":
        raise InputError(f"invalid SQLite URL {url!r}", where="storage URL", fix=_FIX)
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if not path or path == ":memory:":
        raise InputError(
            f"SQLite URL {url!r} names no file",
            where="storage URL",
            fix="The exchange needs a file (each thread opens its own connection). " + _FIX,
        )
    return Path(path)
