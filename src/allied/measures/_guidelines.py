"""Spending guidelines on burden frames: which apply to a member-year, and their tests.

A guideline (:class:`allied.catalog.Guideline`) is catalog data: the
arrangement that adopted it, when, its metric and threshold, and for a target
the year it is due. This module decides, row by row, whether a guideline
applies and fills its test columns; :mod:`allied.measures.burden` calls it.

Rule
----
A guideline applies to a member-year of the arrangement that adopted it when

* it had been adopted by that year: the year of adoption counts (NATO's
  Hague commitment of 25 June 2025 applies to 2025 and later years, the 2 %
  guideline agreed in 2006 to 2006 and later); or, when ``guidelines_on``
  is given, it had been adopted on that date (every year is then measured
  against the guidelines in force on the date, e.g. 2024 spending against the
  commitment of 2025);
* the state had armed forces during the whole year
  (:func:`allied.states.armed_forces_absent`): a state without them, such as
  Iceland, is neither below nor above a spending guideline.

Elsewhere the test columns are NA, so sums over members (the gap to 3.5 % of
GDP) leave those rows out. Guidelines of other arrangements never apply: pass
the arrangement's own (:func:`allied.panel.burden_inputs` does).

Columns
-------
A floor (no target year) gives ``meets_{t}pct`` for a share of GDP
(``meets_2pct``) and ``meets_{t}pct_equipment`` for the equipment share
(``meets_20pct_equipment``). A target by a year gives ``gap_{t}_usd`` and
``growth_to_{t}_pct`` (``gap_3_5_usd``, ``growth_to_5_pct``), where ``{t}`` is
the threshold with ``_`` for the decimal point.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from allied.catalog import Guideline
from allied.errors import InputError

GuidelinesArg = Sequence[Guideline] | None
"""The guidelines themselves (catalog data: :func:`allied.panel.spending_guidelines`), or None."""

#: The test columns of NATO's guidelines, present in every burden frame (NA when not tested).
STANDARD_COLUMNS: tuple[str, ...] = (
    "meets_2pct",
    "meets_20pct_equipment",
    "gap_3_5_usd",
    "gap_5_usd",
    "growth_to_3_5_pct",
    "growth_to_5_pct",
)


def resolve_guidelines(guidelines: GuidelinesArg) -> tuple[Guideline, ...]:
    """The guidelines given, checked: a sequence of :class:`Guideline`, or None (none).

    An arrangement's guidelines are catalog data; read them with
    :func:`allied.panel.spending_guidelines` (or :func:`allied.panel.burden_inputs`).
    """
    if guidelines is None:
        return ()
    chosen = tuple(guidelines)
    for item in chosen:
        if not isinstance(item, Guideline):
            raise InputError(
                f"{item!r} is not a Guideline",
                where="argument guidelines",
                fix="Pass an arrangement's guidelines (allied.panel.spending_guidelines('nato')) "
                "or None.",
            )
    return chosen


def _label(threshold: float) -> str:
    return f"{threshold:g}".replace(".", "_")


def guideline_columns(guideline: Guideline) -> tuple[str, ...]:
    """The columns a guideline's test fills.

    Examples
    --------
    >>> from allied.panel import spending_guidelines
    >>> [guideline_columns(g) for g in spending_guidelines("nato")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('meets_2pct',), ('meets_20pct_equipment',),
     ('gap_3_5_usd', 'growth_to_3_5_pct'), ('gap_5_usd', 'growth_to_5_pct')]
    """
    label = _label(guideline.threshold)
    if guideline.target_year is not None:
        return (f"gap_{label}_usd", f"growth_to_{label}_pct")
    suffix = "" if guideline.metric.of_gdp else "_equipment"
    return (f"meets_{label}pct{suffix}",)


def applies(guideline: Guideline, years: pd.Series, guidelines_on: date | None) -> pd.Series:
    """Per row: whether ``guideline`` had been adopted by the row's year (or on the date)."""
    if guidelines_on is not None:
        return pd.Series(guideline.adopted_by(guidelines_on), index=years.index)
    return years.ge(guideline.adopted_year)


def flag(values: pd.Series, mask: pd.Series) -> pd.Series:
    """A nullable boolean: ``values`` where ``mask`` holds, NA elsewhere."""
    out = pd.Series(pd.array(values.to_numpy(dtype=bool), dtype="boolean"), index=values.index)
    out[~mask.to_numpy(dtype=bool)] = pd.NA
    return out


def growth(
    target: float, gdp: pd.Series, milex: pd.Series, horizon: pd.Series, gdp_growth: float
) -> pd.Series:
    """Annual growth of spending reaching ``target`` x GDP after ``horizon`` years (NA if none)."""
    valid = gdp.gt(0) & milex.gt(0) & horizon.gt(0)
    t = horizon.where(valid).astype("float64")
    needed = target * gdp * (1.0 + gdp_growth) ** t / milex.where(valid)
    rate: pd.Series = needed.pow(1.0 / t) - 1.0
    return rate.clip(lower=0.0).where(valid)


def apply_guidelines(
    frame: pd.DataFrame,
    guidelines: tuple[Guideline, ...],
    *,
    pct: pd.Series,
    gdp: pd.Series,
    guidelines_on: date | None,
    hague_year: int | None,
    gdp_growth: float,
) -> pd.DataFrame:
    """Fill the test columns of ``guidelines`` on ``frame`` (which has ``no_armed_forces``).

    ``pct`` is the share of GDP a floor is tested on (NATO's where reported);
    ``gdp`` is GDP with zeros as NA. Targets compare ``milex_usd`` with the
    threshold's share of GDP.
    """
    _check_columns(guidelines)
    armed = ~frame["no_armed_forces"].to_numpy(dtype=bool)
    for column in STANDARD_COLUMNS:
        frame[column] = _empty(column, frame.index)
    floors_tested = pd.Series(False, index=frame.index)
    for guideline in guidelines:
        tested = applies(guideline, frame["year"], guidelines_on) & armed
        if guideline.target_year is None:
            value = pct if guideline.metric.of_gdp else frame["equipment_share_pct"]
            (column,) = guideline_columns(guideline)
            frame[column] = flag(value.ge(guideline.threshold), value.notna() & tested)
            if guideline.metric.of_gdp:
                floors_tested |= tested
            continue
        gap_column, growth_column = guideline_columns(guideline)
        share = guideline.threshold / 100.0
        milex = frame["milex_usd"]
        horizon = (hague_year or guideline.target_year) - frame["year"]
        frame[gap_column] = (share * gdp - milex).clip(lower=0.0).where(tested)
        frame[growth_column] = growth(share, gdp, milex, horizon, gdp_growth).where(tested)
    frame["guideline_basis"] = frame["guideline_basis"].where(floors_tested)
    return frame


def _empty(column: str, index: pd.Index) -> pd.Series:
    if column.startswith("meets_"):
        return pd.Series(pd.NA, index=index, dtype="boolean")
    return pd.Series(np.nan, index=index, dtype="float64")


def _check_columns(guidelines: tuple[Guideline, ...]) -> None:
    seen: dict[str, str] = {}
    for guideline in guidelines:
        for column in guideline_columns(guideline):
            if column in seen:
                raise InputError(
                    f"guidelines {seen[column]!r} and {guideline.id!r} both test {column}",
                    where="argument guidelines",
                    fix="Pass one guideline per metric, threshold and kind.",
                )
            seen[column] = guideline.id


def guideline_notes(
    frame: pd.DataFrame,
    guidelines: tuple[Guideline, ...],
    *,
    guidelines_on: date | None,
    who: str,
) -> tuple[str, ...]:
    """Sentences saying which guideline was not tested where, and who was left out.

    ``frame`` is a burden frame (``year``, ``no_armed_forces``, ``name`` or
    ``iso3``); ``who`` names the arrangement ("nato") or "the states given".
    """
    notes: list[str] = []
    if not guidelines:
        notes.append(
            f"no spending guideline applies to {who}: a guideline (NATO's 2% of GDP, the Hague "
            "commitment) applies only to the arrangement that adopted it, so the guideline "
            "columns are NA"
        )
    years = frame["year"].astype("int64")
    for guideline in guidelines:
        note = _not_tested(guideline, years, guidelines_on)
        if note:
            notes.append(note)
    if guidelines_on is not None and guidelines:
        notes.append(
            f"the figures of every year are measured against the guidelines {who} had adopted "
            f"by {guidelines_on}"
        )
    unarmed = frame.loc[frame["no_armed_forces"].to_numpy(dtype=bool)]
    if len(unarmed):
        label = unarmed["name"] if "name" in unarmed.columns else unarmed["iso3"]
        names = ", ".join(sorted({str(n) for n in label}))
        notes.append(
            f"{names}: no armed forces, so left out of the guideline tests and of the sums of gaps"
        )
    return tuple(notes)


def _not_tested(guideline: Guideline, years: pd.Series, guidelines_on: date | None) -> str:
    what = f"{guideline.name} (adopted {guideline.adopted_label})"
    if guidelines_on is not None:
        adopted = guideline.adopted_by(guidelines_on)
        return "" if adopted else f"{what}: not adopted by {guidelines_on}"
    if len(years) == 0 or int(years.min()) >= guideline.adopted_year:
        return ""
    if int(years.max()) < guideline.adopted_year:
        return f"{what}: not tested, as it postdates every year of the table"
    return f"{what}: not tested before {guideline.adopted_year}"
