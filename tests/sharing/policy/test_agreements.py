"""Partners and agreements from the catalog: groupings by date, agreements, the sharing schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from allied.catalog import Catalog, ClassificationLevel, load_catalog
from allied.errors import CatalogError, InputError, NotFoundError
from allied.sharing.policy import (
    GROUPING_ARRANGEMENTS,
    GROUPING_TAGS,
    Agreement,
    Recipient,
    SharingPolicy,
    clearances,
    convert_level,
    default_policy,
)


@pytest.fixture(scope="module")
def policy() -> SharingPolicy:
    return default_policy()


def test_levels_and_groupings_agree_between_catalog_and_markings() -> None:
    assert {level.value for level in ClassificationLevel} == set(clearances())
    assert set(GROUPING_ARRANGEMENTS) == GROUPING_TAGS


def test_five_eyes_membership_by_date(policy: SharingPolicy) -> None:
    assert policy.members_of("FVEY", date(1947, 1, 1)) == {"USA", "GBR"}
    assert policy.members_of("FVEY", date(1949, 6, 28)) == {"USA", "GBR"}
    assert policy.members_of("FVEY", date(1949, 6, 29)) == {"USA", "GBR", "CAN"}
    assert policy.members_of("FVEY", date(2024, 1, 1)) == {"USA", "GBR", "CAN", "AUS", "NZL"}


def test_nato_and_eu_membership_by_date(policy: SharingPolicy) -> None:
    assert "SWE" not in policy.members_of("NATO", date(2024, 3, 6))
    assert "SWE" in policy.members_of("NATO", date(2024, 3, 7))
    assert len(policy.members_of("NATO", date(2025, 1, 1))) == 32
    assert "GBR" in policy.members_of("EU", date(2020, 1, 31))
    assert "GBR" not in policy.members_of("EU", date(2020, 2, 1))
    assert "HRV" in policy.members_of("EU", date(2013, 7, 1))
    with pytest.raises(NotFoundError, match="unknown grouping 'ASEAN'"):
        policy.members_of("ASEAN", date(2024, 1, 1))


def test_expand_rel_to(policy: SharingPolicy) -> None:
    on = date(2024, 1, 1)
    assert policy.expand(frozenset({"FVEY", "JPN"}), on) == {
        "USA",
        "GBR",
        "CAN",
        "AUS",
        "NZL",
        "JPN",
    }


def test_agreements_from_the_catalog(policy: SharingPolicy) -> None:
    by_id = {a.id: a for a in policy.agreements}
    assert set(by_id) == {
        "five_eyes",
        "japan_australia_isa",
        "japan_rok_gsomia",
        "japan_uk_isa",
        "nato",
        "nato_eu_security_agreement",
        "us_japan_gsomia",
        "us_rok_gsomia",
    }
    gsomia = by_id["us_japan_gsomia"]
    assert (gsomia.start, gsomia.end, gsomia.max_level) == (date(2007, 8, 10), None, "TS")
    assert gsomia.third_party_rule
    assert by_id["japan_rok_gsomia"].max_level == "S"
    assert by_id["nato"].equivalences["NS"] == "S" and by_id["nato"].equivalences["S"] == "NS"
    assert not gsomia.in_force(date(2007, 8, 9)) and gsomia.in_force(date(2007, 8, 10))
    assert policy.agreement_between("USA", "JPN", date(2007, 8, 9)) == []
    assert [a.id for a in policy.agreement_between("JPN", "USA", date(2010, 1, 1))] == [
        "us_japan_gsomia"
    ]
    assert [a.id for a in policy.agreement_between("USA", "GBR", date(2024, 1, 1))] == [
        "five_eyes",
        "nato",
    ]
    assert policy.agreement_between("USA", "KOR", date(1987, 9, 23)) == []
    assert [a.id for a in policy.agreement_between("USA", "KOR", date(2024, 1, 1))] == [
        "us_rok_gsomia"
    ]


def test_convert_level() -> None:
    nato = {"NC": "C", "C": "NC", "NS": "S", "S": "NS", "CTS": "TS", "TS": "CTS"}
    assert convert_level("NS", "national", nato) == "S"
    assert convert_level("NR", "national", nato) == "C"  # rounds up to the next equivalent
    assert convert_level("TS", "nato", nato) == "CTS"
    assert convert_level("S", "national", {}) == "S"
    assert convert_level("NS", "national", {}) is None


def test_recipient_validation() -> None:
    assert Recipient("GBR", "NS").clearance == "NS"
    with pytest.raises(InputError, match="'UK' is not an ISO 3166-1 alpha-3 code"):
        Recipient("UK")
    with pytest.raises(InputError, match="unknown clearance 'SECRET'"):
        Recipient("GBR", "SECRET")


def test_policy_from_a_catalog_folder(tmp_path: Path) -> None:
    source = Path(__file__).parents[3] / "src/allied/catalog/data"
    for name in ("five_eyes.yaml", "us_japan_gsomia.yaml"):
        (tmp_path / name).write_text((source / name).read_text("utf-8"), "utf-8")
    policy = SharingPolicy.from_catalog(load_catalog(tmp_path), unmarked_as_clear=True)
    assert set(policy.groupings) == {"FVEY"} and policy.unmarked_as_clear
    assert [a.id for a in policy.agreements] == ["five_eyes", "us_japan_gsomia"]
    assert SharingPolicy.from_catalog() is default_policy()
    with pytest.raises(InputError, match="no sharing terms"):
        Agreement.from_arrangement(load_catalog().get("quad"))


def _write(tmp_path: Path, sharing: str) -> Path:
    source = Path(__file__).parents[3] / "src/allied/catalog/data/us_japan_gsomia.yaml"
    text = source.read_text("utf-8")
    start = text.index("sharing:")
    end = text.index("members:")
    (tmp_path / "us_japan_gsomia.yaml").write_text(text[:start] + sharing + text[end:], "utf-8")
    return tmp_path


def test_sharing_block_is_validated(tmp_path: Path) -> None:
    bad = (
        "sharing:\n  max_level: TS\n  third_party_rule: true\n  equivalences:\n"
        "    - {level: S, equals: TS}\n    - {level: NS, equals: S}\n"
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(_write(tmp_path, bad))
    problems = [str(p) for p in info.value.problems]
    assert any("S and TS are levels of the same scheme" in p for p in problems)
    assert any("level S appears in more than one equivalence" in p for p in problems)
    assert all("us_japan_gsomia.yaml:" in p for p in problems)


def test_sharing_block_types(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"sharing\.max_level"):
        load_catalog(_write(tmp_path, "sharing:\n  max_level: SECRET\n  third_party_rule: true\n"))
    with pytest.raises(CatalogError, match=r"sharing\.third_party_rule"):
        load_catalog(_write(tmp_path, "sharing:\n  max_level: S\n"))


def test_aukus_grouping_by_date(policy: SharingPolicy) -> None:
    assert policy.members_of("AUKUS", date(2021, 9, 14)) == frozenset()
    assert policy.members_of("AUKUS", date(2021, 9, 15)) == {"AUS", "GBR", "USA"}
    assert policy.expand(frozenset({"AUKUS", "JPN"}), date(2025, 1, 1)) == {
        "AUS",
        "GBR",
        "USA",
        "JPN",
    }
    assert policy.groupings["AUKUS"].arrangement == "aukus"


def test_nato_eu_agreement_links_the_two_sides_only(policy: SharingPolicy) -> None:
    nato_eu = next(a for a in policy.agreements if a.id == "nato_eu_security_agreement")
    assert nato_eu.spells == () and len(nato_eu.sides) == 2
    assert [s.arrangements for s in nato_eu.sides] == [
        ("nato",),
        ("eu_csdp", "partnership_for_peace"),
    ]
    on = date(2024, 1, 1)
    # Finland (4 Apr 2023) and Sweden (7 Mar 2024) left PfP on joining NATO
    assert nato_eu.sides[1].members_on(on) == {"AUT", "IRL", "MLT", "SWE"}
    assert nato_eu.sides[1].members_on(date(2025, 1, 1)) == {"AUT", "IRL", "MLT"}
    assert nato_eu.sides[1].members_on(date(2020, 1, 1)) == {"AUT", "FIN", "IRL", "MLT", "SWE"}
    assert nato_eu.links("USA", "AUT", on) and nato_eu.links("AUT", "USA", on)
    assert not nato_eu.links("AUT", "IRL", on)  # the same side
    assert not nato_eu.links("USA", "CYP", on)  # Cyprus is not in the Partnership for Peace
    assert not nato_eu.links("USA", "AUT", date(2003, 3, 13))  # before signature
    assert "CYP" not in nato_eu.parties_on(on) and "USA" in nato_eu.parties_on(on)
    assert [a.id for a in policy.agreement_between("FRA", "IRL", on)] == [
        "nato_eu_security_agreement"
    ]
    assert [a.id for a in policy.agreement_between("FRA", "DEU", on)] == ["nato"]


def _copy(tmp_path: Path, *names: str) -> Path:
    source = Path(__file__).parents[3] / "src/allied/catalog/data"
    for name in names:
        (tmp_path / f"{name}.yaml").write_text((source / f"{name}.yaml").read_text("utf-8"))
    return tmp_path


def test_agreement_between_organisations_needs_its_sides(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(_copy(tmp_path, "nato_eu_security_agreement", "nato"))
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 2
    assert all("side arrangement" in p and "sharing.between[1]" in p for p in problems)
    complete = _copy(tmp_path, "eu_csdp", "partnership_for_peace")
    catalog = load_catalog(complete)
    policy = SharingPolicy.from_catalog(catalog)
    assert [a.id for a in policy.agreement_between("USA", "AUT", date(2024, 1, 1))] == [
        "nato_eu_security_agreement"
    ]
    alone = Catalog({"nato": catalog.by_id["nato"]}, "test")
    with pytest.raises(NotFoundError, match="eu_csdp, partnership_for_peace"):
        Agreement.from_arrangement(catalog.by_id["nato_eu_security_agreement"], alone)


SIDES = "  between:\n    - [nato]\n    - [eu_csdp, partnership_for_peace]\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    - [nato]\n", "", "'between' has 1 side(s)"),
        ("sources:", "members:\n  - {state: USA}\nsources:", "also lists member states"),
        (SIDES, "", "no members are listed"),
    ],
)
def test_between_block_is_validated(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _copy(tmp_path, "nato", "eu_csdp", "partnership_for_peace")
    source = Path(__file__).parents[3] / "src/allied/catalog/data/nato_eu_security_agreement.yaml"
    text = source.read_text("utf-8")
    assert old in text
    (folder / "nato_eu_security_agreement.yaml").write_text(text.replace(old, new), "utf-8")
    with pytest.raises(CatalogError, match=r"nato_eu_security_agreement\.yaml") as info:
        load_catalog(folder)
    assert any(message in str(p) for p in info.value.problems), info.value.problems
