"""Tiny COW-MID and GML MID files: invented disputes among the tiny cache's states.

In peacesciencer's export layout. The directed dispute-years hold the cases
the whittling rules settle, worked by hand into the dyad-year files:

- USA (2) - France (220): dispute 9101 (1987-1989, onset 1987) and a new
  dispute 9102 in 1989: the 1989 dyad-year keeps 9102 (onsets first).
- UK (200) - West Germany (260), 1990: two onsets, 9103 (no deaths, hostility
  4) and 9104 (fatalities unknown, -9, hostility 3): peacesciencer's order keeps
  9104 (unknown fatality ranks above none); hostility before fatality keeps 9103.
- USA - UK, 1990: 9105 and 9106 alike but for the start month (5 and 3):
  the start-month rule keeps 9106 (in which the UK, Side B, joined after the onset).
"""

from __future__ import annotations

PARTICIPANTS = ",".join(
    f"{name}{side}"
    for name in ("sidea", "fatality", "fatalpre", "hiact", "hostlev", "orig")
    for side in "12"
)

#: dispnum -> styear, stmon, outcome, settle, fatality, mindur, maxdur, hiact, hostlev, recip
DISPUTES = {
    9101: (1987, 6, 4, 1, 0, 700, 760, 7, 3, 1),
    9102: (1989, 2, 4, 1, 0, 10, 12, 7, 3, 0),
    9103: (1990, 4, 5, 3, 0, 30, 31, 16, 4, 1),
    9104: (1990, 4, 5, 3, -9, 30, 31, 8, 3, 1),
    9105: (1990, 5, 4, 1, 0, 1, 1, 7, 3, 0),
    9106: (1990, 3, 4, 1, 0, 1, 1, 7, 3, 0),
}

#: (dispnum, Side A state, Side B state, year, onset); both sides share the dispute's levels.
DISPUTE_YEARS = [
    (9101, 2, 220, 1987, 1),
    (9101, 2, 220, 1988, 0),
    (9101, 2, 220, 1989, 0),
    (9102, 2, 220, 1989, 1),
    (9103, 200, 260, 1990, 1),
    (9104, 200, 260, 1990, 1),
    (9105, 2, 200, 1990, 1),
    (9106, 2, 200, 1990, 1),
]
#: orig of Side B's state (0: it joined after the onset); 1 where not listed.
JOINED_SIDE_B = {9106: 0}
#: The dispute each directed dyad-year keeps under peacesciencer's rules (worked by hand).
KEPT = {(2, 220, 1987): 9101, (2, 220, 1988): 9101, (2, 220, 1989): 9102}
KEPT |= {(200, 260, 1990): 9104, (2, 200, 1990): 9106}


def _side(dispnum: int) -> tuple[int, int, int, int]:
    fatality = DISPUTES[dispnum][4]
    hiact, hostlev = DISPUTES[dispnum][7], DISPUTES[dispnum][8]
    return fatality, fatality, hiact, hostlev


def _directed_rows() -> list[tuple[int, int, int, int, int, str]]:
    """(dispnum, ccode1, ccode2, year, onset, participant fields), both orders."""
    rows = []
    for dispnum, side_a, side_b, year, onset in DISPUTE_YEARS:
        fatality, fatalpre, hiact, hostlev = _side(dispnum)
        joiner_b = JOINED_SIDE_B.get(dispnum, 1)
        for first, second, on_a in ((side_a, side_b, True), (side_b, side_a, False)):
            sides = "1,0" if on_a else "0,1"
            origs = f"1,{joiner_b}" if on_a else f"{joiner_b},1"
            sides = f"{sides},{fatality},{fatality},{fatalpre},{fatalpre}"
            fields = f"{sides},{hiact},{hiact},{hostlev},{hostlev},{origs}"
            rows.append((dispnum, first, second, year, onset, fields))
    return sorted(rows, key=lambda row: (row[0], row[1], row[2], row[3]))


def _level(dispnum: int, order: tuple[str, ...]) -> str:
    names = ("styear", "stmon", "outcome", "settle", "fatality", "mindur", "maxdur")
    names += ("hiact", "hostlev", "recip")
    values = dict(zip(names, DISPUTES[dispnum], strict=True))
    return ",".join(str(values[name]) for name in order)


COW_LEVEL = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")
GML_LEVEL = ("fatality", "hostlev", "recip", "mindur", "maxdur", "stmon")


def _dirdisps(ongoing: str, onset: str, level: tuple[str, ...] = ()) -> str:
    header = f"dispnum,ccode1,ccode2,year,{ongoing},{onset},{PARTICIPANTS}"
    lines = [header + "".join(f",{name}" for name in level)]
    for dispnum, first, second, year, began, fields in _directed_rows():
        extra = f",{_level(dispnum, level)}" if level else ""
        lines.append(f"{dispnum},{first},{second},{year},1,{began},{fields}{extra}")
    return "\n".join(lines) + "\n"


def _ddydisps(prefix: str, level: tuple[str, ...]) -> str:
    header = f"dispnum,ccode1,ccode2,year,{prefix}ongoing,{prefix}onset,{PARTICIPANTS},"
    rows = []
    for dispnum, first, second, year, began, fields in _directed_rows():
        if KEPT[(min(first, second), max(first, second), year)] == dispnum:
            line = f"{dispnum},{first},{second},{year},1,{began},{fields},{_level(dispnum, level)}"
            rows.append(((first, second, year), line))
    return "\n".join([header + ",".join(level), *(line for _, line in sorted(rows))]) + "\n"


def _disps() -> str:
    header = "dispnum,styear,stmon,outcome,settle,fatality,mindur,maxdur,hiact,hostlev,recip"
    rows = [f"{n}," + ",".join(map(str, values)) for n, values in DISPUTES.items()]
    return "\n".join([header, *rows]) + "\n"


DATASETS = {
    "cow-mids": {
        "cow_mid_ddydisps.csv": _ddydisps("cowmid", COW_LEVEL),
        "cow_mid_dirdisps.csv": _dirdisps("dispongoing", "disponset"),
        "cow_mid_disps.csv": _disps(),
    },
    "gml-mids": {
        "gml_mid_ddydisps.csv": _ddydisps("gmlmid", GML_LEVEL),
        "gml_dirdisp.csv": _dirdisps("midongoing", "midonset", GML_LEVEL),
        "gml_mid_disps.csv": _disps(),
    },
}
