"""The TAXII filters (``parse_query``, ``select_versions``), page tokens and pagination, as units.

The same behaviour through HTTP is in test_server.py and test_conformance.py;
here each part is checked on its own, as the service puts them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from allied.sharing.store import Storage, StoredObject, open_storage
from allied.sharing.taxii import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    TOKEN_SECRET_SETTING,
    Entry,
    PageTokens,
    TaxiiError,
    TokenBinding,
    paginate,
    parse_query,
    select_versions,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def stored(n: int, version: str = "") -> StoredObject:
    ident = f"ipv4-addr--{n:08d}-0000-4000-8000-000000000000"
    return StoredObject("c", ident, "ipv4-addr", version, "2.1", T0, "GBR", {"id": ident})


def test_select_versions_keeps_unversioned_objects() -> None:
    rows = [stored(1)]
    assert select_versions(rows, ["last"]) == rows
    assert select_versions(rows, ["2024-01-01T00:00:00Z"]) == []


def test_parse_query_reads_the_filters_an_endpoint_takes() -> None:
    query = parse_query(
        [("match[type]", "indicator,malware"), ("match[id]", "x--1"), ("limit", "0007")],
        "objects",
    )
    assert (query.types, query.ids, query.versions, query.limit) == (
        frozenset({"indicator", "malware"}),
        frozenset({"x--1"}),
        frozenset({"last"}),
        7,
    )
    versions = parse_query([("match[type]", "indicator")], "versions")
    assert versions.types == frozenset()  # not a filter of that endpoint
    assert parse_query([], "objects").limit == DEFAULT_LIMIT
    assert parse_query([("limit", "5000")], "objects").limit == MAX_LIMIT


def test_the_digest_binds_the_filters_not_the_page() -> None:
    first = parse_query([("match[type]", "indicator")], "objects")
    later = parse_query([("match[type]", "indicator"), ("limit", "3"), ("next", "t")], "objects")
    other = parse_query([("match[type]", "malware")], "objects")
    assert first.digest == later.digest != other.digest


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ([("limit", "1"), ("limit", "2")], "Repeated parameter limit"),
        ([("added_after", "yesterday")], "Invalid added_after"),
        ([("match[version]", "newest")], "Invalid match[version]"),
        ([("limit", "-3")], "Invalid limit"),
    ],
)
def test_parse_query_refuses_with_400(params: list[tuple[str, str]], title: str) -> None:
    with pytest.raises(TaxiiError) as caught:
        parse_query(params, "objects")
    assert (caught.value.http_status, caught.value.title) == (400, title)


# ------------------------------------------------------------------ tokens and pages


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = open_storage(f"sqlite:///{tmp_path / 'x.db'}")
    yield store
    store.close()


BINDING = TokenBinding("gbr", "intel", "objects", "digest")


def test_a_token_leads_back_to_its_cursor_and_survives_a_restart(storage: Storage) -> None:
    key = (T0 + timedelta(microseconds=7), "x--1", "2024-01-01T00:00:00.000Z")
    token = PageTokens(storage).issue(BINDING, key)
    assert storage.setting(TOKEN_SECRET_SETTING)
    assert PageTokens(storage).cursor(token, BINDING) == key


@pytest.mark.parametrize(
    "other",
    [
        TokenBinding("fra", "intel", "objects", "digest"),
        TokenBinding("gbr", "alerts", "objects", "digest"),
        TokenBinding("gbr", "intel", "manifest", "digest"),
        TokenBinding("gbr", "intel", "objects", "other filters"),
    ],
)
def test_a_token_is_refused_anywhere_else(storage: Storage, other: TokenBinding) -> None:
    tokens = PageTokens(storage)
    token = tokens.issue(BINDING, (T0, "x--1", ""))
    with pytest.raises(TaxiiError, match="Invalid next token"):
        tokens.cursor(token, other)


def test_a_forged_token_is_refused(storage: Storage) -> None:
    tokens = PageTokens(storage)
    payload, _, signature = tokens.issue(BINDING, (T0, "x--1", "")).partition(".")
    for forged in (f"{payload}.{signature[:-2]}AA", "not-a-token", f"{payload[:-4]}.{signature}"):
        with pytest.raises(TaxiiError, match="Invalid next token"):
            tokens.cursor(forged, BINDING)


def test_pages_cover_every_entry_once(storage: Storage) -> None:
    tokens = PageTokens(storage)
    entries = [
        Entry((T0 + timedelta(seconds=n), stored(n).id, ""), stored(n), {}) for n in range(7)
    ]
    served, params = [], [("limit", "3")]
    while True:
        query = parse_query(params, "objects")
        page = paginate(entries, query, BINDING, tokens)
        served.extend(page.entries)
        assert page.more == (page.next is not None)
        if not page.more:
            break
        params = [("limit", "3"), ("next", str(page.next))]
    assert served == entries
    assert page.date_headers()["X-TAXII-Date-Added-Last"] == "2024-01-01T00:00:06.000000Z"
