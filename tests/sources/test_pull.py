"""Pull: download, verify against the registered checksum, import.

Downloads come from a local HTTP server on 127.0.0.1 (no external network);
the World Bank API is replaced by a stand-in.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import requests

from allied import sources
from allied.errors import DataNotAvailableError, InputError

STATES_HEADER = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(root))
    # requests honours proxy variables; the local server must be reached directly
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return root


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder and the base URL of a local HTTP server serving it."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def synthetic_states(rows: int) -> str:
    body = "".join(f"S{i:03d},{i},State {i},1816,1,1,2016,12,31,2016\n" for i in range(1, rows + 1))
    return STATES_HEADER + body


# --------------------------------------------------------------------------- refusals


def test_a_file_that_is_not_the_registered_release_is_refused(
    cache: Path, served: tuple[Path, str]
) -> None:
    folder, base = served
    (folder / "states2016.csv").write_text(synthetic_states(3))
    with pytest.raises(InputError) as caught:
        sources.pull("cow-states", url=f"{base}/states2016.csv")
    message = caught.value.message
    assert "cow-states: downloaded states2016.csv has sha256" in message
    assert "not the registered release's" in message
    assert "allied data import cow-states PATH" in message
    assert snapshot(cache) == {}
    assert sources.manifest() == {}


def test_a_refused_pull_leaves_an_existing_cache_as_it_was(
    cache: Path, served: tuple[Path, str], tmp_path: Path
) -> None:
    mine = tmp_path / "mine" / "states2016.csv"
    mine.parent.mkdir()
    mine.write_text(synthetic_states(2))
    sources.import_dataset("cow-states", mine)
    before = snapshot(cache)
    folder, base = served
    (folder / "states2016.csv").write_text(synthetic_states(5))
    with pytest.raises(InputError, match="not the registered release"):
        sources.pull("cow-states", url=f"{base}/states2016.csv")
    assert snapshot(cache) == before


def test_progress_is_reported_in_growing_byte_counts(cache: Path, served: tuple[Path, str]) -> None:
    folder, base = served
    text = synthetic_states(6000)  # several download blocks
    size = len(text.encode())
    assert size > 3 * 65536
    (folder / "states2016.csv").write_text(text)
    calls: list[tuple[int, int | None]] = []
    with pytest.raises(InputError):
        sources.pull(
            "cow-states",
            url=f"{base}/states2016.csv",
            progress=lambda done, total: calls.append((done, total)),
        )
    done = [d for d, _ in calls]
    assert len(calls) >= 3
    assert all(a < b for a, b in itertools.pairwise(done))
    assert done[-1] == size
    assert {total for _, total in calls} == {size}  # the server's Content-Length


def test_an_unreachable_server_says_how_to_import_instead(cache: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/states2016.csv"
    with pytest.raises(DataNotAvailableError) as caught:
        sources.pull("cow-states", url=url)
    error = caught.value
    assert error.exit_code == 3
    assert f"cannot download {url}: ConnectionError" in error.message
    assert "download the file in a browser" in error.message
    assert "allied data import cow-states PATH" in error.message
    assert snapshot(cache) == {}


def test_a_missing_file_on_the_server_is_not_available(
    cache: Path, served: tuple[Path, str]
) -> None:
    _, base = served
    with pytest.raises(DataNotAvailableError, match=r"cannot download .*: HTTPError"):
        sources.pull("cow-states", url=f"{base}/states2016.csv")
    assert snapshot(cache) == {}


def test_a_dataset_without_a_download_url_explains_the_manual_route(cache: Path) -> None:
    with pytest.raises(DataNotAvailableError) as caught:
        sources.pull("sipri-trade")
    message = caught.value.message
    help_text = sources.dataset("sipri-trade").pull_help
    assert help_text and help_text in message
    assert "https://armstrade.sipri.org/armstrade/page/trade_register.php" in message
    assert "allied data import sipri-trade PATH" in message
    assert "publisher offers no stable file URL" in message
    assert caught.value.exit_code == 3
    assert snapshot(cache) == {}


def test_unknown_dataset(cache: Path) -> None:
    with pytest.raises(InputError, match="no dataset called 'sipri'"):
        sources.pull("sipri")


# --------------------------------------------------------------------------- the real files


def test_pull_the_registered_cow_release(
    cache: Path, served: tuple[Path, str], shared_data: Path
) -> None:
    folder, base = served
    real = shared_data / "states" / "cow_states2016.csv"
    (folder / "states2016.csv").write_bytes(real.read_bytes())
    url = f"{base}/states2016.csv"
    record = sources.pull("cow-states", url=url)

    assert record.known_release is True
    assert [(f.table, f.file, f.rows) for f in record.files] == [("spells", "states2016.csv", 243)]
    assert record.files[0].sha256 == sources.sha256_of(real)
    assert record.origin == url
    assert sources.manifest()["cow-states"] == record
    spells = sources.load("cow-states", "spells")
    assert len(spells) == 243
    usa = spells[spells["code"] == 2].iloc[0]
    assert (usa["abb"], usa["start"]) == ("USA", pd.Timestamp("1816-01-01"))
    assert not any(p.name.startswith(".") for p in cache.rglob("*"))


def test_pull_atop_from_the_zip_archive(
    cache: Path, served: tuple[Path, str], shared_data: Path
) -> None:
    folder, base = served
    archive = folder / "atop_5.1__.csv_.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in ("atop5_1m.csv", "atop5_1a.csv", "atop5_1sy.csv"):
            bundle.write(shared_data / "atop" / name, f"ATOP 5.1 (.csv)/{name}")
    record = sources.pull("atop", url=f"{base}/{archive.name}")

    assert record.known_release is True
    assert [(f.table, f.rows) for f in record.files] == [
        ("members", 2510),
        ("alliances", 789),
        ("state_years", 11923),
    ]
    assert len(sources.load("atop", "member_dyad_years")) == 273_296
    assert record.origin.endswith(archive.name)


def test_a_tampered_archive_is_refused(
    cache: Path, served: tuple[Path, str], shared_data: Path
) -> None:
    folder, base = served
    archive = folder / "atop.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("atop5_1m.csv", "atop5_1a.csv"):
            bundle.write(shared_data / "atop" / name, name)
        text = (shared_data / "atop" / "atop5_1sy.csv").read_text("utf-8")
        bundle.writestr("atop5_1sy.csv", text.replace("\n2,1908,", "\n2,1909,", 1))
    with pytest.raises(InputError, match=r"downloaded atop5_1sy\.csv has sha256"):
        sources.pull("atop", url=f"{base}/atop.zip")
    assert snapshot(cache) == {}


# --------------------------------------------------------------------------- World Bank API


def small_gdp() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": pd.array(["United States", "United States"], dtype="string"),
            "code": pd.array(["USA", "USA"], dtype="string"),
            "iso3": pd.array(["USA", "USA"], dtype="string"),
            "year": pd.array([2022, 2023], dtype="Int64"),
            "gdp_usd_current": [25744108000000.0, 27360935000000.0],
        }
    )


def test_world_bank_offline(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def offline() -> pd.DataFrame:
        raise requests.ConnectionError("no route to api.worldbank.org")

    monkeypatch.setattr("allied.sources._tables.fetch_world_bank_gdp", offline)
    with pytest.raises(DataNotAvailableError) as caught:
        sources.pull("world-bank-gdp")
    assert "ConnectionError" in caught.value.message
    assert "allied data import world-bank-gdp PATH" in caught.value.message
    assert "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD" in caught.value.message
    assert snapshot(cache) == {}


def test_world_bank_api_error_also_says_how_to_import(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real fetcher turns network errors into its own error; pull adds the CLI route."""
    import wbgapi

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise requests.ConnectionError("Max retries exceeded with url: /v2/sources/2")

    monkeypatch.setattr(wbgapi.data, "fetch", failing)
    with pytest.raises(DataNotAvailableError) as caught:
        sources.pull("world-bank-gdp")
    assert "Max retries exceeded" in caught.value.message
    assert "allied data import world-bank-gdp PATH" in caught.value.message
    assert snapshot(cache) == {}


def test_world_bank_fetch_is_installed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("allied.sources._tables.fetch_world_bank_gdp", small_gdp)
    record = sources.pull("world-bank-gdp")
    assert record.rows == 2 and record.known_release is False
    assert [(f.table, f.file) for f in record.files] == [("gdp", "api")]
    assert record.origin == "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD"
    assert sources.manifest()["world-bank-gdp"] == record
    pd.testing.assert_frame_equal(sources.load("world-bank-gdp"), small_gdp())
    status = sources.status().set_index("name")
    assert status.loc["world-bank-gdp", "rows"] == 2
