"""Tiny conflict data for the test cache: rivalries, inter-state wars, UCDP conflicts and onsets.

A few rows in the layout of peacesciencer's exports (see
``allied.sources._conflict``), for the five COW states of the tiny cache (and
their rivals and opponents): the France-Germany and US-USSR rivalries (in
both rivalry datasets), the US-Germany war-years of the First World War, the
UK's Northern Ireland conflict in UCDP, and zero onset counts around 1990.
"""

from __future__ import annotations

RIVALRIES = (
    "tssr_id,rivalry,ccode1,ccode2,start,end,positional,spatial,ideological,"
    "interventionary,principal,aprin"
    "\n"
    """20,France-Germany,220,255,1756,1955,1,1,,,1,
100,United States-USSR 2,2,365,1945,1989,1,,1,,1,
246,Russia-United States,2,365,2007,2020,1,,,,,1
"""
)

TD_RIVALRIES = (
    "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n"
    "22,France-Prussia,220,255,1756,1955,European GPs,spatial,positional,\n"
    "99,Russia-United States 1,2,365,1945,1989,Global,positional,ideological,\n"
    "197,Russia-United States 2,2,365,2007,2010,Multiple,positional,,\n"
)

WARS = (
    "warnum,ccode1,ccode2,year,cowinterongoing,cowinteronset,sidea1,"
    "sidea2,initiator1,initiator2,outcome1,outcome2,batdeath1,batdeath2,"
    "resume"
    "\n"
    """106,2,255,1917,1,1,1,2,0,0,1,2,116516,1773700,0
106,2,255,1918,1,0,1,2,0,0,1,2,116516,1773700,0
106,255,2,1917,1,1,2,1,0,0,2,1,1773700,116516,0
106,255,2,1918,1,0,2,1,0,0,2,1,1773700,116516,0
"""
)

CONFLICTS = (
    "conflict_id,year,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,incompatibility,"
    "intensity_level,type_of_conflict,start_date,start_prec,start_date2,"
    "start_prec2,ep_end,ep_end_date"
    "\n"
    """315,1989,200,,,,territory,1,intrastate,1970-08-11,1,1971-08-31,3,0,
315,1990,200,,,,territory,1,intrastate,1970-08-11,1,1971-08-31,3,0,
"""
)

ONSETS = "gwcode,year,sumnewconf,sumonset1,sumonset2,sumonset3,sumonset5,sumonset10\n" + "".join(
    f"{code},{year},0,0,0,0,0,0\n" for code in (2, 200, 220, 260) for year in (1989, 1990)
)

DATASETS = {
    "tss-rivalries": {"peacesciencer__tss_rivalries.csv": RIVALRIES},
    "td-rivalries": {"peacesciencer__td_rivalries.csv": TD_RIVALRIES},
    "cow-inter-wars": {"peacesciencer__cow_war_inter.csv": WARS},
    "ucdp-acd": {"peacesciencer__ucdp_acd.csv": CONFLICTS},
    "ucdp-onsets": {"peacesciencer__ucdp_onsets.csv": ONSETS},
}
