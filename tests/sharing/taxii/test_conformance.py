"""TAXII 2.1 conformance of ``allied sharing serve``, through ``taxii2-client`` and raw HTTP.

Each test runs against a live server on 127.0.0.1 over both storage backends
(``module_exchange`` in conftest.py). The rules checked come from the TAXII
2.1 OASIS Standard of 10 June 2021
(https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html): media types
with and without the version parameter, 406 and 415 ("Content Negotiation"),
``added_after`` and ``match[...]`` where ``match[version]`` defaults to
``last`` and accepts ``first``, ``last``, ``all`` or timestamps ("URL Query
Parameters"), results in ascending ``date_added`` order with ``limit``,
``more`` and ``next`` ("Pagination"), the X-TAXII-Date-Added-First/Last
headers (Get Objects), Add Objects answering 202 with a status resource, and
Get Object Versions. All objects here are TLP:CLEAR or TLP:GREEN, so every reader may see
them; releasability itself is checked in tests/e2e/test_coalition.py.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
TIMEOUT = 30.0
# TLP 2.0 marking ids, fixed by the OASIS TLP 2.0 extension (also in stix2 and OpenCTI).
TLP_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
NS = uuid.UUID("6f1c6d0e-6c0b-4d1b-9f43-3f0f2c3d8a11")


def _id(kind: str, name: str) -> str:
    return f"{kind}--{uuid.uuid5(NS, name)}"


IDENTITY: dict[str, Any] = {
    "type": "identity",
    "spec_version": "2.1",
    "id": _id("identity", "cert-usa"),
    "created": "2024-01-01T00:00:00.000Z",
    "modified": "2024-01-01T00:00:00.000Z",
    "name": "US CERT (test)",
    "identity_class": "organization",
    "object_marking_refs": [TLP_CLEAR],
}
INDICATORS: list[dict[str, Any]] = [
    {
        "type": "indicator",
        "spec_version": "2.1",
        "id": _id("indicator", f"ip-{i}"),
        "created": f"2024-01-01T00:{i:02d}:00.000Z",
        "modified": f"2024-01-01T00:{i:02d}:00.000Z",
        "created_by_ref": IDENTITY["id"],
        "name": f"C2 address {i}",
        "pattern": f"[ipv4-addr:value = '198.51.100.{i}']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
        "object_marking_refs": [TLP_GREEN],
    }
    for i in range(24)
]
MALWARE_ID = _id("malware", "sandworm-loader")
MALWARE: list[dict[str, Any]] = [
    {
        "type": "malware",
        "spec_version": "2.1",
        "id": MALWARE_ID,
        "created": "2024-01-01T00:00:00.000Z",
        "modified": f"2024-0{month}-01T00:00:00.000Z",
        "name": f"Loader v{month}",
        "is_family": True,
        "created_by_ref": IDENTITY["id"],
        "object_marking_refs": [TLP_GREEN],
    }
    for month in (1, 2, 3)
]
RELATIONSHIP: dict[str, Any] = {
    "type": "relationship",
    "spec_version": "2.1",
    "id": _id("relationship", "ip-0-indicates-loader"),
    "created": "2024-03-02T00:00:00.000Z",
    "modified": "2024-03-02T00:00:00.000Z",
    "relationship_type": "indicates",
    "source_ref": INDICATORS[0]["id"],
    "target_ref": MALWARE_ID,
    "object_marking_refs": [TLP_GREEN],
}
FIRST = [IDENTITY, *INDICATORS[:12], MALWARE[0]]
SECOND = [*INDICATORS[12:], MALWARE[1], MALWARE[2], RELATIONSHIP]
ALL_IDS = {o["id"] for o in FIRST + SECOND}  # 27 objects, 29 versions


def _envelope(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return {"objects": objects}


def _ids(envelope: dict[str, Any]) -> list[str]:
    return [o["id"] for o in envelope.get("objects", [])]


def _versions(envelope: dict[str, Any]) -> set[tuple[str, str]]:
    return {(o["id"], o["modified"]) for o in envelope.get("objects", [])}


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Seeded:
    """The module's exchange with both envelopes pushed into ``intel`` by the admin."""

    def __init__(self, exchange: Any, connect: Callable[[str], Any]) -> None:
        self.exchange = exchange
        self.server = exchange.server
        self.keys = exchange.keys
        self._connect = connect
        self.statuses = [
            self.collection("admin").add_objects(_envelope(e)) for e in (FIRST, SECOND)
        ]

    def conn(self, user: str) -> Any:
        return self._connect(self.keys[user])

    def api_root(self, user: str) -> ApiRoot:
        return ApiRoot(self.server.api, conn=self.conn(user))

    def collection(self, user: str, cid: str = "intel") -> Collection:
        return Collection(self.server.collection(cid), conn=self.conn(user))

    def get(self, path: str, *, user: str | None = "admin", **kwargs: Any) -> httpx.Response:
        headers = {"Accept": TAXII, **kwargs.pop("headers", {})}
        if user is not None:
            headers["Authorization"] = f"Bearer {self.keys[user]}"
        return httpx.get(self.server.url + path, headers=headers, timeout=TIMEOUT, **kwargs)

    def post(
        self, path: str, content: bytes, *, user: str = "admin", **headers: str
    ) -> httpx.Response:
        sent = {
            "Accept": TAXII,
            "Content-Type": TAXII,
            "Authorization": f"Bearer {self.keys[user]}",
        }
        sent.update(headers)
        return httpx.post(self.server.url + path, content=content, headers=sent, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def seeded(module_exchange: Any, taxii_connections: Callable[[str], Any]) -> Seeded:
    return Seeded(module_exchange, taxii_connections)


# --- through taxii2-client -------------------------------------------------------------


def test_discovery_lists_the_api_root(seeded: Seeded) -> None:
    server = Server(seeded.server.discovery, conn=seeded.conn("analyst"))
    assert server.title
    assert [root.url for root in server.api_roots] == [seeded.server.api]
    assert server.default is not None and server.default.url == seeded.server.api


def test_api_root_information(seeded: Seeded) -> None:
    root = seeded.api_root("analyst")
    assert root.title
    assert TAXII in root.versions
    assert root.max_content_length == 10 * 2**20


def test_collections_are_those_the_user_may_read(seeded: Seeded) -> None:
    seen = {
        user: {c.id: (c.can_read, c.can_write) for c in seeded.api_root(user).collections}
        for user in ("admin", "analyst", "outsider")
    }
    assert seen == {
        "admin": {"intel": (True, True), "other": (True, True)},
        "analyst": {"intel": (True, False)},
        "outsider": {"other": (True, True)},
    }
    intel = seeded.collection("analyst")
    assert (intel.id, intel.title, intel.description) == (
        "intel",
        "Coalition intelligence",
        "shared",
    )


def test_add_objects_answers_with_a_complete_status(seeded: Seeded) -> None:
    first, second = seeded.statuses
    assert (first.status, first.total_count, first.success_count, first.failure_count) == (
        "complete",
        14,
        14,
        0,
    )
    assert {s["id"] for s in first.successes} == {o["id"] for o in FIRST}
    assert (second.total_count, second.success_count, second.pending_count) == (15, 15, 0)
    again = seeded.api_root("admin").get_status(second.id)
    assert (again.id, again.status, again.success_count) == (second.id, "complete", 15)


def test_get_objects_returns_the_last_version_of_every_object(seeded: Seeded) -> None:
    envelope = seeded.collection("analyst").get_objects()
    assert sorted(_ids(envelope)) == sorted(ALL_IDS)
    malware = [o for o in envelope["objects"] if o["id"] == MALWARE_ID]
    assert malware == [MALWARE[2]]
    assert envelope.get("more", False) is False


def test_match_id_and_type(seeded: Seeded) -> None:
    intel = seeded.collection("analyst")
    wanted = [INDICATORS[3]["id"], RELATIONSHIP["id"]]
    assert sorted(_ids(intel.get_objects(id=wanted))) == sorted(wanted)
    by_type = intel.get_objects(type=["malware", "relationship"])
    assert _versions(by_type) == {
        (MALWARE_ID, MALWARE[2]["modified"]),
        (RELATIONSHIP["id"], RELATIONSHIP["modified"]),
    }
    assert intel.get_objects(type="campaign").get("objects", []) == []


@pytest.mark.parametrize(
    ("version", "months"),
    [("first", (1,)), ("last", (3,)), ("all", (1, 2, 3)), ("2024-02-01T00:00:00.000Z", (2,))],
)
def test_match_version(seeded: Seeded, version: str, months: tuple[int, ...]) -> None:
    envelope = seeded.collection("analyst").get_objects(id=MALWARE_ID, version=version)
    assert sorted(o["modified"] for o in envelope["objects"]) == [
        f"2024-0{m}-01T00:00:00.000Z" for m in months
    ]


def test_match_spec_version(seeded: Seeded) -> None:
    intel = seeded.collection("analyst")
    assert sorted(_ids(intel.get_objects(spec_version="2.1"))) == sorted(ALL_IDS)
    assert intel.get_objects(spec_version="2.0").get("objects", []) == []


def test_added_after_against_the_manifest(seeded: Seeded) -> None:
    intel = seeded.collection("analyst")
    records = intel.get_manifest(version="all")["objects"]
    assert len(records) == 29
    stamps = [_stamp(r["date_added"]) for r in records]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    for cut in (0, 13, 27):  # inside the first envelope, at the boundary, near the end
        after = records[cut]["date_added"]
        expected = {(r["id"], r["version"]) for r in records[cut + 1 :]}
        got = intel.get_objects(added_after=after, version="all")
        assert _versions(got) == expected


def test_paging_with_as_pages_walks_everything_once(seeded: Seeded) -> None:
    intel = seeded.collection("analyst")
    everything = _ids(intel.get_objects())
    pages = list(as_pages(intel.get_objects, per_request=5))
    assert len(pages) == math.ceil(27 / 5)
    assert [len(p["objects"]) for p in pages] == [5, 5, 5, 5, 5, 2]
    assert [i for p in pages for i in _ids(p)] == everything
    assert [p.get("more", False) for p in pages] == [True] * 5 + [False]
    manifest = list(as_pages(intel.get_manifest, per_request=10, version="all"))
    assert [len(p["objects"]) for p in manifest] == [10, 10, 9]


def test_object_by_id_and_its_versions(seeded: Seeded) -> None:
    intel = seeded.collection("analyst")
    assert intel.get_object(MALWARE_ID)["objects"] == [MALWARE[2]]
    assert len(intel.get_object(MALWARE_ID, version="all")["objects"]) == 3
    versions = intel.object_versions(MALWARE_ID)
    assert versions["versions"] == [m["modified"] for m in MALWARE]
    assert versions.get("more", False) is False


def test_manifest_records(seeded: Seeded) -> None:
    records = seeded.collection("analyst").get_manifest(id=MALWARE_ID, version="all")["objects"]
    assert [r["version"] for r in records] == [m["modified"] for m in MALWARE]
    assert {r["id"] for r in records} == {MALWARE_ID}
    assert {r["media_type"] for r in records} == {STIX}
    assert all(_stamp(r["date_added"]).tzinfo == UTC for r in records)


# --- raw HTTP: media types, headers and error codes ------------------------------------

OBJECTS = "/api/collections/intel/objects/"


def test_date_added_headers(seeded: Seeded) -> None:
    response = seeded.get(OBJECTS, params={"match[version]": "all"})
    assert response.status_code == 200
    records = seeded.collection("analyst").get_manifest(version="all")["objects"]
    assert _stamp(response.headers["X-TAXII-Date-Added-First"]) == _stamp(records[0]["date_added"])
    assert _stamp(response.headers["X-TAXII-Date-Added-Last"]) == _stamp(records[-1]["date_added"])


@pytest.mark.parametrize(
    "accept",
    [TAXII, "application/taxii+json", "application/taxii+json; version=2.1"],
)
def test_accepted_media_types(seeded: Seeded, accept: str) -> None:
    response = seeded.get(OBJECTS, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].replace(" ", "") == TAXII
    assert sorted(_ids(response.json())) == sorted(ALL_IDS)


@pytest.mark.parametrize("accept", ["application/xml", "application/taxii+json;version=2.0"])
def test_unacceptable_media_type_is_406(seeded: Seeded, accept: str) -> None:
    assert seeded.get(OBJECTS, headers={"Accept": accept}).status_code == 406


def test_wrong_content_type_is_415(seeded: Seeded) -> None:
    body = b'{"objects": []}'
    response = seeded.post(
        "/api/collections/other/objects/", body, **{"Content-Type": "application/json"}
    )
    assert response.status_code == 415


def test_no_or_bad_credentials_is_401(seeded: Seeded) -> None:
    assert seeded.get(OBJECTS, user=None).status_code == 401
    bad = seeded.get(OBJECTS, user=None, headers={"Authorization": "Bearer not-a-key"})
    assert bad.status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "Basic"])
def test_every_documented_auth_scheme(seeded: Seeded, scheme: str) -> None:
    key = seeded.keys["analyst"]
    if scheme == "Basic":
        response = httpx.get(
            seeded.server.url + OBJECTS,
            headers={"Accept": TAXII},
            auth=("analyst", key),
            timeout=TIMEOUT,
        )
    else:
        response = seeded.get(OBJECTS, user=None, headers={"Authorization": f"{scheme} {key}"})
    assert response.status_code == 200


def test_read_only_user_cannot_post(seeded: Seeded) -> None:
    body = httpx.Request("POST", "/", json=_envelope([INDICATORS[0]])).content
    assert seeded.post(OBJECTS, body, user="analyst").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/collections/intel/",
        OBJECTS,
        f"{OBJECTS}{MALWARE_ID}/",
        f"{OBJECTS}{MALWARE_ID}/versions/",
        "/api/collections/intel/manifest/",
        "/api/collections/no-such-collection/objects/",
    ],
)
def test_invisible_or_missing_collection_is_404(seeded: Seeded, path: str) -> None:
    assert seeded.get(path, user="outsider").status_code == 404


def test_invisible_collection_post_is_404(seeded: Seeded) -> None:
    body = httpx.Request("POST", "/", json=_envelope([INDICATORS[0]])).content
    assert seeded.post(OBJECTS, body, user="outsider").status_code == 404


def test_missing_object_and_status_are_404(seeded: Seeded) -> None:
    assert seeded.get(f"{OBJECTS}{_id('indicator', 'never-added')}/").status_code == 404
    assert seeded.get(f"/api/status/{uuid.uuid4()}/").status_code == 404


def test_oversized_body_is_413(seeded: Seeded) -> None:
    body = b'{"objects": [' + b" " * (10 * 2**20) + b"]}"
    assert seeded.post("/api/collections/other/objects/", body).status_code == 413


def test_next_without_limit_continues_the_listing(seeded: Seeded) -> None:
    everything = _ids(seeded.collection("analyst").get_objects())
    first = seeded.get(OBJECTS, params={"limit": 5}).json()
    assert first["more"] is True and _ids(first) == everything[:5]
    rest = seeded.get(OBJECTS, params={"next": first["next"]})
    assert rest.status_code == 200, rest.text
    assert _ids(rest.json())[:5] == everything[5:10]


@pytest.mark.parametrize(
    "params", [{"next": "garbage"}, {"limit": "x"}, {"added_after": "yesterday"}]
)
def test_bad_query_parameters_are_400(seeded: Seeded, params: dict[str, str]) -> None:
    assert seeded.get(OBJECTS, params=params).status_code == 400


def test_post_then_status_through_raw_http(seeded: Seeded) -> None:
    new = {**INDICATORS[0], "id": _id("indicator", "raw-post"), "name": "posted raw"}
    body = httpx.Request("POST", "/", json=_envelope([new])).content
    response = seeded.post("/api/collections/other/objects/", body)
    assert response.status_code == 202
    assert response.headers["Content-Type"].replace(" ", "") == TAXII
    status = response.json()
    assert (status["status"], status["total_count"], status["success_count"]) == ("complete", 1, 1)
    again = seeded.get(f"/api/status/{status['id']}/")
    assert again.status_code == 200 and again.json()["id"] == status["id"]
    got = seeded.get(f"/api/collections/other/objects/{new['id']}/").json()
    assert got["objects"] == [new]
