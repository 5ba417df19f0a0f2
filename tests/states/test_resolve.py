"""Resolving state names, aliases and codes."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied.errors import AmbiguousInputError, InputError, NotFoundError
from allied.states import code_spells, lookup, resolve, search, table


@pytest.mark.parametrize(
    "name", ["South Korea", "Republic of Korea", "ROK", "Korea, South", "korea, south", "KOR"]
)
def test_korea_aliases_resolve(name: str) -> None:
    assert resolve(name) == "KOR"
    assert resolve(name, system="cow") == 732
    assert resolve(name, system="gw") == 732


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("United Kingdom", "GBR"),
        ("UK", "GBR"),
        ("Great Britain", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("Congo, Dem. Rep.", "COD"),
        ("Congo, Rep.", "COG"),
        ("Russian Federation", "RUS"),
        ("Viet Nam", "VNM"),
        ("North Macedonia", "MKD"),
        ("United States of America", "USA"),
        ("DPRK", "PRK"),
    ],
)
def test_common_spellings(name: str, iso3: str) -> None:
    assert resolve(name) == iso3


def test_codes_of_every_system() -> None:
    assert resolve("UKG") == "GBR"  # COW abbreviation
    assert resolve(200, source="cow") == "GBR"
    assert resolve("826", source="iso_numeric") == "GBR"
    assert resolve("GB", source="iso2") == "GBR"
    assert resolve("United Kingdom", system="cow") == 200


def test_codes_that_changed_follow_the_date() -> None:
    assert resolve("Germany", system="cow", on=date(1960, 1, 1)) == 260
    assert resolve("Germany", system="cow", on=date(1995, 1, 1)) == 255
    assert resolve("Germany", system="gw", on=date(1995, 1, 1)) == 260
    assert resolve("Yemen", system="cow", on=date(1980, 1, 1)) == 678
    assert resolve("Yemen", system="cow", on=date(2000, 1, 1)) == 679
    assert resolve("Serbia", system="gw", on=date(2000, 1, 1)) == 345
    assert resolve("Serbia", system="gw", on=date(2010, 1, 1)) == 340
    assert resolve("Czechia", system="cow", on=date(1980, 1, 1)) == 315


def test_no_code_outside_system_membership() -> None:
    with pytest.raises(NotFoundError, match="no COW code on 1950-01-01"):
        resolve("Germany", system="cow", on=date(1950, 1, 1))


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(NotFoundError) as info:
        resolve("Untied Kingdom")
    assert "United Kingdom" in str(info.value)
    with pytest.raises(NotFoundError, match="Did you mean"):
        resolve("Narnia")


def test_iso3_before_cow_abbreviations() -> None:
    # AUS is Australia in ISO 3166 but Austria in COW and G-W; SLV is El Salvador
    # in ISO 3166 but Slovenia in COW.
    assert resolve("AUS") == "AUS"
    assert resolve("AUS", source="cow") == "AUT"
    assert resolve("SLV") == "SLV"
    assert resolve("SLV", source="cow") == "SVN"


def test_code_that_means_two_states_is_ambiguous() -> None:
    # 840 is the United States in ISO 3166-1 numeric but the Philippines in COW.
    with pytest.raises(AmbiguousInputError, match=r"Philippines.*United States"):
        resolve(840)
    assert resolve(840, source="cow") == "PHL"
    assert resolve(840, source="iso_numeric") == "USA"


def test_bad_arguments_are_input_errors() -> None:
    with pytest.raises(InputError, match="system"):
        resolve("France", system="iso2")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="empty"):
        resolve("  ")
    with pytest.raises(NotFoundError, match="no GW code"):
        resolve("Palestine", system="gw")


def test_table_keys_are_unique() -> None:
    t = table()
    assert len(t) >= 195
    for column in ("iso3", "iso2", "name"):
        assert t[column].is_unique, column
    assert t.iso_numeric.dropna().is_unique
    assert t.cow_code.dropna().is_unique
    assert t.gw_code.dropna().is_unique


def test_every_state_has_an_ongoing_spell_for_each_code() -> None:
    spells = code_spells()
    ongoing = spells[spells.end.isna()]
    t = table()
    cow = set(zip(t.iso3[t.cow_code.notna()], t.cow_code.dropna().astype(int), strict=True))
    assert cow == {(s.iso3, s.code) for s in ongoing[ongoing.system == "cow"].itertuples()}


def test_search_ranks_close_names() -> None:
    assert search("Swedn", limit=1)[0].iso3 == "SWE"


_LABELS = [
    (label, s.iso3)
    for s in table().itertuples()
    for label in [s.name, *s.aliases.split("|")]
    if label
]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_LABELS), st.sampled_from([str.upper, str.lower, str.title, str]))
def test_every_name_and_alias_resolves_to_its_state(item: tuple[str, str], case: object) -> None:
    label, iso3 = item
    assert lookup(case(label), source="name").iso3 == iso3  # type: ignore[operator]
