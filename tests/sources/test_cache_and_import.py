"""Import into the cache, on small files in the publishers' formats.

The cache is a folder of Parquet tables plus ``manifest.json``; every test
points ``ALLIED_DATA_DIR`` at its own temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from allied import sources
from allied.errors import DataNotAvailableError, InputError
from allied.sources import ImportRecord, SourceFile

STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
USA,2,United States of America,1816,1,1,2016,12,31,2016
CAN,20,Canada,1920,1,10,2016,12,31,2016
UKG,200,United Kingdom,1816,1,1,2016,12,31,2016
"""

MAJORS = """ccode,styear,stmonth,stday,endyear,endmonth,endday,version
2,1898,8,13,2016,12,31,2016
200,1816,1,1,2016,12,31,2016
"""

# A tiny ATOP member-level file (codebook 5.1 columns, plus one the parser keeps as float).
#   1001  defense pact of 2 and 200, 1950-1952; 365 left in 1949, before they joined
#   1002  non-aggression: 230 leaves on 15 May 1960, the day 220 joins (a handover)
#   1003  2 and 20: defense in phase 1 (to June 1975), consultation in phase 2 (from July)
#   1004  2 and 200 also promise non-aggression during 1951
#   1005  2 and 20, consultation from 2016, still in force (yrexit 0), days missing;
#         2101 is not a COW code and is left out of the dyads
MEMBERS_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul,bilat\n"
)
MEMBERS = (
    MEMBERS_HEADER
    + """1001,2,1950,1,1,1952,12,31,1,1,0,0,0,0,0
1001,200,1950,1,1,1952,12,31,1,1,0,0,0,0,0
1001,365,1945,3,1,1949,6,30,1,1,0,0,0,0,0
1002,230,1955,1,1,1960,5,15,1,0,0,0,1,0,0
1002,220,1960,5,15,1965,12,31,1,0,0,0,1,0,0
1002,255,1955,1,1,1965,12,31,1,0,0,0,1,0,0
1003,2,1970,1,1,1975,6,30,1,1,0,0,0,0,1
1003,20,1970,1,1,1975,6,30,1,1,0,0,0,0,1
1003,2,1975,7,1,1980,12,31,2,0,0,0,0,1,1
1003,20,1975,7,1,1980,12,31,2,0,0,0,0,1,1
1004,2,1951,3,1,1951,9,1,1,0,0,0,1,0,1
1004,200,1951,3,1,1951,9,1,1,0,0,0,1,0,1
1005,2,2016,1,,0,0,,1,0,0,0,0,1,0
1005,20,2016,1,,0,0,,1,0,0,0,0,1,0
1005,2101,2016,1,,0,0,,1,0,0,0,0,1,0
"""
)

ALLIANCES = """atopid,begyr,asymm,defense,nonagg,consul
1001,1950,0,1,0,0
1002,1955,0,0,1,0
1003,1970,0,1,0,1
1004,1951,0,0,1,0
1005,2016,0,0,0,1
"""

STATE_YEARS = """state,year,atopally,defense,offense,neutral,nonagg,consul,number,atopid1,atopid2
2,1950,1,1,0,0,0,0,1,1001,
2,1951,1,1,0,0,1,0,2,1001,1004
200,1951,1,1,0,0,1,0,2,1001,1004
"""

ATOP_FILES = {"atop5_1m.csv": MEMBERS, "atop5_1a.csv": ALLIANCES, "atop5_1sy.csv": STATE_YEARS}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(root))
    return root


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def atop_folder(folder: Path, files: dict[str, str] = ATOP_FILES) -> Path:
    for name, text in files.items():
        write(folder, name, text)
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by relative path (folders appear through their files)."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name.startswith("."))


# --------------------------------------------------------------------------- one file


def test_import_a_file_records_it_in_the_manifest(cache: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "download", "states2016.csv", STATES)
    before = datetime.now(UTC).replace(microsecond=0)
    record = sources.import_dataset("cow-states", path)

    assert record == sources.manifest()["cow-states"]
    assert record.name == "cow-states" and record.version == "2016"
    assert record.files == (
        SourceFile(
            table="spells",
            file="states2016.csv",
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            rows=3,
            known_release=False,
        ),
    )
    assert record.rows == 3 and record.known_release is False
    assert record.origin == str(path.resolve())
    imported = datetime.fromisoformat(record.imported_at)
    assert imported.tzinfo is not None
    assert before <= imported <= datetime.now(UTC) + timedelta(seconds=1)

    on_disk = json.loads((cache / "manifest.json").read_text("utf-8"))
    assert on_disk["cow-states"]["files"][0]["sha256"] == record.files[0].sha256
    assert ImportRecord.from_json(on_disk["cow-states"]) == record
    assert sorted(p.name for p in (cache / "cow-states").iterdir()) == ["spells.parquet"]


def test_load_round_trips_values_and_dtypes(cache: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "states2016.csv", STATES)
    parsed = sources.dataset("cow-states").table("spells").parse(path)
    sources.import_dataset("cow-states", path)
    loaded = sources.load("cow-states", "spells")

    pd.testing.assert_frame_equal(loaded, parsed)
    assert list(loaded.columns) == ["code", "abb", "name", "start", "end", "microstate"]
    assert loaded["code"].tolist() == [2, 20, 200]
    assert loaded["abb"].tolist() == ["USA", "CAN", "UKG"]
    assert pd.api.types.is_integer_dtype(loaded["code"])
    assert pd.api.types.is_string_dtype(loaded["name"])
    assert pd.api.types.is_datetime64_dtype(loaded["start"])
    assert loaded["microstate"].dtype == bool and not loaded["microstate"].any()
    assert loaded.loc[1, "start"] == pd.Timestamp("1920-01-10")
    assert loaded.loc[2, "end"] == pd.Timestamp("2016-12-31")
    with pytest.raises(InputError, match=r"several tables.*spells, majors"):
        sources.load("cow-states")  # two tables: name one


def test_status_shows_what_is_cached(cache: Path, tmp_path: Path) -> None:
    empty = sources.status()
    assert list(empty["name"]) == [d.name for d in sources.datasets()]
    assert not empty["cached"].any() and empty["rows"].isna().all()

    sources.import_dataset("cow-states", write(tmp_path, "states2016.csv", STATES))
    table = sources.status().set_index("name")
    assert bool(table.loc["cow-states", "cached"]) is True
    assert table.loc["cow-states", "rows"] == 3
    assert table.loc["cow-states", "known_release"] is False
    assert table.loc["cow-states", "version"] == "2016"
    assert table.loc["cow-states", "coverage"] == "1816-2016"
    assert table.loc["cow-states", "imported_at"] == sources.manifest()["cow-states"].imported_at
    assert not table.drop(index="cow-states")["cached"].any()
    assert str(table["rows"].dtype) == "Int64"


def test_a_folder_fills_the_optional_table_too(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cow"
    write(folder, "states2016.csv", STATES)
    write(folder / "more", "majors2016.csv", MAJORS)  # found in a subfolder
    record = sources.import_dataset("cow-states", folder)
    assert [(f.table, f.file, f.rows) for f in record.files] == [
        ("spells", "states2016.csv", 3),
        ("majors", "majors2016.csv", 2),
    ]
    majors = sources.load("cow-states", "majors")
    assert majors["code"].tolist() == [2, 200]
    assert majors.loc[0, "start"] == pd.Timestamp("1898-08-13")


def test_an_optional_table_not_imported_says_so(cache: Path, tmp_path: Path) -> None:
    sources.import_dataset("cow-states", write(tmp_path, "states2016.csv", STATES))
    with pytest.raises(DataNotAvailableError, match="table 'majors' was not in the imported"):
        sources.load("cow-states", "majors")


def test_load_of_an_uncached_dataset_says_how_to_get_it(cache: Path) -> None:
    with pytest.raises(DataNotAvailableError) as caught:
        sources.load("nmc7")
    error = caught.value
    assert error.exit_code == 3 and isinstance(error, LookupError)
    assert "dataset 'nmc7': not cached" in error.message
    assert "allied data pull nmc7" in error.message
    assert "allied data import nmc7 PATH" in error.message
    assert str(cache) in error.message
    assert not cache.exists()  # asking does not create the cache


def test_load_of_an_unknown_table_is_an_input_error(cache: Path) -> None:
    with pytest.raises(InputError, match="no table 'dyads'"):
        sources.load("atop", "dyads")


def test_data_dir_follows_the_environment(cache: Path) -> None:
    assert sources.data_dir() == cache


# --------------------------------------------------------------------------- ATOP, several tables


EXPECTED_DYADS = {
    # (ccode1, ccode2): {year: (defense, offense, neutral, nonagg, consul)}
    (2, 200): {1950: (1, 0, 0, 0, 0), 1951: (1, 0, 0, 1, 0), 1952: (1, 0, 0, 0, 0)},
    (230, 255): dict.fromkeys(range(1955, 1961), (0, 0, 0, 1, 0)),
    (220, 255): dict.fromkeys(range(1960, 1966), (0, 0, 0, 1, 0)),
    (2, 20): {
        **dict.fromkeys(range(1970, 1975), (1, 0, 0, 0, 0)),
        # 1975: phase 2 (entered in July) is the later phase, so it gives the year
        **dict.fromkeys(range(1975, 1981), (0, 0, 0, 0, 1)),
        # yrexit 0: in force to the end of the data (2018, the registry's coverage)
        **dict.fromkeys(range(2016, 2019), (0, 0, 0, 0, 1)),
    },
}


def expected_dyads() -> pd.DataFrame:
    rows = []
    for (a, b), years in EXPECTED_DYADS.items():
        for year, obligations in years.items():
            rows.append((a, b, year, *obligations))
            rows.append((b, a, year, *obligations))
    columns = ["ccode1", "ccode2", "year", "defense", "offense", "neutral", "nonagg", "consul"]
    return pd.DataFrame(rows, columns=columns).sort_values(["ccode1", "ccode2", "year"])


def check_atop(record: ImportRecord) -> None:
    assert [(f.table, f.file, f.rows, f.known_release) for f in record.files] == [
        ("members", "atop5_1m.csv", 15, False),
        ("alliances", "atop5_1a.csv", 5, False),
        ("state_years", "atop5_1sy.csv", 3, False),
    ]
    assert record.version == "5.1"
    members = sources.load("atop", "members")
    assert members["atopid"].tolist()[:3] == [1001, 1001, 1001]
    assert members["dayent"].isna().sum() == 3 and members["yrexit"].tolist()[-1] == 0
    assert "bilat" in members.columns and members["bilat"].dtype == "float64"
    alliances = sources.load("atop", "alliances")
    assert alliances.set_index("atopid")["begyr"].to_dict()[1003] == 1970
    state_years = sources.load("atop", "state_years")
    assert state_years["atopid2"].tolist()[1:] == [1004.0, 1004.0]

    dyads = sources.load("atop", "member_dyad_years")
    expected = expected_dyads()
    assert len(dyads) == len(expected) == 58
    actual = dyads[list(expected.columns)].astype("int64").reset_index(drop=True)
    pd.testing.assert_frame_equal(actual, expected.reset_index(drop=True))


def test_derived_dyads_by_hand(cache: Path) -> None:
    """The rules one by one, on the derivation stored at import."""
    sources.import_dataset("atop", atop_folder(cache.parent / "atop"))
    dyads = sources.load("atop", "member_dyad_years")
    columns = ["ccode1", "ccode2", "year", "defense", "nonagg", "consul"]
    values = dyads[columns].astype("int64").to_numpy().tolist()
    rows = {tuple(v[:3]): tuple(v[3:]) for v in values}
    # the pact: 2 x 3 directed rows, all with defense
    assert sorted(k for k in rows if {k[0], k[1]} == {2, 200}) == [
        (2, 200, 1950),
        (2, 200, 1951),
        (2, 200, 1952),
        (200, 2, 1950),
        (200, 2, 1951),
        (200, 2, 1952),
    ]
    assert all(rows[k][0] == 1 for k in rows if {k[0], k[1]} == {2, 200})
    pairs = {(a, b) for a, b, _ in rows}
    # 365 left before 2 and 200 joined: no pair; nor for 230/220 (a same-day handover)
    assert not pairs & {(2, 365), (365, 2), (200, 365), (220, 230), (230, 220)}
    # ... though 1960 holds both a 230-255 and a 220-255 year
    assert (230, 255, 1960) in rows and (220, 255, 1960) in rows
    # the later phase gives the year: defense to 1974, consultation from 1975
    assert rows[(2, 20, 1974)] == (1, 0, 0) and rows[(2, 20, 1975)] == (0, 0, 1)
    # across alliances an obligation holds if any alliance has it
    assert rows[(2, 200, 1951)] == (1, 1, 0)
    assert not any(2101 in pair for pair in pairs)
    assert max(year for _, _, year in rows) == 2018


def test_import_atop_from_a_folder(cache: Path, tmp_path: Path) -> None:
    record = sources.import_dataset("atop", atop_folder(tmp_path / "ATOP 5.1 (.csv)"))
    check_atop(record)
    assert sorted(p.name for p in (cache / "atop").iterdir()) == [
        "alliances.parquet",
        "member_dyad_years.parquet",
        "members.parquet",
        "state_years.parquet",
    ]
    with pytest.raises(DataNotAvailableError, match="'directed_dyad_years' was not in"):
        sources.load("atop", "directed_dyad_years")


def test_import_atop_from_a_zip_archive(cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "atop_5.1__.csv_.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, text in ATOP_FILES.items():
            bundle.writestr(f"ATOP 5.1 (.csv)/{name}", text)
        bundle.writestr("ATOP 5.1 (.csv)/atop_5_1_codebook.txt", "not a table")
    record = sources.import_dataset("atop", archive)
    check_atop(record)
    assert record.origin == str(archive.resolve())
    assert record.files[0].sha256 == hashlib.sha256(MEMBERS.encode()).hexdigest()


def test_a_single_file_of_a_multi_table_dataset_is_refused(cache: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "atop5_1m.csv", MEMBERS)
    with pytest.raises(InputError) as caught:
        sources.import_dataset("atop", path)
    message = caught.value.message
    assert "'atop5_1m.csv' alone is not enough" in message
    for table, file in [
        ("members", "atop5_1m.csv"),
        ("alliances", "atop5_1a.csv"),
        ("state_years", "atop5_1sy.csv"),
    ]:
        assert f"{table}: {file}" in message
    assert not cache.exists()


def test_a_folder_without_a_required_file_is_refused(cache: Path, tmp_path: Path) -> None:
    folder = atop_folder(tmp_path / "atop", {"atop5_1m.csv": MEMBERS, "atop5_1a.csv": ALLIANCES})
    with pytest.raises(InputError) as caught:
        sources.import_dataset("atop", folder)
    assert "lacks required file(s)" in caught.value.message
    assert "state_years: atop5_1sy.csv" in caught.value.message
    assert "members:" not in caught.value.message
    assert not cache.exists()


def test_a_missing_path_is_an_input_error(cache: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        sources.import_dataset("atop", tmp_path / "nowhere")


# --------------------------------------------------------------------------- failures


def truncated(text: str) -> str:
    """The text cut in the middle of its last row, as an interrupted download leaves it."""
    body = text.rstrip("\n")
    last = body.rsplit("\n", 1)[1]
    return body[: len(body) - len(last) // 2]


def test_a_failed_import_leaves_the_cache_as_it_was(cache: Path, tmp_path: Path) -> None:
    sources.import_dataset("cow-states", write(tmp_path / "good", "states2016.csv", STATES))
    sources.import_dataset("atop", atop_folder(tmp_path / "atop"))
    before = snapshot(cache)
    assert "manifest.json" in before and "atop/member_dyad_years.parquet" in before

    cut = write(tmp_path / "cut", "states2016.csv", truncated(STATES))
    with pytest.raises(InputError) as caught:
        sources.import_dataset("cow-states", cut)
    assert "states2016.csv, row 3 (line 4)" in caught.value.message
    assert "missing required value" in caught.value.message

    typo = write(tmp_path / "typo", "states2016.csv", STATES.replace(",1920,", ",192O,"))
    with pytest.raises(InputError) as caught:
        sources.import_dataset("cow-states", typo)
    assert "'192O' is not an int" in caught.value.message
    assert "states2016.csv, row 2 (line 3), column 'styear'" in caught.value.message

    members = MEMBERS.replace("1003,20,1975,7,1,1980", "1003,20,1975,7,1,198O")
    bad_atop = atop_folder(tmp_path / "bad-atop", {**ATOP_FILES, "atop5_1m.csv": members})
    with pytest.raises(InputError) as caught:
        sources.import_dataset("atop", bad_atop)
    assert "atop5_1m.csv, row 10 (line 11), column 'yrexit'" in caught.value.message

    cut_atop = atop_folder(
        tmp_path / "cut-atop", {**ATOP_FILES, "atop5_1a.csv": truncated(ALLIANCES)}
    )
    with pytest.raises(InputError, match=r"atop5_1a\.csv, row 5 \(line 6\)"):
        sources.import_dataset("atop", cut_atop)

    assert snapshot(cache) == before
    assert sources.load("cow-states", "spells")["code"].tolist() == [2, 20, 200]


def test_reimport_replaces_the_dataset_in_one_step(cache: Path, tmp_path: Path) -> None:
    sources.import_dataset("cow-states", write(tmp_path / "a", "states2016.csv", STATES))
    sources.import_dataset("atop", atop_folder(tmp_path / "atop"))
    atop_before = {k: v for k, v in snapshot(cache).items() if k.startswith("atop/")}

    fewer = STATES.replace("CAN,20,Canada,1920,1,10,2016,12,31,2016\n", "")
    record = sources.import_dataset("cow-states", write(tmp_path / "b", "states2016.csv", fewer))

    assert sources.load("cow-states", "spells")["code"].tolist() == [2, 200]
    assert sources.manifest()["cow-states"] == record and record.rows == 2
    assert set(sources.manifest()) == {"atop", "cow-states"}
    assert {k: v for k, v in snapshot(cache).items() if k.startswith("atop/")} == atop_before
    assert leftovers(cache) == []
    assert sorted(p.name for p in cache.iterdir()) == ["atop", "cow-states", "manifest.json"]


def test_reimport_drops_tables_the_new_files_lack(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cow"
    write(folder, "states2016.csv", STATES)
    write(folder, "majors2016.csv", MAJORS)
    sources.import_dataset("cow-states", folder)
    sources.import_dataset("cow-states", folder / "states2016.csv")
    assert sorted(p.name for p in (cache / "cow-states").iterdir()) == ["spells.parquet"]
    assert [f.table for f in sources.manifest()["cow-states"].files] == ["spells"]
