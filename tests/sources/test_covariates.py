"""Parsers of the state covariates (allied.sources._covariates): types, layouts, errors."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from allied.errors import InputError
from allied.sources import import_dataset, load
from allied.sources._covariates import (
    parse_archigos_summaries,
    parse_cow_trade,
    parse_creg,
    parse_democracy_cow,
    parse_democracy_gw,
    parse_eda_defence,
    parse_gdppop_cow,
    parse_hief,
    parse_igo_dyads,
    parse_igo_states,
    parse_territorial_threat,
)


def _tiny() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "tiny_data" / "covariates.py"
    spec = importlib.util.spec_from_file_location("tiny_covariates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TINY = _tiny()

EDA = """PMS,Year,Total Defence Expenditure,Defence Equipment Procurement Expenditure,\
Defence R&D Expenditure,Defence Investment,GDP (MRD),Total Defence Expenditure as % of GDP
Austria,2005,2160.1,184.3,6.5,190.8,254.075,0.008501820328643116
France,2005,42532.0,5618.0,3455.0,9073.0,1765.905,0.024085100840645447
Czech Republic,2006,1773.0,200.0,,220.0,119.0,0.0149
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_democracy_is_typed_and_keeps_empty_cells_missing(tmp_path: Path) -> None:
    frame = parse_democracy_cow(_write(tmp_path, "cw_democracy.csv", TINY.CW_DEMOCRACY))
    assert list(frame.columns) == ["ccode", "year", "euds", "aeuds", "polity2", "v2x_polyarchy"]
    assert frame.ccode.dtype == np.int64 and frame.euds.dtype == np.float64
    assert len(frame) == 9 and frame.v2x_polyarchy.isna().sum() == 1
    gw = parse_democracy_gw(_write(tmp_path, "isard__gw_democracy.csv.gz", TINY.GW_DEMOCRACY))
    assert gw.columns[0] == "gwcode" and gw.euds.iloc[0] == 1.484086


def test_a_cow_table_is_not_a_gw_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "gw_democracy.csv", TINY.CW_DEMOCRACY)
    with pytest.raises(InputError, match=r"missing column\(s\) gwcode"):
        parse_democracy_gw(path)


@pytest.mark.parametrize(
    ("bad", "column"),
    [("2,1991,1.0,0.5,11,0.5", "polity2"), ("2,1991,1.0,0.5,10,1.5", "v2x_polyarchy")],
)
def test_democracy_refuses_values_outside_their_scale(
    tmp_path: Path, bad: str, column: str
) -> None:
    path = _write(tmp_path, "cw_democracy.csv", TINY.CW_DEMOCRACY + bad + "\n")
    with pytest.raises(InputError, match=rf"outside.*row 10 \(line 11\), column '{column}'"):
        parse_democracy_cow(path)


def test_a_repeated_state_year_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "cw_democracy.csv", TINY.CW_DEMOCRACY + "2,1989,1,1,10,0.8\n")
    with pytest.raises(InputError, match=r"duplicate row for ccode=2, year=1989.*row 10"):
        parse_democracy_cow(path)


def test_a_cut_short_last_row_is_refused_in_plain_and_gzip_files(tmp_path: Path) -> None:
    cut = TINY.CW_DEMOCRACY + "265,1990,0.03"
    for name in ("cw_democracy.csv", "isard__cw_democracy.csv.gz"):
        with pytest.raises(InputError, match=r"last row has 3 of 6 fields.*column 'aeuds'"):
            parse_democracy_cow(_write(tmp_path, name, cut))


def test_a_damaged_gzip_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "isard__cw_democracy.csv.gz"
    path.write_bytes(gzip.compress(TINY.CW_DEMOCRACY.encode())[:-12])
    with pytest.raises(InputError, match=r"cannot be read.*damaged, cut short"):
        parse_democracy_cow(path)
    path.write_text(TINY.CW_DEMOCRACY, encoding="utf-8")  # plain text under a .gz name
    with pytest.raises(InputError, match=r"a \.gz name needs gzip content"):
        parse_democracy_cow(path)


def test_igo_dyads_refuse_a_dyad_listed_in_both_orders(tmp_path: Path) -> None:
    frame = parse_igo_dyads(_write(tmp_path, "cow_igo_ndy.csv", TINY.IGO_DYADS))
    assert frame.dyadigos.sum() == 61 + 63 + 63 + 64 + 59 + 59 + 88 + 90 + 85 + 84 + 95 + 93
    path = _write(tmp_path, "cow_igo_ndy.csv", TINY.IGO_DYADS + "200,2,1989,61\n")
    with pytest.raises(InputError, match=r"duplicate row .*row 13 .*column 'ccode2'"):
        parse_igo_dyads(path)


def test_igo_counts_are_required_and_not_negative(tmp_path: Path) -> None:
    states = parse_igo_states(_write(tmp_path, "cow_igo_sy.csv", TINY.IGO_STATES))
    assert states.sum_igo_anytype.tolist()[:3] == [81, 83, 100]
    empty = _write(tmp_path, "cow_igo_sy.csv", TINY.IGO_STATES + "265,1989,32,0,,32\n")
    with pytest.raises(InputError, match=r"missing required value.*column 'sum_igo_observer'"):
        parse_igo_states(empty)
    negative = _write(tmp_path, "cow_igo_ndy.csv", TINY.IGO_DYADS + "2,265,1989,-9\n")
    with pytest.raises(InputError, match=r"-9 is outside \[0, None\].*'dyadigos'"):
        parse_igo_dyads(negative)


def test_creg_keeps_its_published_repeats(tmp_path: Path) -> None:
    frame = parse_creg(_write(tmp_path, "creg.csv", TINY.CREG))
    assert len(frame) == 9 and frame.duplicated(["ccode", "year"]).sum() == 1
    assert list(frame.columns[:4]) == ["ccode", "gwcode", "creg_ccode", "year"]


def test_gdppop_threat_trade_hief_and_archigos(tmp_path: Path) -> None:
    header = TINY.GDPPOP_HEADER.format(code="ccode")
    gdp = parse_gdppop_cow(_write(tmp_path, "cw_gdppop.csv", header + TINY.GDPPOP_ROWS))
    assert gdp.pwtpop.iloc[0] == 251.777
    threat = parse_territorial_threat(_write(tmp_path, "terrthreat.csv", TINY.TERRTHREAT))
    assert threat.m_sd.isna().sum() == 1
    trade = parse_cow_trade(
        _write(
            tmp_path,
            "cow_trade_sy.csv",
            "ccode,year,imports,exports\n2,1870,450,418\n2,1871,,475\n",
        )
    )
    assert trade.imports.isna().tolist() == [False, True]
    hief = parse_hief(
        _write(
            tmp_path,
            "hief.csv",
            "ccode,gwcode,year,efindex\n365,365,1991,0.691\n365,365,1991,0.286\n",
        )
    )
    assert hief.efindex.tolist() == [0.691, 0.286]  # as published
    archigos = parse_archigos_summaries(
        _write(
            tmp_path,
            "archigossums.csv",
            "gwcode,year,leadertransition,irregular,n_leaders,jan1obsid,dec31obsid\n"
            "2,1870,0,0,1,USA-1869,USA-1869\n",
        )
    )
    assert archigos.jan1obsid.tolist() == ["USA-1869"] and archigos.n_leaders.dtype == np.int64


def test_eda_defence_is_tidy_with_units_in_its_names(tmp_path: Path) -> None:
    frame = parse_eda_defence(_write(tmp_path, "eda_defence_data_2005_2023_member_states.csv", EDA))
    assert list(frame.columns) == [
        "state",
        "iso3",
        "year",
        "defence_expenditure_eur_million",
        "equipment_procurement_eur_million",
        "defence_rnd_eur_million",
        "defence_investment_eur_million",
        "gdp_eur_billion",
        "defence_share_gdp_pct",
    ]
    assert frame.iso3.tolist() == ["AUT", "FRA", "CZE"]
    assert frame.defence_share_gdp_pct.iloc[1] == pytest.approx(2.4085100840645447)
    assert np.isnan(frame.defence_rnd_eur_million.iloc[2])


def test_eda_refuses_a_name_that_is_not_a_state(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "eda_defence_data_x_member_states.csv", EDA + "EDA total,2005,1,1,1,1,1,0.01\n"
    )
    with pytest.raises(InputError, match=r"'EDA total' is not a state.*row 4 \(line 5\)"):
        parse_eda_defence(path)


def test_import_of_the_folder_takes_both_tables(tmp_path: Path, empty_cache: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    _write(folder, "isard__cw_democracy.csv.gz", TINY.CW_DEMOCRACY)
    _write(folder, "gw_democracy.csv", TINY.GW_DEMOCRACY)
    record = import_dataset("democracy", folder)
    assert {f.table: f.rows for f in record.files} == {"cow": 9, "gw": 8}
    assert len(load("democracy", "gw")) == 8
    with pytest.raises(InputError, match="alone is not enough"):
        import_dataset("democracy", folder / "gw_democracy.csv")
