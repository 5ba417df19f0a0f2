"""MID parsers (COW-MID 5.0, GML 2.2.1) on the tiny files of tests/tiny_data/disputes.py."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from allied.errors import InputError
from allied.sources._disputes import (
    cow_mid_directed_disputes,
    cow_mid_disputes,
    cow_mid_dyad_years,
    gml_directed_disputes,
    gml_mid_dyad_years,
)

TINY = Path(__file__).parents[1] / "tiny_data" / "disputes.py"


def _tiny() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tiny_disputes", TINY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FILES = _tiny().DATASETS


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_files_parse_to_typed_columns_in_the_files_order(tmp_path: Path) -> None:
    cow = FILES["cow-mids"]
    dyads = cow_mid_dyad_years(_write(tmp_path, "a.csv", cow["cow_mid_ddydisps.csv"]))
    keys = ["dispnum", "ccode1", "ccode2", "year"]
    assert list(dyads.columns[:6]) == [*keys, "cowmidongoing", "cowmidonset"]
    assert list(dyads.columns[-6:]) == ["fatality", "hostlev", "mindur", "maxdur", "recip", "stmon"]
    assert len(dyads) == 10 and str(dyads["fatality"].dtype) == "Int64"
    directed = cow_mid_directed_disputes(_write(tmp_path, "b.csv", cow["cow_mid_dirdisps.csv"]))
    assert len(directed) == 16 and directed.duplicated(["ccode1", "ccode2", "year"]).any()
    disputes = cow_mid_disputes(_write(tmp_path, "c.csv", cow["cow_mid_disps.csv"]))
    assert disputes.set_index("dispnum").loc[9104, "fatality"] == -9
    gml = FILES["gml-mids"]
    gml_dyads = gml_mid_dyad_years(_write(tmp_path, "d.csv", gml["gml_mid_ddydisps.csv"]))
    assert list(gml_dyads.columns[-4:]) == ["recip", "mindur", "maxdur", "stmon"]
    assert len(gml_directed_disputes(_write(tmp_path, "e.csv", gml["gml_dirdisp.csv"]))) == 16


def test_a_gzip_compressed_export_reads_like_the_plain_file(tmp_path: Path) -> None:
    text = FILES["cow-mids"]["cow_mid_ddydisps.csv"]
    packed = tmp_path / "peacesciencer__cow_mid_ddydisps.csv.gz"
    packed.write_bytes(gzip.compress(text.encode("utf-8")))
    plain = cow_mid_dyad_years(_write(tmp_path, "plain.csv", text))
    assert cow_mid_dyad_years(packed).equals(plain)


def test_a_cut_gzip_file_is_refused_with_the_file_named(tmp_path: Path) -> None:
    data = gzip.compress(FILES["cow-mids"]["cow_mid_ddydisps.csv"].encode("utf-8"))
    cut = tmp_path / "cow_mid_ddydisps.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cannot read cow_mid_ddydisps.csv.gz") as error:
        cow_mid_dyad_years(cut)
    assert error.value.where == str(cut)


def test_a_dyad_year_listed_twice_in_the_whittled_table_is_refused(tmp_path: Path) -> None:
    lines = FILES["cow-mids"]["cow_mid_ddydisps.csv"].splitlines()
    doubled = _write(tmp_path, "x.csv", "\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(InputError, match=r"duplicate row for ccode1=2, ccode2=200, year=1990"):
        cow_mid_dyad_years(doubled)


def test_a_truncated_row_and_a_missing_column_are_refused(tmp_path: Path) -> None:
    text = FILES["cow-mids"]["cow_mid_dirdisps.csv"]
    cut = _write(tmp_path, "cut.csv", text[: text.rindex(",")])
    with pytest.raises(InputError, match=r"missing required value") as error:
        cow_mid_directed_disputes(cut)
    assert "row 16" in str(error.value.where)
    header, *rows = text.splitlines()
    renamed = _write(tmp_path, "r.csv", "\n".join([header.replace("disponset", "onset"), *rows]))
    with pytest.raises(InputError, match=r"missing column\(s\) disponset"):
        cow_mid_directed_disputes(renamed)
