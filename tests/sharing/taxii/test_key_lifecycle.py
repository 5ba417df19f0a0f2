"""Key and session lifecycle (issue 14): rotation, revocation, key expiry, page tokens that
expire and die with their key; on SQLite and PostgreSQL.

Before issue 14 keys and page tokens never expired and nothing could revoke or
replace a key: every test here failed then (the storage had no ``rotate_key``,
``revoke_user`` or ``expires``, and a token was accepted forever).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.errors import InputError, NotFoundError
from allied.sharing.store import Storage, open_storage, verify_audit
from allied.sharing.taxii import DEFAULT_TOKEN_TTL, create_app

TAXII = "application/taxii+json;version=2.1"
GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"  # TLP:GREEN, STIX 2.1 7.2.1.4
OBJECTS = "/api/collections/intel/objects/"
START = datetime(2026, 12, 7, 12, tzinfo=UTC)


MALWARE = {"type": "malware", "spec_version": "2.1", "is_family": True, "name": "Bug"}
CREATED = "2024-01-01T00:00:00.000Z"


def malware(n: int) -> dict[str, Any]:
    ident = f"malware--{n:08d}-0000-4000-8000-000000000000"
    marked = {"object_marking_refs": [GREEN], "created": CREATED, "modified": CREATED}
    return {**MALWARE, **marked, "id": ident}


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    opened = open_storage(storage_url)
    opened.create_collection("intel", title="Shared indicators")
    opened.add_objects("intel", [malware(n) for n in range(3)], originator="GBR", user="gbr")
    try:
        yield opened
    finally:
        opened.close()


def client(storage: Storage, clock: Clock, **options: Any) -> TestClient:
    return TestClient(create_app(storage, clock=clock, **options))


def get(app: TestClient, key: str, path: str = OBJECTS, **params: Any) -> Any:
    return app.get(path, params=params, headers={"Authorization": f"Bearer {key}"})


def add(storage: Storage, name: str = "gbr", **options: Any) -> str:
    return storage.add_user(name, nation="GBR", clearance="S", can_read=None, **options)


# ----------------------------------------------------------------------- rotation


def test_rotating_a_key_refuses_the_old_one_and_accepts_the_new(storage: Storage) -> None:
    old = add(storage)
    before = storage.user_for_key(old)
    new = storage.rotate_key("gbr")
    assert new != old and len(new) == 43
    assert storage.user_for_key(old) is None
    after = storage.user_for_key(new)
    assert after is not None and after == before  # same user, rights and nation
    assert before is not None and after.key_id != before.key_id
    app = client(storage, Clock())
    assert get(app, old).status_code == 401
    assert get(app, new).status_code == 200
    entries = [e for e in storage.audit_entries() if e.action == "user-key-rotated"]
    assert [e.detail for e in entries] == [{"name": "gbr", "expires": None}]
    assert verify_audit(storage).ok


def test_a_page_token_dies_with_the_key_it_was_issued_under(storage: Storage) -> None:
    old = add(storage)
    app = client(storage, Clock())
    first = get(app, old, limit=1).json()
    assert first["more"] is True and len(first["objects"]) == 1
    new = storage.rotate_key("gbr")
    # the same user with its new key cannot continue the old key's paging
    refused = get(app, new, limit=1, next=first["next"])
    assert refused.status_code == 400 and refused.json()["title"] == "Invalid next token"
    again = get(app, new, limit=1).json()
    assert get(app, new, limit=1, next=again["next"]).status_code == 200


# ---------------------------------------------------------------------- revocation


def test_a_revoked_user_is_refused_with_its_tokens(storage: Storage) -> None:
    key = add(storage)
    other = add(storage, "gbr2")
    app = client(storage, Clock())
    first = get(app, key, limit=1).json()
    revoked = storage.revoke_user("gbr")
    assert revoked.revoked is not None and revoked.name == "gbr"
    assert storage.user_for_key(key) is None
    answer = get(app, key, limit=1, next=first["next"])
    assert answer.status_code == 401 and "revoked" in answer.json()["description"]
    assert "WWW-Authenticate" in answer.headers
    assert get(app, other).status_code == 200  # only gbr
    listed = {user.name: user for user in storage.users()}
    assert listed["gbr"].revoked == revoked.revoked and listed["gbr2"].revoked is None
    assert [e.detail for e in storage.audit_entries() if e.action == "user-revoked"] == [
        {"name": "gbr"}
    ]


def test_revocation_is_final(storage: Storage) -> None:
    add(storage)
    storage.revoke_user("gbr")
    with pytest.raises(InputError, match="user 'gbr' was revoked on"):
        storage.revoke_user("gbr")
    with pytest.raises(InputError, match="was revoked"):
        storage.rotate_key("gbr")
    for action in (storage.revoke_user, storage.rotate_key):
        with pytest.raises(NotFoundError, match="no user 'nobody'"):
            action("nobody")


# -------------------------------------------------------------------------- expiry


def test_a_key_is_refused_from_its_expiry_on(storage: Storage) -> None:
    expires = datetime.now(UTC) + timedelta(days=30)
    key = add(storage, expires=expires)
    user = storage.user_for_key(key)
    assert user is not None and user.expires is not None
    assert abs(user.expires - expires) < timedelta(milliseconds=1)
    clock = Clock()
    clock.now = expires - timedelta(seconds=1)
    app = client(storage, clock)
    assert get(app, key).status_code == 200
    clock.now = expires
    answer = get(app, key)
    assert answer.status_code == 401 and "expired" in answer.json()["description"]


def test_the_storage_refuses_an_expired_key_by_the_real_clock(storage: Storage) -> None:
    key = add(storage, expires=datetime.now(UTC) + timedelta(seconds=0.5))
    assert storage.user_for_key(key) is not None
    time.sleep(0.7)
    assert storage.user_for_key(key) is None


def test_rotation_sets_the_new_keys_expiry(storage: Storage) -> None:
    add(storage, expires=datetime.now(UTC) + timedelta(days=1))
    later = datetime.now(UTC) + timedelta(days=90)
    user = storage.user_for_key(storage.rotate_key("gbr", expires=later))
    assert user is not None and user.expires is not None
    assert abs(user.expires - later) < timedelta(milliseconds=1)
    never = storage.user_for_key(storage.rotate_key("gbr"))
    assert never is not None and never.expires is None


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        (datetime(2020, 1, 1, tzinfo=UTC), "is not in the future"),
        (datetime(2099, 1, 1), "naive expiry"),  # naive: the point of the test
    ],
)
def test_an_expiry_must_be_aware_and_in_the_future(
    storage: Storage, expires: datetime, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        add(storage, expires=expires)
    assert storage.users() == []
    add(storage)
    with pytest.raises(InputError, match=message):
        storage.rotate_key("gbr", expires=expires)


def test_a_user_from_before_the_lifecycle_table_keeps_working(storage: Storage) -> None:
    key = add(storage)
    with storage._write() as conn:  # type: ignore[attr-defined]
        storage._run(conn, "DELETE FROM user_keys")  # type: ignore[attr-defined]
    user = storage.user_for_key(key)
    assert user is not None and user.expires is None and user.revoked is None
    storage.revoke_user("gbr")
    assert storage.user_for_key(key) is None


# --------------------------------------------------------------------- page tokens


def test_a_page_token_expires_after_its_ttl(storage: Storage) -> None:
    key = add(storage)
    clock = Clock()
    app = client(storage, clock, token_ttl=600)
    first = get(app, key, limit=1).json()
    clock.now = START + timedelta(seconds=600)
    assert get(app, key, limit=1, next=first["next"]).status_code == 200
    clock.now = START + timedelta(seconds=601)
    answer = get(app, key, limit=1, next=first["next"])
    assert answer.status_code == 400
    assert answer.json()["title"] == "Expired next token"
    assert "600 s" in answer.json()["description"]


def test_the_default_token_ttl_is_one_hour(storage: Storage) -> None:
    assert DEFAULT_TOKEN_TTL == 3600
    key = add(storage)
    clock = Clock()
    app = client(storage, clock)
    token = get(app, key, limit=1).json()["next"]
    clock.now = START + timedelta(hours=1, seconds=1)
    assert get(app, key, limit=1, next=token).status_code == 400
