"""allied.panel.alliance_portfolios: the data of alliance portfolios, its coverage and sources.

Coverage comes from the dataset registry (ATOP 5.1: 1815-2018; COW states
v2016: from 1816), never from a number in the code: the test below moves the
registry's years and the builder follows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from allied.errors import DataNotAvailableError, InputError
from allied.panel import AlliancePortfolios, Provenance, _portfolios, alliance_portfolios
from allied.sources import Dataset, dataset


def test_coverage_is_the_registrys() -> None:
    """ATOP starts in 1815, the COW system in 1816: portfolios from 1816 to ATOP's 2018."""
    assert dataset("atop").coverage == (1815, 2018)
    assert dataset("cow-states").coverage[0] == 1816
    assert _portfolios.portfolio_coverage() == (1816, 2018)


def test_coverage_follows_the_registry(monkeypatch: pytest.MonkeyPatch, empty_cache: Path) -> None:
    def moved(name: str) -> Dataset:
        years = {"atop": (1800, 1990), "cow-states": (1820, 2016)}[name]
        return dataclasses.replace(dataset(name), coverage=years)

    monkeypatch.setattr(_portfolios, "dataset", moved)
    assert _portfolios.portfolio_coverage() == (1820, 1990)
    with pytest.raises(InputError, match="ATOP, which covers 1820-1990"):
        alliance_portfolios(years="1816-1830")
    assert alliance_portfolios(years="1991-2000", clip=True).coverage == (1820, 1990)


def test_years_within_the_coverage(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="1945-1950")
    assert data.years == (1945, 1950) and len(data) == 6
    assert data.coverage == (1816, 2018)
    assert data.members["year"].between(1945, 1950).all()
    assert data.obligations["year"].between(1945, 1950).all()
    assert set(data.flags()) == {"defense", "offense", "neutral", "nonagg", "consul"}
    assert data.cinc is None
    everything = alliance_portfolios()
    assert everything.years == (1816, 2018)


def test_clip_keeps_the_years_inside(tiny_cache: Path) -> None:
    assert alliance_portfolios(years="2010-2030", clip=True).years == (2010, 2018)
    with pytest.raises(InputError, match="reach beyond ATOP, which covers 1816-2018"):
        alliance_portfolios(years="2010-2030")


def test_clip_outside_the_coverage_reads_nothing(empty_cache: Path) -> None:
    """A panel wholly after ATOP's years needs no cache: the data is empty."""
    data = alliance_portfolios(years="2020-2021", clip=True)
    assert data.years is None and len(data) == 0 and data.coverage == (1816, 2018)
    assert data.members.empty and data.obligations.empty and data.cinc is None
    assert alliance_portfolios(years="2020", cinc=True, clip=True).cinc is not None


def test_without_the_cache(empty_cache: Path) -> None:
    with pytest.raises(DataNotAvailableError, match="allied data import"):
        alliance_portfolios(years="1950")


def test_provenance_names_each_dataset_with_its_edition(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="1990", cinc=True)
    assert data.provenance().sources == ("cow-states", "atop")
    weighted = data.provenance(weighted=True)
    assert weighted.sources == ("cow-states", "atop", "nmc7")
    assert weighted.editions == ("2016", "5.1", "7.0")
    assert [c.key for c in weighted.citations()] == ["cow-states", "atop", "nmc7"]
    assert weighted.describe() == "cow-states (2016), atop (5.1), nmc7 (7.0)"
    assert data.cinc is not None and data.cinc["year"].eq(1990).all()


def test_frames_of_ones_own() -> None:
    import pandas as pd

    members = pd.DataFrame({"ccode": [1, 2, 1, 2], "year": [2000, 2000, 2001, 2001]})
    none = pd.DataFrame(columns=["ccode1", "ccode2", "year"])
    data = AlliancePortfolios.from_frames(members, none, provenance=Provenance(("mine",), ("1",)))
    assert data.years == data.coverage == (2000, 2001)
    assert data.provenance().sources == ("mine",) and data.gaps.empty
