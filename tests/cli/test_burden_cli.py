"""``allied burden table | test | equilibrium`` on a tiny cache and the embedded indicators."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.cli import main
from allied.sources import ImportRecord, SourceFile
from allied.sources._cache import install


def _install(name: str, tables: dict[str, pd.DataFrame]) -> None:
    files = tuple(
        SourceFile(table, "synthetic", "0" * 64, len(frame), known_release=False)
        for table, frame in tables.items()
    )
    install(ImportRecord(name, "test", "2026-01-01T00:00:00+00:00", "tests", files), tables)


def _sipri() -> pd.DataFrame:
    # iso3, year, current US$ m, share of GDP %
    data = [
        ("USA", 2023, 900_000.0, 3.36),
        ("USA", 2024, 997_000.0, 3.4),
        ("FIN", 2023, 6_000.0, 2.0),
        ("FIN", 2024, 7_000.0, 2.3),
        ("DEU", 2023, 67_000.0, 1.5),
        ("DEU", 2024, 88_000.0, 1.9),
    ]
    rows = []
    for iso3, year, current, share in data:
        rows.append({"iso3": iso3, "measure": "current_usd", "year": year, "value": current})
        rows.append({"iso3": iso3, "measure": "share_of_gdp", "year": year, "value": share})
    frame = pd.DataFrame(rows).assign(country=lambda f: f["iso3"], unit="")
    frame["year"] = frame["year"].astype("Int64")
    return frame


GDP = pd.DataFrame(
    {
        "country": ["United States", "Finland", "Germany"],
        "code": ["USA", "FIN", "DEU"],
        "iso3": ["USA", "FIN", "DEU"],
        "year": pd.array([2023, 2023, 2023], dtype="Int64"),
        "gdp_usd_current": [2.7e13, 3.0e11, 4.5e12],
    }
)


@pytest.fixture
def sipri_cache(empty_cache: Path) -> Path:
    _install("sipri-milex", {"expenditure": _sipri()})
    _install("world-bank-gdp", {"gdp": GDP})
    return empty_cache


def _csv(capsys: pytest.CaptureFixture[str]) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_table_csv(sipri_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["burden", "table", "--arrangement", "nato", "--years", "2023-2024", "-f", "csv"]
    assert main(args) == 0
    table = _csv(capsys)
    assert len(table) == 31 + 32  # members on 31 December 2023 and 2024
    fin = table[(table.iso3 == "FIN") & (table.year == 2023)].iloc[0]
    assert fin.milex_pct_gdp == pytest.approx(2.0)  # 6e9 / 3e11
    assert bool(fin.meets_2pct)
    assert {"share_ratio", "gap_3_5_usd", "growth_to_3_5_pct", "nato_pct_gdp"} <= set(table)
    # 2024: GDP implied by SIPRI (the World Bank has no 2024)
    usa = table[(table.iso3 == "USA") & (table.year == 2024)].iloc[0]
    assert usa.gdp_source == "sipri-implied" and usa.milex_pct_gdp == pytest.approx(3.4)
    # no data is empty, not 0
    fra = table[(table.iso3 == "FRA") & (table.year == 2024)].iloc[0]
    assert np.isnan(fra.milex_usd) and np.isnan(fra.milex_pct_gdp)


def test_table_default_format_and_json_file(
    sipri_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["burden", "table", "--states", "USA,FIN", "--years", "2023"]) == 0
    captured = capsys.readouterr()
    assert "Burden sharing: states given (sipri)" in captured.out
    assert "United States" in captured.out and "milex_bn" in captured.out
    assert "sources: sipri-milex; world-bank-gdp" in captured.err
    out = tmp_path / "burden.json"
    assert (
        main(
            ["burden", "table", "--states", "USA", "--years", "2023", "-f", "json", "-o", str(out)]
        )
        == 0
    )
    records = json.loads(out.read_text())
    assert records[0]["iso3"] == "USA" and records[0]["nato_pct_gdp"] is None


def test_table_embedded(empty_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["burden", "table", "-a", "nato", "--source", "embedded", "-f", "csv"]) == 0
    table = _csv(capsys)
    assert len(table) == 32 and set(table.year) == {2024}
    assert table.milex_share.sum() == pytest.approx(1.0)


def test_table_notes_say_what_was_not_tested(
    empty_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2024 indicators predate the Hague commitment (25 June 2025): its columns are
    empty and a note says why; with --guidelines-on they are filled, Iceland aside."""
    args = ["burden", "table", "-a", "nato", "--source", "embedded", "-f", "csv"]
    assert main(args) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert table.gap_3_5_usd.isna().all() and table.meets_2pct.notna().sum() == 31
    assert "(adopted 2025-06-25): not tested, as it postdates every year" in captured.err
    assert "note: Iceland: no armed forces, so left out of the guideline tests" in captured.err
    assert main([*args, "--guidelines-on", "2025-06-25"]) == 0
    table = _csv(capsys)
    assert table.gap_3_5_usd.notna().sum() == 31
    assert np.isnan(table.set_index("iso3").loc["ISL", "gap_3_5_usd"])


def test_states_given_are_not_tested_against_nato_guidelines(
    sipri_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["burden", "table", "--states", "USA,FIN", "--years", "2023", "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert pd.read_csv(io.StringIO(captured.out)).meets_2pct.isna().all()
    assert "no spending guideline applies to the states given" in captured.err


def test_test_command(sipri_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["burden", "test", "--states", "USA,FIN,DEU", "--year", "2024"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "methods: Olson & Zeckhauser (1966), Alley (2021)" in err  # from the result
    assert "Olson-Zeckhauser" in out and "2024: n=3" in out
    assert "elasticity" in out and "Alley 2021" in out
    assert main([*args, "-f", "csv"]) == 0
    result = _csv(capsys)
    assert result.year.tolist() == [2024] and result.n.tolist() == [3]
    # GDP 2.9e13, 3.0e11, 4.6e12 with burdens 3.4, 2.3, 1.9: ranks (3,1,2) vs (3,2,1)
    assert result.spearman_rho.iloc[0] == pytest.approx(0.5)
    assert result.change_n.iloc[0] == 3  # 2023 was loaded for the change


def test_test_command_embedded(empty_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["burden", "test", "--arrangement", "nato", "--year", "2024", "--source", "embedded"]
    assert main(args) == 0
    assert "2024: n=32" in capsys.readouterr().out


def test_equilibrium(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["burden", "equilibrium", "--incomes", "100,80,60", "--alpha", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "40.0" in out and "20.0" in out
    args = ["burden", "equilibrium", "--incomes", "100,80,60", "--alpha", "0.5", "-f", "csv"]
    assert main(args) == 0
    assert _csv(capsys)["contribution"].tolist() == pytest.approx([40.0, 20.0, 0.0])


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["table", "--years", "2024"], "neither an arrangement nor states"),
        (["table", "-a", "nato", "--states", "USA"], "both an arrangement and states"),
        (["table", "-a", "nato", "--years", "recent"], "cannot read years"),
        (["table", "-a", "natoo"], "no arrangement 'natoo'"),
        (["table", "--states", "Narnia"], "unknown state"),
        (["table", "-a", "nato", "--source", "imf"], "imf"),
        (["test", "-a", "nato"], "give either --year or --years"),
        (["test", "-a", "nato", "--year", "2024", "--years", "2020-2024"], "either --year"),
        (["equilibrium", "--incomes", "100,x"], "not a number"),
    ],
)
def test_input_errors_exit_2(
    sipri_cache: Path, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    assert main(["burden", *args]) == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["table", "-a", "nato", "--years", "2024"],
        ["test", "-a", "nato", "--year", "2024"],
        ["table", "-a", "nato", "--source", "nato"],
    ],
)
def test_uncached_data_exit_3(
    empty_cache: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(["burden", *args]) == 3
    err = capsys.readouterr().err
    assert "allied data pull" in err and "Traceback" not in err


def test_nato_source_needs_nato_data(sipri_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["burden", "table", "-a", "nato", "--source", "nato"]) == 3
    assert "nato-expenditure" in capsys.readouterr().err
