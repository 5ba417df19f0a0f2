"""Import publisher files into the cache, or pull them from the publisher.

Both paths end in :func:`import_dataset`: find each table's file, checksum it,
parse it (the parser is the schema check), then install every table at once.
Nothing touches the cache until every file has parsed.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import requests

from allied.errors import DataNotAvailableError, InputError
from allied.sources._cache import ImportRecord, SourceFile, install
from allied.sources._registry import Dataset, Table, dataset

__all__ = ["import_dataset", "pull", "sha256_of"]

#: Called with (bytes done, bytes total or None) while downloading.
Progress = Callable[[int, int | None], None]

_CONNECT_TIMEOUT_S = 10
_READ_TIMEOUT_S = 60
_CHUNK = 1 << 16


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


#: members that make a zip an office document (OOXML: .xlsx, .docx; ODF: .ods)
_DOCUMENT_MEMBERS = frozenset({"[Content_Types].xml", "mimetype"})


def _is_archive(data: Dataset, path: Path) -> bool:
    """Whether ``path`` is a zip archive to unpack: not a registered file, nor an
    office document (an .xlsx workbook is itself a zip of XML parts)."""
    if any(table.matches(path.name) for table in data.tables):
        return False
    if not (path.is_file() and zipfile.is_zipfile(path)):
        return False
    with zipfile.ZipFile(path) as archive:
        return not _DOCUMENT_MEMBERS & set(archive.namelist())


@contextmanager
def _unpacked(data: Dataset, path: Path) -> Iterator[Path]:
    """A folder with the file(s) at ``path``: zip archives are extracted."""
    if _is_archive(data, path):
        with tempfile.TemporaryDirectory(prefix="allied-unzip-") as folder:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(folder)
            yield Path(folder)
    else:
        yield path


def _find(table: Table, folder: Path) -> Path | None:
    """The first file in ``folder`` (searched recursively) for ``table``."""
    for pattern in table.files:
        found = sorted(folder.rglob(pattern))
        if found:
            return found[0]
    return None


def _files_for(data: Dataset, path: Path) -> dict[str, Path]:
    if not path.exists():
        raise InputError(
            f"{data.name}: no such file or folder {str(path)!r}",
            where="argument PATH",
            fix="Give the path of the publisher's file, archive or folder.",
        )
    if path.is_file():
        return _single_file(data, path)
    found = {table.name: _find(table, path) for table in data.tables}
    missing = [t for t in data.tables if found[t.name] is None and not t.optional]
    if missing:
        expected = "; ".join(f"{t.name}: {' or '.join(t.files)}" for t in missing)
        raise InputError(
            f"{data.name}: the folder lacks required file(s)",
            where=str(path),
            fix=f"Put these publisher files in the folder: {expected}.",
        )
    return {name: p for name, p in found.items() if p is not None}


def _single_file(data: Dataset, path: Path) -> dict[str, Path]:
    matching = [t for t in data.tables if t.matches(path.name)]
    required = [t for t in data.tables if not t.optional]
    if len(data.tables) == 1:
        return {data.tables[0].name: path}
    if matching and all(t in matching for t in required):
        return {matching[0].name: path}
    expected = "; ".join(f"{t.name}: {' or '.join(t.files)}" for t in data.tables)
    raise InputError(
        f"{data.name} has several tables, and {path.name!r} alone is not enough",
        where="argument PATH",
        fix=f"Give the folder or archive holding the publisher's files ({expected}).",
    )


def import_dataset(name: str, path: str | Path) -> ImportRecord:
    """Import the publisher's file, zip archive or folder for dataset ``name``.

    Every table is parsed and checked before anything is written; the cache
    is then updated in one step. A file whose checksum differs from the
    registered release is accepted if it parses, and recorded as
    ``known_release: false``.
    """
    return _import(name, Path(path).expanduser(), origin=str(Path(path).expanduser().resolve()))


def _import(name: str, path: Path, *, origin: str) -> ImportRecord:
    data = dataset(name)
    with _unpacked(data, path) as folder:
        files = _files_for(data, folder)
        tables: dict[str, pd.DataFrame] = {}
        sources: list[SourceFile] = []
        for table_name, file in files.items():
            table = data.table(table_name)
            checksum = sha256_of(file)
            frame = table.parse(file)
            tables[table_name] = frame
            known = table.known_release(file.name, checksum)
            sources.append(SourceFile(table_name, file.name, checksum, len(frame), known))
    tables |= data.derive(tables)
    record = ImportRecord(
        name=data.name,
        version=data.version,
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        origin=origin,
        files=tuple(sources),
    )
    install(record, tables)
    return record


def _downloads(data: Dataset, url: str | None) -> list[str]:
    if url:
        return [url]
    if data.archive_url:
        return [data.archive_url]
    urls = [t.url for t in data.tables if t.url]
    if not urls:
        raise DataNotAvailableError(
            f"{data.name} cannot be pulled: the publisher offers no stable file URL",
            where=data.homepage,
            fix=f"{data.pull_help or ''} Then run `allied data import {data.name} PATH`.".strip(),
        )
    return urls


def _download(name: str, url: str, folder: Path, progress: Progress | None) -> Path:
    target = folder / url.rstrip("/").rsplit("/", 1)[-1]
    try:
        with requests.get(url, stream=True, timeout=(_CONNECT_TIMEOUT_S, _READ_TIMEOUT_S)) as reply:
            reply.raise_for_status()
            total = int(reply.headers.get("content-length", 0)) or None
            done = 0
            with target.open("wb") as handle:
                for block in reply.iter_content(_CHUNK):
                    handle.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
    except requests.RequestException as exc:
        raise DataNotAvailableError(
            f"cannot download {url}: {type(exc).__name__}",
            where="network",
            fix=(
                "If this machine is offline, download the file in a browser elsewhere and run "
                f"`allied data import {name} PATH` with it."
            ),
        ) from exc
    return target


def _extract_archives(data: Dataset, folder: Path, *, depth: int = 2) -> None:
    """Extract every zip archive below ``folder`` beside itself (archives in archives
    too), but not the registered files that are zips themselves (workbooks)."""
    for file in [p for p in folder.rglob("*") if p.is_file()]:
        if _is_archive(data, file):
            target = file.with_name(f"{file.stem}-unpacked")
            with zipfile.ZipFile(file) as archive:
                archive.extractall(target)
            if depth > 1:
                _extract_archives(data, target, depth=depth - 1)


def _verify(data: Dataset, folder: Path) -> None:
    """Refuse downloaded files whose checksum is not the registered release's."""
    for table in data.tables:
        file = _find(table, folder)
        if file is None or not table.sha256:
            continue
        checksum = sha256_of(file)
        if not table.known_release(file.name, checksum):
            raise InputError(
                f"{data.name}: downloaded {file.name} has sha256 {checksum[:16]}…, "
                "not the registered release's",
                where=file.name,
                fix=(
                    "The publisher may have released a new version. Check it, then import "
                    f"it deliberately with `allied data import {data.name} PATH`."
                ),
            )


def pull(name: str, *, url: str | None = None, progress: Progress | None = None) -> ImportRecord:
    """Download dataset ``name`` from its publisher, verify and import it.

    Parameters
    ----------
    name
        A registered dataset.
    url
        Download from this URL instead (a mirror); the checksum is still verified.
    progress
        Called with (bytes done, bytes total) during the download.
    """
    data = dataset(name)
    if data.fetcher and url is None:
        return _install_fetched(data)
    with tempfile.TemporaryDirectory(prefix="allied-pull-") as folder:
        links = _downloads(data, url)
        for link in links:
            _download(name, link, Path(folder), progress)
        _extract_archives(data, Path(folder))
        _verify(data, Path(folder))
        return _import(name, Path(folder), origin=" ".join(links))


def _install_fetched(data: Dataset) -> ImportRecord:
    try:
        frame = data.fetch()
    except (OSError, requests.RequestException, DataNotAvailableError) as exc:
        reason = exc.what if isinstance(exc, DataNotAvailableError) else type(exc).__name__
        raise DataNotAvailableError(
            f"cannot reach the {data.title} API: {reason}",
            where="network",
            fix=f"Offline, download the CSV from {data.homepage} and run "
            f"`allied data import {data.name} PATH`.",
        ) from exc
    table = data.tables[0]
    record = ImportRecord(
        name=data.name,
        version=data.version,
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        origin=data.homepage,
        files=(SourceFile(table.name, "api", "", len(frame), False),),
    )
    install(record, {table.name: frame})
    return record
