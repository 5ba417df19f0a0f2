"""The registry against the real published files in ``../shared/data``.

Every checksum the registry records is the sha256 of a file in
``../shared/data`` (folders ``states/``, ``atop/``, ``nmc/``, ``sipri/``,
``worldbank/``, ``unga/``, ``nato/`` and ``peacesciencer/``), and a cold import of each dataset
from those folders recognises every file as the registered release and
yields the row counts of the published releases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allied import sources

pytestmark = pytest.mark.shared_data

#: registered file name → folder of ../shared/data that holds it. Names the
#: registry lists under another spelling (the publishers' own download names,
#: e.g. ``states2016.csv``) are not in the folder; their checksum is asserted
#: through the same-bytes copy.
FOLDERS = {
    "cow_states2016.csv": "states",
    "cow_system_spells_isard.csv": "states",
    "cow_majors2016.csv": "states",
    "gw_system_spells_isard.csv": "states",
    "gw_states.csv": "states",
    "atop5_1m.csv": "atop",
    "atop5_1a.csv": "atop",
    "atop5_1sy.csv": "atop",
    "NMC-60-abridged.csv": "nmc",
    "nmc7_0_ccode_year.csv": "nmc",
    "SIPRI-Milex-data-1949-2024.xlsx": "sipri",
    "trade-register_1950-2024.csv": "sipri",
    "gdp_current_usd.csv": "worldbank",
    "IdealpointestimatesAll_Jun2024.csv": "unga",
    "nato_defence_expenditure_2012_2019.csv": "nato",
    "nato_pct_gdp_2014_2024e.csv": "nato",
    # geography (issue 15)
    "peacesciencer__cow_contdir.csv.gz": "peacesciencer",
    "peacesciencer__cow_capitals.csv.gz": "peacesciencer",
    "peacesciencer__gw_capitals.csv.gz": "peacesciencer",
    "peacesciencer__tss_rivalries.csv.gz": "peacesciencer",
    "peacesciencer__td_rivalries.csv.gz": "peacesciencer",
    "peacesciencer__cow_war_inter.csv.gz": "peacesciencer",
    "peacesciencer__ucdp_acd.csv.gz": "peacesciencer",
    "peacesciencer__ucdp_onsets.csv.gz": "peacesciencer",
    # state covariates (issue 15)
    **dict.fromkeys(
        [
            "isard__cw_democracy.csv.gz",
            "isard__gw_democracy.csv.gz",
            "peacesciencer__cow_igo_ndy.csv.gz",
            "peacesciencer__cow_igo_sy.csv.gz",
            "peacesciencer__creg.csv.gz",
            "isard__cw_gdppop.csv.gz",
            "isard__gw_gdppop.csv.gz",
            "peacesciencer__terrthreat.csv.gz",
            "peacesciencer__hief.csv.gz",
            "peacesciencer__archigossums.csv.gz",
            "peacesciencer__cow_trade_sy.csv.gz",
        ],
        "peacesciencer",
    ),
    "eda_defence_data_2005_2023_member_states.csv": "eda",
    "peacesciencer__cow_mid_ddydisps.csv.gz": "peacesciencer",
    "peacesciencer__cow_mid_dirdisps.csv.gz": "peacesciencer",
    "peacesciencer__cow_mid_disps.csv.gz": "peacesciencer",
    "peacesciencer__gml_mid_ddydisps.csv.gz": "peacesciencer",
    "peacesciencer__gml_dirdisp.csv.gz": "peacesciencer",
    "peacesciencer__gml_mid_disps.csv.gz": "peacesciencer",
}

#: the publisher's name for the file → the file in ../shared/data with the same bytes
SAME_BYTES = {"states2016.csv": "cow_states2016.csv", "majors2016.csv": "cow_majors2016.csv"}

CHECKSUMS = [
    (data.name, table.name, file, checksum)
    for data in sources.datasets()
    for table in data.tables
    for file, checksum in table.sha256.items()
]


def test_every_registered_file_is_accounted_for() -> None:
    assert {file for _, _, file, _ in CHECKSUMS} == set(FOLDERS) | set(SAME_BYTES)


@pytest.mark.parametrize(
    ("name", "table", "file", "checksum"), CHECKSUMS, ids=[f"{c[0]}:{c[2]}" for c in CHECKSUMS]
)
def test_registered_checksum(
    shared_data: Path, name: str, table: str, file: str, checksum: str
) -> None:
    """The file in ``../shared/data/<folder>`` (see FOLDERS) has the registered sha256."""
    local = SAME_BYTES.get(file, file)
    path = shared_data / FOLDERS[local] / local
    assert sources.sha256_of(path) == checksum, f"{name}.{table}: {path}"


IMPORTS = [
    ("cow-states", "states", {"spells": 243, "majors": 14}),
    ("gw-states", "states", {"spells": 239}),
    (
        "atop",
        "atop",
        # member_dyad_years is derived at import: peacesciencer's ATOP 5.1 dyad-year count
        {"members": 2510, "alliances": 789, "state_years": 11923, "member_dyad_years": 273_296},
    ),
    ("nmc6", "nmc/NMC-60-abridged.csv", {"capabilities": 15951}),
    ("nmc7", "nmc/nmc7_0_ccode_year.csv", {"capabilities": 17121}),
    ("sipri-milex", "sipri", {"expenditure": 78996}),
    ("sipri-trade", "sipri", {"register": 28347}),
    ("world-bank-gdp", "worldbank", {"gdp": 13979}),
    ("unga-ideal-points", "unga", {"ideal_points": 11238}),
    ("nato-expenditure", "nato", {"expenditure": 232, "share_of_gdp": 363}),
    # geography (issue 15): row counts of peacesciencer's README
    ("cow-contiguity", "peacesciencer", {"spells": 1874}),
    ("cow-capitals", "peacesciencer", {"capitals": 242}),
    ("gw-capitals", "peacesciencer", {"capitals": 264}),
    # peacesciencer's exports (row counts as in ../shared/data/peacesciencer/README.md)
    ("tss-rivalries", "peacesciencer", {"rivalries": 264}),
    ("td-rivalries", "peacesciencer", {"rivalries": 197}),
    ("cow-inter-wars", "peacesciencer", {"wars": 1932}),
    ("ucdp-acd", "peacesciencer", {"conflicts": 5652}),
    ("ucdp-onsets", "peacesciencer", {"onsets": 10142}),
    # state covariates (issue 15): the row counts of peacesciencer's README
    ("democracy", "peacesciencer", {"cow": 17706, "gw": 20849}),
    ("cow-igos", "peacesciencer", {"dyads": 917_695, "states": 15557}),
    ("creg", "peacesciencer", {"estimates": 11523}),
    ("sim-gdp-pop", "peacesciencer", {"cow": 16536, "gw": 19667}),
    ("territorial-threat", "peacesciencer", {"estimates": 14781}),
    ("hief", "peacesciencer", {"index": 8808}),
    ("archigos-summaries", "peacesciencer", {"summaries": 14407}),
    ("cow-trade", "peacesciencer", {"state_years": 14410}),
    ("eda-defence", "eda", {"expenditure": 432}),
    # row counts as listed in ../shared/data/peacesciencer/README.md
    (
        "cow-mids",
        "peacesciencer",
        {"dyad_years": 10_234, "directed_disputes": 11_390, "disputes": 2_436},
    ),
    (
        "gml-mids",
        "peacesciencer",
        {"dyad_years": 9_284, "directed_disputes": 10_276, "disputes": 2_174},
    ),
]


@pytest.mark.parametrize(("name", "where", "rows"), IMPORTS, ids=[i[0] for i in IMPORTS])
def test_cold_import_of_the_shared_files(
    shared_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    where: str,
    rows: dict[str, int],
) -> None:
    """Import from ``../shared/data/<where>`` into an empty cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(cache))
    record = sources.import_dataset(name, shared_data / where)

    derived = sources.dataset(name).derived
    assert {f.table: f.rows for f in record.files} == {
        t: n for t, n in rows.items() if t not in derived
    }
    assert all(f.known_release for f in record.files), record.files
    assert record.known_release is True
    assert record.version == sources.dataset(name).version
    assert sources.manifest() == {name: record}
    for table, count in rows.items():
        assert len(sources.load(name, table)) == count, table
    assert sorted(p.name for p in (cache / name).iterdir()) == sorted(f"{t}.parquet" for t in rows)


def test_atop_member_dyad_years_are_directed_and_unique(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ``../shared/data/atop``: one row per directed pair and year, both directions."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "cache"))
    sources.import_dataset("atop", shared_data / "atop")
    dyads = sources.load("atop", "member_dyad_years")
    assert dyads["year"].min() == 1815 and dyads["year"].max() == 2018
    assert not dyads.duplicated(["ccode1", "ccode2", "year"]).any()
    assert (dyads["ccode1"] != dyads["ccode2"]).all()
    keys = ["ccode1", "ccode2", "year"]
    mirrored = dyads.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[keys]
    assert len(dyads[keys].merge(mirrored, on=keys)) == len(dyads)
