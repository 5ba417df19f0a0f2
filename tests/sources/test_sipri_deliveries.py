"""SIPRI deals spread over their delivery years, with crosswalk keys for both parties."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.tiny_data.sipri_trade import register_text

from allied.errors import InputError
from allied.sources import sipri_trade_deliveries
from allied.sources._sipri import parse_trade_register
from allied.sources._sipri_deliveries import DELIVERY_COLUMNS

DEALS = (
    "Afghanistan,Soviet Union,1978,?,508,?,D-30 122mm,towed gun,508,?,"
    "1978; 1979; 1980; 1981,New,,0.35,177.8,177.8\n"
    "New Zealand,United States,2001,,102,,LAV-25 turret,IFV turret,153,?,2003; 2004; 2004,New,,"
    "0.6,61.2,91.8\n"
    "NATO**,Turkiye,2019,,,,Hisar,SAM system,2,?,2020,New,,1.5,,3\n"
    "Syria,Czechoslovakia,1955,,100,,T-34-85,tank,100,,1956,Second hand,,0.2,20,20\n"
    "India,France,2016,,36,,Rafale,FGA aircraft,,,,New,,80,2880,\n"
)


def _register(tmp_path: Path, deals: str = DEALS) -> pd.DataFrame:
    path = tmp_path / "trade-register.csv"
    path.write_text(register_text(deals), encoding="utf-8")
    return parse_trade_register(path)


def test_a_deal_is_spread_equally_over_the_entries_of_its_delivery_years(
    tmp_path: Path,
) -> None:
    deliveries = sipri_trade_deliveries(_register(tmp_path))
    assert tuple(deliveries.columns) == DELIVERY_COLUMNS
    d30 = deliveries[deliveries.deal == 0]
    assert d30.year.tolist() == [1978, 1979, 1980, 1981]
    assert d30.tiv.to_numpy() == pytest.approx([44.45] * 4)  # 177.8 / 4
    # "2003; 2004; 2004": 2004 is listed twice and takes two of the three shares.
    lav = deliveries[deliveries.deal == 1].groupby("year").tiv.sum()
    assert lav.to_dict() == pytest.approx({2003: 30.6, 2004: 61.2})
    assert deliveries.groupby("deal").tiv.sum().to_numpy() == pytest.approx([177.8, 91.8, 3, 20])
    assert 4 not in set(deliveries.deal)  # ordered, nothing delivered yet


def test_parties_get_the_crosswalk_key_or_none(tmp_path: Path) -> None:
    deliveries = sipri_trade_deliveries(_register(tmp_path)).drop_duplicates("deal")
    keys = list(zip(deliveries.supplier_state, deliveries.recipient_state, strict=True))
    assert keys[0] == ("RUS", "AFG")  # the Soviet Union is the crosswalk's RUS (365)
    assert keys[1] == ("USA", "NZL")
    assert keys[2][0] == "TUR" and pd.isna(keys[2][1])  # NATO is no state
    assert keys[3] == ("CZE", "SYR")  # Czechoslovakia: CZE, 315 before 1993


def test_delivery_years_that_are_not_a_list_of_years_are_refused(tmp_path: Path) -> None:
    deals = "Chile,Spain,2000,,2,,Scorpene,submarine,2,,2005-2006,New,,300,600,600\n"
    with pytest.raises(InputError, match=r"Spain -> Chile \(Scorpene, ordered 2000\)") as caught:
        sipri_trade_deliveries(_register(tmp_path, deals))
    assert "'2005-2006'" in caught.value.what and "row 0" in str(caught.value.where)
    assert "allied data import sipri-trade" in str(caught.value.fix)


def test_a_delivered_tiv_without_delivery_years_is_refused(tmp_path: Path) -> None:
    deals = "Chile,Spain,2000,,2,,Scorpene,submarine,2,,,New,,300,600,600\n"
    with pytest.raises(InputError, match="not a list of years"):
        sipri_trade_deliveries(_register(tmp_path, deals))
