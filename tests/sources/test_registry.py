"""The dataset registry: every entry is complete and every name in it resolves."""

from __future__ import annotations

import re

import pytest

from allied.cite import Citation
from allied.errors import NotFoundError
from allied.sources import Dataset, dataset, datasets
from allied.sources._registry import _DERIVERS, _FETCHERS, _PARSERS, _function

REGISTERED = [d.name for d in datasets()]


def balanced(text: str) -> bool:
    depth = 0
    for char in text.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_the_registry_lists_the_datasets_the_design_names() -> None:
    assert REGISTERED == [
        "cow-states",
        "gw-states",
        "atop",
        "nmc6",
        "nmc7",
        "sipri-milex",
        "sipri-trade",
        "world-bank-gdp",
        "unga-ideal-points",
        "nato-expenditure",
    ]


@pytest.mark.parametrize("name", REGISTERED)
def test_every_dataset_is_fully_described(name: str) -> None:
    data = dataset(name)
    assert isinstance(data, Dataset) and data.name == name
    assert data.title.strip() and data.version.strip()
    first, last = data.coverage
    assert 1800 <= first <= last <= 2030
    assert data.coverage_text == f"{first}-{last}"
    assert data.licence.strip()
    assert re.match(r"https?://\S+$", data.homepage)
    assert len(data.citation_text) > 40
    assert data.bibtex.startswith("@")
    assert re.match(r"@(article|misc|incollection|book|techreport)\{[\w:-]+,\n", data.bibtex)
    assert balanced(data.bibtex), data.bibtex
    assert re.search(r"\btitle = \{", data.bibtex) and re.search(r"\byear = \{\d{4}\}", data.bibtex)
    assert data.system in (None, "cow", "gw")
    assert data.tables and any(not table.optional for table in data.tables)
    assert len({t.name for t in data.tables}) == len(data.tables)


@pytest.mark.parametrize("name", REGISTERED)
def test_every_table_names_files_a_parser_and_checksums(name: str) -> None:
    for table in dataset(name).tables:
        assert table.files, table.name
        assert table.parser_name in _PARSERS
        assert callable(table_parser := _function(_PARSERS, table.parser_name))
        assert table_parser.__doc__  # documented, with the file layout it reads
        for file, checksum in table.sha256.items():
            assert re.fullmatch(r"[0-9a-f]{64}", checksum), (name, file)
            assert table.matches(file), f"{name}: checksum for {file}, which no pattern matches"
        if table.url is not None:
            assert table.url.startswith("https://"), table.url


@pytest.mark.parametrize("name", REGISTERED)
def test_every_dataset_can_be_obtained_somehow(name: str) -> None:
    """A pull either downloads (file URL, archive, API) or says how to import."""
    data = dataset(name)
    downloadable = data.archive_url or data.fetch_name or any(t.url for t in data.tables)
    assert downloadable or (data.pull_help and "import" in data.pull_help), name
    if data.fetch_name:
        assert callable(_function(_FETCHERS, data.fetch_name))
    if data.archive_url:
        assert data.archive_url.startswith("http") and data.archive_url.endswith(".zip")


@pytest.mark.parametrize("name", REGISTERED)
def test_derived_functions_resolve_and_do_not_shadow_tables(name: str) -> None:
    data = dataset(name)
    for table, function in data.derived.items():
        assert function in _DERIVERS and callable(_function(_DERIVERS, function))
        assert table not in {t.name for t in data.tables}


def test_atop_tables_and_derived_table() -> None:
    atop = dataset("atop")
    assert atop.version == "5.1" and atop.coverage == (1815, 2018) and atop.system == "cow"
    assert [t.name for t in atop.tables] == [
        "members",
        "alliances",
        "state_years",
        "directed_dyad_years",
    ]
    assert [t.name for t in atop.tables if t.optional] == ["directed_dyad_years"]
    assert atop.derived == {"member_dyad_years": "atop_member_dyad_years"}
    assert atop.table("members").matches("atop5_1m.csv")
    assert not atop.table("members").matches("atop5_1a.csv")


def test_the_known_release_is_recognised_by_its_checksum() -> None:
    spells = dataset("cow-states").table("spells")
    official = "76733bacf602007038b72e2ebec24d37a34ba6dc36793eb7c894af82e952f735"
    assert spells.known_release("states2016.csv", official)
    # the same bytes under the other published name are the same release
    assert spells.known_release("cow_states2016.csv", official)
    assert not spells.known_release("states2016.csv", "0" * 64)


def test_only_table_and_named_table() -> None:
    assert dataset("nmc6").table().name == "capabilities"
    assert dataset("cow-states").table("majors").optional
    with pytest.raises(NotFoundError, match=r"no table 'dyads'.*members, alliances"):
        dataset("atop").table("dyads")
    with pytest.raises(NotFoundError) as caught:
        dataset("atop").table()
    assert "dataset 'atop' has several tables" in str(caught.value)
    assert "Use one of: members, alliances, state_years, directed_dyad_years, " in str(caught.value)
    assert str(caught.value).endswith("member_dyad_years.")


def test_a_misspelt_name_suggests_the_right_one() -> None:
    with pytest.raises(NotFoundError) as caught:
        dataset("atpo")
    message = str(caught.value)
    assert "no dataset called 'atpo'" in message
    assert "Did you mean: atop" in message
    assert "allied data list" in message
    assert isinstance(caught.value, LookupError) and caught.value.exit_code == 2


def test_an_unrelated_name_lists_the_known_ones() -> None:
    with pytest.raises(NotFoundError) as caught:
        dataset("zzzz")
    assert "Did you mean" not in str(caught.value)
    assert all(name in str(caught.value) for name in REGISTERED)


def test_citations() -> None:
    (atop,) = dataset("atop").citations()
    assert atop == Citation(
        "atop", dataset("atop").citation_text, url="http://www.atopdata.org/data.html"
    )
    assert atop.text.startswith("Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G.")
    assert "10.1080/03050620213653" in atop.text and "5.1" in atop.text
    assert "doi = {10.1080/03050620213653}" in dataset("atop").bibtex
    assert atop.render().endswith("http://www.atopdata.org/data.html")
    # both NMC releases cite the same work (a YAML anchor in the registry)
    assert dataset("nmc6").citation_text == dataset("nmc7").citation_text
    assert dataset("nmc6").version == "6.0" and dataset("nmc7").version == "7.0"
    for data in datasets():
        (citation,) = data.citations()
        assert citation.key == data.name and citation.url == data.homepage
