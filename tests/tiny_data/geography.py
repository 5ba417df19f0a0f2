"""Tiny geography rows: COW direct contiguity spells and capitals (COW and G-W).

Hand-made in the layout of peacesciencer's exports, not an extract. The UK and
Germany (255) switch from no contiguity to type 4 in July 1890, so 1890 shows
peacesciencer's "first spell in the year" rule; West Germany (260) moves its
capital from Bonn to Berlin in 1990 (a hypothetical mid-year move).
"""

_SPELLS = [
    (200, 220, 3, "1816-01-01", "2016-12-01"),
    (220, 255, 1, "1816-01-01", "1945-05-01"),
    (220, 255, 1, "1990-10-01", "2016-12-01"),
    (220, 260, 1, "1955-05-01", "1990-10-01"),
    (200, 255, 0, "1816-01-01", "1890-06-01"),
    (200, 255, 4, "1890-07-01", "1945-05-01"),
]
CONTDIR = "ccode1,ccode2,conttype,stdate,enddate\n" + "".join(
    f"{a},{b},{kind},{start},{end}\n{b},{a},{kind},{start},{end}\n"
    for a, b, kind, start, end in _SPELLS
)

_CAPITALS = """{code},statenme,capital,stdate,enddate,lat,lng
2,United States of America,Washington D.C.,1816-01-01,2024-12-31,38.8950368,-77.0365427
200,United Kingdom,London,1816-01-01,2024-12-31,51.5073219,-0.1276474
220,France,Paris,1816-01-01,2024-12-31,48.8588897,2.3200410
255,Germany,Berlin,1816-01-01,2024-12-31,52.5170365,13.3888599
260,German Federal Republic,Bonn,1949-05-23,1990-06-30,50.7352621,7.1024635
260,German Federal Republic,Berlin,1990-07-01,1990-10-02,52.5170365,13.3888599
"""

DATASETS = {
    "cow-contiguity": {"cow_contdir.csv": CONTDIR},
    "cow-capitals": {"cow_capitals.csv": _CAPITALS.format(code="ccode")},
    "gw-capitals": {"gw_capitals.csv": _CAPITALS.format(code="gwcode")},
}
