"""Shared fixtures: the reference data folder, a scratch catalog, and a tiny cache.

The tiny cache holds five COW states with real codes and dates (the USA, the
UK, France with its 1940-1945 gap, Germany 255 and West Germany 260), two
major powers, a NATO-like ATOP alliance and a few NMC, GDP, SIPRI and
ideal-point values: enough for panel and measure tests without ../shared/data.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from allied.sources import ImportRecord, SourceFile, import_dataset, load
from allied.sources._cache import install

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that use it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded catalog folder."""
    source = resources.files("allied.catalog").joinpath("data")
    target = tmp_path / "catalog"
    shutil.copytree(str(source), target)
    return target


STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
USA,2,United States of America,1816,1,1,2016,12,31,2016
UKG,200,United Kingdom,1816,1,1,2016,12,31,2016
FRN,220,France,1816,1,1,1940,6,22,2016
FRN,220,France,1945,8,15,2016,12,31,2016
GMY,255,Germany,1816,1,1,1945,5,8,2016
GMY,255,Germany,1990,10,3,2016,12,31,2016
GFR,260,German Federal Republic,1955,5,5,1990,10,2,2016
"""

MAJORS = """ccode,styear,stmonth,stday,endyear,endmonth,endday,version
2,1898,8,13,2016,12,31,2016
200,1816,1,1,2016,12,31,2016
"""

NMC = """ccode,year,milex,milper,irst,pec,tpop,upop,cinc
2,1990,289755000,2180,89726,2820314,249907,64116,0.141448
200,1990,38000000,306,17900,310000,57200,,0.03
260,1990,40000000,469,38400,460000,63200,29000,0.035
"""

_MEMBER_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul"
)
MEMBERS = (
    _MEMBER_HEADER
    + """
3180,2,1949,8,24,0,0,,0,1,0,0,0,1
3180,200,1949,8,24,0,0,,0,1,0,0,0,1
3180,220,1949,8,24,0,0,,0,1,0,0,0,1
3180,260,1955,5,6,1990,10,2,0,1,0,0,0,1
3180,255,1990,10,3,0,0,,0,1,0,0,0,1
"""
)
ALLIANCES = "atopid,begyr,asymm\n3180,1949,0\n"
STATE_YEARS = "state,year,atopally,defense,offense,neutral,nonagg,consul\n2,1950,1,1,0,0,0,1\n"

GDP = """Country Name,Country Code,Year,Value
United States,USA,1990,5963144000000
Germany,DEU,1990,1771671206875
Germany,DEU,1989,1400000000000
World,WLD,1990,22000000000000
"""


# Parsed tables (the parsers' output shape) for datasets whose publisher files are
# awkward to fake: the SIPRI workbook and the Dataverse ideal-point file.
MILEX = pd.DataFrame(
    {
        "country": ["United States of America"] * 3 + ["Germany"],
        "iso3": ["USA", "USA", "USA", "DEU"],
        "measure": ["current_usd", "constant_usd", "share_of_gdp", "current_usd"],
        "year": [1990, 1990, 1990, 1990],
        "value": [325129.3, 758217.3, 5.6, 42000.0],
    }
)
IDEAL_POINTS = pd.DataFrame(
    {"ccode": [2, 200, 260], "year": [1990, 1990, 1989], "ideal_point": [3.11, 1.5, 1.0]}
)


def _install_parsed(name: str, table: str, frame: pd.DataFrame) -> None:
    source = SourceFile(table, "synthetic", "0" * 64, len(frame), known_release=False)
    record = ImportRecord(name, "test", "2026-01-01T00:00:00+00:00", "tests", (source,))
    install(record, {table: frame})


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


CacheBuilder = Callable[[dict[str, dict[str, str]]], Path]


@pytest.fixture
def build_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CacheBuilder:
    """A function that writes publisher-format files and imports them into a fresh cache.

    Its argument maps a dataset name to ``{file name: file text}``; it returns
    the cache folder, which ``$ALLIED_DATA_DIR`` points at for the test.
    """
    cache = tmp_path / "cache"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(cache))

    def build(datasets: dict[str, dict[str, str]]) -> Path:
        for name, files in datasets.items():
            folder = _write(tmp_path / "raw" / name, files)
            import_dataset(name, folder / next(iter(files)) if len(files) == 1 else folder)
        return cache

    return build


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$ALLIED_DATA_DIR`` pointing at an empty folder."""
    cache = tmp_path / "empty"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(cache))
    return cache


@pytest.fixture
def tiny_cache(build_cache: CacheBuilder) -> Iterator[Path]:
    """A cache holding the tiny datasets above; yields its folder."""
    atop = {"atop5_1m.csv": MEMBERS, "atop5_1a.csv": ALLIANCES, "atop5_1sy.csv": STATE_YEARS}
    cache = build_cache(
        {
            "cow-states": {"states2016.csv": STATES, "majors2016.csv": MAJORS},
            "nmc7": {"nmc7_0_ccode_year.csv": NMC},
            "atop": atop,
            "world-bank-gdp": {"gdp_current_usd.csv": GDP},
        }
    )
    _install_parsed("sipri-milex", "expenditure", MILEX)
    _install_parsed("unga-ideal-points", "ideal_points", IDEAL_POINTS)
    for module in _tiny_modules():
        build_cache(getattr(module, "DATASETS", {}))
        for name, table, frame in getattr(module, "PARSED", ()):
            _install_parsed(name, table, frame)
    yield cache


@functools.cache
def _tiny_modules() -> tuple[ModuleType, ...]:
    """The modules of ``tests/tiny_data/``: each adds the tiny rows of one family of
    datasets to the tiny cache, as ``DATASETS`` (name → {file name: text}, imported
    through the real parsers) and ``PARSED`` ((name, table, frame) installed as parsed).
    Read once per session: every test that uses the tiny cache needs them."""
    modules = []
    for path in sorted((ROOT / "tests" / "tiny_data").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"tiny_data_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return tuple(modules)


@pytest.fixture
def cache_with_nmc6(tiny_cache: Path) -> Path:
    """The tiny cache, with its NMC 7.0 rows installed as NMC 6.0 too."""
    record = ImportRecord("nmc6", "6.0", "2026-01-01T00:00:00+00:00", "tests", ())
    install(record, {"capabilities": load("nmc7")})
    return tiny_cache


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test starts with an empty ``$ALLIED_DATA_DIR``, never the user's own cache."""
    patch = pytest.MonkeyPatch()
    patch.setenv("ALLIED_DATA_DIR", str(tmp_path_factory.mktemp("no-cache")))
    yield
    patch.undo()


@pytest.fixture
def use_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """A function ``use(*texts, embedded_first=True)`` that makes the dataset registry
    read the embedded ``registry.yaml`` (unless ``embedded_first=False``), then the
    given YAML texts in order. The embedded registry alone is back after the test."""
    from allied.sources import _registry

    embedded = _registry._FILES

    def use(*texts: str, embedded_first: bool = True) -> None:
        files = []
        for index, text in enumerate(texts):
            files.append(tmp_path / f"registry-{index}.yaml")
            files[-1].write_text(text, encoding="utf-8")
        monkeypatch.setattr(_registry, "_FILES", (*(embedded if embedded_first else ()), *files))
        _registry._registry.cache_clear()

    yield use
    monkeypatch.undo()
    _registry._registry.cache_clear()
