"""Panel steps, coverage and fill rules come from the dataset registry."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import allied.panel
from allied.cite import cite
from allied.errors import InputError
from allied.panel import (
    Panel,
    add_atop,
    add_majors,
    add_nmc,
    dyad_years,
    registered_steps,
    state_years,
)
from allied.sources import ImportRecord, Step, dataset, load
from allied.sources._cache import install

UseRegistry = Callable[..., None]
EMBEDDED = resources.files("allied.sources").joinpath("registry.yaml").read_text("utf-8")
STEPS = registered_steps()
#: Steps that count from the columns of another step, run first.
AFTER = {"peace-years": "mids"}


def test_the_registry_declares_the_panel_steps() -> None:
    assert all(isinstance(step, Step) for step in STEPS.values())
    declared = {name: (s.dataset, s.function, s.arguments) for name, s in STEPS.items()}
    assert declared == {
        "majors": ("cow-states", "allied.panel:add_majors", {}),
        "atop": ("atop", "allied.panel:add_atop", {}),
        "nmc6": ("nmc6", "allied.panel:add_nmc", {"version": "6.0"}),
        "nmc": ("nmc7", "allied.panel:add_nmc", {}),
        "milex": ("sipri-milex", "allied.panel:add_milex", {}),
        "arms-transfers": ("sipri-trade", "allied.panel:add_arms_transfers", {}),
        "gdp": ("world-bank-gdp", "allied.panel:add_gdp", {}),
        "ideal-points": ("unga-ideal-points", "allied.panel:add_ideal_points", {}),
        # geography (issue 15)
        "contiguity": ("cow-contiguity", "allied.panel:add_contiguity", {}),
        "capital-distance": ("cow-capitals", "allied.panel:add_capital_distance", {}),
        "rivalries": ("tss-rivalries", "allied.panel:add_strategic_rivalries", {}),
        "td-rivalries": ("td-rivalries", "allied.panel:add_td_rivalries", {}),
        "wars": ("cow-inter-wars", "allied.panel:add_cow_wars", {}),
        "ucdp-acd": ("ucdp-acd", "allied.panel:add_ucdp_acd", {}),
        "ucdp-onsets": ("ucdp-onsets", "allied.panel:add_ucdp_onsets", {}),
        "democracy": ("democracy", "allied.panel:add_democracy", {}),
        "igos": ("cow-igos", "allied.panel:add_igos", {}),
        "creg": ("creg", "allied.panel:add_creg_fractionalization", {}),
        "sim-gdp-pop": ("sim-gdp-pop", "allied.panel:add_sim_gdp_pop", {}),
        "territorial-threat": (
            "territorial-threat",
            "allied.panel:add_latent_territorial_threat",
            {},
        ),
        "mids": ("cow-mids", "allied.panel:add_cow_mids", {}),
        "cow-mids": ("cow-mids", "allied.panel:add_cow_mids", {}),
        "peace-years": ("cow-mids", "allied.panel:add_peace_years", {}),
        "gml-mids": ("gml-mids", "allied.panel:add_gml_mids", {}),
    }


@pytest.mark.parametrize("name", STEPS)
def test_every_step_is_a_public_documented_add_function_taking_its_arguments(name: str) -> None:
    step = STEPS[name]
    function = step.resolve()
    assert function.__name__.startswith("add_") and function.__doc__
    assert function.__name__ in allied.panel.__all__
    assert getattr(allied.panel, function.__name__) is function
    inspect.signature(function).bind(object(), **step.arguments)  # raises if they do not fit


#: Steps whose data do not fit a unit, as in peacesciencer: they refuse it.
REFUSED = {
    *((name, "state-year") for name in ("wars", "mids", "cow-mids", "gml-mids", "peace-years")),
    *((name, "dyad-year") for name in ("ucdp-acd", "ucdp-onsets")),
}


@pytest.mark.parametrize("name", STEPS)
@pytest.mark.parametrize("builder", [state_years, dyad_years])
def test_each_step_joins_and_records_the_dataset_it_is_declared_under(
    cache_with_nmc6: Path, name: str, builder: Callable[..., Panel]
) -> None:
    step = STEPS[name]
    panel = builder("cow", years="1989-1990")
    if (name, panel.unit) in REFUSED:
        with pytest.raises(InputError, match=r"does not apply to|needs a dyad-year|no dispute"):
            step(panel)
        return
    if name in AFTER:
        panel = STEPS[AFTER[name]](panel)
    enriched = step(panel)
    direct = step.resolve()(panel, **step.arguments)
    pd.testing.assert_frame_equal(enriched.frame, direct.frame)
    assert len(enriched) == len(panel) and enriched.frame.shape[1] > panel.frame.shape[1]
    assert enriched.sources == (step.dataset,)
    assert dataset(step.dataset).citations()[0] in cite(enriched)
    assert enriched.system_source == "cow-states" and cite(enriched)[0].key == "cow-states"


def test_nmc_releases_are_the_registry_entries_with_an_add_nmc_step(
    cache_with_nmc6: Path, use_registry: UseRegistry
) -> None:
    assert state_years("cow", years="1990").pipe(add_nmc, version="6.0").sources == ("nmc6",)
    with pytest.raises(InputError, match=r"unknown NMC version '8.0'.*Use one of: '7.0', '6.0'"):
        state_years("cow").pipe(add_nmc, version="8.0")
    start = EMBEDDED.index("\nnmc7:")
    nmc8 = EMBEDDED[start : EMBEDDED.index("\nsipri-milex:")]
    nmc8 = nmc8.replace("nmc7:", "nmc8:").replace('version: "7.0"', 'version: "8.0"')
    nmc8 = nmc8.replace(
        "*nmc_citation", '{text: "COW NMC 8.0, a release to come", bibtex: "@misc"}'
    )
    use_registry(nmc8.replace('    nmc: "allied', '    nmc8: "allied'))
    install(ImportRecord("nmc8", "8.0", "2026-01-01", "tests", ()), {"capabilities": load("nmc7")})
    assert state_years("cow", years="1990").pipe(add_nmc, version="8.0").sources == ("nmc8",)
    assert registered_steps()["nmc8"].dataset == "nmc8"


def _without(text: str) -> str:
    assert text in EMBEDDED
    return EMBEDDED.replace(text, "")


def test_an_unlisted_state_year_is_what_the_registry_fill_says(
    tiny_cache: Path, use_registry: UseRegistry
) -> None:
    def majors(year: int) -> object:
        frame = state_years("cow", through=2018).pipe(add_majors).frame
        return frame.set_index(["ccode", "year"]).cowmaj[(2, year)]

    assert (majors(1897), majors(1898)) == (0, 1)  # fill {majors: 0}
    assert pd.isna(majors(2017))  # outside coverage
    use_registry(_without("  fill: {majors: 0}\n"), embedded_first=False)
    assert pd.isna(majors(1897)) and majors(1898) == 1 and pd.isna(majors(2017))


def test_an_unlisted_dyad_year_is_what_the_registry_fill_says(
    tiny_cache: Path, use_registry: UseRegistry
) -> None:
    def atop() -> pd.DataFrame:
        return (
            dyad_years("cow", years="1900-1960")
            .pipe(add_atop)
            .frame.set_index(["ccode1", "ccode2", "year"])
        )

    assert atop().loc[(2, 220, 1900), "atop_defense"] == 0
    fill = "  fill: {state_years: 0, directed_dyad_years: 0, member_dyad_years: 0}\n"
    use_registry(_without(fill), embedded_first=False)
    frame = atop()
    assert pd.isna(frame.loc[(2, 220, 1900), "atop_defense"])  # no alliance: now missing
    listed = frame.loc[(2, 260, 1960)]  # an alliance: its obligations, 0 included
    assert (listed.atop_defense, listed.atop_offense, listed.atop_consul) == (1, 0, 1)


def test_a_fill_rule_for_a_values_table_fills_unlisted_state_years_inside_coverage(
    tiny_cache: Path, use_registry: UseRegistry
) -> None:
    anchor = '  steps:\n    nmc: "allied.panel:add_nmc"\n'
    assert anchor in EMBEDDED
    use_registry(
        EMBEDDED.replace(anchor, "  fill: {capabilities: 0}\n" + anchor), embedded_first=False
    )
    frame = state_years("cow", through=2024).pipe(add_nmc).frame.set_index(["ccode", "year"])
    assert frame.loc[(220, 1990), "milex"] == 0  # France: no row in the table, inside 1816-2022
    assert frame.loc[(2, 1990), "milex"] == 289_755_000  # listed: its value
    assert np.isnan(frame.loc[(200, 1990), "upop"])  # listed, empty cell: missing stays missing
    assert frame.loc[(220, [2023, 2024]), "milex"].isna().all()  # outside coverage
