"""Mission membership in the catalog against published compositions.

Each table below is transcribed from the source named in its test. A
published composition lists the contributors present on its date; the
catalog lists only some contributors (its descriptions say which), so the
checks are: nobody the catalog counts on that date is missing from the
published list, and every published contributor the catalog records is
counted on that date.
"""

from datetime import date

import pytest

from allied.catalog import load_catalog

CATALOG = load_catalog()


def contributors_on(arrangement_id: str, on: date) -> set[str]:
    """States with a spell covering ``on`` that are not the host nation."""
    a = CATALOG.get(arrangement_id)
    return {m.state for m in a.members_on(on) if m.role.value != "host_nation"}


def recorded(arrangement_id: str) -> set[str]:
    return {m.state for m in CATALOG.get(arrangement_id).members}


def agrees(arrangement_id: str, on: date, published: set[str]) -> None:
    counted = contributors_on(arrangement_id, on)
    assert counted <= published, f"counted but not published: {counted - published}"
    missing = (published & recorded(arrangement_id)) - counted
    assert not missing, f"published but not counted on {on}: {missing}"


def test_unifil_composition_of_3_june_1982() -> None:
    """UN Secretary-General, report on UNIFIL S/15194 (10 June 1982), para. 2:
    infantry battalions from Fiji, France, Ghana, Ireland, Nepal, the
    Netherlands, Nigeria, Norway and Senegal; logistic units from France,
    Italy, Norway and Sweden."""
    published = {"FJI", "FRA", "GHA", "IRL", "NPL", "NLD", "NGA", "NOR", "SEN", "ITA", "SWE"}
    agrees("unifil", date(1982, 6, 3), published)
    assert contributors_on("unifil", date(1982, 6, 3)) == {"FRA", "GHA", "IRL", "NPL", "NOR", "ITA"}


def test_unifil_contributors_of_16_november_1999() -> None:
    """Reuters, 'Ghanaian general to command U.N. force in Lebanon', 16 November
    1999: UNIFIL includes troops from Fiji, Finland, France, Ghana, India,
    Ireland, Italy, Nepal and Poland (Norway had left in 1998)."""
    published = {"FJI", "FIN", "FRA", "GHA", "IND", "IRL", "ITA", "NPL", "POL"}
    agrees("unifil", date(1999, 11, 16), published)


def test_un_peacekeeping_top_ten_of_30_november_2023() -> None:
    """UN Peacekeeping, 'Troop and police contributors', ranking of 30 November
    2023 as reported by the Daily Sun and Khabarhub: Nepal 6,247, Bangladesh
    6,197, India 6,073, Rwanda 5,919, Pakistan 4,164, Indonesia 2,717, Ghana
    2,664, China 2,267, Egypt 1,739, Morocco 1,715."""
    published = {"NPL", "BGD", "IND", "RWA", "PAK", "IDN", "GHA", "CHN", "EGY", "MAR"}
    assert contributors_on("un_peacekeeping", date(2023, 11, 30)) == published
    assert {m.as_of for m in CATALOG.get("un_peacekeeping").members} == {date(2023, 11, 30)}


#: Romanian Ministry of National Defence, as reported by the Sofia Globe,
#: 'Romania has joined Nato Battle Group in Bulgaria', 15 January 2025:
#: framework nation and contributors of three battlegroups.
ROMANIAN_MOD_2025 = {
    "nato_efp_bulgaria": {"ITA", "ALB", "HRV", "GRC", "MNE", "MKD", "ROU", "TUR", "USA"},
    "nato_efp_slovakia": {"ESP", "CZE", "PRT", "ROU", "SVN"},
    "nato_efp_romania": {"FRA", "BEL", "LUX", "ESP"},
}


@pytest.mark.parametrize("battlegroup", sorted(ROMANIAN_MOD_2025))
def test_battlegroups_of_15_january_2025(battlegroup: str) -> None:
    assert contributors_on(battlegroup, date(2025, 1, 15)) == ROMANIAN_MOD_2025[battlegroup]
