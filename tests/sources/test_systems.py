"""State-list and ATOP parsers, on tiny files in each published layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allied.errors import InputError
from allied.sources._systems import (
    OBLIGATIONS,
    atop_alliances,
    atop_directed_dyad_years,
    atop_members,
    atop_state_years,
    cow_majors,
    cow_state_spells,
    gw_state_spells,
)

# The same three COW spells (Germany's two, and Canada) in both COW layouts.
COW_OFFICIAL = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
CAN,20,Canada,1920,1,10,2016,12,31,2016
GMY,255,Germany,1816,1,1,1945,5,8,2016
GMY,255,Germany,1990,10,3,2016,12,31,2016
"""

COW_ISARD = """ccode,cw_abb,cw_name,start,end
255,GMY,Germany,1990-10-03,2016-12-31
20,CAN,Canada,1920-01-10,2016-12-31
255,GMY,Germany,1816-01-01,1945-05-08
"""

# G-W: isard's spells with the microstate flag, and peacesciencer's gw_states.csv.
GW_ISARD = """gwcode,gw_abb,gw_name,microstate,start,end
20,CAN,Canada,0,1867-07-01,2020-12-31
221,MNC,Monaco,1,1816-01-01,2020-12-31
260,GFR,German Federal Republic,0,1949-09-21,2020-12-31
"""

GW_PEACESCIENCER = """gwcode,stateabb,statename,startdate,enddate
260,GFR,German Federal Republic,1949-09-21,2020-12-31
20,CAN,Canada,1867-07-01,2020-12-31
"""

SPELL_COLUMNS = ["code", "abb", "name", "start", "end", "microstate"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spells(rows: list[tuple[int, str, str, str, str, bool]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=SPELL_COLUMNS)
    return frame.assign(
        code=frame["code"].astype("int64"),
        abb=frame["abb"].astype("string"),
        name=frame["name"].astype("string"),
        start=pd.to_datetime(frame["start"]).astype("datetime64[ns]"),
        end=pd.to_datetime(frame["end"]).astype("datetime64[ns]"),
    )


COW_EXPECTED = spells(
    [
        (20, "CAN", "Canada", "1920-01-10", "2016-12-31", False),
        (255, "GMY", "Germany", "1816-01-01", "1945-05-08", False),
        (255, "GMY", "Germany", "1990-10-03", "2016-12-31", False),
    ]
)


def check_spells(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(frame.columns) == SPELL_COLUMNS
    assert frame["code"].dtype == "int64" and frame["microstate"].dtype == bool
    assert pd.api.types.is_string_dtype(frame["abb"]) and pd.api.types.is_string_dtype(
        frame["name"]
    )
    assert pd.api.types.is_datetime64_dtype(frame["start"])
    actual = frame.assign(start=frame["start"].astype("datetime64[ns]"))
    actual = actual.assign(end=frame["end"].astype("datetime64[ns]"))
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False)


@pytest.mark.parametrize(
    ("name", "text"), [("states2016.csv", COW_OFFICIAL), ("cow_system_spells_isard.csv", COW_ISARD)]
)
def test_cow_layouts_give_one_shape(tmp_path: Path, name: str, text: str) -> None:
    check_spells(cow_state_spells(write(tmp_path, name, text)), COW_EXPECTED)


def test_cow_layouts_agree_exactly(tmp_path: Path) -> None:
    official = cow_state_spells(write(tmp_path, "states2016.csv", COW_OFFICIAL))
    isard = cow_state_spells(write(tmp_path, "cow_system_spells_isard.csv", COW_ISARD))
    pd.testing.assert_frame_equal(official, isard)


def test_gw_layouts_give_one_shape(tmp_path: Path) -> None:
    isard = gw_state_spells(write(tmp_path, "gw_system_spells_isard.csv", GW_ISARD))
    check_spells(
        isard,
        spells(
            [
                (20, "CAN", "Canada", "1867-07-01", "2020-12-31", False),
                (221, "MNC", "Monaco", "1816-01-01", "2020-12-31", True),
                (260, "GFR", "German Federal Republic", "1949-09-21", "2020-12-31", False),
            ]
        ),
    )
    peacesciencer = gw_state_spells(write(tmp_path, "gw_states.csv", GW_PEACESCIENCER))
    # gw_states.csv lists independent states only: no microstates, every flag False
    pd.testing.assert_frame_equal(peacesciencer, isard[isard["code"] != 221].reset_index(drop=True))


def test_cow_majors(tmp_path: Path) -> None:
    text = """ccode,styear,stmonth,stday,endyear,endmonth,endday,version
255,1816,1,1,1918,11,11,2016
2,1898,8,13,2016,12,31,2016
"""
    majors = cow_majors(write(tmp_path, "majors2016.csv", text))
    assert list(majors.columns) == ["code", "start", "end"]
    assert majors["code"].tolist() == [255, 2]
    assert majors.loc[0, "end"] == pd.Timestamp("1918-11-11")
    assert majors.loc[1, "start"] == pd.Timestamp("1898-08-13")


# --------------------------------------------------------------------------- bad state lists


def test_an_impossible_date_names_file_and_row(tmp_path: Path) -> None:
    text = COW_OFFICIAL.replace("1990,10,3,", "1990,2,30,")
    with pytest.raises(InputError) as caught:
        cow_state_spells(write(tmp_path, "states2016.csv", text))
    message = caught.value.message
    assert message.startswith("impossible date")
    assert "states2016.csv, row 3 (line 4), columns 'styear/month/day'" in message


def test_an_impossible_iso_date_names_file_row_and_column(tmp_path: Path) -> None:
    text = GW_PEACESCIENCER.replace("1867-07-01", "1867-02-30")
    with pytest.raises(InputError) as caught:
        gw_state_spells(write(tmp_path, "gw_states.csv", text))
    message = caught.value.message
    assert "'1867-02-30' is not a date" in message
    assert "gw_states.csv, row 2 (line 3), column 'startdate'" in message


def test_an_impossible_end_date_in_the_majors_file(tmp_path: Path) -> None:
    text = "ccode,styear,stmonth,stday,endyear,endmonth,endday\n2,1898,8,13,1900,2,30\n"
    with pytest.raises(InputError, match=r"majors2016\.csv, row 1 \(line 2\).*'endyear"):
        cow_majors(write(tmp_path, "majors2016.csv", text))


@pytest.mark.parametrize(
    ("name", "text", "parser"),
    [
        (
            "states2016.csv",
            COW_OFFICIAL.replace("CAN,20,Canada,1920,1,10,2016", "CAN,20,Canada,1920,1,10,1919"),
            cow_state_spells,
        ),
        (
            "cow_system_spells_isard.csv",
            COW_ISARD.replace(
                "20,CAN,Canada,1920-01-10,2016-12-31", "20,CAN,Canada,1920-01-10,1919-12-31"
            ),
            cow_state_spells,
        ),
        (
            "gw_system_spells_isard.csv",
            GW_ISARD.replace("20,CAN,Canada,0,1867-07-01,", "20,CAN,Canada,0,2021-07-01,"),
            gw_state_spells,
        ),
    ],
)
def test_a_spell_that_ends_before_it_starts(
    tmp_path: Path, name: str, text: str, parser: object
) -> None:
    with pytest.raises(InputError) as caught:
        parser(write(tmp_path, name, text))  # type: ignore[operator]
    assert "spell of state 20 ends before it starts" in caught.value.message
    assert f"({name}, state 20)" in caught.value.message


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    text = COW_ISARD.replace("cw_name", "statename")
    with pytest.raises(InputError, match=r"missing column\(s\) cw_name.*cow_spells\.csv, header"):
        cow_state_spells(write(tmp_path, "cow_spells.csv", text))


def test_a_non_numeric_code(tmp_path: Path) -> None:
    text = GW_ISARD.replace("221,MNC", "22l,MNC")
    with pytest.raises(InputError, match=r"'22l' is not an int.*row 2 \(line 3\), column 'gwcode'"):
        gw_state_spells(write(tmp_path, "gw_system_spells_isard.csv", text))


# --------------------------------------------------------------------------- ATOP files


MEMBERS_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul"
)

DDYR = """stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul,shareob
2,20,1940,1,1,0,0,0,1,1
20,2,1940,1,1,0,0,0,1,1
200,255,1939,1,0,1,0,0,0,0
"""


@pytest.mark.parametrize("header_case", [str, str.lower])
def test_atop_directed_dyad_years(tmp_path: Path, header_case: object) -> None:
    header, rest = DDYR.split("\n", 1)
    text = f"{header_case(header)}\n{rest}"  # type: ignore[operator]
    frame = atop_directed_dyad_years(write(tmp_path, "atop5_1ddyr.csv", text))
    assert list(frame.columns) == ["ccode1", "ccode2", "year", *OBLIGATIONS]
    assert OBLIGATIONS == ("defense", "offense", "neutral", "nonagg", "consul")
    assert frame.astype("int64").to_numpy().tolist() == [
        [2, 20, 1940, 1, 0, 0, 0, 1],
        [20, 2, 1940, 1, 0, 0, 0, 1],
        [200, 255, 1939, 0, 1, 0, 0, 0],
    ]
    assert all(pd.api.types.is_integer_dtype(frame[c]) for c in frame.columns)


def test_atop_directed_dyad_years_without_an_obligation_column(tmp_path: Path) -> None:
    text = DDYR.replace(",consul", ",consult")
    with pytest.raises(InputError, match=r"missing column\(s\) consul"):
        atop_directed_dyad_years(write(tmp_path, "atop5_1ddyr.csv", text))


def test_atop_members_keeps_missing_days_and_extra_columns(tmp_path: Path) -> None:
    text = (
        MEMBERS_HEADER
        + """,version
1005,200,1815,1,3,1815,2,8,1,1,0,0,0,1,5.1
3180,2,1949,4,,0,0,,1,1,0,0,0,1,5.1
"""
    )
    members = atop_members(write(tmp_path, "atop5_1m.csv", text))
    assert members["atopid"].tolist() == [1005, 3180]
    assert members["yrexit"].tolist() == [1815, 0]
    assert members["dayent"].isna().tolist() == [False, True]
    assert members["version"].tolist() == [5.1, 5.1]


def test_atop_members_refuses_a_missing_obligation(tmp_path: Path) -> None:
    text = (
        MEMBERS_HEADER
        + """
1005,200,1815,1,3,1815,2,8,1,1,0,,0,1
"""
    )
    with pytest.raises(InputError, match=r"atop5_1m\.csv, row 1 \(line 2\), column 'neutral'"):
        atop_members(write(tmp_path, "atop5_1m.csv", text))


def test_atop_alliances_and_state_years(tmp_path: Path) -> None:
    alliances = atop_alliances(
        write(tmp_path, "atop5_1a.csv", "atopid,begyr,asymm,pubsecr\n1005,1815,0,1\n3180,1949,0,\n")
    )
    assert alliances["begyr"].tolist() == [1815, 1949]
    assert alliances["pubsecr"].isna().tolist() == [False, True]
    state_years = atop_state_years(
        write(
            tmp_path,
            "atop5_1sy.csv",
            "state,year,atopally,defense,offense,neutral,nonagg,consul,atopid1\n"
            "2,1908,1,0,0,0,0,1,1455\n",
        )
    )
    first = state_years[["state", "year", "atopally", "consul"]].iloc[0]
    assert first.tolist() == [2, 1908, 1, 1]
    assert state_years.loc[0, "atopid1"] == 1455.0
