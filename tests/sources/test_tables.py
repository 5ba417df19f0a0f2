"""Parsers of the tabular datasets, on tiny files written by the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied.errors import DataNotAvailableError, InputError
from allied.sources._tables import (
    NMC_COMPONENTS,
    fetch_world_bank_gdp,
    parse_ideal_points,
    parse_nato_expenditure,
    parse_nato_share_of_gdp,
    parse_nmc,
    parse_world_bank_gdp,
    recompute_cinc,
)

Parser = Callable[[Path], pd.DataFrame]


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


NMC6 = """stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version
USA,2,1816,3823,17,80,254,8659,101,0.039697491,2021
UKG,200,1816,16942,255,325,16383,19520,1605,0.33463723,2021
HAI,41,1816,-9,-9,0,0,500,-9,0.0013,2021
"""

NMC7 = """ccode,year,milex,milper,irst,pec,tpop,upop,cinc
2,1816,3823,17,80,254,8659.0,101.0,0.039697491
200,1816,16942,255,325,16383,19520.0,1605.0,0.33463723
41,1816,,,0,0,500.0,,0.0013
"""

WB_LONG = """Country Name,Country Code,Year,Value
"Bahamas, The",BHS,2022,12897400000.0
Kosovo,XKX,2022,9432504519.1
Puerto Rico,PRI,2022,113434000000.0
United States,USA,2022,25744108000000.0
United States,USA,2023,27360935000000.0
World,WLD,2023,105435540739051.8
"""

# The World Bank's own download: BOM, 4 preamble lines, a trailing comma everywhere.
WB_WIDE = """"Data Source","World Development Indicators",

"Last Updated Date","2024-06-28",

"Country Name","Country Code","Indicator Name","Indicator Code","2022","2023",
"Bahamas, The","BHS","GDP (current US$)","NY.GDP.MKTP.CD","12897400000.0","",
"Kosovo","XKX","GDP (current US$)","NY.GDP.MKTP.CD","9432504519.1","",
"Puerto Rico","PRI","GDP (current US$)","NY.GDP.MKTP.CD","113434000000.0","",
"United States","USA","GDP (current US$)","NY.GDP.MKTP.CD","25744108000000.0","27360935000000.0",
"World","WLD","GDP (current US$)","NY.GDP.MKTP.CD","","105435540739051.8",
"""

UNGA = (
    '"","ccode","session","NVotesAll","IdealPointAll","QO%All","Q5%All","Q10%All",'
    '"Q50%All","Q90%All","Q95%All","Q100%All","iso3c","Countryname","USAgree",'
    '"RUSSAgree","BrazilAgree","ChinaAgree","IndiaAgree","IsraelAgree"\n'
    '"1",2,1,42,1.67635,1.09977,1.339545,1.404822,1.668589,1.95806,2.039101,2.490737,'
    '"USA","United States",1,0.2142857,0.6428571,NA,0.4761905,NA\n'
    '"2",2,20,103,1.886102,1.372502,1.536494,1.602467,1.875287,2.168638,2.266258,2.562289,'
    '"USA","United States",1,0.127451,0.776699,NA,0.37,0.1666667\n'
    '"3",365,78,22,-1.9,-2.4,-2.2,-2.1,-1.9,-1.7,-1.6,-1.3,'
    '"RUS","Russia",0.1,1,0.6,0.9,0.7,0.2\n'
)

NATO_EXP = (
    'country_stanag,year,"Defense expenditure (USD, current prices)",'
    '"Defense expenditure (USD, 2015 prices)",Defense expenditure (% real GDP),'
    "Defense expenditure annual real change (% GDP),Real GDP (2015 prices),"
    "GDP per capita (USD),Defence expenditure per capita (USD),Military personnel,"
    "Equipment expenditure (%),Personnel expenditure (%),Infrastructure expenditure (%),"
    "Other expenditure (%)\n"
    "ISL,2012,,,,,15616495180.4,48695.0,,,,,,\n"
    "POL,2015,10595640029.0,10595640029.0,2.2186,24.3494,477577397532.8,12419.1,"
    "275.5,98898,33.2,41.96,4.74,20.1\n"
)

NATO_PCT = """Country,2022,2023,2024e
Poland,2.207955,3.270387,3.788951
Türkiye,1.36,1.48,2.13
NATO Total,2.444020463,2.442299715,2.614896246
"""


# --------------------------------------------------------------------------- NMC


def test_nmc6_minus_nine_becomes_na(tmp_path: Path) -> None:
    frame = parse_nmc(write(tmp_path, "NMC-60-abridged.csv", NMC6))
    assert list(frame.columns) == ["ccode", "year", *NMC_COMPONENTS, "cinc"]
    assert str(frame["ccode"].dtype) == "Int64" and str(frame["year"].dtype) == "Int64"
    assert all(frame[c].dtype == "float64" for c in [*NMC_COMPONENTS, "cinc"])
    haiti = frame.iloc[2]
    assert pd.isna(haiti.milex) and pd.isna(haiti.milper) and pd.isna(haiti.upop)
    assert haiti.irst == 0 and haiti.tpop == 500
    assert not (frame[list(NMC_COMPONENTS)] == -9).any().any()


def test_nmc7_empty_cells_are_na_and_formats_agree(tmp_path: Path) -> None:
    six = parse_nmc(write(tmp_path, "six.csv", NMC6))
    seven = parse_nmc(write(tmp_path, "seven.csv", NMC7))
    pd.testing.assert_frame_equal(six, seven)


def test_nmc_rejects_negative_values_other_than_minus_nine(tmp_path: Path) -> None:
    path = write(tmp_path, "nmc.csv", NMC7.replace("41,1816,,,0", "41,1816,,,-3"))
    with pytest.raises(InputError, match=r"nmc\.csv, row 3 .*column 'irst'"):
        parse_nmc(path)


def test_nmc_rejects_duplicate_state_years(tmp_path: Path) -> None:
    path = write(tmp_path, "nmc.csv", NMC7 + "2,1816,1,1,1,1,1,1,0.1\n")
    with pytest.raises(InputError, match="duplicate row for ccode=2, year=1816"):
        parse_nmc(path)


# --------------------------------------------------------------------------- CINC


def test_recompute_cinc_by_hand() -> None:
    frame = pd.DataFrame(
        {
            "year": [1900, 1900, 1900, 1901, 1901],
            "milex": [6, 3, 1, 5, None],
            "milper": [1, 1, None, 2, None],
            "irst": [4, 0, 0, 7, None],
            "pec": [2, 2, 4, 1, None],
            "tpop": [5, 3, 2, 9, None],
            "upop": [None, 1, 3, 3, None],
        },
        dtype="float64",
    )
    # 1900 shares (component total in brackets):
    #   milex [10]: A 0.6, B 0.3, C 0.1      milper [2]: A 0.5, B 0.5, C NA
    #   irst  [4]:  A 1.0, B 0.0, C 0.0      pec [8]:    A 0.25, B 0.25, C 0.5
    #   tpop [10]:  A 0.5, B 0.3, C 0.2      upop [4]:   A NA, B 0.25, C 0.75
    # A = (0.6 + 0.5 + 1.0 + 0.25 + 0.5) / 5        = 2.85 / 5 = 0.57
    # B = (0.3 + 0.5 + 0.0 + 0.25 + 0.3 + 0.25) / 6 = 1.6 / 6  = 0.26666...
    # C = (0.1 + 0.0 + 0.5 + 0.2 + 0.75) / 5        = 1.55 / 5 = 0.31
    # 1901: D is the only state with values, so every share is 1 -> 1.0;
    #       E has no component at all -> NA.
    expected = [0.57, 1.6 / 6, 0.31, 1.0, np.nan]
    result = recompute_cinc(frame)
    assert result.name == "cinc"
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=0, atol=1e-12)
    # the documented quirk: with missing components, a year's CINC sums past 1
    assert result[frame.year == 1900].sum() == pytest.approx(0.57 + 1.6 / 6 + 0.31)
    assert result[frame.year == 1900].sum() > 1


def test_recompute_cinc_refuses_raw_minus_nine() -> None:
    frame = pd.DataFrame({"year": [1900], **{c: [-9.0] for c in NMC_COMPONENTS}})
    with pytest.raises(InputError, match="negative capability component"):
        recompute_cinc(frame)


def test_recompute_cinc_names_missing_columns() -> None:
    with pytest.raises(InputError, match=r"missing column.*upop"):
        recompute_cinc(pd.DataFrame({"year": [1900], "milex": [1.0]}))


positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.lists(positive, min_size=6, max_size=6), min_size=1, max_size=8),
    factor=st.floats(min_value=1e-2, max_value=1e3),
)
def test_complete_cinc_sums_to_one_and_ignores_units(
    values: list[list[float]], factor: float
) -> None:
    """Without missing values CINC sums to 1 in a year, whatever each component's unit."""
    frame = pd.DataFrame(values, columns=list(NMC_COMPONENTS)).assign(year=2000)
    cinc = recompute_cinc(frame)
    assert cinc.sum() == pytest.approx(1.0)
    rescaled = frame.assign(milex=frame.milex * factor, tpop=frame.tpop / factor)
    np.testing.assert_allclose(recompute_cinc(rescaled), cinc, rtol=1e-9)


# --------------------------------------------------------------------------- World Bank


def test_world_bank_long(tmp_path: Path) -> None:
    frame = parse_world_bank_gdp(write(tmp_path, "gdp_current_usd.csv", WB_LONG))
    assert list(frame.columns) == ["country", "code", "iso3", "year", "gdp_usd_current"]
    assert frame.dtypes.astype(str).tolist() == ["string", "string", "string", "Int64", "float64"]
    iso3 = dict(zip(frame.code, frame.iso3, strict=True))
    assert iso3["USA"] == "USA" and iso3["BHS"] == "BHS"
    assert iso3["XKX"] == "XKX"  # Kosovo: the World Bank's code is allied.states' code
    assert pd.isna(iso3["WLD"]) and pd.isna(iso3["PRI"])  # aggregate, dependency
    usa = frame[(frame.code == "USA") & (frame.year == 2023)]
    assert usa.gdp_usd_current.item() == 27360935000000.0
    assert frame.country.iloc[0] == "Bahamas, The"


def test_world_bank_wide_download_is_melted(tmp_path: Path) -> None:
    wide = parse_world_bank_gdp(
        write(tmp_path, "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv", WB_WIDE, bom=True)
    )
    long = parse_world_bank_gdp(write(tmp_path, "long.csv", WB_LONG))
    pd.testing.assert_frame_equal(wide, long)


def test_world_bank_wide_download_of_another_indicator(tmp_path: Path) -> None:
    path = write(
        tmp_path, "api.csv", WB_WIDE.replace('"NY.GDP.MKTP.CD","9432', '"SP.POP.TOTL","9432')
    )
    with pytest.raises(InputError, match=r"api\.csv, row 2 \(line 7\), column 'Indicator Code'"):
        parse_world_bank_gdp(path)


def test_world_bank_rejects_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, "gdp.csv", WB_LONG + "World,WLD,2023,1.0\n")
    with pytest.raises(InputError, match="duplicate row"):
        parse_world_bank_gdp(path)


def wb_record(code: str, name: str, year: int, value: float, *, aggregate: bool) -> dict[str, Any]:
    """One observation as ``wbgapi.data.fetch(labels=True, numericTimeKeys=True)`` yields it."""
    return {
        "value": value,
        "series": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
        "economy": {"id": code, "value": name, "aggregate": aggregate},
        "time": {"id": year, "value": str(year)},
    }


FAKE_API = [
    wb_record("WLD", "World", 2023, 105435540739051.8, aggregate=True),
    wb_record("USA", "United States", 2023, 27360935000000.0, aggregate=False),
    wb_record("USA", "United States", 2022, 25744108000000.0, aggregate=False),
    wb_record("XKX", "Kosovo", 2022, 9432504519.1, aggregate=False),
]


def test_fetch_world_bank_gdp_reshapes_the_api_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import wbgapi

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def fake_fetch(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        calls.append((args, kwargs))
        return iter(FAKE_API)

    monkeypatch.setattr(wbgapi.data, "fetch", fake_fetch)
    frame = fetch_world_bank_gdp()
    assert calls[0][0] == ("NY.GDP.MKTP.CD",)
    assert calls[0][1]["labels"] is True and calls[0][1]["db"] == 2
    assert list(frame.columns) == ["country", "code", "iso3", "year", "gdp_usd_current"]
    assert frame.dtypes.astype(str).tolist() == ["string", "string", "string", "Int64", "float64"]
    assert frame[["code", "year"]].astype(str).agg(" ".join, axis=1).tolist() == [
        "USA 2022",
        "USA 2023",
        "WLD 2023",
        "XKX 2022",
    ]
    assert frame.iso3.isna().tolist() == [False, False, True, False]
    assert frame.gdp_usd_current.iloc[1] == 27360935000000.0


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (OSError("Connection refused"), "Connection refused"),
        ([], "no observations"),
    ],
)
def test_fetch_world_bank_gdp_without_data(
    monkeypatch: pytest.MonkeyPatch, answer: object, message: str
) -> None:
    import wbgapi

    def fake_fetch(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        if isinstance(answer, Exception):
            raise answer
        return iter([])

    monkeypatch.setattr(wbgapi.data, "fetch", fake_fetch)
    with pytest.raises(DataNotAvailableError, match=message) as caught:
        fetch_world_bank_gdp()
    assert "parse_world_bank_gdp" in str(caught.value)


# --------------------------------------------------------------------------- UNGA


def test_ideal_points(tmp_path: Path) -> None:
    frame = parse_ideal_points(write(tmp_path, "IdealpointestimatesAll_Jun2024.csv", UNGA))
    assert list(frame.columns) == [
        "ccode", "iso3", "country", "session", "year", "votes", "ideal_point",
        "ideal_point_q00", "ideal_point_q05", "ideal_point_q10", "ideal_point_q50",
        "ideal_point_q90", "ideal_point_q95", "ideal_point_q100",
        "agree_usa", "agree_russia", "agree_brazil", "agree_china", "agree_india",
        "agree_israel",
    ]  # fmt: skip
    assert frame.year.tolist() == [1946, 1965, 2023]  # 1945 + session
    assert str(frame.session.dtype) == "Int64" and str(frame.votes.dtype) == "Int64"
    assert frame.iso3.dtype == "string"
    assert frame.agree_china.isna().tolist() == [True, True, False]
    assert frame.ideal_point.iloc[2] == -1.9


# --------------------------------------------------------------------------- NATO


def test_nato_expenditure(tmp_path: Path) -> None:
    frame = parse_nato_expenditure(write(tmp_path, "nato.csv", NATO_EXP))
    assert list(frame.columns) == [
        "iso3", "year", "milex_usd_current", "milex_usd_2015", "milex_share_gdp_pct",
        "milex_real_change_pct", "gdp_usd_2015", "gdp_per_capita_usd_2015",
        "milex_per_capita_usd_2015", "military_personnel", "equipment_share_pct",
        "personnel_share_pct", "infrastructure_share_pct", "other_share_pct",
    ]  # fmt: skip
    assert frame.iso3.tolist() == ["ISL", "POL"]
    iceland, poland = frame.iloc[0], frame.iloc[1]
    assert pd.isna(iceland.milex_usd_current) and iceland.gdp_usd_2015 > 0
    assert poland.military_personnel == 98898 and str(frame.military_personnel.dtype) == "Int64"
    assert poland.milex_share_gdp_pct == 2.2186


def test_nato_expenditure_rejects_codes_that_are_not_states(tmp_path: Path) -> None:
    path = write(tmp_path, "nato.csv", NATO_EXP.replace("POL,2015", "PL,2015"))
    with pytest.raises(InputError, match=r"'PL' is not an ISO3.*row 2 .*'country_stanag'"):
        parse_nato_expenditure(path)


def test_nato_share_of_gdp(tmp_path: Path) -> None:
    frame = parse_nato_share_of_gdp(write(tmp_path, "nato_pct.csv", NATO_PCT))
    assert list(frame.columns) == ["country", "iso3", "year", "milex_share_gdp_pct", "estimate"]
    assert frame.dtypes.astype(str).tolist() == ["string", "string", "Int64", "float64", "bool"]
    assert len(frame) == 9
    poland = frame[frame.country == "Poland"]
    assert poland.year.tolist() == [2022, 2023, 2024]
    assert poland.estimate.tolist() == [False, False, True]
    assert frame[frame.country == "Türkiye"].iso3.unique().tolist() == ["TUR"]
    assert frame[frame.country == "NATO Total"].iso3.isna().all()


def test_nato_share_of_gdp_rejects_unknown_names(tmp_path: Path) -> None:
    path = write(tmp_path, "nato_pct.csv", NATO_PCT.replace("Türkiye", "Turkland"))
    with pytest.raises(InputError, match=r"'Turkland' is not a state's name.*row 2"):
        parse_nato_share_of_gdp(path)


# --------------------------------------------------------------------------- bad files

CASES: dict[str, tuple[Parser, str]] = {
    "nmc6": (parse_nmc, NMC6),
    "nmc7": (parse_nmc, NMC7),
    "wb_long": (parse_world_bank_gdp, WB_LONG),
    "wb_wide": (parse_world_bank_gdp, WB_WIDE),
    "unga": (parse_ideal_points, UNGA),
    "nato": (parse_nato_expenditure, NATO_EXP),
    "nato_pct": (parse_nato_share_of_gdp, NATO_PCT),
}
PREAMBLE = {"wb_wide": 4}


@pytest.mark.parametrize("case", list(CASES))
def test_parsers_refuse_a_truncated_last_line(tmp_path: Path, case: str) -> None:
    parser, text = CASES[case]
    lines = text.rstrip("\n").split("\n")
    fields = lines[-1].split(",")
    cut = ",".join(fields[: len(fields) // 2])  # the file ends mid-row
    path = write(tmp_path, "cut.csv", "\n".join([*lines[:-1], cut]))
    row = len(lines) - 1 - PREAMBLE.get(case, 0)
    with pytest.raises(InputError, match=rf"cut\.csv, row {row} \(line {len(lines)}\)"):
        parser(path)


def test_a_file_cut_inside_quotes_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.csv", WB_WIDE[: WB_WIDE.rindex("NY.GDP")])
    with pytest.raises(InputError, match=r"cannot be read as CSV.*cut\.csv"):
        parse_world_bank_gdp(path)


BAD_NUMBERS = {  # case: (cell text, replacement, where the error must point)
    "nmc6": (",1605,", ",16o5,", "row 2 (line 3), column 'upop'"),
    "nmc7": (",3823,", ",3.8k,", "row 1 (line 2), column 'milex'"),
    "wb_long": ("BHS,2022,", "BHS,2022a,", "row 1 (line 2), column 'Year'"),
    "wb_wide": ('"9432504519.1"', '"n/a"', "row 2 (line 7), column '2022'"),
    "unga": (",1.668589,", ",1.66.8589,", "row 1 (line 2), column 'Q50%All'"),
    "nato": (",98898,", ",98898x,", "row 2 (line 3), column 'Military personnel'"),
    "nato_pct": (",1.48,", ",1.48%,", "row 2 (line 3), column '2023'"),
}


@pytest.mark.parametrize("case", list(BAD_NUMBERS))
def test_parsers_name_file_row_and_column_of_a_bad_number(tmp_path: Path, case: str) -> None:
    parser, text = CASES[case]
    cell, bad, where = BAD_NUMBERS[case]
    assert text.count(cell) == 1
    path = write(tmp_path, "bad.csv", text.replace(cell, bad))
    with pytest.raises(InputError) as caught:
        parser(path)
    message = str(caught.value)
    assert f"bad.csv, {where}" in message
    assert "is not a" in message


@pytest.mark.parametrize("case", ["nmc7", "wb_long", "unga", "nato", "nato_pct"])
def test_parsers_refuse_a_wrong_file(tmp_path: Path, case: str) -> None:
    parser, _ = CASES[case]
    path = write(tmp_path, "other.csv", "name,value\nfoo,1\n")
    with pytest.raises(InputError, match=r"missing column"):
        parser(path)


def test_parsers_refuse_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read nothing\.csv"):
        parse_ideal_points(tmp_path / "nothing.csv")
