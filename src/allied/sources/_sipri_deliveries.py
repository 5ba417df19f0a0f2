"""SIPRI arms deliveries by year: the trade register's deals spread over their delivery years.

The trade-register export gives, per deal, the SIPRI TIV of every weapon
delivered (``SIPRI TIV of delivered weapons``) and the years in which
deliveries were made (``Year(s) of delivery``, e.g. ``"2019; 2020; 2020"``),
but not the TIV or the number delivered in each year. SIPRI's own yearly
totals come from its per-year delivery records, which the export does not
hold; :func:`sipri_trade_deliveries` therefore spreads each deal's TIV
evenly over the entries of its delivery-year list (the documented rule
below). Supplier and recipient names become keys of the project's dated
crosswalk as for SIPRI's military expenditure (ISO3 of today's state, the
former state's key for the USSR, Czechoslovakia, Yugoslavia, the German DR,
North and South Yemen), NA for non-state actors, organizations and
"unknown" parties.

References
----------
.. [1] Stockholm International Peace Research Institute (2025). SIPRI Arms
   Transfers Database. https://www.sipri.org/databases/armstransfers
.. [2] SIPRI. Sources and methods (the SIPRI trend-indicator value).
   https://www.sipri.org/databases/armstransfers/sources-and-methods
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allied.errors import InputError
from allied.sources._milex_states import state_column

__all__ = ["DELIVERY_COLUMNS", "sipri_trade_deliveries"]

#: the columns of :func:`sipri_trade_deliveries`, in order
DELIVERY_COLUMNS: tuple[str, ...] = (
    "deal",
    "supplier",
    "recipient",
    "supplier_state",
    "recipient_state",
    "year",
    "tiv",
)

_YEAR_LIST = r"\d{4}(?:;\d{4})*"


def sipri_trade_deliveries(register: pd.DataFrame) -> pd.DataFrame:
    """The TIV each deal of the trade register delivered in each of its delivery years.

    Spreading rule: a deal's ``sipri_tiv_of_delivered_weapons`` (SIPRI's
    TIV of everything delivered under it) is divided equally among the
    entries of its ``years_of_delivery`` list. A deal delivered in
    ``"2019; 2020; 2021"`` with 30 TIV delivered gives 10 in each year; a
    year the list names twice (two deals of the 2025 release, e.g.
    ``"2003; 2004; 2004"``) gets two shares (10 in 2003, 20 in 2004 for 30
    TIV). The register export does not hold the number or the TIV delivered
    in each year, so SIPRI's own yearly totals, which it computes from its
    per-year delivery records, can differ from these for deals delivered
    over several years; totals over all of a deal's delivery years are
    SIPRI's exactly. Deals without a TIV of delivered weapons (SIPRI: no
    deliveries identified) give no rows.

    Parameters
    ----------
    register
        The cached ``sipri-trade`` register (:func:`allied.sources.load`),
        as :func:`allied.sources._sipri.parse_trade_register` reads it.

    Returns
    -------
    pandas.DataFrame
        One row per deal and entry of its delivery-year list, with the
        columns :data:`DELIVERY_COLUMNS`: ``deal`` (the deal's row number in
        ``register``), ``supplier`` and ``recipient`` (SIPRI's names),
        ``supplier_state`` and ``recipient_state`` (the dated crosswalk's key:
        today's ISO3; RUS for the Soviet Union, CZE for Czechoslovakia, SRB
        for Yugoslavia, DDR for East Germany, YEM for North Yemen, YMD for
        South Yemen; ``<NA>`` for non-state actors (SIPRI marks them ``*``),
        organizations (``**``: NATO, the UN, the African Union, ...),
        "unknown supplier(s)"/"unknown recipient(s)", territories that are
        not states (Western Sahara, Northern Cyprus, Biafra, Katanga, Aruba)
        and South Vietnam, which has no ISO 3166 code), ``year`` (int64) and
        ``tiv`` (float64, millions of SIPRI TIV).

    Raises
    ------
    InputError
        A deal has a TIV of delivered weapons but no delivery year, or a
        delivery-year text that is not a ``;``-separated list of years.

    References
    ----------
    .. [1] Stockholm International Peace Research Institute (2025). SIPRI
       Arms Transfers Database. https://www.sipri.org/databases/armstransfers

    Examples
    --------
    >>> register = pd.DataFrame({
    ...     "supplier": ["Soviet Union"], "recipient": ["Afghanistan"],
    ...     "supplier_iso3": [None], "recipient_iso3": ["AFG"],
    ...     "years_of_delivery": ["1962; 1963; 1964"],
    ...     "sipri_tiv_of_delivered_weapons": [62.5]})
    >>> sipri_trade_deliveries(register)[["supplier_state", "year", "tiv"]].values.tolist()
    [['RUS', 1962, 20.833333333333332], ['RUS', 1963, 20.833333333333332], \
['RUS', 1964, 20.833333333333332]]
    """
    texts = _year_lists(register)
    entries = np.where(texts.isna(), 0, (texts.str.len().fillna(0) + 1) // 5).astype(np.int64)
    deal = np.repeat(np.arange(len(texts)), entries)
    listed = texts.dropna().to_numpy(dtype=object)
    years = np.array(";".join(listed).split(";") if deal.size else [], dtype=np.int64)
    tiv = register["sipri_tiv_of_delivered_weapons"].to_numpy(np.float64, na_value=np.nan)
    keys = {
        side: state_column(register[side], register[f"{side}_iso3"]).to_numpy(object)
        for side in ("supplier", "recipient")
    }
    return pd.DataFrame(
        {
            "deal": deal.astype(np.int64),
            "supplier": register["supplier"].to_numpy(object)[deal],
            "recipient": register["recipient"].to_numpy(object)[deal],
            "supplier_state": pd.array(keys["supplier"][deal], dtype="string"),
            "recipient_state": pd.array(keys["recipient"][deal], dtype="string"),
            "year": years,
            "tiv": tiv[deal] / entries[deal],
        }
    ).astype({"supplier": "string", "recipient": "string"})


def _year_lists(register: pd.DataFrame) -> pd.Series:
    """Each deal's delivery years as ``"YYYY;YYYY"`` (NA without a TIV delivered);
    :class:`InputError` for a deal with a TIV delivered but no such list."""
    years = register["years_of_delivery"].astype("string").str.replace(" ", "", regex=False)
    tiv = register["sipri_tiv_of_delivered_weapons"]
    listed = years.notna() & years.ne("")
    well_formed = years.str.fullmatch(_YEAR_LIST).fillna(False).to_numpy(bool)
    bad = (tiv.notna() & ~listed).to_numpy(bool) | (listed.to_numpy(bool) & ~well_formed)
    if bad.any():
        raise _bad_years(register, int(bad.argmax()))
    return years.where(listed & tiv.notna()).reset_index(drop=True)


def _bad_years(register: pd.DataFrame, position: int) -> InputError:
    row = register.iloc[position]
    return InputError(
        f"sipri-trade: the deal {row['supplier']} -> {row['recipient']} "
        f"({row.get('weapon_designation', '?')}, ordered {row.get('year_of_order', '?')}) "
        f"has delivery years {row['years_of_delivery']!r}, not a list of years "
        "such as '2019; 2020'",
        where=f"cached table sipri-trade register, row {position}",
        fix="Export the trade register from SIPRI again and import it with "
        "`allied data import sipri-trade FILE`.",
    )
