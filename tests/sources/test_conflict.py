"""The conflict parsers: typed rows, and files that are not the published data refused by row."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from allied.errors import InputError
from allied.sources._conflict import (
    parse_cow_war_inter,
    parse_td_rivalries,
    parse_tss_rivalries,
    parse_ucdp_acd,
    parse_ucdp_onsets,
)

RIVALRY_HEADER = (
    "tssr_id,rivalry,ccode1,ccode2,start,end,"
    "positional,spatial,ideological,interventionary,principal,aprin\n"
)
RIVALRIES = RIVALRY_HEADER + (
    "73,Britain-Germany 1,200,255,1896,1918,1,1,,,1,\n"
    "95,Britain-Germany 2,200,255,1933,1945,1,,1,,,1\n"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_rivalries_are_read_typed_from_gzip_with_blank_types_missing(tmp_path: Path) -> None:
    frame = parse_tss_rivalries(_file(tmp_path, "peacesciencer__tss_rivalries.csv.gz", RIVALRIES))
    assert frame["tssr_id"].tolist() == [73, 95]
    assert frame["rivalry"].tolist() == ["Britain-Germany 1", "Britain-Germany 2"]
    assert str(frame["spatial"].dtype) == "Int64" and pd.isna(frame.loc[1, "spatial"])


@pytest.mark.parametrize(
    ("row", "where", "problem"),
    [
        (
            "96,Britain-Germany 3,255,200,1945,1950,1,,,,,\n",
            "row 3 (line 4), column 'start'",
            "shares a year with another spell of the same dyad",
        ),
        ("96,Britain-Germany 3,200,255,1960,1950,1,,,,,\n", "row 3", "ends before it starts"),
        ("96,Britain-Germany 3,200,255,1960,1970,2,,,,,\n", "column 'positional'", "not one of"),
    ],
)
def test_rivalries_refuse_overlaps_and_bad_cells_by_row(
    tmp_path: Path, row: str, where: str, problem: str
) -> None:
    path = _file(tmp_path, "tss_rivalries.csv", RIVALRIES + row)
    with pytest.raises(InputError, match=problem) as error:
        parse_tss_rivalries(path)
    assert where in str(error.value)


WAR_HEADER = (
    "warnum,ccode1,ccode2,year,cowinterongoing,cowinteronset,sidea1,sidea2,"
    "initiator1,initiator2,outcome1,outcome2,batdeath1,batdeath2,resume\n"
)


def test_wars_keep_unknown_deaths_and_refuse_a_third_side(tmp_path: Path) -> None:
    rows = WAR_HEADER + "151,2,731,1950,1,1,1,2,0,1,6,6,54487,-9,0\n"
    frame = parse_cow_war_inter(_file(tmp_path, "cow_war_inter.csv", rows))
    assert frame.loc[0, "batdeath2"] == -9 and frame.loc[0, "warnum"] == 151
    bad = _file(tmp_path, "bad.csv", rows.replace(",1,2,0,1,6", ",3,2,0,1,6"))
    with pytest.raises(InputError, match=r"'3' is not one of 1, 2 .*column 'sidea1'"):
        parse_cow_war_inter(bad)


ACD_HEADER = (
    "conflict_id,year,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,incompatibility,intensity_level,"
    "type_of_conflict,start_date,start_prec,start_date2,start_prec2,ep_end,ep_end_date\n"
)
ACD = ACD_HEADER + "315,1991,200,,,,territory,1,intrastate,1970-08-11,1,1971-08-31,3,1,1991-11-26\n"


def test_conflicts_are_read_with_dates_and_refuse_unknown_types(tmp_path: Path) -> None:
    frame = parse_ucdp_acd(_file(tmp_path, "ucdp_acd.csv", ACD))
    assert frame.loc[0, "ep_end_date"] == pd.Timestamp("1991-11-26")
    assert pd.isna(frame.loc[0, "gwno_b"]) and frame.loc[0, "type_of_conflict"] == "intrastate"
    bad = _file(tmp_path, "bad.csv", ACD.replace("intrastate", "civil"))
    with pytest.raises(InputError, match="'civil' is not one of extrasystemic"):
        parse_ucdp_acd(bad)


ONSETS = "gwcode,year,sumnewconf,sumonset1,sumonset2,sumonset3,sumonset5,sumonset10\n"


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("2,1950,1,1,1,1,1,1\n2,1950,0,0,0,0,0,0\n", "listed twice"),
        ("2,1950,-1,1,1,1,1,1\n", "cannot be negative"),
    ],
)
def test_onsets_refuse_repeated_state_years_and_negative_counts(
    tmp_path: Path, rows: str, problem: str
) -> None:
    with pytest.raises(InputError, match=problem):
        parse_ucdp_onsets(_file(tmp_path, "ucdp_onsets.csv", ONSETS + rows))


def test_thompson_dreyer_rivalries_refuse_an_unknown_type(tmp_path: Path) -> None:
    header = "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n"
    good = header + "99,Russia-United States 1,2,365,1945,1989,Global,positional,ideological,\n"
    frame = parse_td_rivalries(_file(tmp_path, "td_rivalries.csv", good))
    assert frame.loc[0, "type2"] == "ideological" and pd.isna(frame.loc[0, "type3"])
    bad = _file(tmp_path, "bad.csv", good.replace("ideological", "economic"))
    with pytest.raises(InputError, match=r"'economic' is not one of positional.*column 'type2'"):
        parse_td_rivalries(bad)
