"""Conflict steps: strategic rivalries, COW inter-state wars, UCDP armed conflicts and onsets.

Each step follows the rule of the peacesciencer verb of the same name
(Miller 2022; R/add_strategic_rivalries.R, R/add_cow_wars.R,
R/add_ucdp_acd.R, R/add_ucdp_onsets.R of peacesciencer 1.2.9), turns the
dataset into one row per state-year or dyad-year in its own state system, and
joins it through :mod:`allied.panel._joins`: G-W panels get COW-coded data
(rivalries, wars) and COW panels G-W-coded data (UCDP) through the dated
crosswalk; unlisted rows get the registry's ``fill`` inside the dataset's
coverage and every value is NA outside it.

Where allied differs from peacesciencer, it is on purpose and documented in
the step: outside a dataset's coverage every value is NA (peacesciencer sets
``ongoingrivalry`` to 1 after 2020 and the UCDP onset counts to 0 in every
year), and a dyad-year with two rivalry spells is refused at import rather
than duplicated (the published data have none).

References
----------
.. [1] Miller, S. V. (2022). peacesciencer: An R package for quantitative
   peace science research. Conflict Management and Peace Science, 39(6),
   755-779. https://doi.org/10.1177/07388942221077926
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from allied._ranges import expand_ranges
from allied._validation import check_choice
from allied.errors import InputError
from allied.panel._joins import Source, check_panel, dyad_columns, state_columns
from allied.panel._panel import Panel
from allied.sources import ACD_ISSUES, ACD_TYPES, RIVALRY_TYPES, TD_TYPE_COLUMNS, dataset, load

__all__ = [
    "add_cow_wars",
    "add_strategic_rivalries",
    "add_td_rivalries",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "cow_war_dyad_years",
    "rivalry_years",
    "td_rivalry_years",
    "ucdp_acd_state_years",
]

_RIVALRIES: Source = ("tss-rivalries", "rivalries")
_TD: Source = ("td-rivalries", "rivalries")
_WARS: Source = ("cow-inter-wars", "wars")
_ACD: Source = ("ucdp-acd", "conflicts")
_ONSETS: Source = ("ucdp-onsets", "onsets")

#: peacesciencer's Austria rule: rivalries of Austria-Hungary (COW 300) go to
#: Austria (COW 305) from this year on.
_AUSTRIA_FROM = 1919


def _refuse_unit(panel: Panel, step: str, unit: str, why: str, fix: str) -> None:
    if panel.unit == unit:
        raise InputError(f"{step} does not apply to {unit} panels: {why}", where=step, fix=fix)


def rivalry_years() -> pd.DataFrame:
    """Thompson et al.'s rivalries as one row per rivalry and year, as peacesciencer forms them.

    Each spell becomes the years ``start`` to ``end``; Austria-Hungary's
    code (300) becomes Austria's (305) from 1919 on; a blank type is 0; years
    before the dataset's coverage (the COW system starts in 1816) are dropped.

    Returns
    -------
    pandas.DataFrame
        ``code1``, ``code2`` (COW, as in the file: ``code1 < code2``),
        ``year``, ``tssr_id`` and the four type flags.

    Data sources: Thompson, Sakuwa & Suhas (2021), via peacesciencer.
    """
    spells = load(*_RIVALRIES)
    row, table = _spell_years(spells, ("start", "end"))
    table["tssr_id"] = spells["tssr_id"].to_numpy(np.int64)[row]
    for kind in RIVALRY_TYPES:
        table[kind] = spells[kind].fillna(0).to_numpy(np.int64)[row]
    return _from_first_year(pd.DataFrame(table), _RIVALRIES[0])


def _spell_years(
    spells: pd.DataFrame, bounds: tuple[str, str]
) -> tuple[np.ndarray, dict[str, object]]:
    """Each spell's years (``bounds``: its first and last year columns), with
    peacesciencer's Austria rule: per year, the spell's row and the columns
    ``code1``, ``code2`` and ``year``."""
    start = spells[bounds[0]].to_numpy(np.int64)
    row, year = expand_ranges(start, spells[bounds[1]].to_numpy(np.int64) - start + 1)
    table: dict[str, object] = {}
    for side in ("1", "2"):
        code = spells[f"ccode{side}"].to_numpy(np.int64)[row]
        table[f"code{side}"] = np.where((code == 300) & (year >= _AUSTRIA_FROM), 305, code)
    table["year"] = year
    return row, table


def _from_first_year(years: pd.DataFrame, name: str) -> pd.DataFrame:
    """``years`` from the first year of dataset ``name``'s coverage (the state systems' 1816)."""
    first = dataset(name).coverage[0]
    return years[years["year"] >= first].reset_index(drop=True)


def add_strategic_rivalries(panel: Panel) -> Panel:
    """Join Thompson, Sakuwa & Suhas's (2021) strategic rivalries, as peacesciencer does.

    On dyad-years (directed or not): ``tssr_id`` (the rivalry, NA when the
    dyad has none), ``positional``, ``spatial``, ``ideological``,
    ``interventionary`` (1 when the rivalry is of that type; the types are not
    exclusive) and ``ongoingrivalry`` (1 in a rivalry year). A dyad-year
    without a rivalry gets 0 for the five flags through 2020.

    On state-years: ``n_ideological``, ``n_interventionary``,
    ``n_positional``, ``n_spatial``, the number of the state's rivalries of
    each type ongoing that year (0 without one, through 2020).

    Every value is NA after 2020, where the data end (peacesciencer sets
    ``ongoingrivalry`` to 1 there). Rivalry years are the spells' ``start``
    to ``end`` inclusive; Austria-Hungary's rivalries go to Austria (COW 305)
    from 1919 on (peacesciencer's adjustment for the Austria-Serbia rivalry,
    ``tssr_id`` 76); the data's principal and asymmetric-principal flags are
    not joined, as in peacesciencer 1.2.9. The data are COW-coded; G-W
    panels get them through the dated crosswalk.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel.

    Data sources: Thompson, Sakuwa & Suhas (2021), strategic rivalries
    1494-2020, as packaged in peacesciencer (Miller 2019).

    References
    ----------
    .. [1] Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2021). Analyzing
       Strategic Rivalries in World Politics: Types of Rivalry, Regional
       Variation, and Escalation/De-escalation. Springer.
    .. [2] Miller, S. V. (2019). Create and extend strategic (international)
       rivalry data in R.
       https://svmiller.com/blog/2019/10/create-extend-strategic-rivalry-data-r/
    .. [3] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_strategic_rivalries")
    years = rivalry_years()
    if panel.is_dyadic:
        years["ongoingrivalry"] = 1
        columns = ["tssr_id", *RIVALRY_TYPES, "ongoingrivalry"]
        values = dyad_columns(
            panel, years, columns, system="cow", source=_RIVALRIES, symmetric=True, integers=columns
        )
    else:
        values = _rivalry_counts(panel, years)
    return panel.with_columns(values, _RIVALRIES[0])


def _rivalry_counts(panel: Panel, years: pd.DataFrame) -> dict[str, object]:
    """Per state-year, the number of ongoing rivalries of each type (both sides)."""
    flags = {f"n_{kind}": years[kind].to_numpy() for kind in sorted(RIVALRY_TYPES)}
    return _state_counts(panel, years, flags, _RIVALRIES)


def _state_counts(
    panel: Panel, years: pd.DataFrame, flags: dict[str, np.ndarray], source: Source
) -> dict[str, object]:
    """Per state-year, the sum of each 0/1 rivalry-year ``flags`` over the rivalries
    the state is on either side of, joined as counts."""
    sides = [
        pd.DataFrame({"code": years[f"code{side}"], "year": years["year"], **flags})
        for side in ("1", "2")
    ]
    counts = pd.concat(sides, ignore_index=True).groupby(["code", "year"], as_index=False).sum()
    names = list(flags)
    return state_columns(panel, counts, names, system="cow", source=source, integers=names)


#: The columns :func:`add_td_rivalries` joins on dyad-years, in peacesciencer 1.1's order.
TD_COLUMNS = (
    "rivalryno",
    "rivalryname",
    "styear",
    "endyear",
    "region",
    *TD_TYPE_COLUMNS,
    "ongoingrivalry",
)
_TD_TEXT = ("rivalryname", "region", *TD_TYPE_COLUMNS)


def td_rivalry_years() -> pd.DataFrame:
    """Thompson & Dreyer's rivalries, one row per rivalry and year, as peacesciencer 1.1 had them.

    Returns
    -------
    pandas.DataFrame
        ``code1``, ``code2`` (COW, Austria-Hungary as Austria from 1919),
        ``year`` (from 1816) and every column of the rivalry.

    Data sources: Thompson & Dreyer (2012), via peacesciencer.
    """
    spells = load(*_TD)
    row, table = _spell_years(spells, ("styear", "endyear"))
    for column in ("rivalryno", "styear", "endyear", *_TD_TEXT):
        table[column] = spells[column].to_numpy()[row]
    return _from_first_year(pd.DataFrame(table), _TD[0])


def add_td_rivalries(panel: Panel, *, across_types: int = 1) -> Panel:
    """Join Thompson & Dreyer's (2012) strategic rivalries, as peacesciencer 1.1 did.

    peacesciencer's ``add_strategic_rivalries()`` used these data until
    version 1.1 and has used Thompson, Sakuwa & Suhas (2021) since
    (:func:`add_strategic_rivalries`); this step keeps the older rule.

    On dyad-years (directed or not): ``rivalryno``, ``rivalryname``,
    ``styear``, ``endyear``, ``region``, ``type1``, ``type2``, ``type3``
    (the rivalry's types, most important first) and ``ongoingrivalry`` (1
    in a rivalry year, 0 otherwise in 1816-2010); the others NA without a
    rivalry. On state-years: ``ideological``, ``interventionary``,
    ``positional``, ``spatial``, the number of the state's rivalries that
    year whose first ``across_types`` types include that type (0 without
    one in 1816-2010). Every value is NA after 2010, where the data end
    (peacesciencer 1.1 wrote 0 there). Austria-Hungary's rivalries go to
    Austria (COW 305) from 1919 on (rivalry 79, Austria-Serbia). G-W panels
    get the COW-coded data through the dated crosswalk.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel.
    across_types
        On state-years, how many of a rivalry's types count: 1 (``type1``
        only, the default), 2 or 3. Ignored on dyad-years, as in peacesciencer.

    Data sources: Thompson & Dreyer (2012), strategic rivalries 1494-2010,
    as packaged in peacesciencer (Miller 2019).

    References
    ----------
    .. [1] Thompson, W. R., & Dreyer, D. R. (2012). Handbook of International
       Rivalries, 1494-2010. CQ Press.
    .. [2] Miller, S. V. (2019). Create and extend strategic (international)
       rivalry data in R.
       https://svmiller.com/blog/2019/10/create-extend-strategic-rivalry-data-r/
    """
    check_panel(panel, "add_td_rivalries")
    if across_types not in (1, 2, 3):
        raise InputError(
            f"across_types must be 1, 2 or 3, not {across_types!r}",
            where="argument across_types",
            fix="Count each rivalry's first type (1), first two (2) or all three (3).",
        )
    years = td_rivalry_years()
    if not panel.is_dyadic:
        return panel.with_columns(_td_counts(panel, years, across_types), _TD[0])
    years["ongoingrivalry"] = 1
    labels = {column: _encoded(years[column]) for column in _TD_TEXT}
    for column, (_, codes) in labels.items():
        years[column] = codes
    integers = ("rivalryno", "styear", "endyear", "ongoingrivalry")
    values = dyad_columns(
        panel, years, TD_COLUMNS, system="cow", source=_TD, symmetric=True, integers=integers
    )
    for column, (text, _) in labels.items():
        values[column] = _decoded(np.asarray(values[column]), text)
    return panel.with_columns(values, _TD[0])


def _td_counts(panel: Panel, years: pd.DataFrame, across_types: int) -> dict[str, object]:
    """Per state-year, the rivalries whose first ``across_types`` types include each type."""
    counted = years[list(TD_TYPE_COLUMNS[:across_types])].to_numpy(dtype=object, na_value="")
    flags = {kind: (counted == kind).any(axis=1).astype(np.int64) for kind in sorted(RIVALRY_TYPES)}
    return _state_counts(panel, years, flags, _TD)


#: The war columns peacesciencer joins (``ccode1:resume`` of its whittled table).
WAR_COLUMNS = (
    "cowinterongoing",
    "cowinteronset",
    "sidea1",
    "sidea2",
    "initiator1",
    "initiator2",
    "outcome1",
    "outcome2",
    "batdeath1",
    "batdeath2",
    "resume",
)


def cow_war_dyad_years() -> pd.DataFrame:
    """The COW inter-state war data whittled to one war per directed dyad-year, as peacesciencer.

    Where a dyad-year has several war rows: rows that are not an onset are
    dropped when another row of that dyad-year is one; then the row with the
    most battle deaths (``batdeath1 + batdeath2``, negative codes as missing,
    the known side when one is missing, missing last) is kept, the first in
    file order on a tie. Negative battle deaths (-9, unknown) become NA.

    Returns
    -------
    pandas.DataFrame
        ``code1``, ``code2`` (COW), ``year`` and :data:`WAR_COLUMNS`; both
        orders of each dyad.

    Data sources: Sarkees & Wayman (2010), COW inter-state wars 4.0, in
    Miller's dyadic form (peacesciencer).
    """
    wars = load(*_WARS).rename(columns={"ccode1": "code1", "ccode2": "code2"})
    keys = ["code1", "code2", "year"]
    onset = wars.groupby(keys)["cowinteronset"].transform("max")
    wars = wars[(wars["cowinteronset"] == 1) | (onset == 0)]
    deaths = wars[["batdeath1", "batdeath2"]].astype("float64")
    deaths = deaths.where(deaths >= 0)
    wars = wars.assign(batdeath1=deaths["batdeath1"], batdeath2=deaths["batdeath2"])
    total = deaths.sum(axis=1, min_count=1)
    ranked = wars.assign(_rank=-total.fillna(-np.inf), _order=np.arange(len(wars)))
    ranked = ranked.sort_values([*keys, "_rank", "_order"]).drop_duplicates(keys)
    whittled = ranked[list(keys)].reset_index(drop=True)
    for column in WAR_COLUMNS:
        whittled[column] = ranked[column].to_numpy(np.float64, na_value=np.nan)
    return whittled


#: Panel names of war columns that differ from peacesciencer's: its ``sidea1``/``sidea2``
#: would clash with the MID steps' columns of the same name (R adds ``.x``/``.y``).
WAR_COLUMN_NAMES = {"sidea1": "war_sidea1", "sidea2": "war_sidea2"}


def add_cow_wars(panel: Panel) -> Panel:
    """Join the COW inter-state wars (v4.0) onto dyad-years, as peacesciencer's ``type="inter"``.

    Columns ``cowinterongoing`` and ``cowinteronset`` (1 in a war year and in
    its first year; 0 for a dyad-year at peace in 1816-2007, NA after), and
    for war years ``war_sidea1``, ``war_sidea2`` (1 side A, 2 side B; peacesciencer's
    ``sidea1``, ``sidea2``, renamed so that MIDs and wars fit on one panel), ``initiator1``,
    ``initiator2``, ``outcome1``, ``outcome2`` (COW outcome codes: 1 winner,
    2 loser, 3 compromise/tie, 4 transformed, 6 stalemate, 8 changed sides),
    ``batdeath1``, ``batdeath2`` (battle deaths, NA when unknown) and
    ``resume`` (1 for a resumed phase). A dyad-year in two wars keeps one, as
    :func:`cow_war_dyad_years` whittles (onsets first, then the deadlier
    war). Row (A, B) gets the war row of state A against state B, so a
    non-directed panel sees the war from its lower code's side. The data are
    COW-coded; G-W panels get them through the dated crosswalk.

    State-years are refused: peacesciencer joins inter-state wars to
    dyad-years only (its state-year wars are the intra-state data, which are
    not among allied's datasets).

    Parameters
    ----------
    panel
        A dyad-year panel, directed or not.

    Data sources: Correlates of War inter-state war data 4.0 (Sarkees &
    Wayman 2010), in Miller's dyadic form (peacesciencer).

    References
    ----------
    .. [1] Sarkees, M. R., & Wayman, F. W. (2010). Resort to War: A Data
       Guide to Inter-State, Extra-State, Intra-State, and Non-State Wars,
       1816-2007. CQ Press.
    .. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_cow_wars")
    _refuse_unit(
        panel,
        "add_cow_wars",
        "state-year",
        "inter-state wars are fought between pairs of states, and peacesciencer joins them "
        "to dyad-years only",
        "Build dyad-years with dyad_years(...) first (allied panel dyad-years ... --add wars).",
    )
    values = dyad_columns(
        panel,
        cow_war_dyad_years(),
        WAR_COLUMNS,
        system="cow",
        source=_WARS,
        integers=WAR_COLUMNS,
        names=[WAR_COLUMN_NAMES.get(column, column) for column in WAR_COLUMNS],
    )
    return panel.with_columns(values, _WARS[0])


def _choices(value: str | Sequence[str] | None, allowed: Sequence[str], argument: str) -> list[str]:
    """``value`` (one choice or several) checked against ``allowed``; all when None."""
    if value is None:
        return list(allowed)
    chosen = [value] if isinstance(value, str) else list(value)
    if not chosen:
        raise InputError(
            f"argument {argument} is empty",
            where=f"argument {argument}",
            fix=f"Leave it out for all, or name some of: {', '.join(allowed)}.",
        )
    return [check_choice(item, allowed, argument=argument) for item in chosen]


def ucdp_acd_state_years(
    *,
    type: str | Sequence[str] | None = None,
    issue: str | Sequence[str] | None = None,
    only_wars: bool = False,
) -> pd.DataFrame:
    """The UCDP armed conflicts summarized per side-A government and year, as peacesciencer.

    Conflict-years are kept when their type and issue are among those asked
    for (and, with ``only_wars``, at war intensity); each (conflict, side-A
    state) counts once a year; its first year in what is kept is an onset.

    Returns
    -------
    pandas.DataFrame
        One row per G-W ``code`` and ``year`` with a conflict: ``ucdpongoing``
        (1), ``ucdponset`` (1 when a conflict's first year), ``maxintensity``
        (1 minor, 2 war) and ``conflict_ids`` (the UCDP conflict ids, in
        ascending order, joined with ``"; "``).

    Data sources: UCDP/PRIO Armed Conflict Dataset 25.1, via peacesciencer.
    """
    conflicts = load(*_ACD)
    types = _choices(type, ACD_TYPES, "type")
    issues = _choices(issue, ACD_ISSUES, "issue")
    kept = conflicts["type_of_conflict"].isin(types) & conflicts["incompatibility"].isin(issues)
    if only_wars:
        kept &= conflicts["intensity_level"] == 2
    rows = conflicts.loc[kept, ["conflict_id", "gwno_a", "year", "intensity_level"]]
    rows = rows.drop_duplicates(["conflict_id", "gwno_a", "year"])
    rows = rows.sort_values(["conflict_id", "gwno_a", "year"], kind="stable")
    rows["ucdponset"] = (~rows.duplicated(["conflict_id", "gwno_a"])).astype(np.int64)
    rows["conflict_ids"] = rows["conflict_id"].astype(str)
    grouped = rows.groupby(["gwno_a", "year"], sort=True)
    summary = grouped.agg(
        ucdponset=("ucdponset", "max"),
        maxintensity=("intensity_level", "max"),
        conflict_ids=("conflict_ids", "; ".join),
    ).reset_index()
    summary.insert(2, "ucdpongoing", 1)
    return summary.rename(columns={"gwno_a": "code"})


def add_ucdp_acd(
    panel: Panel,
    *,
    type: str | Sequence[str] | None = None,
    issue: str | Sequence[str] | None = None,
    only_wars: bool = False,
) -> Panel:
    """Join UCDP armed conflicts (ACD 25.1) onto state-years, as peacesciencer's ``add_ucdp_acd``.

    Columns ``ucdpongoing`` (1 when the state is the government on side A of
    an armed conflict that year), ``ucdponset`` (1 when one of them has its
    first year in the data), both 0 otherwise in 1946-2024 and NA outside;
    ``maxintensity`` (the highest intensity: 1 minor, 25-999 battle deaths;
    2 war, 1,000 or more) and ``conflict_ids`` (UCDP conflict ids, joined with
    ``"; "``), NA without a conflict. The data use G-W codes; COW panels get
    them through the dated crosswalk (as peacesciencer's
    ``add_gwcode_to_cow()`` does).

    Parameters
    ----------
    panel
        A state-year panel.
    type
        Keep only these conflict types: ``"extrasystemic"``,
        ``"interstate"``, ``"intrastate"``, ``"II"`` (internationalized
        intrastate); one or a list. All by default.
    issue
        Keep only these incompatibilities: ``"territory"``, ``"government"``
        or ``"both"`` (UCDP's own category for conflicts over both, not
        "either": for either, pass ``["territory", "government"]``).
    only_wars
        Keep only conflict-years at war intensity.

    Data sources: UCDP/PRIO Armed Conflict Dataset 25.1, via peacesciencer.

    References
    ----------
    .. [1] Gleditsch, N. P., Wallensteen, P., Eriksson, M., Sollenberg, M., &
       Strand, H. (2002). Armed conflict 1946-2001: A new dataset. Journal of
       Peace Research, 39(5), 615-637. https://doi.org/10.1177/0022343302039005007
    .. [2] Davies, S., Pettersson, T., Sollenberg, M., & Öberg, M. (2025).
       Organized violence 1989-2024, and the challenges of identifying
       civilian victims. Journal of Peace Research, 62(4), 1223-1240.
    .. [3] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_ucdp_acd")
    _refuse_state_data(panel, "add_ucdp_acd")
    summary = ucdp_acd_state_years(type=type, issue=issue, only_wars=only_wars)
    labels, summary["conflict_ids"] = _encoded(summary["conflict_ids"])
    columns = ["ucdpongoing", "ucdponset", "maxintensity", "conflict_ids"]
    values = state_columns(panel, summary, columns, system="gw", source=_ACD, integers=columns[:3])
    values["conflict_ids"] = _decoded(np.asarray(values["conflict_ids"]), labels)
    return panel.with_columns(values, _ACD[0])


def _encoded(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Distinct labels of ``text`` and each row's index into them (as float, for the joins)."""
    codes, labels = pd.factorize(text)
    return np.asarray(labels, dtype=object), np.where(codes < 0, np.nan, codes)


def _decoded(codes: np.ndarray, labels: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The labels at float ``codes`` (NaN → NA), as a string array (built in Arrow, without
    a Python object per row)."""
    missing = np.isnan(codes)
    index = pa.array(np.where(missing, 0, codes).astype(np.int32), mask=missing)
    dictionary = pa.array([str(label) for label in labels], type=pa.string())
    text = pa.DictionaryArray.from_arrays(index, dictionary).cast(pa.string())
    return pd.arrays.ArrowStringArray(text)


def _refuse_state_data(panel: Panel, step: str) -> None:
    _refuse_unit(
        panel,
        step,
        "dyad-year",
        "the UCDP data are state-year summaries, and peacesciencer joins them to state-years only",
        "Build state-years with state_years(...) first (allied panel state-years ...).",
    )


#: The UCDP onset counts, in the data's order.
ONSET_COLUMNS = ("sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10")


def add_ucdp_onsets(panel: Panel) -> Panel:
    """Join UCDP conflict onsets (19.1) onto state-years, as peacesciencer's ``add_ucdp_onsets``.

    Columns ``sumnewconf`` (new conflicts or conflict dyads of the state that
    year) and ``sumonset1``, ``sumonset2``, ``sumonset3``, ``sumonset5``,
    ``sumonset10`` (new conflict episodes, counting one only after at least
    1, 2, 3, 5 or 10 years without conflict). A state-year the data do not
    list is 0 in 1946-2017; every value is NA outside those years
    (peacesciencer writes 0 there too). The data use G-W codes; COW panels
    get them through the dated crosswalk (as peacesciencer's
    ``add_gwcode_to_cow()`` does).

    Parameters
    ----------
    panel
        A state-year panel.

    Data sources: UCDP onset data 19.1 as summarized per state-year in
    peacesciencer.

    References
    ----------
    .. [1] Gleditsch, N. P., Wallensteen, P., Eriksson, M., Sollenberg, M., &
       Strand, H. (2002). Armed conflict 1946-2001: A new dataset. Journal of
       Peace Research, 39(5), 615-637. https://doi.org/10.1177/0022343302039005007
    .. [2] Pettersson, T., Högbladh, S., & Öberg, M. (2019). Organized
       violence, 1989-2018 and peace agreements. Journal of Peace Research,
       56(4), 589-603. https://doi.org/10.1177/0022343319856046
    .. [3] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_ucdp_onsets")
    _refuse_state_data(panel, "add_ucdp_onsets")
    onsets = load(*_ONSETS).rename(columns={"gwcode": "code"})
    values = state_columns(
        panel, onsets, ONSET_COLUMNS, system="gw", source=_ONSETS, integers=ONSET_COLUMNS
    )
    return panel.with_columns(values, _ONSETS[0])
