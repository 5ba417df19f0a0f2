"""Helpers that read a rendered brief: the JSON it embeds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from allied.report import Brief

ScriptJson = Callable[[Brief, str], Any]


def _script_json(brief: Brief, element_id: str) -> Any:
    found = re.search(rf'id="{element_id}">(.*?)</script>', brief.html, re.S)
    assert found is not None, element_id
    return json.loads(found.group(1))


@pytest.fixture
def script_json() -> ScriptJson:
    """A function that returns the JSON of a brief's ``<script id=...>`` element
    (``specs`` for the chart specs, ``map-views`` for the map's views)."""
    return _script_json
