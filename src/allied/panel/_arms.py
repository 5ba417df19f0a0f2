"""``add_arms_transfers``: SIPRI arms deliveries on state-years and dyad-years.

The trade register's deals are spread over their delivery years by
:func:`allied.sources.sipri_trade_deliveries` (equal shares per entry of a
deal's delivery-year list), keyed to the panel's state codes through the
dated crosswalk (:mod:`allied.panel._crosswalk`), summed per (supplier,
recipient, year) and gathered onto the panel by the generic joins
(:mod:`allied.panel._joins`), with the registry's coverage (1950-2024) and
fill (0 where nothing was delivered).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allied.panel._crosswalk import iso3_years
from allied.panel._joins import Source, check_panel, dyad_columns, state_columns
from allied.panel._panel import Panel
from allied.sources import load, sipri_trade_deliveries

__all__ = ["add_arms_transfers"]

_DATASET = "sipri-trade"
_SOURCE: Source = (_DATASET, "register")

#: SIPRI names of states that have a COW and G-W code but no key in the dated
#: crosswalk (no ISO 3166 code) → (code, first year, last year). South Vietnam:
#: COW 817 (RVN) 1954-06-04 to 1975-04-30, COW State System Membership v2016;
#: G-W 817 1954-05-01 to 1975-04-30 (Gleditsch & Ward 1999). Codes the
#: crosswalk does not know are the same in both systems.
_UNKEYED_STATES: dict[str, tuple[int, int, int]] = {"South Vietnam": (817, 1954, 1975)}

_STATE_COLUMNS = ("arms_imports_tiv", "arms_exports_tiv", "arms_top_supplier_share")


def add_arms_transfers(panel: Panel) -> Panel:
    """Join SIPRI arms transfers (trend-indicator values, millions) onto a panel.

    Columns, by unit:

    * directed dyad-years: ``arms_tiv``, the TIV that state 1 delivered to
      state 2 in the year;
    * non-directed dyad-years (rows with ``code1 < code2``): ``arms_tiv_1to2``
      (delivered by state 1 to state 2) and ``arms_tiv_2to1`` (by state 2 to
      state 1);
    * state-years: ``arms_imports_tiv`` and ``arms_exports_tiv`` (everything
      the state received or delivered in the year) and
      ``arms_top_supplier_share``, the largest single supplier state's share
      of that year's imports (0-1; NA when the state imported nothing).

    Inside the register's coverage (1950-2024) a state or dyad with no
    delivery has 0 (NA for the share); outside it every value is NA.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel, COW or G-W.

    Returns
    -------
    Panel
        The panel with the columns above, ``sipri-trade`` recorded.

    Notes
    -----
    *What the TIV is.* SIPRI's trend-indicator value measures the volume of
    transfers of major conventional weapons, priced from the known unit
    production costs of a core set of weapons (second-hand weapons at 40 %,
    refurbished ones at 66 %); it represents military resources transferred,
    not money, and is not comparable with sales values, GDP or military
    expenditure [2]_.

    *Spreading over delivery years.* The register export gives each deal's
    TIV of delivered weapons and the list of years with deliveries, not the
    TIV of each year; a deal's TIV is divided equally among the entries of
    that list (:func:`allied.sources.sipri_trade_deliveries`). Sums over all
    of a deal's delivery years equal SIPRI's; single years and five-year
    periods can differ from SIPRI's own totals for deals delivered over
    several years (for 2020-24 the shares of global exports differ by up to
    0.9 percentage points, see tests/validation/test_arms_reference.py).

    *Who is a state.* SIPRI's names are mapped to the crosswalk as for its
    military expenditure: today's states by name (ISO3), the Soviet Union to
    365, Czechoslovakia to 315, Yugoslavia to 345, East Germany to 265,
    North Yemen to 678, South Yemen to 680 and South Vietnam to 817; SIPRI's
    "Germany" (West Germany before 1990) is COW 260 through 1989 and 255 from
    1990 (G-W 260 throughout): each state-year takes the code in force at the
    end of the year. A delivery counts for a state-year or dyad-year only if
    the state held a code of the panel's system that year: deliveries to
    West Germany before 1955, Brunei before 1984 or Palestine are in no COW
    state-year or dyad-year.

    *Non-state parties.* Deliveries from or to non-state actors (SIPRI's ``*``:
    rebel groups, the Libyan HoR), organizations (``**``: NATO, the UN, the
    African Union, the EU, the OSCE), "unknown supplier(s)"/"unknown
    recipient(s)" and territories that are not states (Western Sahara,
    Northern Cyprus, Biafra, Katanga, Aruba) are in no dyad. They do count
    in the state's totals: a state's imports are everything it received
    (from unknown suppliers too) and its exports everything it delivered (to
    rebel groups and organizations too). They are never the top supplier:
    ``arms_top_supplier_share`` is the largest supplier *state*'s share, so
    an importer whose arms came from unknown suppliers only has 0.

    Data sources: SIPRI Arms Transfers Database, trade register (2025).

    References
    ----------
    .. [1] Stockholm International Peace Research Institute (2025). SIPRI
       Arms Transfers Database. https://www.sipri.org/databases/armstransfers
    .. [2] SIPRI. Sources and methods.
       https://www.sipri.org/databases/armstransfers/sources-and-methods
    """
    check_panel(panel, "add_arms_transfers")
    flows = _coded_deliveries(panel.system)
    if not panel.is_dyadic:
        table = _state_totals(flows)
        columns = state_columns(panel, table, _STATE_COLUMNS, system=panel.system, source=_SOURCE)
        return panel.with_columns(columns, _DATASET)
    dyads = _dyad_totals(flows)
    if panel.directed:
        columns = dyad_columns(panel, dyads, ["arms_tiv"], system=panel.system, source=_SOURCE)
        return panel.with_columns(columns, _DATASET)
    reverse = dyads.rename(columns={"code1": "code2", "code2": "code1"})
    columns = {
        **_directed(panel, dyads, "arms_tiv_1to2"),
        **_directed(panel, reverse, "arms_tiv_2to1"),
    }
    return panel.with_columns(columns, _DATASET)


def _directed(panel: Panel, dyads: pd.DataFrame, name: str) -> dict[str, object]:
    """``arms_tiv`` of ``dyads`` (code1 → code2) gathered onto each panel row as ``name``."""
    return dyad_columns(
        panel, dyads, ["arms_tiv"], system=panel.system, source=_SOURCE, names=[name]
    )


def _coded_deliveries(system: str) -> pd.DataFrame:
    """``code1`` (supplier), ``code2`` (recipient) in ``system`` (-1 for no state
    code that year), ``year`` and ``tiv`` of every spread delivery."""
    deliveries = sipri_trade_deliveries(load(_DATASET, "register"))
    codes = iso3_years(system).set_index(["iso3", "year"])["code"]
    years = deliveries["year"].to_numpy(np.int64)
    return pd.DataFrame(
        {
            "code1": _codes(deliveries, "supplier", years, codes),
            "code2": _codes(deliveries, "recipient", years, codes),
            "year": years,
            "tiv": deliveries["tiv"].to_numpy(np.float64),
        }
    )


def _codes(deliveries: pd.DataFrame, side: str, years: np.ndarray, codes: pd.Series) -> np.ndarray:
    """The state code of each delivery's ``side`` in its year (-1 where none)."""
    keys = pd.MultiIndex.from_arrays([deliveries[f"{side}_state"].fillna(""), years])
    found = codes.reindex(keys).to_numpy(np.float64, copy=True)
    names = deliveries[side].to_numpy(object)
    for name, (code, first, last) in _UNKEYED_STATES.items():
        found[(names == name) & (years >= first) & (years <= last)] = code
    return np.where(np.isnan(found), -1, found).astype(np.int64)


def _dyad_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """``code1``, ``code2``, ``year``, ``arms_tiv``: TIV per (supplier, recipient, year)."""
    between_states = (flows["code1"] >= 0) & (flows["code2"] >= 0)
    between_states &= flows["code1"] != flows["code2"]
    summed = flows[between_states].groupby(["code1", "code2", "year"], sort=False)["tiv"].sum()
    return summed.rename("arms_tiv").reset_index()


def _state_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """``code``, ``year`` and :data:`_STATE_COLUMNS` for every state-year with a delivery."""
    imports = _summed(flows, "code2")
    exports = _summed(flows, "code1")
    top = _dyad_totals(flows).groupby(["code2", "year"])["arms_tiv"].max()
    top.index = top.index.set_names(["code", "year"])
    table = pd.concat(
        {"arms_imports_tiv": imports, "arms_exports_tiv": exports, "top": top}, axis=1
    )
    totals = table[["arms_imports_tiv", "arms_exports_tiv"]].fillna(0.0)
    share = table["top"].fillna(0.0) / totals["arms_imports_tiv"].where(
        totals["arms_imports_tiv"] > 0
    )
    return totals.assign(arms_top_supplier_share=share).reset_index()


def _summed(flows: pd.DataFrame, side: str) -> pd.Series:
    """TIV per (state of ``side``, year), for deliveries whose ``side`` is a state."""
    rows = flows[flows[side] >= 0]
    summed = rows.groupby([side, "year"])["tiv"].sum()
    summed.index = summed.index.set_names(["code", "year"])
    return summed
