"""STIX 2.1 bundle filtering (``allied.sharing.stix``): withheld, redacted and dropped objects.

The fixtures in ``fixtures/`` are hand-written bundles: ``filter_coalition.json``
(US-originated reporting on a malware family with TLP 1.0 and 2.0, ISA ACS 3.0
and statement markings, object and granular) and ``filter_refused_marking.json`` (a
marking definition under the TLP 1.0 RED id that declares itself WHITE).
Every filtered output is checked with stix2-validator.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import allied.sharing.stix._filter as filtering
from allied._results import Result
from allied.errors import InputError
from allied.sharing.policy import Recipient, SharingPolicy
from allied.sharing.stix import FilterResult, filter_bundle, filter_objects, validate_stix

FIXTURES = Path(__file__).parents[1] / "fixtures"
ON = date(2024, 6, 1)

# marking definitions
W1 = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"  # TLP 1.0 WHITE
G1 = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"  # TLP 1.0 GREEN
A1 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"  # TLP 1.0 AMBER
R1 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"  # TLP 1.0 RED
C2 = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"  # TLP 2.0 CLEAR
G2 = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"  # TLP 2.0 GREEN
A2 = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"  # TLP 2.0 AMBER
S2 = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"  # TLP 2.0 AMBER+STRICT
R2 = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"  # TLP 2.0 RED
ISA_REL = "marking-definition--2d87a646-76d7-40f6-9914-8d463544334f"  # S, REL TO USA, GBR
ISA_NF = "marking-definition--cbf5c9a8-b562-4d50-bac6-bd1fed6db306"  # S, NOFORN
STMT = "marking-definition--611b5980-5dfe-48d0-9591-727aa844a54d"  # copyright statement

# objects of the coalition bundle
ID_USA = "identity--ff1ee579-5d6f-4edd-a9f5-566cd0a8d5e5"
ID_SENSOR = "identity--b3f59d3c-32d8-4cea-b6e1-50c7c03d67d4"
IND = "indicator--28c46e86-78c1-42ad-9888-349346765091"
IND2 = "indicator--188b7575-9376-4a3a-b134-29d3ff9e9795"
IND3 = "indicator--1df85fe4-f9a2-44ea-b9d9-d122b59c8fa6"
MAL = "malware--79c03508-92c4-4920-a892-9cc8bbd24cc3"
AP = "attack-pattern--423b51aa-0070-4125-b3d7-e65acc31495d"
INTR = "intrusion-set--41479943-0ca8-4dfd-ab96-1617d6d8e5c8"
REL_IND_MAL = "relationship--8292e29b-f263-48b5-a9ff-750288b97fee"
REL_MAL_AP = "relationship--5c7d048c-46dc-4493-a612-04de2a1b9059"
REL_MAL_INTR = "relationship--fb03f1cf-9e49-4baa-8767-34fe03ec6b4b"
SIGHT1 = "sighting--11ec55f2-3e5d-47e8-a3da-33dc408fc236"
SIGHT2 = "sighting--574f0fff-3404-48b8-90cb-db2869bd522f"
REP = "report--5afb4096-6d69-49b0-9bd9-7e14a1286641"
REP2 = "report--09d36cd8-18b6-455d-89d5-0a3b0452e26e"
NOTE = "note--789205db-d326-467d-80cb-e8fff6194f68"
OPINION = "opinion--6ee1dadb-3bfe-4d98-94d9-6e834237074a"
GROUPING = "grouping--5d50d7bb-fa01-4d77-8668-1646f46a720d"

T = "2024-03-01T09:00:00.000Z"
IND_V2 = "2024-04-12T16:30:00.000Z"
RECIPIENTS = {
    "USA-TS": Recipient("USA", "TS"),
    "GBR-S": Recipient("GBR", "S"),
    "FRA-S": Recipient("FRA", "S"),
    "GBR-U": Recipient("GBR", "U"),
}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


@pytest.fixture(scope="module")
def coalition() -> dict[str, Any]:
    return load("filter_coalition")


def by_id(result: FilterResult) -> dict[str, dict[str, Any]]:
    return {obj["id"]: obj for obj in result.objects}


def original(bundle: dict[str, Any], object_id: str, version: str = T) -> dict[str, Any]:
    for obj in bundle["objects"]:
        if obj["id"] == object_id and obj.get("modified", obj.get("created")) == version:
            return copy.deepcopy(obj)
    raise KeyError(object_id)


def gbr(bundle: dict[str, Any], **kwargs: Any) -> FilterResult:
    return filter_bundle(bundle, Recipient("GBR", "S"), on=ON, originator="USA", **kwargs)


# ------------------------------------------------------------------ whole bundles


def test_gbr_receives_exactly_these_versions(coalition: dict[str, Any]) -> None:
    result = gbr(coalition)
    assert result.released == (
        (W1, "2017-01-20T00:00:00.000Z"),
        (G1, "2017-01-20T00:00:00.000Z"),
        (A1, "2017-01-20T00:00:00.000Z"),
        (C2, "2022-10-01T00:00:00.000Z"),
        (G2, "2022-10-01T00:00:00.000Z"),
        (A2, "2022-10-01T00:00:00.000Z"),
        (ISA_REL, "2024-02-27T14:00:00.000Z"),
        (ID_USA, T),
        (IND, T),
        (IND2, T),
        (MAL, T),
        (AP, T),
        (REL_IND_MAL, T),
        (REL_MAL_AP, T),
        (SIGHT1, T),
        (REP, T),
        (OPINION, T),
    )
    assert [obj["id"] for obj in result.objects] == [key[0] for key in result.released]
    assert len(result.released) + len(result.withheld) == len(coalition["objects"])


def test_gbr_withheld_reasons(coalition: dict[str, Any]) -> None:
    withheld = gbr(coalition).withheld
    assert withheld[(ID_SENSOR, T)] == ("TLP:AMBER+STRICT: only within the originator nation USA",)
    assert withheld[(INTR, T)] == ("NOFORN: only within the originator nation USA",)
    assert withheld[(IND3, T)] == (
        "required property 'pattern' is redacted",
        "NOFORN: only within the originator nation USA",
    )
    assert withheld[(REL_MAL_INTR, T)] == (f"target_ref references withheld object {INTR}",)
    assert withheld[(SIGHT2, T)] == (f"where_sighted_refs references withheld object {ID_SENSOR}",)
    only_withheld = ("required property 'object_refs' references only withheld objects",)
    # a chain: the relationship goes, then the report that held only it, then the note on it
    assert withheld[(REP2, T)] == only_withheld
    assert withheld[(NOTE, T)] == only_withheld
    assert withheld[(GROUPING, T)] == only_withheld
    unused = ("marking definition is not used by any released object",)
    for ref in (R1, S2, R2, ISA_NF, STMT):
        assert next(v for k, v in withheld.items() if k[0] == ref) == unused


def test_the_originator_nation_sees_everything_but_statements(coalition: dict[str, Any]) -> None:
    result = filter_bundle(coalition, Recipient("USA", "TS"), on=ON, originator="USA")
    assert set(result.withheld) == {
        (R1, "2017-01-20T00:00:00.000Z"),
        (STMT, "2024-01-05T00:00:00.000Z"),
    }
    # a statement marking is free text: withheld by the default policy, even at home
    assert result.redacted == {(MAL, T): ("external_references.[1].description",)}


def test_policy_that_reads_statements_as_terms_of_use(coalition: dict[str, Any]) -> None:
    policy = SharingPolicy.from_catalog(statements_restrict=False)
    result = filter_bundle(
        coalition, Recipient("USA", "TS"), on=ON, originator="USA", policy=policy
    )
    assert by_id(result)[MAL] == original(coalition, MAL)
    assert result.redacted == {}
    assert (STMT, "2024-01-05T00:00:00.000Z") in result.released


@pytest.mark.parametrize("who", sorted(RECIPIENTS))
def test_filtered_fixture_passes_stix2_validator(coalition: dict[str, Any], who: str) -> None:
    result = filter_bundle(coalition, RECIPIENTS[who], on=ON, originator="USA")
    assert result.objects
    assert validate_stix(result.bundle()) == []


@pytest.mark.parametrize("who", sorted(RECIPIENTS))
def test_filtered_refused_fixture_passes_stix2_validator(who: str) -> None:
    bundle = load("filter_refused_marking")
    assert validate_stix(bundle) != []  # the input itself is invalid: its TLP id lies
    result = filter_bundle(bundle, RECIPIENTS[who], on=ON, originator="USA")
    assert validate_stix(result.bundle()) == []


# ------------------------------------------------------------------ redaction


def test_granular_redaction_of_fields_list_items_and_nested_fields(
    coalition: dict[str, Any],
) -> None:
    malware = by_id(gbr(coalition))[MAL]
    expected = original(coalition, MAL)
    expected["labels"] = ["espionage", "logistics"]  # labels.[1] is TLP:RED
    del expected["external_references"][0]["url"]  # AMBER+STRICT
    del expected["external_references"][1]["description"]  # statement
    expected["granular_markings"] = [{"marking_ref": ISA_REL, "selectors": ["description"]}]
    assert malware == expected
    assert gbr(coalition).redacted[(MAL, T)] == (
        "external_references.[0].url",
        "external_references.[1].description",
        "labels.[1]",
    )


def test_rel_to_redacts_for_a_nation_outside_the_list(coalition: dict[str, Any]) -> None:
    result = filter_bundle(coalition, Recipient("FRA", "S"), on=ON, originator="USA")
    malware = by_id(result)[MAL]
    assert "description" not in malware
    assert "granular_markings" not in malware
    assert result.redacted[(IND2, T)] == ("description", "created_by_ref")


def test_list_item_losing_a_required_part_goes_whole(coalition: dict[str, Any]) -> None:
    # the capec reference needs its external_id; without it the item, then the
    # emptied list, go
    pattern = by_id(gbr(coalition))[AP]
    expected = original(coalition, AP)
    del expected["external_references"]
    del expected["granular_markings"]
    assert pattern == expected
    assert gbr(coalition).redacted[(AP, T)] == ("external_references",)


def test_required_property_under_a_denying_marking_withholds(coalition: dict[str, Any]) -> None:
    assert (IND3, T) in gbr(coalition).withheld
    usa = filter_bundle(coalition, Recipient("USA", "S"), on=ON, originator="USA")
    assert by_id(usa)[IND3] == original(coalition, IND3)


def _malware(**extra: Any) -> dict[str, Any]:
    return {
        "type": "malware",
        "spec_version": "2.1",
        "id": "malware--0c5e7a3f-5b0e-4d41-9a43-4f3e2b8a9d10",
        "created": T,
        "modified": T,
        "name": "REEFWALKER",
        "is_family": True,
        "object_marking_refs": [G2],
        **extra,
    }


def test_selectors_after_a_removed_list_item_are_reindexed() -> None:
    malware = _malware(
        labels=["a", "b", "c", "d"],
        granular_markings=[
            {"marking_ref": R2, "selectors": ["labels.[1]"]},
            {"marking_ref": A2, "selectors": ["labels.[3]", "labels.[0]"]},
        ],
    )
    result = filter_objects([malware], Recipient("GBR", "S"), on=ON, originators="USA")
    (out,) = result.objects
    assert out["labels"] == ["a", "c", "d"]
    assert out["granular_markings"] == [
        {"marking_ref": A2, "selectors": ["labels.[2]", "labels.[0]"]}
    ]
    assert validate_stix(list(result.objects)) == []


def test_name_of_a_malware_family_is_required() -> None:
    # STIX 2.1 section 4.11: name is required when is_family is true
    family = _malware(granular_markings=[{"marking_ref": R2, "selectors": ["name"]}])
    result = filter_objects([family], Recipient("GBR", "S"), on=ON, originators="USA")
    assert result.objects == ()
    assert result.withheld[(family["id"], T)][0] == "required property 'name' is redacted"
    instance = dict(family, is_family=False)
    result = filter_objects([instance], Recipient("GBR", "S"), on=ON, originators="USA")
    assert "name" not in result.objects[0]


def test_marking_ancestors_combine_with_the_marked_content() -> None:
    # REL TO USA, GBR on the list and REL TO ... on one item: the item gets both
    malware = _malware(
        external_references=[{"source_name": "a", "url": "https://a.example/"}],
        granular_markings=[
            {"marking_ref": ISA_REL, "selectors": ["external_references"]},
            {"marking_ref": A2, "selectors": ["external_references.[0].url"]},
        ],
    )
    definitions = {ISA_REL: original(load("filter_coalition"), ISA_REL, "2024-02-27T14:00:00.000Z")}
    for nation, kept in (("GBR", True), ("FRA", False)):
        result = filter_objects(
            [malware], Recipient(nation, "S"), on=ON, originators="USA", definitions=definitions
        )
        assert ("external_references" in result.objects[0]) is kept


def test_selector_that_selects_nothing_withholds() -> None:
    malware = _malware(granular_markings=[{"marking_ref": G2, "selectors": ["labels.[4]"]}])
    result = filter_objects([malware], Recipient("USA", "S"), on=ON, originators="USA")
    assert result.withheld[(malware["id"], T)] == (
        "granular marking selector 'labels.[4]' selects no content of the object",
    )


def test_denied_marking_on_the_markings_themselves_withholds() -> None:
    malware = _malware(
        granular_markings=[{"marking_ref": R2, "selectors": ["object_marking_refs"]}]
    )
    result = filter_objects([malware], Recipient("GBR", "S"), on=ON, originators="USA")
    assert result.withheld[(malware["id"], T)][0] == (
        "granular marking on 'object_marking_refs' denies and it cannot be removed"
    )


def test_malformed_granular_markings_withhold() -> None:
    malware = _malware(granular_markings=[{"marking_ref": G2}])
    result = filter_objects([malware], Recipient("USA", "S"), on=ON, originators="USA")
    assert result.objects == ()


# ------------------------------------------------------------------ references


def test_optional_reference_to_a_withheld_identity_is_dropped(coalition: dict[str, Any]) -> None:
    indicator = by_id(gbr(coalition))[IND2]
    expected = original(coalition, IND2)
    del expected["created_by_ref"]
    assert indicator == expected


def test_withheld_ids_leave_reference_lists(coalition: dict[str, Any]) -> None:
    result = by_id(gbr(coalition))
    assert result[REP]["object_refs"] == [IND, MAL, AP, REL_IND_MAL, REL_MAL_AP]
    assert result[OPINION]["object_refs"] == [REP]
    assert result[SIGHT1] == original(coalition, SIGHT1)


def test_references_to_absent_objects_are_left_alone() -> None:
    elsewhere = "identity--5b1bde0e-0bc5-46c6-9b4e-0f1a3b2d9e77"
    malware = _malware(created_by_ref=elsewhere)
    result = filter_objects([malware], Recipient("GBR", "S"), on=ON, originators="USA")
    assert result.objects[0]["created_by_ref"] == elsewhere


def test_a_released_version_keeps_the_id_referable(coalition: dict[str, Any]) -> None:
    # version 2 of the indicator is NOFORN, version 1 is GREEN: relationships to it stay
    result = gbr(coalition)
    assert (IND, IND_V2) in result.withheld
    assert (IND, T) in result.released
    assert (REL_IND_MAL, T) in result.released


# ------------------------------------------------------------------ versions


def test_each_version_is_decided_on_its_own(coalition: dict[str, Any]) -> None:
    result = gbr(coalition)
    assert result.withheld[(IND, IND_V2)] == ("NOFORN: only within the originator nation USA",)
    assert [obj["modified"] for obj in result.objects if obj["id"] == IND] == [T]
    usa = filter_bundle(coalition, Recipient("USA", "S"), on=ON, originator="USA")
    assert [obj["modified"] for obj in usa.objects if obj["id"] == IND] == [T, IND_V2]


def test_originators_per_object() -> None:
    strict = _malware(object_marking_refs=[S2])
    for nation, released in (("GBR", True), ("USA", False)):
        result = filter_objects(
            [strict], Recipient(nation, "U"), on=ON, originators={strict["id"]: "GBR"}
        )
        assert bool(result.objects) is released
    unknown = filter_objects([strict], Recipient("GBR", "U"), on=ON)
    assert unknown.withheld[(strict["id"], T)] == (
        "TLP:AMBER+STRICT: only within the originator nation, which is not given",
    )


# ------------------------------------------------------------------ marking definitions


def test_refused_marking_definition_withholds_what_uses_it() -> None:
    bundle = load("filter_refused_marking")
    liar, green, indicator, malware, relationship = bundle["objects"]
    result = filter_bundle(bundle, Recipient("USA", "TS"), on=ON, originator="USA")
    refused = result.withheld[(indicator["id"], T)]
    assert len(refused) == 1
    assert refused[0].startswith(f"marking definition {R1} is refused: ")
    assert "TLP:RED" in refused[0]
    assert (
        result.withheld[(liar["id"], "2017-01-20T00:00:00.000Z")]
        == (result.withheld[(indicator["id"], T)])
    )
    # a granular marking by the refused definition takes its content away
    expected = copy.deepcopy(malware)
    del expected["description"]
    del expected["granular_markings"]
    assert result.objects == (green, expected)
    assert result.withheld[(relationship["id"], T)] == (
        f"source_ref references withheld object {indicator['id']}",
    )


def test_marking_definition_with_denying_markings_withholds_its_users() -> None:
    definition = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": "marking-definition--9d5c1e40-3c0d-4f0a-8c5e-7b1f6a2d3e4f",
        "created": "2024-01-05T00:00:00.000Z",
        "definition_type": "statement",
        "definition": {"statement": "SECRET//REL TO USA, GBR"},
        "object_marking_refs": [S2],
    }
    malware = _malware(object_marking_refs=[definition["id"]])
    home = filter_objects([definition, malware], Recipient("USA", "S"), on=ON, originators="USA")
    assert home.objects == (definition, malware)
    away = filter_objects([definition, malware], Recipient("GBR", "S"), on=ON, originators="USA")
    assert away.objects == ()
    assert away.withheld[(malware["id"], T)][0].startswith(
        f"marking definition {definition['id']} is withheld: TLP:AMBER+STRICT"
    )


def test_unmarked_objects_are_withheld_by_default() -> None:
    unmarked = _malware()
    del unmarked["object_marking_refs"]
    result = filter_objects([unmarked], Recipient("USA", "TS"), on=ON, originators="USA")
    assert result.withheld[(unmarked["id"], T)] == (
        "unmarked: no markings, and the policy does not release unmarked items",
    )


# ------------------------------------------------------------------ memo, input, result


def test_decisions_are_memoised_per_marking_set(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = filtering.decide

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(filtering, "decide", counting)
    objects = [
        _malware(
            id=f"malware--{index:08d}-0000-4000-8000-000000000000",
            object_marking_refs=[(G2, A2, S2)[index % 3]],
            description="d",
            granular_markings=[{"marking_ref": R2, "selectors": ["description"]}],
        )
        for index in range(300)
    ]
    result = filter_objects(objects, Recipient("GBR", "S"), on=ON, originators="USA")
    # three object marking sets, and each with RED for the description
    assert len(calls) == 5  # G2, A2, S2, G2+R2, A2+R2 (S2 objects are withheld whole)
    assert len(result.objects) == 200


def test_result_bundle_is_a_stix_bundle(coalition: dict[str, Any]) -> None:
    result = gbr(coalition)
    bundle = result.bundle()
    assert bundle["type"] == "bundle"
    assert bundle["id"].startswith("bundle--")
    assert bundle["objects"] == list(result.objects)
    assert bundle["id"] != result.bundle()["id"]


def test_filtering_does_not_change_the_input(coalition: dict[str, Any]) -> None:
    before = copy.deepcopy(coalition)
    gbr(coalition)
    assert coalition == before


@pytest.mark.parametrize(
    ("objects", "where"),
    [
        ("not a list", "objects"),
        ({"type": "malware"}, "objects"),
        ([["malware"]], "objects[0]"),
        ([{"type": "malware"}], "objects[0]"),
        ([{"type": "malware", "id": "indicator--1"}], "objects[0].id"),
        ([_malware(), _malware()], "objects[1]"),
    ],
)
def test_bad_objects_are_input_errors(objects: Any, where: str) -> None:
    with pytest.raises(InputError) as caught:
        filter_objects(objects, Recipient("GBR"), on=ON)
    assert caught.value.where == where
    assert caught.value.fix


def test_bad_bundle_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a STIX bundle"):
        filter_bundle({"type": "report"}, Recipient("GBR"), on=ON)
    with pytest.raises(InputError) as caught:
        filter_bundle({"type": "bundle", "objects": [1]}, Recipient("GBR"), on=ON)
    assert caught.value.where == "bundle.objects[0]"


def test_validate_stix_reports_errors() -> None:
    broken = _malware()
    del broken["is_family"]
    for errors in (validate_stix(broken), validate_stix([broken])):
        assert f"{broken['id']}: 'is_family' is a required property" in errors
        assert all(error.startswith(f"{broken['id']}: ") for error in errors)
    assert validate_stix([_malware()]) == []
    assert validate_stix({"type": "malware"}) == [
        "(no id): Input must be an object with 'id' and 'type' properties."
    ]


def _schema_required(path: Path) -> set[str]:
    schema = json.loads(path.read_text())
    required: set[str] = set()
    for part in [schema, *schema.get("allOf", [])]:
        required |= set(part.get("required", []))
        for choice in ("oneOf", "anyOf"):  # required in every branch
            branches = [set(branch.get("required", [])) for branch in part.get(choice, [])]
            if branches:
                required |= set.intersection(*branches)
    return required


def test_required_table_matches_the_oasis_schemas() -> None:
    # SDOs, SROs and SCOs against the OASIS cti-stix2-json-schemas in stix2-validator
    import stix2validator

    from allied.sharing.stix import REQUIRED, SCO_TYPES

    root = Path(stix2validator.__file__).parent / "schemas-2.1" / "schemas"
    checked = []
    for kind, required in REQUIRED.items():
        if kind in SCO_TYPES:
            path, common = root / "observables" / f"{kind}.json", {"id", "type"}
        else:
            path = root / "sdos" / f"{kind}.json"
            path = path if path.exists() else root / "sros" / f"{kind}.json"
            common = {"id", "type", "spec_version", "created", "modified"}
        if path.exists():
            assert set(required) - common == _schema_required(path), kind
            assert common <= set(required), kind
            checked.append(kind)
    assert len(checked) == 33
    assert set(REQUIRED) - set(checked) == {
        "marking-definition",
        "language-content",
        "extension-definition",
    }


# ------------------------------------------------------------------ CLI: allied sharing filter


def test_cli_filter_prints_the_filtered_bundle(
    coalition: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from allied.cli import main

    path = str(FIXTURES / "filter_coalition.json")
    args = ["sharing", "filter", path, "--to", "gbr", "--clearance", "S", "--originator", "USA"]
    assert main([*args, "--on", "2024-06-01"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert printed["type"] == "bundle"
    assert printed["objects"] == list(gbr(coalition).objects)
    assert "GBR (S): released 17, withheld 14, redacted 5" in captured.err
    assert f"withheld {INTR} {T}: NOFORN: only within the originator nation USA" in captured.err


def test_cli_filter_writes_out(tmp_path: Path, coalition: dict[str, Any]) -> None:
    from allied.cli import main

    out = tmp_path / "gbr.json"
    path = str(FIXTURES / "filter_coalition.json")
    args = ["sharing", "filter", path, "--to", "GBR", "--clearance", "S", "--originator", "USA"]
    assert main([*args, "--on", "2024-06-01", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["objects"] == list(gbr(coalition).objects)


def test_cli_filter_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from allied.cli import main

    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "bundle",\n "objects": [}')
    assert main(["sharing", "filter", str(broken), "--to", "GBR"]) == 2
    assert "line 2" in capsys.readouterr().err
    assert main(["sharing", "filter", str(tmp_path / "absent.json"), "--to", "GBR"]) == 2
    path = str(FIXTURES / "filter_coalition.json")
    assert main(["sharing", "filter", path, "--to", "XXX"]) == 2
    assert "option --to" in capsys.readouterr().err
    report = tmp_path / "report.json"
    report.write_text('{"type": "report"}')
    assert main(["sharing", "filter", str(report), "--to", "GBR"]) == 2
    assert "not a STIX bundle" in capsys.readouterr().err


def test_a_filter_result_is_a_result(coalition: dict[str, Any]) -> None:
    result = gbr(coalition)
    assert isinstance(result, Result)
    assert result.summary() == "released 17, withheld 14, redacted 5"
    frame = result.to_frame()
    assert list(frame.columns) == ["id", "version", "outcome", "detail"]
    assert frame["outcome"].value_counts().to_dict() == {
        "released": 12,
        "withheld": 14,
        "redacted": 5,
    }
    withheld = frame.set_index("id").loc[INTR]
    assert (withheld["outcome"], withheld["detail"]) == (
        "withheld",
        "NOFORN: only within the originator nation USA",
    )
    assert result._repr_html_().startswith(
        '<div class="allied-result"><pre>released 17, withheld 14, redacted 5</pre>'
    )
