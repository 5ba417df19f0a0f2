"""Tiny SIPRI trade register: a few deals among the tiny cache's five COW states.

In the layout of SIPRI's CSV export (preamble, header, one line per deal),
read through the real parser. Hand-worked deliveries (TIV, millions):

* USA -> "Germany" (West Germany to 1989), 600 over "1989; 1990": 300 to
  COW 260 in 1989 and 300 to 255 in 1990 (the code in force at the end of 1990);
* USA -> UK, 700 over "1990; 1991; 1991; 1992": 175 in 1990 and 1992, 350 in
  1991 (a year listed twice takes two shares);
* West Germany ("Germany") -> France, 90 in 1989;
* UK -> USA, 40 over "1989; 1990": 20 each;
* unknown supplier(s) -> USA, 10 in 1989 (in US imports, in no dyad);
* USA -> NATO**, 80 in 1989 (in US exports, in no dyad).
"""

from __future__ import annotations

PREAMBLE = (
    "Transfers of major conventional arms from All countries  to All countries . Deals with "
    "deliveries made for the year range '1950' to '2024'\n"
    "A '?' in a column indicates uncertain data.\n"
    "SIPRI trend-indicator values (TIVs) are in millions.\n"
    "\n"
    "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
)
HEADER = (
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"
    "Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,"
    "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
)
DEALS = (
    "Germany,United States,1984,,12,,MIM-104 Patriot,SAM system,12,,1989; 1990,New,,50,600,600\n"
    "United Kingdom,United States,1987,,7,,E-3 Sentry,AEW&C aircraft,7,,"
    "1990; 1991; 1991; 1992,New,,100,700,700\n"
    "France,Germany,1986,?,30,?,Tiger,combat helicopter,30,?,1989,New,,3,90,90\n"
    "United States,United Kingdom,1987,,4,,Sea Skua,anti-ship missile,4,,1989; 1990,New,,10,40,"
    "40\n"
    "United States,unknown supplier(s),1988,,,,,APC,10,?,1989,Second hand,,1,,10\n"
    "NATO**,United States,1986,,2,,E-3 Sentry,AEW&C aircraft,2,,1989,New,,40,80,80\n"
)


def register_text(deals: str = DEALS) -> str:
    """A trade-register export holding ``deals`` (lines in SIPRI's column order)."""
    return PREAMBLE + HEADER + deals


DATASETS = {"sipri-trade": {"trade-register_1950-2024.csv": register_text()}}
