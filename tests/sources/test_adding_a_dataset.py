"""A new dataset is one registry entry, one parser and (to join it) one ``add_*`` step.

The toy dataset below lives outside ``allied``: a module with its parser and
its step, and a registry file naming them. Nothing else is edited, and it can
be listed, imported, cited and added to a panel from the command line.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from allied.cite import cite
from allied.cli import main
from allied.panel import registered_steps, state_years
from allied.sources import dataset, load

TOY_MODULE = '''
"""A toy dataset: a parser and a panel step, the whole of its code."""

import pandas as pd

from allied.panel import Panel
from allied.sources import load


def parse_scores(path):
    """Toy scores: a CSV of ``ccode, year, score``."""
    frame = pd.read_csv(path)
    return frame.astype({"ccode": "int64", "year": "int64", "score": "float64"})


def add_toy_score(panel: Panel, *, scale: float = 1.0) -> Panel:
    """Join ``toy_score`` (the score times ``scale``) onto state-years."""
    panel.require(unit="state-year", step="add_toy_score")
    table = load("toy").rename(columns={"ccode": panel.code_columns[0]})
    joined = panel.frame[list(panel.keys)].merge(table, on=list(panel.keys), how="left")
    return panel.with_columns({"toy_score": joined["score"].to_numpy() * scale}, "toy")
'''

TOY_ENTRY = """
toy:
  title: Toy scores
  version: "1.0"
  coverage: [1990, 1991]
  system: cow
  licence: CC0 1.0
  homepage: https://example.org/toy
  citation:
    text: "Doe, J. (2026). Toy scores: a dataset that shows how to add one."
    bibtex: |
      @misc{doe2026toy,
        author = {Doe, J.}, title = {Toy scores}, year = {2026}
      }
  tables:
    scores:
      files: [toy_scores.csv]
      parser: toy_room:parse_scores
  steps:
    toy: {function: "toy_room:add_toy_score", arguments: {scale: 2.0}}
"""

SCORES = "ccode,year,score\n2,1990,1.5\n200,1990,0.25\n2,1991,3.0\n"


@pytest.fixture
def toy_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_registry: Callable[..., None]
) -> Iterator[Path]:
    """The toy module importable, its entry added to the registry; yields the publisher file."""
    (tmp_path / "toy_room.py").write_text(TOY_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    use_registry(TOY_ENTRY)
    scores = tmp_path / "toy_scores.csv"
    scores.write_text(SCORES, encoding="utf-8")
    yield scores
    sys.modules.pop("toy_room", None)


def test_a_toy_dataset_is_listed_imported_cited_and_added_from_its_entry_alone(
    tiny_cache: Path, toy_registered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", "list", "--format", "json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["toy"]["coverage"] == "1990-1991" and not listed["toy"]["cached"]

    assert main(["data", "import", "toy", str(toy_registered)]) == 0
    assert "imported toy 1.0" in capsys.readouterr().err
    expected = pd.read_csv(io.StringIO(SCORES))
    pd.testing.assert_frame_equal(load("toy"), expected)

    assert main(["data", "cite", "toy"]) == 0
    assert capsys.readouterr().out.startswith("Doe, J. (2026). Toy scores")

    assert main(["panel", "state-years", "--years", "1990", "--add", "majors,toy"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("ccode")
    assert list(frame.columns) == ["year", "cowmaj", "toy_score"]
    assert frame.loc[2, "toy_score"] == 3.0 and frame.loc[200, "toy_score"] == 0.5  # scale 2
    assert pd.isna(frame.loc[220, "toy_score"])

    assert registered_steps()["toy"].dataset == "toy"
    panel = state_years("cow", years="1990").pipe(registered_steps()["toy"])
    assert cite(panel)[-1] == dataset("toy").citations()[0]


def test_the_toy_step_is_offered_by_the_add_option(
    tiny_cache: Path, toy_registered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", "state-years", "--add", "toys"]) == 2
    err = capsys.readouterr().err
    assert "unknown dataset to add: 'toys'" in err
    assert ", toy, catalog:ID[+ID…]" in " ".join(err.split())  # after the embedded steps
