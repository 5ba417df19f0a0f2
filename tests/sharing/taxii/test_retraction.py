"""Retraction (DELETE by the originating nation) and re-marking, on SQLite and PostgreSQL.

Issue 14: after the USA re-marked an object from TLP:GREEN to TLP:RED the other
nations still received the GREEN version as "last", and nothing could be
retracted (DELETE answered 405). Each test asserts the exact sets each nation
receives (``test_multi_writer``'s six-nation exchange).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from allied.sharing.store import verify_audit
from allied.sharing.taxii import TaxiiService

_spec = importlib.util.spec_from_file_location(
    "_multi_writer_tests", Path(__file__).parent / "test_multi_writer.py"
)
assert _spec is not None and _spec.loader is not None
_mw = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _mw  # dataclasses look their module up there
_spec.loader.exec_module(_mw)
Exchange, EVERYONE, NATIONS, ON = _mw.Exchange, _mw.EVERYONE, _mw.NATIONS, _mw.ON
TLP_GREEN, TLP_RED, V1, V2 = _mw.TLP_GREEN, _mw.TLP_RED, _mw.V1, _mw.V2
indicator, to, merge, key, at_once = _mw.indicator, _mw.to, _mw.merge, _mw.key, _mw.at_once
ex = _mw.ex  # the fixture

OBJECTS = "/api/collections/intel/objects/"


def delete(ex: Any, nation: str, object_id: str, **params: str) -> Any:
    return ex.client.delete(f"{OBJECTS}{object_id}/", params=params, headers=ex.headers(nation))


def answers(ex: Any, nation: str, object_id: str) -> dict[str, Any]:
    """What ``nation`` gets for one object from each endpoint that names it."""
    get = ex.client.get
    headers = ex.headers(nation)
    manifest = get("/api/collections/intel/manifest/", headers=headers).json()
    return {
        "object": get(f"{OBJECTS}{object_id}/", headers=headers).status_code,
        "versions": get(f"{OBJECTS}{object_id}/versions/", headers=headers).status_code,
        "last": [o["id"] for o in get(OBJECTS, headers=headers).json().get("objects", [])],
        "manifest": [(m["id"], m["version"]) for m in manifest.get("objects", [])],
    }


def audit_ok(ex: Any) -> None:
    report = verify_audit(ex.storage)
    assert report.ok, report.problem


def test_a_re_marking_from_green_to_red_withholds_every_version_from_others(ex: Any) -> None:
    green = indicator("remark", TLP_GREEN)
    red = indicator("remark", TLP_RED, modified=V2)
    ex.post("USA", [green])
    ex.assert_delivered(to(EVERYONE, green))
    ex.post("USA", [red])
    # before the fix: GBR and the others still received the GREEN version as "last"
    ex.assert_delivered(to({"USA"}, green, red))
    for nation in set(NATIONS) - {"USA"}:
        assert answers(ex, nation, green["id"]) == {
            "object": 404,
            "versions": 404,
            "last": [],
            "manifest": [],
        }
    assert answers(ex, "USA", green["id"])["manifest"] == [key(red)]


def test_what_is_built_on_a_re_marked_object_is_closed_like_any_withheld_one(ex: Any) -> None:
    """The USA's GREEN indicator, malware, relationship and report; the indicator is then
    re-marked RED: the others keep the malware, lose the relationship (its source is
    withheld) and the report (its only object reference is)."""
    green = indicator("built-on", TLP_GREEN)
    target = _mw.malware("built-target", TLP_GREEN)
    link = {
        **_mw.common("relationship", "built-rel", TLP_GREEN),
        "relationship_type": "indicates",
        "source_ref": green["id"],
        "target_ref": target["id"],
    }
    report = {
        **_mw.common("report", "built-report", TLP_GREEN),
        "name": "Campaign",
        "published": V1,
        "object_refs": [green["id"]],
    }
    ex.post("USA", [green, target, link, report])
    red = indicator("built-on", TLP_RED, modified=V2)
    ex.post("USA", [red])
    ex.assert_delivered(merge(to(EVERYONE, target), to({"USA"}, green, red, link, report)))


def test_a_re_marking_back_to_green_releases_the_versions_again(ex: Any) -> None:
    green, red = indicator("back", TLP_GREEN), indicator("back", TLP_RED, modified=V2)
    greener = indicator("back", TLP_GREEN, modified="2024-03-01T00:00:00.000Z")
    ex.post("USA", [green, red, greener])
    # the older RED version stays withheld on its own; the GREEN ones are released
    ex.assert_delivered(merge(to(EVERYONE, green, greener), to({"USA"}, red)))


def test_the_originator_deletes_an_object_for_everyone_and_the_audit_verifies(ex: Any) -> None:
    green = indicator("gone", TLP_GREEN)
    newer = indicator("gone", TLP_GREEN, modified=V2)
    kept = indicator("kept", TLP_GREEN)
    ex.post("USA", [green, newer, kept])
    response = delete(ex, "USA", green["id"])
    assert (response.status_code, response.json()) == (200, {})
    ex.assert_delivered(to(EVERYONE, kept))
    for nation in NATIONS:
        assert answers(ex, nation, green["id"])["object"] == 404
    deletions = [e for e in ex.storage.audit_entries() if e.action == "delete"]
    assert [(e.nation, e.detail["removed"]) for e in deletions] == [
        ("USA", [[green["id"], V1], [green["id"], V2]])
    ]
    audit_ok(ex)


def test_match_version_deletes_one_version_and_the_older_one_becomes_last(ex: Any) -> None:
    green, newer = indicator("one", TLP_GREEN), indicator("one", TLP_GREEN, modified=V2)
    ex.post("USA", [green, newer])
    last = {"match[version]": "last", "limit": "0"}  # limit means nothing to a DELETE
    assert delete(ex, "USA", green["id"], **last).status_code == 200
    ex.assert_delivered(to(EVERYONE, green))
    assert delete(ex, "USA", green["id"], **{"match[spec_version]": "2.0"}).status_code == 404
    ex.assert_delivered(to(EVERYONE, green))
    audit_ok(ex)


def test_deleting_the_red_version_releases_the_green_one_again(ex: Any) -> None:
    green, red = indicator("undo", TLP_GREEN), indicator("undo", TLP_RED, modified=V2)
    ex.post("USA", [green, red])
    ex.assert_delivered(to({"USA"}, green, red))
    assert delete(ex, "USA", red["id"], **{"match[version]": V2}).status_code == 200
    ex.assert_delivered(to(EVERYONE, green))


def test_another_nation_cannot_delete_and_changes_nothing(ex: Any) -> None:
    green, red = indicator("theirs", TLP_GREEN), indicator("secret", TLP_RED)
    ex.post("USA", [green, red])
    before = list(ex.storage.audit_entries())
    # GBR sees the GREEN object: 403; it cannot see the RED one: 404, as for no object
    assert delete(ex, "GBR", green["id"]).status_code == 403
    refused = delete(ex, "GBR", red["id"])
    unknown = delete(ex, "GBR", indicator("never", TLP_GREEN)["id"])
    assert refused.status_code == unknown.status_code == 404
    assert refused.json()["description"].replace(red["id"], "X") == unknown.json()[
        "description"
    ].replace(indicator("never", TLP_GREEN)["id"], "X")
    ex.assert_delivered(merge(to(EVERYONE, green), to({"USA"}, red)))
    assert [e for e in ex.storage.audit_entries() if e.action == "delete"] == []
    # every refusal is audited (who asked for which id, and the answer), nothing else changed
    entries = list(ex.storage.audit_entries())
    refusals = [
        (e.nation, e.detail["object_id"], e.detail["status"])
        for e in entries
        if e.action == "delete-refused"
    ]
    never = indicator("never", TLP_GREEN)["id"]
    assert refusals == [("GBR", green["id"], 403), ("GBR", red["id"], 404), ("GBR", never, 404)]
    assert [e for e in entries if e.action not in ("read", "delete-refused")] == [
        e for e in before if e.action != "read"
    ]
    audit_ok(ex)


def test_a_marking_definition_cannot_be_deleted(ex: Any) -> None:
    definition = _mw._helpers.definition("usa-def", "UNCLASSIFIED")
    ex.post("USA", [definition, indicator("uses", definition["id"])])
    assert delete(ex, "USA", definition["id"]).status_code == 403
    assert len(ex.storage.objects("intel", ids=[definition["id"]])) == 1


def test_an_unknown_id_answers_404_and_is_audited_as_refused(ex: Any) -> None:
    response = delete(ex, "USA", indicator("nothing", TLP_GREEN)["id"])
    assert response.status_code == 404
    assert [e for e in ex.storage.audit_entries() if e.action == "delete"] == []
    refused = [e for e in ex.storage.audit_entries() if e.action == "delete-refused"]
    assert [(e.user, e.detail["status"]) for e in refused] == [(refused[0].user, 404)]
    audit_ok(ex)


def test_a_refused_delete_of_an_odd_id_is_audited_without_a_500(ex: Any) -> None:
    odd = "indicator--\u017f\u200b\U0001f600" + "x" * 300
    assert delete(ex, "GBR", odd).status_code in (400, 404)
    refused = [e for e in ex.storage.audit_entries() if e.action == "delete-refused"]
    assert len(refused) <= 1 and all(len(e.detail["object_id"]) <= 200 for e in refused)
    audit_ok(ex)


def test_a_deleted_id_stays_owned_by_its_originator(ex: Any) -> None:
    green = indicator("reuse", TLP_GREEN)
    ex.post("USA", [green])
    assert delete(ex, "USA", green["id"]).status_code == 200
    hijack = indicator("reuse", TLP_GREEN, modified=V2)
    status = ex.post("GBR", [hijack])
    # answered like a new object's success (GBR may not learn the id existed), not stored
    assert (status["success_count"], status["failure_count"]) == (1, 0)
    upper = {**hijack, "id": hijack["id"].upper().replace("INDICATOR--", "indicator--")}
    ex.post("GBR", [upper])
    ex.assert_delivered({})
    again = indicator("reuse", TLP_GREEN, modified=V2)
    assert ex.post("USA", [again])["success_count"] == 1
    ex.assert_delivered(to(EVERYONE, again))
    audit_ok(ex)


def race_delete_and_post(ex: Any, service: TaxiiService, name: str) -> set[str]:
    """The USA posts a first version, then deletes the object while posting a newer one."""
    first = indicator(name, TLP_GREEN)
    newer = indicator(name, TLP_GREEN, modified=V2)
    ex.post("USA", [first])
    user = ex.storage.user_for_key(ex.keys["USA"])
    body = _mw.json.dumps({"objects": [newer]}).encode()
    at_once(
        lambda: service.delete_object(user, "intel", first["id"], []),
        lambda: service.add_objects(user, "intel", body),
    )
    stored = {o.version for o in ex.storage.objects("intel", ids=[first["id"]])}
    assert {v for i, v in ex.delivered("GBR") if i == first["id"]} == stored
    return stored


def test_concurrent_delete_and_post_of_one_id_leave_a_consistent_exchange(ex: Any) -> None:
    service = TaxiiService(ex.storage, clock=lambda: ON)
    for round_ in range(5):
        # the delete removes what it saw: V1 always, V2 too when the post came first
        assert race_delete_and_post(ex, service, f"race-{round_}") in (set(), {V2})
    audit_ok(ex)


def test_a_row_put_back_after_its_deletion_fails_audit_verify(ex: Any) -> None:
    green = indicator("back-in", TLP_GREEN)
    ex.post("USA", [green])
    row = ex.storage.objects("intel", ids=[green["id"]])[0]
    assert delete(ex, "USA", green["id"]).status_code == 200
    audit_ok(ex)
    with ex.storage._write() as conn:  # someone with database access restores it
        ex.storage._run(
            conn,
            "INSERT INTO objects (collection_id, id, type, version, spec_version, "
            "date_added_us, originator, added_by, object) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
            ("intel", row.id, row.type, row.version, "2.1", "USA", "usa", _mw.json.dumps(green)),
        )
    report = verify_audit(ex.storage)
    assert not report.ok
    assert "recorded by no write entry" in str(report.problem)


@pytest.mark.parametrize("nation", ["GBR", "USA"])
def test_a_reader_without_write_access_cannot_delete(ex: Any, nation: str) -> None:
    green = indicator("ro", TLP_GREEN)
    ex.post("USA", [green])
    key_ = ex.storage.add_user(f"ro-{nation}", nation=nation, clearance="TS")
    response = ex.client.delete(
        f"{OBJECTS}{green['id']}/",
        headers={"Authorization": f"Bearer {key_}", "Accept": _mw.TAXII},
    )
    assert response.status_code == 403
    ex.assert_delivered(to(EVERYONE, green))
