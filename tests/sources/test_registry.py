"""The dataset registry: every entry is complete and every name in it resolves."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from allied.cite import Citation
from allied.errors import InputError, NotFoundError
from allied.sources import Dataset, dataset, datasets
from allied.sources._registry import resolve

UseRegistry = Callable[..., None]

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
        # geography (issue 15)
        "cow-contiguity",
        "cow-capitals",
        "gw-capitals",
        "tss-rivalries",
        "td-rivalries",
        "cow-inter-wars",
        "ucdp-acd",
        "ucdp-onsets",
        "democracy",
        "cow-igos",
        "creg",
        "sim-gdp-pop",
        "territorial-threat",
        "hief",
        "archigos-summaries",
        "cow-trade",
        "eda-defence",
        "cow-mids",
        "gml-mids",
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
        table_parser = resolve(table.parser, where=f"{name}, {table.name}")
        assert table_parser.__module__.startswith("allied.sources._"), table.parser
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
    downloadable = data.archive_url or data.fetcher or any(t.url for t in data.tables)
    assert downloadable or (data.pull_help and "import" in data.pull_help), name
    if data.fetcher:
        assert resolve(data.fetcher, where=name).__doc__
    if data.archive_url:
        assert data.archive_url.startswith("http") and data.archive_url.endswith(".zip")


@pytest.mark.parametrize("name", REGISTERED)
def test_derived_functions_resolve_and_do_not_shadow_tables(name: str) -> None:
    data = dataset(name)
    for table, function in data.derived.items():
        assert resolve(function, where=name).__doc__
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
    assert atop.derived == {"member_dyad_years": "allied.sources._systems:derive_member_dyad_years"}
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


# --- Functions are named by import path; the file is checked as it is read ---------

TOY = """
toy:
  title: Toy scores
  version: "1"
  coverage: [1990, 1991]
  licence: CC0
  homepage: https://example.org/toy
  citation:
    text: "Doe, J. (2026). Toy scores, a dataset for tests of the registry."
    bibtex: |
      @misc{toy, title = {Toy}, year = {2026}}
  tables:
    scores:
      files: [toy.csv]
      parser: allied.sources._tables:parse_nmc
"""


def test_every_function_reference_resolves_to_a_documented_function() -> None:
    references = [
        *(t.parser for d in datasets() for t in d.tables),
        *(f for d in datasets() for f in d.derived.values()),
        *(d.fetcher for d in datasets() if d.fetcher),
    ]
    assert (
        len(references) == 43
    )  # 17 + 3 geography + 5 conflict + 12 state covariates + 6 dispute parsers (issue 15)
    for reference in references:
        function = resolve(reference, where="test")
        assert function.__doc__, reference
        assert f"{function.__module__}:{function.__name__}" == reference


def test_a_reference_to_a_missing_function_names_the_entry_and_field(
    use_registry: UseRegistry,
) -> None:
    use_registry(TOY.replace("_tables:parse_nmc", "_tables:parse_toy"), embedded_first=False)
    table = dataset("toy").table()
    with pytest.raises(InputError) as caught:
        table.parse("toy.csv")
    message = str(caught.value)
    assert "'allied.sources._tables:parse_toy': module 'allied.sources._tables' has no " in message
    assert "function 'parse_toy'" in message
    assert "registry-0.yaml, dataset 'toy', table 'scores', field parser" in message
    assert "Correct the reference in the registry" in message


def test_a_reference_to_a_missing_module_says_so(use_registry: UseRegistry) -> None:
    use_registry(
        TOY.replace("allied.sources._tables:", "allied.sources._toys:"), embedded_first=False
    )
    with pytest.raises(InputError, match=r"names module 'allied.sources._toys', which cannot be"):
        dataset("toy").table().parse("toy.csv")


@pytest.mark.parametrize(
    ("edit", "what", "where"),
    [
        (("  title: Toy scores\n", ""), "missing field 'title'", "dataset 'toy'"),
        (
            ("coverage: [1990, 1991]", "coverage: [1991, 1990]"),
            "coverage [1991, 1990] is not [first year, last year]",
            "dataset 'toy', field coverage",
        ),
        (
            ("coverage: [1990, 1991]", "coverage: 1990-1991"),
            "coverage '1990-1991' is not [first year, last year]",
            "field coverage",
        ),
        (
            ("coverage: [1990, 1991]", "coverage: 1990"),
            "coverage 1990 is not [first year, last year]",
            "field coverage",
        ),
        (
            ("      parser: allied", "      files2: allied"),
            "missing field 'parser'",
            "dataset 'toy', table 'scores'",
        ),
        (
            ("parser: allied.sources._tables:parse_nmc", "parser: parse_nmc"),
            "'parse_nmc' is not a function reference",
            "table 'scores', field parser",
        ),
        (
            ("  tables:", "  fill: {score: 0}\n  tables:"),
            "fill score: 0 is not a number (or COLUMN: NUMBER map) for one of the dataset's tables",
            "dataset 'toy', field fill",
        ),
        (
            ("  tables:", "  fill: {scores: none}\n  tables:"),
            "fill scores: 'none' is not a number",
            "field fill",
        ),
        (
            ("  tables:", "  derived: {scores: 'allied.sources._systems:atop_members'}\n  tables:"),
            "derived table(s) scores shadow parsed tables",
            "field derived",
        ),
        (
            ("  tables:", "  steps: {Toy_Score: {function: 'allied.panel:add_nmc'}}\n  tables:"),
            "step name 'Toy_Score' is not a lower-case word",
            "step 'Toy_Score'",
        ),
        (
            ("  tables:", "  steps: {toy: {arguments: {scale: 2}}}\n  tables:"),
            "missing field 'function'",
            "step 'toy'",
        ),
        (
            ("  tables:", "  steps: {toy: {function: 'a.b:c', arguments: [2]}}\n  tables:"),
            "arguments must be a mapping",
            "step 'toy'",
        ),
        (
            ("toy:\n  title: Toy scores\n", "toy: Toy scores\nother:\n"),
            "the entry is not a",
            "'toy'",
        ),
    ],
)
def test_a_malformed_entry_is_refused_when_the_registry_is_read(
    use_registry: UseRegistry, edit: tuple[str, str], what: str, where: str
) -> None:
    assert edit[0] in TOY
    use_registry(TOY.replace(*edit), embedded_first=False)
    with pytest.raises(InputError) as caught:
        datasets()
    assert caught.value.what.startswith(what), caught.value.what
    assert caught.value.where is not None and where in caught.value.where


def test_a_dataset_or_step_registered_twice_is_refused(use_registry: UseRegistry) -> None:
    use_registry(TOY.replace("toy:", "atop:", 1))
    with pytest.raises(InputError, match=r"dataset 'atop' is registered twice") as caught:
        datasets()
    assert "registry-0.yaml, dataset 'atop'" in str(caught.value)
    steps = "  steps: {gdp: {function: 'allied.panel:add_gdp'}}\n  tables:"
    use_registry(TOY.replace("  tables:", steps))
    with pytest.raises(InputError, match=r"step 'gdp' is declared twice") as caught:
        datasets()
    assert "dataset 'toy', step 'gdp'" in str(caught.value)
    assert "dataset 'world-bank-gdp', step 'gdp'" in str(caught.value)


def test_a_second_registry_file_adds_its_datasets_after_the_embedded_ones(
    use_registry: UseRegistry,
) -> None:
    use_registry(TOY)
    assert [d.name for d in datasets()] == [*REGISTERED, "toy"]
    assert dataset("toy").coverage == (1990, 1991) and dataset("toy").fill == {}


def test_fill_rules_are_registry_data() -> None:
    assert {d.name: d.fill for d in datasets() if d.fill} == {
        "cow-states": {"majors": 0},
        "atop": {"state_years": 0, "directed_dyad_years": 0, "member_dyad_years": 0},
        "cow-contiguity": {"spells": 0},  # geography (issue 15)
        "sipri-trade": {"register": {"arms_tiv": 0, "arms_imports_tiv": 0, "arms_exports_tiv": 0}},
        "tss-rivalries": {
            "rivalries": {
                **dict.fromkeys(["positional", "spatial", "ideological", "interventionary"], 0),
                "ongoingrivalry": 0,
                **dict.fromkeys(
                    ["n_ideological", "n_interventionary", "n_positional", "n_spatial"], 0
                ),
            }
        },
        "td-rivalries": {
            "rivalries": dict.fromkeys(
                ["ongoingrivalry", "ideological", "interventionary", "positional", "spatial"], 0
            )
        },
        "cow-inter-wars": {"wars": {"cowinteronset": 0, "cowinterongoing": 0}},
        "ucdp-acd": {"conflicts": {"ucdpongoing": 0, "ucdponset": 0}},
        "ucdp-onsets": {
            "onsets": dict.fromkeys(
                ["sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10"],
                0,
            )
        },
        "cow-mids": {"dyad_years": {"cowmidonset": 0, "cowmidongoing": 0}},
        "gml-mids": {"dyad_years": {"gmlmidonset": 0, "gmlmidongoing": 0}},
    }
    assert dataset("cow-states").fill_value("majors") == 0
    assert dataset("cow-states").fill_value("spells") is None
    assert dataset("world-bank-gdp").fill_value() is None


def test_a_fill_rule_may_name_the_columns_it_fills(use_registry: UseRegistry) -> None:
    use_registry(TOY.replace("  tables:", "  fill: {scores: {onset: 0, ongoing: 0.5}}\n  tables:"))
    toy = dataset("toy")
    assert (toy.fill_value("scores", "onset"), toy.fill_value("scores", "ongoing")) == (0, 0.5)
    assert toy.fill_value("scores", "hostility") is None  # not named: absent rows stay NA
    assert toy.fill_value("scores") is None and toy.fill_value() is None
