"""``allied sharing users|collections|audit``: administer the exchange's storage."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from allied._validation import parse_date
from allied.cli._options import command, day
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    emit_text,
    frame_to_csv,
    messages,
)
from allied.errors import InputError
from allied.sharing.store import (
    AuditSelection,
    Storage,
    archive_audit,
    audit_entry,
    audit_frame,
    audit_record,
    default_storage_url,
    find_audit_entries,
    open_storage,
    read_archive,
    redact_url,
    sqlite_path,
    verify_audit,
)

users_app = typer.Typer(
    help="Users of the exchange and their API keys.", no_args_is_help=True, rich_markup_mode=None
)
collections_app = typer.Typer(
    help="Collections of the exchange.", no_args_is_help=True, rich_markup_mode=None
)
audit_app = typer.Typer(
    help="The exchange's hash-chained audit log.", no_args_is_help=True, rich_markup_mode=None
)

#: The ``--db`` option of every command that opens the exchange's storage.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL: sqlite:////abs/path.db or postgresql://user:pw@host:5432/db "
        "(default: $ALLIED_SHARING_DB, else sharing.db in the allied data folder).",
        show_default=False,
    ),
]


#: The ``--init`` flag: allow creating the exchange in an empty SQLite file.
InitOption = Annotated[
    bool,
    typer.Option(
        "--init",
        help="Create the exchange in an existing empty SQLite file (or a SQLite database "
        "without the exchange's tables); without it such a file is refused.",
    ),
]


@contextmanager
def open_db(url: str | None, *, init: bool = False) -> Iterator[Storage]:
    """The storage at ``url`` (default :func:`default_storage_url`), closed afterwards.

    For the default SQLite file, its folder is created if needed. An empty or
    foreign SQLite file is refused unless ``init`` (:func:`open_storage`).
    """
    if url is None:
        url = default_storage_url()
        if url.startswith("sqlite:///"):
            sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    storage = open_storage(url, init=init)
    try:
        yield storage
    finally:
        storage.close()


def _names(text: str | None, *, option: str) -> list[str]:
    if text is None:
        return []
    names = [item.strip() for item in text.split(",")]
    if not all(names):
        raise InputError(
            f"empty collection id in {text!r}",
            where=f"option {option}",
            fix="Give collection ids separated by commas, e.g. intel,alerts.",
        )
    return names


def _for_cli(exc: InputError, options: dict[str, str]) -> InputError:
    """``exc`` naming the command-line option instead of the Python argument."""
    where = options.get(exc.where or "")
    return exc if where is None else InputError(exc.what, where=where, fix=exc.fix)


_OPTIONS = {
    "argument name": "argument NAME",
    "argument nation": "option --nation",
    "argument clearance": "option --clearance",
    "argument can_read": "option --read",
    "argument can_write": "option --write",
    "argument expires": "option --expires",
}

_DAYS = re.compile(r"([0-9]{1,5})d")
_EXPIRES_FIX = "Give a date (YYYY-MM-DD, the key stops at 00:00 UTC that day), a number of "
_EXPIRES_FIX += "days (e.g. 90d) or never."
#: The ``--expires`` of ``users add`` and ``users rotate-key``.
ExpiresOption = Annotated[
    str,
    typer.Option(
        "--expires",
        metavar="WHEN",
        help="When the key stops being accepted: YYYY-MM-DD (00:00 UTC that day), a number "
        "of days such as 90d, or never.",
    ),
]
DEFAULT_EXPIRES = "365d"


def parse_expiry(text: str, *, now: datetime) -> datetime | None:
    """The expiry ``--expires`` names: ``None`` for ``never``, else a UTC datetime.

    Examples
    --------
    >>> now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    >>> print(parse_expiry("30d", now=now), parse_expiry("2027-01-01", now=now))
    2027-01-06 12:00:00+00:00 2027-01-01 00:00:00+00:00
    >>> parse_expiry("never", now=now) is None
    True
    """
    value = text.strip().lower()
    if value == "never":
        return None
    days = _DAYS.fullmatch(value)
    if days is not None:
        if int(days.group(1)) < 1:
            raise InputError(
                f"--expires {text} is not in the future", where="option --expires", fix=_EXPIRES_FIX
            )
        return now + timedelta(days=int(days.group(1)))
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise InputError(f"{text!r} is not an expiry", where="option --expires", fix=_EXPIRES_FIX)
    return datetime.combine(parse_date(value, where="option --expires"), time(), tzinfo=UTC)


def _expiry(text: str) -> datetime | None:
    return parse_expiry(text, now=datetime.now(UTC))


def _shown_expiry(moment: datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


@command(
    users_app,
    "add",
    "allied sharing users add usa-cybercom --nation USA --clearance TS --read coalition "
    "--write coalition",
    "allied sharing users add gbr-ncsc --nation GBR --clearance S --read-all",
)
def users_add(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The user's name (unique).", show_default=False),
    ],
    nation: Annotated[
        str,
        typer.Option(
            "--nation",
            metavar="ISO3",
            help="ISO3 code of the user's nation.",
            show_default=False,
        ),
    ],
    clearance: Annotated[
        str,
        typer.Option(
            "--clearance",
            metavar="LEVEL",
            help="Clearance: U, C, S, TS (national) or NU, NR, NC, NS, CTS (NATO).",
            show_default=False,
        ),
    ],
    read: Annotated[
        str | None,
        typer.Option(
            "--read", metavar="IDS", help="Collections the user may read, comma-separated."
        ),
    ] = None,
    read_all: Annotated[
        bool, typer.Option("--read-all", help="The user may read every collection.")
    ] = False,
    write: Annotated[
        str | None,
        typer.Option(
            "--write",
            metavar="IDS",
            help="Collections the user may add objects to, comma-separated.",
        ),
    ] = None,
    expires: ExpiresOption = DEFAULT_EXPIRES,
    db: DbOption = None,
) -> None:
    """Create a user and print their new API key (shown once; only its hash is stored)."""
    if read_all and read is not None:
        raise InputError(
            "both --read and --read-all given",
            where="options --read, --read-all",
            fix="Give --read C1,C2 for some collections or --read-all for all of them.",
        )
    can_read = None if read_all else _names(read, option="--read")
    can_write = _names(write, option="--write")
    expiry = _expiry(expires)
    with open_db(db) as storage:
        try:
            key = storage.add_user(
                name,
                nation=nation,
                clearance=clearance,
                can_read=can_read,
                can_write=can_write,
                expires=expiry,
            )
        except InputError as exc:
            raise _for_cli(exc, _OPTIONS) from None
        user = next(u for u in storage.users() if u.name == name)
    print(key)
    reads = "every collection" if user.can_read is None else ", ".join(sorted(user.can_read))
    messages.print(
        f"added user {name} ({user.nation}, clearance {user.clearance}; reads: "
        f"{reads or 'nothing'}; writes: {', '.join(sorted(user.can_write)) or 'nothing'}; "
        f"key expires: {_shown_expiry(user.expires)}). "
        "The API key above is shown only this once: give it to the user now.",
        markup=False,
    )


@command(
    users_app,
    "list",
    "allied sharing users list",
    "allied sharing users list --db sqlite:////tmp/coalition.db",
)
def users_list(
    db: DbOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """List the users, their nations, clearances, rights, key expiry and revocation (never
    their keys; key_id changes when a key is rotated)."""
    target = destination(out, mkdir)
    with open_db(db) as storage:
        users = storage.users()
    frame = pd.DataFrame(
        [
            {
                "name": u.name,
                "nation": u.nation,
                "clearance": u.clearance,
                "can_read": "*" if u.can_read is None else ",".join(sorted(u.can_read)),
                "can_write": ",".join(sorted(u.can_write)),
                "key_id": u.key_id,
                "expires": _iso(u.expires),
                "revoked": _iso(u.revoked),
            }
            for u in users
        ],
        columns=[
            "name",
            "nation",
            "clearance",
            "can_read",
            "can_write",
            "key_id",
            "expires",
            "revoked",
        ],
    )
    emit(frame, fmt, target, title="Users")


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat().replace("+00:00", "Z")


NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="The user's name.", show_default=False)
]


@command(
    users_app,
    "rotate-key",
    "allied sharing users rotate-key gbr-ncsc",
    "allied sharing users rotate-key gbr-ncsc --expires 2027-06-30",
)
def users_rotate_key(
    name: NameArgument,
    expires: ExpiresOption = DEFAULT_EXPIRES,
    db: DbOption = None,
) -> None:
    """Give a user a new API key and print it (shown once); the old key, and every page
    token issued under it, stops working at once."""
    expiry = _expiry(expires)
    with open_db(db) as storage:
        try:
            key = storage.rotate_key(name, expires=expiry)
        except InputError as exc:
            raise _for_cli(exc, _OPTIONS) from None
    print(key)
    messages.print(
        f"new key for user {name} (expires: {_shown_expiry(expiry)}); the old key no longer "
        "works. The API key above is shown only this once: give it to the user now.",
        markup=False,
    )


@command(
    users_app,
    "revoke",
    "allied sharing users revoke gbr-ncsc",
    "allied sharing users revoke gbr-ncsc --db sqlite:////tmp/coalition.db",
)
def users_revoke(name: NameArgument, db: DbOption = None) -> None:
    """Revoke a user for good: its API key is refused (401) from now on, with every page
    token issued under it. The user stays listed, and in the audit log."""
    with open_db(db) as storage:
        try:
            user = storage.revoke_user(name)
        except InputError as exc:
            raise _for_cli(exc, _OPTIONS) from None
    messages.print(
        f"revoked user {user.name} ({user.nation}) at {_iso(user.revoked)}", markup=False
    )


@command(
    collections_app,
    "add",
    'allied sharing collections add coalition --title "GLASS HARBOR"',
    'allied sharing collections add alerts --title Alerts --description "Urgent indicators"',
)
def collections_add(
    collection_id: Annotated[
        str, typer.Argument(metavar="ID", help="Collection id (URL-safe).", show_default=False)
    ],
    title: Annotated[
        str, typer.Option("--title", metavar="TITLE", help="Title.", show_default=False)
    ],
    description: Annotated[
        str, typer.Option("--description", metavar="DESCRIPTION", help="Description.")
    ] = "",
    db: DbOption = None,
    init: InitOption = False,
) -> None:
    """Create a collection."""
    with open_db(db, init=init) as storage:
        record = storage.create_collection(collection_id, title=title, description=description)
    messages.print(f"added collection {record.id} ({record.title})", markup=False)


@command(
    collections_app,
    "list",
    "allied sharing collections list",
    "allied sharing collections list --format json",
)
def collections_list(
    db: DbOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """List the collections."""
    target = destination(out, mkdir)
    with open_db(db) as storage:
        records = storage.collections()
    frame = pd.DataFrame(
        [{"id": r.id, "title": r.title, "description": r.description} for r in records],
        columns=["id", "title", "description"],
    )
    emit(frame, fmt, target, title="Collections")


@command(
    audit_app,
    "verify",
    "allied sharing audit verify",
    "allied sharing audit verify --db sqlite:////tmp/coalition.db",
)
def audit_verify(
    db: DbOption = None,
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            metavar="SEQ:HASH",
            help="SEQ:HASH printed by an earlier verify and kept outside the database; "
            "proves the log up to that entry is unchanged.",
            show_default=False,
        ),
    ] = None,
    archive: Annotated[
        list[Path] | None,
        typer.Option(
            "--archive",
            metavar="FILE",
            help="An archive written by `audit archive` (repeat, oldest first): verify the "
            "chain from its first entry.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the database, the audit log's hash chain and the stored objects' content:
    exit 0 if intact, 1 if tampered, 3 if the database is damaged."""
    with open_db(db) as storage:
        try:
            archives = [list(read_archive(path)) for path in archive or []]
            report = verify_audit(storage, anchor=anchor, archives=archives)
        except InputError as exc:
            raise _for_cli(exc, {"argument anchor": "option --anchor"}) from None
        url = redact_url(storage.url)
    print(report.summary())
    if report.ok and report.head:
        messages.print(
            f"head {report.head} ({url}); keep it to check later with --anchor", markup=False
        )
    if not report.ok:
        raise typer.Exit(1)


# ----------------------------------------------------------------- audit: browsing the log


class ExportFormat(StrEnum):
    """Formats of ``allied sharing audit export``."""

    JSONL = "jsonl"
    CSV = "csv"


UserFilter = Annotated[
    str | None,
    typer.Option("--user", metavar="NAME", help="Only this user's entries.", show_default=False),
]
NationFilter = Annotated[
    str | None,
    typer.Option(
        "--nation", metavar="ISO3", help="Only entries of this nation.", show_default=False
    ),
]
ActionFilter = Annotated[
    str | None,
    typer.Option(
        "--action",
        metavar="ACTION",
        help="Only this action (read, write, user-added, collection-added, ...).",
        show_default=False,
    ),
]
CollectionFilter = Annotated[
    str | None,
    typer.Option(
        "--collection", metavar="ID", help="Only entries about this collection.", show_default=False
    ),
]
SinceFilter = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="DATE", help="From this UTC day on (YYYY-MM-DD).", show_default=False
    ),
]
UntilFilter = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Up to this UTC day, inclusive (YYYY-MM-DD).",
        show_default=False,
    ),
]


def _selection(
    user: str | None,
    nation: str | None,
    action: str | None,
    collection: str | None,
    since: str | None,
    until: str | None,
) -> AuditSelection:
    return AuditSelection(
        user=user,
        nation=nation,
        action=action,
        collection=collection,
        since=day(since, "--since"),
        until=day(until, "--until"),
    )


@command(
    audit_app,
    "list",
    "allied sharing audit list --nation GBR --action read --since 2026-12-01",
    "allied sharing audit list --user usa-cybercom --last 20 --format csv",
)
def audit_list(
    db: DbOption = None,
    user: UserFilter = None,
    nation: NationFilter = None,
    action: ActionFilter = None,
    collection: CollectionFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    last: Annotated[
        int,
        typer.Option("--last", metavar="N", help="Show the last N matching entries.", min=1),
    ] = 50,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """List audit entries (the last ones matching the filters), each detail summarized."""
    selection = _selection(user, nation, action, collection, since, until)
    target = destination(out, mkdir)
    with open_db(db) as storage:
        entries = find_audit_entries(storage, selection, last=last)
    emit(audit_frame(entries), fmt, target, title="Audit log")


@command(
    audit_app,
    "show",
    "allied sharing audit show 42",
    "allied sharing audit show 42 --out entry-42.json",
)
def audit_show(
    seq: Annotated[
        int,
        typer.Argument(metavar="SEQ", help="The entry's sequence number.", show_default=False),
    ],
    db: DbOption = None,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Print one audit entry in full, as JSON (its detail, prev_hash and hash)."""
    target = destination(out, mkdir)
    with open_db(db) as storage:
        entry = audit_entry(storage, seq)
    emit_text(json.dumps(audit_record(entry), indent=2, ensure_ascii=False), target)


@command(
    audit_app,
    "export",
    "allied sharing audit export --out audit.jsonl",
    "allied sharing audit export --nation GBR --since 2026-12-01 --format csv --out gbr.csv",
)
def audit_export(
    db: DbOption = None,
    user: UserFilter = None,
    nation: NationFilter = None,
    action: ActionFilter = None,
    collection: CollectionFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="jsonl (one entry per line, every field) or csv."),
    ] = ExportFormat.JSONL,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Export the matching audit entries in full (JSON lines re-hash with entry_hash)."""
    selection = _selection(user, nation, action, collection, since, until)
    target = destination(out, mkdir)
    with open_db(db) as storage:
        entries = find_audit_entries(storage, selection)
    if fmt == ExportFormat.CSV:
        text = frame_to_csv(audit_frame(entries, full=True))
    else:
        text = "".join(
            json.dumps(audit_record(entry), ensure_ascii=False) + "\n" for entry in entries
        )
    if target is None:
        print(text, end="")
    else:
        target.write(text)
        messages.print(f"wrote {len(entries)} audit entries to {target.path}", markup=False)


@command(
    audit_app,
    "archive",
    "allied sharing audit archive --before 100000 --out audit-2026-11.jsonl",
)
def audit_archive(
    before: Annotated[
        int,
        typer.Option(
            "--before",
            metavar="SEQ",
            help="Archive the entries before this one (it and later ones stay).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="The archive file (JSON lines; never overwritten).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Move old audit entries to a file; the log stays verifiable from the archive anchor."""
    target = destination(out, mkdir)
    assert target is not None
    target.make_folder()
    with open_db(db) as storage:
        try:
            report = archive_audit(storage, before=before, path=target.path)
        except InputError as exc:
            raise _for_cli(exc, {"argument path": "option --out"}) from None
    print(report.summary())
