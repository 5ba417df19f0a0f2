"""Every analysis result shows itself: it derives from allied._results.Result.

The result classes are found, not listed: every public dataclass of ``allied``
with a ``to_frame`` method. Each must derive from :class:`~allied._results.Result`,
and one real instance of each (built by :data:`EXAMPLES`) must render, in
``_repr_html_``, its summary text above its table.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import importlib
import inspect
import pkgutil
import tempfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import pytest

import allied
from allied._results import HTML_MAX_ROWS, Result


def _result_classes() -> dict[str, type]:
    """Every public dataclass with ``to_frame`` defined in a module of allied, by name."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(allied.__path__, "allied."):
        if info.name == "allied.__main__":  # runs the command line
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and not name.startswith("_")
                and obj.__module__ == module.__name__
                and dataclasses.is_dataclass(obj)
                and callable(getattr(obj, "to_frame", None))
            ):
                found[obj.__qualname__] = obj
    return found


RESULT_CLASSES = _result_classes()
CONVERTED = sorted(RESULT_CLASSES)


def _airport() -> Any:
    from allied.models import airport_game

    return airport_game({"A": 1, "B": 2, "C": 3})


def _work_share() -> Any:
    from allied.models import work_share_plan

    packages = pd.DataFrame(
        {
            "package": ["wing", "fuselage", "engine", "radar"],
            "value": [35, 25, 25, 15],
            "capability": ["aero", "aero", "propulsion", "sensors"],
        }
    )
    return work_share_plan(
        packages,
        partners={"UK": ["aero", "sensors"], "DE": ["aero", "propulsion"]},
        targets={"UK": 0.4, "DE": 0.6},
        tolerance=0.0,
    )


def _joint_product() -> Any:
    from allied.measures import burden_frame
    from allied.models import joint_product_regression

    gdp = {"USA": 25_000, "DEU": 4_000, "FRA": 3_000, "ITA": 2_000, "CAN": 2_100}
    rows = [
        {
            "iso3": state,
            "year": year,
            "gdp_usd": size * (1 + 0.02 * (year - 2015)) * 1e9,
            "milex_usd": size * (0.02 + 0.001 * ((year * 7 + len(state)) % 5)) * 1e9,
        }
        for state, size in gdp.items()
        for year in range(2015, 2025)
    ]
    return joint_product_regression(burden_frame(pd.DataFrame(rows), guidelines=None), lag=1)


def _embedded_burden() -> Any:
    from allied.measures import burden_table
    from allied.panel import burden_inputs

    return burden_table(burden_inputs("nato", source="embedded"))


def _similarity() -> Any:
    from allied.measures import dyad_similarity
    from allied.panel import AlliancePortfolios

    members = pd.DataFrame({"ccode": [2, 20, 200], "year": [1950, 1950, 1950]})
    obligations = pd.DataFrame(
        {"ccode1": [2, 20], "ccode2": [20, 2], "year": [1950, 1950], "defense": [1, 1]}
    ).assign(offense=0, neutral=0, nonagg=0, consul=0)
    data = AlliancePortfolios.from_frames(members, obligations)
    return dyad_similarity(data, ["s_abs", "kappa"])


@functools.cache
def _partner_backtest() -> Any:
    """A backtest of synthetic dyad-years whose onsets follow a logit of one indicator."""
    import numpy as np

    from allied.models import PartnerBacktest
    from allied.models._partner_backtest import fit_backtest

    rng = np.random.default_rng(0)
    years = np.tile(np.arange(1960, 2001), 60)
    n = len(years)
    data = pd.DataFrame({"ccode1": np.repeat(np.arange(60), 41) + 2, "ccode2": 900, "year": years})
    data = data.assign(s_abs=rng.uniform(-1, 1, n), capdist_log=rng.normal(3.5, 0.4, n))
    data = data.assign(regime_similarity=rng.uniform(size=n), signal=rng.normal(size=n))
    odds = np.exp(-3 + 1.5 * data["signal"] + data["s_abs"])
    data["onset"] = (rng.uniform(size=n) < odds / (1 + odds)).astype(np.int8)
    run = fit_backtest(data, ["signal", "s_abs"], obligation="any", train_through=1990)
    return PartnerBacktest(
        runs=(run,),
        indicators=("signal", "s_abs"),
        excluded={},
        drift=pd.DataFrame(),
        challenge=frozenset(),
        years=(1960, 2000),
        train_through=1990,
        seed=0,
    )


def _partner_indicators() -> Any:
    """The indicators of the United States and the United Kingdom in 2000, from frames."""
    from allied.catalog import load_catalog
    from allied.models import partner_indicators
    from allied.models._partner_indicators import WINDOW_COLUMNS
    from allied.panel import AlliancePortfolios, Panel, PartnerInputs, Provenance
    from allied.panel._partner_data import catalog_rows

    state = {"v2x_polyarchy": (0.9, 0.8), "gdp_usd_current": (1e13, 1.6e12)}
    state |= {"milex_usd_constant": (5e11, 5e10), "cinc": (0.14, 0.02)}
    frame = pd.DataFrame({"ccode1": [2, 200], "ccode2": [200, 2], "year": 2000})
    frame = frame.assign(iso1=["USA", "GBR"], iso2=["GBR", "USA"], ongoingrivalry=0)
    frame = frame.assign(ideal_point_distance=0.4, ideal_point_distance_before=0.3, capdist=5900.0)
    frame = frame.assign(**dict.fromkeys(WINDOW_COLUMNS, 0.0))
    for column, (usa, gbr) in state.items():
        frame[f"{column}1"], frame[f"{column}2"] = [usa, gbr], [gbr, usa]
    members = pd.DataFrame({"ccode": [2, 200], "year": 2000})
    ties = frame[["ccode1", "ccode2", "year"]].assign(defense=1, offense=0, neutral=0)
    catalog = load_catalog()
    inputs = PartnerInputs(
        panel=Panel(frame, "dyad-year", "cow", directed=True),
        portfolios=AlliancePortfolios.from_frames(members, ties.assign(nonagg=0, consul=0)),
        memberships=catalog_rows(catalog, (2000, 2000)),
        arrangements={a.id: a for a in catalog},
        years=(2000, 2000),
        directed=True,
        provenance=Provenance(),
    )
    return partner_indicators(inputs)


def _partner_weights() -> Any:
    """Weights over indicators of the USA-GBR frame above, with a kind override."""
    from allied.models import IndicatorWeight, PartnerWeights

    return PartnerWeights(
        "example",
        {"regime_similarity": IndicatorWeight(3.1, "Lai & Reiter 2000")},
        {"gdp_ratio_log": IndicatorWeight(0.42, "Olson & Zeckhauser 1966")},
        kinds={"defense": {"fit": {"regime_similarity": IndicatorWeight(2.0, "example")}}},
    )


def _partner_result(name: str) -> Callable[[], Any]:
    """assess, rank or rank_stability of the USA-GBR frame above, read instead of the cache."""

    def build() -> Any:
        from unittest import mock

        from allied.models import _partner_ranking, assess, rank, rank_stability

        indicators = _partner_indicators()
        rows = _partner_ranking.Indicators(indicators.frame.iloc[:1], ())
        with (
            mock.patch.object(_partner_ranking, "focal_rows", lambda *_: rows),
            mock.patch.object(_partner_ranking, "dyad_row", lambda *_: rows),
        ):
            if name == "PartnerAssessment":
                return assess("USA", "GBR", year=2000, weights=_partner_weights())
            if name == "PartnerRanking":
                return rank("USA", year=2000, weights=_partner_weights())
            return rank_stability("USA", year=2000, draws=20, weights=_partner_weights())

    return build


def _sharing(name: str) -> Callable[[], Any]:
    """A factory of one real sharing result: a decision, a filtered bundle, an audit, a push."""

    def build() -> Any:
        from datetime import date

        from allied.sharing.policy import Recipient, decide, parse_markings
        from allied.sharing.stix import filter_objects
        from allied.sharing.store import open_storage, verify_audit
        from allied.sharing.taxii import PushStatus

        if name == "Decision":
            markings = parse_markings("SECRET//REL TO USA, GBR")
            return decide(markings, Recipient("GBR", "S"), on=date(2024, 6, 1))
        if name == "FilterResult":
            green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
            malware = {
                "type": "malware",
                "spec_version": "2.1",
                "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
                "created": "2024-01-01T00:00:00.000Z",
                "modified": "2024-01-01T00:00:00.000Z",
                "name": "Bad",
                "is_family": True,
                "object_marking_refs": [green],
            }
            return filter_objects([malware], Recipient("GBR"), on=date(2024, 6, 1))
        if name == "ArchiveReport":  # a real archive, its file named without the temp folder
            from allied.sharing.store import archive_audit

            with tempfile.TemporaryDirectory() as folder:
                storage = open_storage(f"sqlite:///{folder}/sharing.db")
                try:
                    for number in range(3):
                        storage.create_collection(f"c{number}", title="C")
                    report = archive_audit(storage, before=3, path=f"{folder}/old.jsonl")
                finally:
                    storage.close()
            return dataclasses.replace(report, path="old.jsonl")
        if name == "AuditReport":
            with tempfile.TemporaryDirectory() as folder:
                storage = open_storage(f"sqlite:///{folder}/sharing.db")
                try:
                    return verify_audit(storage)
                finally:
                    storage.close()
        resource = {"id": "2d086da7-4bdc-4f91-900e-d77486753710", "status": "complete"}
        return PushStatus.from_taxii({**resource, "total_count": 1, "success_count": 1})

    return build


def _models(name: str, *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """A factory calling ``allied.models.<name>(*args, **kwargs)``."""

    def build() -> Any:
        import allied.models

        return getattr(allied.models, name)(*args, **kwargs)

    return build


#: One real instance of each result class, by class name.
EXAMPLES: dict[str, Callable[[], Any]] = {
    "Allocation": lambda: _models("shapley_value", _airport())(),
    "CoreCheck": lambda: _models("core_check", _airport(), {"A": 1.5, "B": 0, "C": 1.5})(),
    "CostGame": _airport,
    "Equilibrium": _models("public_good_equilibrium", {"USA": 100, "UK": 80, "FRA": 60}),
    "LearningCurve": _models("LearningCurve", 100, 0.8),
    "PoolingSavings": lambda: _models(
        "pooling_savings", {"A": 2, "B": 3}, curve=_models("LearningCurve", 100, 0.8)()
    )(),
    "CollaborationEconomics": _models(
        "collaboration_economics",
        {"UK": 0.25, "DE": 0.25, "IT": 0.25, "ES": 0.25},
        national_development_cost=100,
    ),
    "WorkSharePlan": _work_share,
    "ProgramPlan": _models("program_plan", "eurofighter"),
    "VotingPower": _models("voting_power", "eec-1958"),
    "Catalog": lambda: importlib.import_module("allied.catalog").load_catalog(),
    "RegimeMismatch": lambda: importlib.import_module("allied.catalog").export_control_mismatch(
        "USA", "IND", on=date(2024, 1, 1)
    ),
    "BurdenTable": _embedded_burden,
    "OlsonZeckhauserResult": lambda: _models("olson_zeckhauser_test", _embedded_burden())(),
    "JointProductResult": _joint_product,
    "Polarization": lambda: importlib.import_module("allied.measures").polarization(
        importlib.import_module("networkx").barbell_graph(4, 1)
    ),
    "NodeMeasures": lambda: importlib.import_module("allied.measures").node_measures(
        importlib.import_module("networkx").star_graph(3)
    ),
    "StructuralEquivalence": lambda: importlib.import_module(
        "allied.measures"
    ).structural_equivalence(importlib.import_module("networkx").star_graph(3)),
    "SimilarityTable": _similarity,
    "PartnerIndicators": _partner_indicators,
    "PartnerWeights": _partner_weights,
    "PartnerScores": lambda: _models("score_dyads", _partner_indicators(), _partner_weights())(),
    "PartnerAssessment": _partner_result("PartnerAssessment"),
    "PartnerRanking": _partner_result("PartnerRanking"),
    "RankStability": _partner_result("RankStability"),
    "PartnerBacktest": _partner_backtest,
    "Decision": _sharing("Decision"),
    "FilterResult": _sharing("FilterResult"),
    "AuditReport": _sharing("AuditReport"),
    # built once: a second archive would hash other clock times into its anchor
    "ArchiveReport": functools.cache(_sharing("ArchiveReport")),
    "PushStatus": _sharing("PushStatus"),
}


def test_the_result_classes_are_found() -> None:
    """The walk finds the results of every layer (a broken walk would pass everything)."""
    assert {"Allocation", "VotingPower", "ProgramPlan", "Equilibrium", "Catalog"} <= set(
        RESULT_CLASSES
    )


@pytest.mark.parametrize("name", CONVERTED)
def test_result_classes_derive_from_result(name: str) -> None:
    cls = RESULT_CLASSES[name]
    assert issubclass(cls, Result), f"{cls.__module__}.{name} should derive from Result"
    assert not inspect.isabstract(cls), f"{name} lacks to_frame() or summary()"


@pytest.mark.parametrize("name", CONVERTED)
def test_a_result_shows_its_summary_above_its_table(name: str) -> None:
    assert name in EXAMPLES, f"add a real instance of {name} to EXAMPLES"
    result = EXAMPLES[name]()
    assert type(result).__qualname__ == name
    summary, frame = result.summary(), result.to_frame()
    assert isinstance(summary, str) and summary.strip()
    assert isinstance(frame, pd.DataFrame) and len(frame.columns)
    page = result._repr_html_()
    assert page.startswith(f'<div class="allied-result"><pre>{html.escape(summary)}</pre><table')
    for column in frame.columns:
        assert f"<th>{html.escape(str(column))}</th>" in page, column
    shown = frame.head(HTML_MAX_ROWS // 2) if len(frame) > HTML_MAX_ROWS else frame
    for value in shown.iloc[:, 0]:
        assert f"<td>{html.escape(str(value))}</td>" in page, value
    assert page.count("<tr>") == min(len(frame), HTML_MAX_ROWS + 1)  # body rows (and "...")


def test_the_summary_reproduces() -> None:
    """No wall-clock time or address in a summary: two instances read the same."""
    for name in CONVERTED:
        assert EXAMPLES[name]().summary() == EXAMPLES[name]().summary(), name
