"""The TAXII 2.1 server through FastAPI's TestClient, over SQLite storage in tmp_path.

Two partner nations read one collection seeded by the United Kingdom: a TLP:GREEN
indicator in two versions (both released to everyone) and a TLP:RED indicator
(released only inside the originator's nation, so France never sees it). Every
read endpoint must hide the red one from France as if it were absent.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, create_app

TAXII = "application/taxii+json;version=2.1"
TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"  # STIX 2.1 section 7.2.1.4
TLP_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
GREEN = "indicator--11111111-1111-4111-8111-111111111111"
RED = "indicator--22222222-2222-4222-8222-222222222222"
MALWARE = "malware--33333333-3333-4333-8333-333333333333"
V1, V2 = "2024-01-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"
ON = datetime(2025, 6, 1, tzinfo=UTC)


def indicator(ident: str, modified: str, marking: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": ident,
        "created": V1,
        "modified": modified,
        "pattern": "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type": "stix",
        "valid_from": V1,
        "object_marking_refs": [marking],
        **extra,
    }


MALWARE_OBJ = {
    "type": "malware",
    "spec_version": "2.1",
    "id": MALWARE,
    "created": V1,
    "modified": V1,
    "name": "GreenBug",
    "is_family": True,
    "object_marking_refs": [TLP_GREEN],
}


class Exchange:
    """A storage, an app client and API keys for the test nations."""

    def __init__(self, storage: Storage, client: TestClient, keys: dict[str, str]) -> None:
        self.storage = storage
        self.client = client
        self.keys = keys

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[user]}"}

    def get(self, path: str, user: str = "gbr", **kwargs: Any) -> Any:
        headers = {**self.auth(user), **kwargs.pop("headers", {})}
        return self.client.get(path, headers=headers, **kwargs)

    def post(self, path: str, body: Any, user: str = "gbr", **headers: str) -> Any:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.client.post(
            path,
            content=content,
            headers={**self.auth(user), "Content-Type": TAXII, **headers},
        )


def make_exchange(tmp_path: Path, **options: Any) -> Exchange:
    storage = open_storage(f"sqlite:///{tmp_path / 'exchange.db'}")
    storage.create_collection("intel", title="Shared indicators")
    storage.create_collection("ukeyes", title="UK eyes only")
    keys = {
        "gbr": storage.add_user(
            "gbr", nation="GBR", clearance="S", can_read=None, can_write=("intel",)
        ),
        "fra": storage.add_user("fra", nation="FRA", clearance="S", can_read=("intel",)),
        "dropbox": storage.add_user(
            "dropbox", nation="USA", clearance="S", can_read=(), can_write=("intel",)
        ),
    }
    storage.add_objects("intel", [indicator(GREEN, V1, TLP_GREEN)], originator="GBR", user="gbr")
    storage.add_objects(
        "intel",
        [indicator(RED, V1, TLP_RED), indicator(GREEN, V2, TLP_GREEN), MALWARE_OBJ],
        originator="GBR",
        user="gbr",
    )
    app = create_app(storage, clock=lambda: ON, **options)
    return Exchange(storage, TestClient(app), keys)


@pytest.fixture
def ex(tmp_path: Path) -> Iterator[Exchange]:
    exchange = make_exchange(tmp_path)
    yield exchange
    exchange.storage.close()


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [obj["id"] for obj in response.json().get("objects", [])]


def is_taxii_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == TAXII
    body: dict[str, Any] = response.json()
    assert body["http_status"] == str(status)
    assert body["title"] and body["description"]
    return body


OBJECTS = "/api/collections/intel/objects/"


# ---------------------------------------------------------------- discovery, roots


def test_discovery_and_api_root(ex: Exchange) -> None:
    discovery = ex.get("/taxii2/")
    assert discovery.status_code == 200
    assert discovery.headers["content-type"] == TAXII
    # the configured public URL (default http://127.0.0.1:9000), never the Host header
    assert discovery.json()["api_roots"] == ["http://127.0.0.1:9000/api/"]
    assert discovery.json()["default"] == "http://127.0.0.1:9000/api/"
    root = ex.get("/api/").json()
    assert root["versions"] == [TAXII]
    assert root["max_content_length"] == 10 * 2**20


def test_collections_show_only_what_the_user_may_see(ex: Exchange) -> None:
    gbr = ex.get("/api/collections/").json()["collections"]
    assert [(c["id"], c["can_read"], c["can_write"]) for c in gbr] == [
        ("intel", True, True),
        ("ukeyes", True, False),
    ]
    fra = ex.get("/api/collections/", "fra").json()["collections"]
    assert [c["id"] for c in fra] == ["intel"]
    assert fra[0]["media_types"] == ["application/stix+json;version=2.1"]
    assert ex.get("/api/collections/intel/", "fra").json()["can_write"] is False


@pytest.mark.parametrize(
    "path",
    [
        "/api/collections/ukeyes/",
        "/api/collections/ukeyes/objects/",
        f"/api/collections/ukeyes/objects/{GREEN}/",
        f"/api/collections/ukeyes/objects/{GREEN}/versions/",
        "/api/collections/ukeyes/manifest/",
        "/api/collections/nosuch/objects/",
    ],
)
def test_invisible_collections_answer_404(ex: Exchange, path: str) -> None:
    body = is_taxii_error(ex.get(path, "fra"), 404)
    assert "ukeyes" not in json.dumps(ex.get("/api/collections/", "fra").json())
    assert body["title"] == "Collection not found"


def test_posting_to_an_invisible_collection_is_404(ex: Exchange) -> None:
    is_taxii_error(ex.post("/api/collections/ukeyes/objects/", {"objects": []}, "fra"), 404)


def test_write_only_user_sees_the_collection_but_may_not_read_it(ex: Exchange) -> None:
    listed = ex.get("/api/collections/", "dropbox").json()["collections"]
    assert [(c["id"], c["can_read"], c["can_write"]) for c in listed] == [("intel", False, True)]
    is_taxii_error(ex.get(OBJECTS, "dropbox"), 403)


# ------------------------------------------------------------- per-recipient filtering


def test_two_nations_receive_different_objects(ex: Exchange) -> None:
    assert sorted(ids(ex.get(OBJECTS))) == sorted([GREEN, RED, MALWARE])
    assert sorted(ids(ex.get(OBJECTS, "fra"))) == sorted([GREEN, MALWARE])


def test_withheld_object_is_indistinguishable_from_absent(ex: Exchange) -> None:
    absent = "indicator--99999999-9999-4999-8999-999999999999"
    for object_id in (RED, absent):
        withheld = is_taxii_error(ex.get(f"{OBJECTS}{object_id}/", "fra"), 404)
        versions = is_taxii_error(ex.get(f"{OBJECTS}{object_id}/versions/", "fra"), 404)
        assert withheld["title"] == versions["title"] == "Object not found"
    assert ids(ex.get(f"{OBJECTS}{RED}/")) == [RED]
    manifest = ex.get("/api/collections/intel/manifest/", "fra").json()["objects"]
    assert RED not in {record["id"] for record in manifest}
    assert ex.get(OBJECTS, "fra", params={"match[id]": RED}).json() == {"more": False}


def _set_digest(items: list[Any]) -> dict[str, Any]:
    """What a read entry records of a set: its count and the sha256 of its canonical JSON."""
    text = json.dumps(items, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {"count": len(items), "sha256": hashlib.sha256(text.encode()).hexdigest()}


def test_reads_are_audited_with_digests_of_what_was_released_and_withheld(ex: Exchange) -> None:
    served = ex.get(OBJECTS, "fra").json()["objects"]
    ex.get(f"{OBJECTS}{RED}/", "fra")
    reads = [entry for entry in ex.storage.audit_entries() if entry.action == "read"]
    assert [entry.user for entry in reads] == ["fra", "fra"]
    listing, by_id = reads[0].detail, reads[1].detail
    released = [[obj["id"], obj["modified"]] for obj in served]
    assert sorted(i for i, _ in released) == sorted([GREEN, MALWARE])
    assert listing["released"] == _set_digest(released)
    assert listing["withheld"]["count"] == 1 and listing["redacted"]["count"] == 0
    assert listing["view"]["version"] == ex.storage.collection_version("intel")
    assert (listing["limit"], listing["after"]) == (100, None)
    assert by_id["endpoint"] == f"object:{RED}"
    assert by_id["released"] == _set_digest([])
    assert by_id["withheld"]["count"] == 1
    assert by_id["withheld"]["sha256"] != _set_digest([])["sha256"]


def test_new_objects_appear_after_a_write(ex: Exchange) -> None:
    assert len(ids(ex.get(OBJECTS, "fra"))) == 2
    new = indicator("indicator--44444444-4444-4444-8444-444444444444", V1, TLP_GREEN)
    assert ex.post(OBJECTS, {"objects": [new]}).status_code == 202
    assert new["id"] in ids(ex.get(OBJECTS, "fra"))


def test_filtering_can_be_switched_off_for_the_baseline(tmp_path: Path) -> None:
    exchange = make_exchange(tmp_path, filtering=False)
    assert sorted(ids(exchange.get(OBJECTS, "fra"))) == sorted([GREEN, RED, MALWARE])
    exchange.storage.close()


# ----------------------------------------------------------------------- filters


def test_version_filter(ex: Exchange) -> None:
    def versions(**params: str) -> list[str]:
        response = ex.get(OBJECTS, "fra", params={"match[id]": GREEN, **params})
        return [obj["modified"] for obj in response.json()["objects"]]

    assert versions() == [V2]  # default: last
    assert versions(**{"match[version]": "last"}) == [V2]
    assert versions(**{"match[version]": "first"}) == [V1]
    assert versions(**{"match[version]": "all"}) == [V1, V2]
    assert versions(**{"match[version]": "2024-01-01T00:00:00Z"}) == [V1]
    assert versions(**{"match[version]": f"first,{V2}"}) == [V1, V2]
    is_taxii_error(ex.get(OBJECTS, params={"match[version]": "newest"}), 400)


def test_type_id_spec_version_and_added_after(ex: Exchange) -> None:
    assert ids(ex.get(OBJECTS, params={"match[type]": "malware"})) == [MALWARE]
    both = ids(ex.get(OBJECTS, params={"match[id]": f"{MALWARE},{RED}"}))
    assert sorted(both) == sorted([MALWARE, RED])
    assert ex.get(OBJECTS, params={"match[spec_version]": "2.0"}).json() == {"more": False}
    assert len(ids(ex.get(OBJECTS, params={"match[spec_version]": "2.1"}))) == 3
    manifest = ex.get("/api/collections/intel/manifest/", params={"match[version]": "all"})
    first_added = manifest.json()["objects"][0]["date_added"]
    after = ids(ex.get(OBJECTS, params={"added_after": first_added, "match[version]": "all"}))
    assert GREEN in after and len(after) == 3  # the first GREEN version is excluded
    is_taxii_error(ex.get(OBJECTS, params={"added_after": "yesterday"}), 400)


def test_object_versions_and_manifest(ex: Exchange) -> None:
    versions = ex.get(f"{OBJECTS}{GREEN}/versions/", "fra")
    assert versions.json() == {"more": False, "versions": [V1, V2]}
    one = ex.get(f"{OBJECTS}{GREEN}/", "fra", params={"match[version]": "all"})
    assert [obj["modified"] for obj in one.json()["objects"]] == [V1, V2]
    manifest = ex.get("/api/collections/intel/manifest/", "fra").json()["objects"]
    assert [(r["id"], r["version"]) for r in manifest] == [(GREEN, V2), (MALWARE, V1)]
    assert {r["media_type"] for r in manifest} == {"application/stix+json;version=2.1"}


@pytest.mark.parametrize(
    "path", [OBJECTS, "/api/collections/intel/manifest/", f"{OBJECTS}{GREEN}/versions/"]
)
def test_date_added_headers_bracket_the_page(ex: Exchange, path: str) -> None:
    manifest = ex.get("/api/collections/intel/manifest/", params={"match[version]": "all"})
    added = [record["date_added"] for record in manifest.json()["objects"]]
    response = ex.get(path, params={"match[version]": "all"} if "versions" not in path else {})
    assert response.headers["X-TAXII-Date-Added-First"] in added
    assert (
        response.headers["X-TAXII-Date-Added-First"] <= response.headers["X-TAXII-Date-Added-Last"]
    )
    if path == OBJECTS:
        assert response.headers["X-TAXII-Date-Added-First"] == added[0]
        assert response.headers["X-TAXII-Date-Added-Last"] == added[-1]


def test_empty_result_has_no_date_headers(ex: Exchange) -> None:
    response = ex.get(OBJECTS, params={"match[type]": "campaign"})
    assert response.json() == {"more": False}
    assert "X-TAXII-Date-Added-First" not in response.headers


# -------------------------------------------------------------------- pagination


def walk(ex: Exchange, path: str, user: str, first: dict[str, str]) -> list[list[str]]:
    pages, params = [], dict(first)
    while True:
        body = ex.get(path, user, params=params).json()
        items = body.get("objects", body.get("versions", []))
        pages.append([o["id"] if isinstance(o, dict) else o for o in items])
        if not body["more"]:
            assert "next" not in body
            return pages
        # the same filters, next WITHOUT limit (medallion answers 500 to that)
        params = {k: v for k, v in first.items() if k != "limit"} | {"next": body["next"]}


def test_pagination_walks_every_released_object_once(ex: Exchange) -> None:
    pages = walk(ex, OBJECTS, "gbr", {"limit": "1", "match[version]": "all"})
    assert [len(page) for page in pages] == [1, 3]  # then the default limit (100)
    everything = ids(ex.get(OBJECTS, params={"match[version]": "all"}))
    assert [i for page in pages for i in page] == everything
    fra_pages = walk(ex, OBJECTS, "fra", {"limit": "1", "match[version]": "all"})
    assert fra_pages == [[GREEN], [GREEN, MALWARE]]


def test_next_keeps_the_limit_given_again(ex: Exchange) -> None:
    first = ex.get(OBJECTS, params={"limit": "2", "match[version]": "all"}).json()
    assert len(first["objects"]) == 2 and first["more"] is True
    second = ex.get(
        OBJECTS, params={"limit": "1", "match[version]": "all", "next": first["next"]}
    ).json()
    assert len(second["objects"]) == 1 and second["more"] is True


def test_manifest_and_versions_paginate(ex: Exchange) -> None:
    pages = walk(ex, f"{OBJECTS}{GREEN}/versions/", "fra", {"limit": "1"})
    assert pages == [[V1], [V2]]
    manifest = walk(ex, "/api/collections/intel/manifest/", "fra", {"limit": "1"})
    assert manifest == [[GREEN], [MALWARE]]


@pytest.mark.parametrize("limit", ["0", "-1", "ten", "1.5", "", "²"])
def test_invalid_limit_is_400(ex: Exchange, limit: str) -> None:
    assert is_taxii_error(ex.get(OBJECTS, params={"limit": limit}), 400)["title"] == (
        "Invalid limit"
    )


def test_limit_above_the_maximum_is_lowered(ex: Exchange) -> None:
    assert len(ids(ex.get(OBJECTS, params={"limit": "100000"}))) == 3


def first_token(ex: Exchange, user: str = "gbr", path: str = OBJECTS, **params: str) -> str:
    body = ex.get(path, user, params={"limit": "1", **params}).json()
    assert body["more"] is True
    return str(body["next"])


def test_token_replayed_by_another_user_is_400(ex: Exchange) -> None:
    token = first_token(ex)
    body = is_taxii_error(ex.get(OBJECTS, "fra", params={"next": token}), 400)
    assert body["title"] == "Invalid next token"


def test_token_replayed_on_another_collection_is_400(ex: Exchange) -> None:
    token = first_token(ex)
    is_taxii_error(ex.get("/api/collections/ukeyes/objects/", params={"next": token}), 400)


@pytest.mark.parametrize(
    "params",
    [
        {"match[type]": "malware"},
        {"match[version]": "all"},
        {"added_after": "2020-01-01T00:00:00Z"},
    ],
)
def test_token_with_other_filters_is_400(ex: Exchange, params: dict[str, str]) -> None:
    token = first_token(ex)
    is_taxii_error(ex.get(OBJECTS, params={"next": token, **params}), 400)


def test_token_on_another_endpoint_or_tampered_is_400(ex: Exchange) -> None:
    token = first_token(ex)
    is_taxii_error(ex.get("/api/collections/intel/manifest/", params={"next": token}), 400)
    payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["u"] = "fra"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    is_taxii_error(ex.get(OBJECTS, "fra", params={"next": f"{forged}.{signature}"}), 400)
    for junk in ("garbage", "a.b", "", "....", "%%%"):
        is_taxii_error(ex.get(OBJECTS, params={"next": junk}), 400)


def test_tokens_survive_a_restart(tmp_path: Path) -> None:
    exchange = make_exchange(tmp_path)
    token = first_token(exchange)
    restarted = TestClient(create_app(exchange.storage, clock=lambda: ON))
    response = restarted.get(OBJECTS, params={"next": token}, headers=exchange.auth("gbr"))
    assert response.status_code == 200 and len(response.json()["objects"]) == 2
    exchange.storage.close()


# ------------------------------------------------------------------- media types


@pytest.mark.parametrize(
    "accept",
    [
        None,
        TAXII,
        "application/taxii+json",
        "application/taxii+json; version=2.1",
        "*/*",
        "application/*",
        "text/html, application/taxii+json;q=0.5",
    ],
)
def test_accepted_media_types(ex: Exchange, accept: str | None) -> None:
    headers = {} if accept is None else {"Accept": accept}
    response = ex.get(OBJECTS, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == TAXII


@pytest.mark.parametrize(
    "accept",
    ["application/json", "application/taxii+json;version=2.0", "text/html", f"{TAXII};q=0"],
)
def test_other_accept_is_406(ex: Exchange, accept: str) -> None:
    is_taxii_error(ex.get(OBJECTS, headers={"Accept": accept}), 406)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/stix+json;version=2.1", "text/plain"]
)
def test_post_with_other_content_type_is_415(ex: Exchange, content_type: str) -> None:
    is_taxii_error(ex.post(OBJECTS, {"objects": []}, **{"Content-Type": content_type}), 415)


def test_post_accepts_taxii_content_type_without_version(ex: Exchange) -> None:
    new = indicator("indicator--55555555-5555-4555-8555-555555555555", V1, TLP_GREEN)
    response = ex.post(OBJECTS, {"objects": [new]}, **{"Content-Type": "application/taxii+json"})
    assert response.status_code == 202 and response.json()["success_count"] == 1


# -------------------------------------------------------------------------- auth


def test_missing_or_wrong_credentials_are_401(ex: Exchange) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Digest x"}):
        response = ex.client.get(OBJECTS, headers=headers)
        is_taxii_error(response, 401)
        assert "Bearer" in response.headers["WWW-Authenticate"]
    broken = {"Authorization": "Basic !!!not-base64"}
    is_taxii_error(ex.client.get("/taxii2/", headers=broken), 401)


def test_token_and_basic_schemes(ex: Exchange) -> None:
    key = ex.keys["fra"]
    token = ex.client.get(OBJECTS, headers={"Authorization": f"Token {key}"})
    basic = ex.client.get(OBJECTS, auth=("anyone", key))
    assert ids(token) == ids(basic) == ids(ex.get(OBJECTS, "fra"))


def test_reader_without_write_right_gets_403_on_post(ex: Exchange) -> None:
    is_taxii_error(ex.post(OBJECTS, {"objects": [MALWARE_OBJ]}, "fra"), 403)


# --------------------------------------------------------------- writes and status


def test_post_returns_a_status_only_its_poster_can_read(ex: Exchange) -> None:
    new = indicator("indicator--66666666-6666-4666-8666-666666666666", V1, TLP_GREEN)
    response = ex.post(OBJECTS, {"objects": [new, MALWARE_OBJ]})
    assert response.status_code == 202
    status = response.json()
    assert (status["status"], status["total_count"], status["success_count"]) == ("complete", 2, 2)
    again = ex.get(f"/api/status/{status['id']}/")
    assert again.status_code == 200 and again.json()["id"] == status["id"]
    is_taxii_error(ex.get(f"/api/status/{status['id']}/", "fra"), 404)
    is_taxii_error(ex.get("/api/status/00000000-0000-4000-8000-000000000000/"), 404)


def test_deep_and_huge_patterns_are_failures(ex: Exchange) -> None:
    deep = indicator("indicator--77777777-7777-4777-8777-777777777777", V1, TLP_GREEN)
    deep["pattern"] = "(" * (MAX_PATTERN_DEPTH + 1) + "[x:y = 1]" + ")" * (MAX_PATTERN_DEPTH + 1)
    huge = indicator("indicator--88888888-8888-4888-8888-888888888888", V1, TLP_GREEN)
    huge["pattern"] = "[x:y = '" + "a" * MAX_PATTERN_LENGTH + "']"
    quoted = indicator("indicator--99999999-9999-4999-8999-999999999998", V1, TLP_GREEN)
    quoted["pattern"] = "[file:name = '" + "(" * 100 + "']"  # brackets inside a string
    status = ex.post(OBJECTS, {"objects": [deep, huge, quoted]}).json()
    assert (status["success_count"], status["failure_count"]) == (1, 2)
    failed = {f["id"]: f["message"] for f in status["failures"]}
    assert "34 deep" in failed[deep["id"]]  # 33 parentheses and a bracket
    assert "characters long" in failed[huge["id"]]
    assert ids(ex.get(OBJECTS, params={"match[id]": quoted["id"]})) == [quoted["id"]]
    stored = ex.get(f"/api/status/{status['id']}/").json()
    assert stored["failure_count"] == 2 and len(stored["failures"]) == 2


def test_deeply_nested_json_object_is_a_failure(ex: Exchange) -> None:
    nested: Any = "x"
    for _ in range(100):
        nested = {"n": nested}
    obj = {**MALWARE_OBJ, "id": "malware--44444444-4444-4444-8444-444444444445", "x_deep": nested}
    status = ex.post(OBJECTS, {"objects": [obj]}).json()
    assert status["failure_count"] == 1 and "levels deep" in status["failures"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b'"objects"'],
)
def test_malformed_json_is_400(ex: Exchange, body: bytes) -> None:
    is_taxii_error(ex.post(OBJECTS, body), 400)


@pytest.mark.parametrize(
    "envelope",
    [[], {"objects": {}}, {"items": []}, {"objects": [1, 2]}, {"objects": ["indicator"]}],
)
def test_wrong_envelope_shape_is_400(ex: Exchange, envelope: Any) -> None:
    is_taxii_error(ex.post(OBJECTS, envelope), 400)


def test_body_larger_than_max_content_length_is_413(tmp_path: Path) -> None:
    exchange = make_exchange(tmp_path, max_content_length=1000)
    assert exchange.get("/api/").json()["max_content_length"] == 1000
    big = {"objects": [MALWARE_OBJ] * 10}
    is_taxii_error(exchange.post(OBJECTS, big), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts the bytes
        yield b'{"objects": ['
        for _ in range(20):
            yield json.dumps(MALWARE_OBJ).encode() + b","
        yield b"{}]}"

    streamed = exchange.client.post(
        OBJECTS, content=chunks(), headers={**exchange.auth("gbr"), "Content-Type": TAXII}
    )
    is_taxii_error(streamed, 413)
    writes = [e for e in exchange.storage.audit_entries() if e.action == "write"]
    assert len(writes) == 2  # the two seeding writes only
    exchange.storage.close()


def test_delete_of_a_collection_is_405_and_unknown_paths_404(ex: Exchange) -> None:
    is_taxii_error(ex.client.delete("/api/collections/intel/", headers=ex.auth("gbr")), 405)
    is_taxii_error(ex.get("/api/nowhere/"), 404)


def test_unexpected_errors_give_a_generic_500(ex: Exchange) -> None:
    app = create_app(ex.storage, clock=lambda: ON)
    app.state.taxii.storage = None  # every storage call now fails
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get("/api/collections/", headers=ex.auth("gbr"))
    body = is_taxii_error(response, 500)
    assert body["description"] == "The server failed; the error has been logged."
