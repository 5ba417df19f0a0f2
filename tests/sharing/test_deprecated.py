"""The old flat modules of ``allied.sharing`` still work, warn, and give the new objects."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from allied import _validation
from allied.sharing import policy, stix, store, taxii

MOVED = [
    ("markings", "parse_markings", policy),
    ("markings", "TLP_DEFINITIONS", policy),
    ("markings", "ClassificationMarking", policy),
    ("agreements", "Recipient", policy),
    ("agreements", "convert_level", policy),
    ("decide", "decide", policy),
    ("decide", "Decision", policy),
    ("bundles", "filter_objects", stix),
    ("bundles", "PreparedObjects", stix),
    ("storage", "open_storage", store),
    ("storage", "StoredObject", store),
    ("storage", "select_versions", taxii),
    ("audit", "verify_audit", store),
    ("audit", "GENESIS_HASH", store),
    ("server", "create_app", taxii),
    ("service", "TaxiiService", taxii),
    ("service", "MAX_LIMIT", taxii),
]


@pytest.mark.parametrize(("old", "name", "room"), MOVED)
def test_an_old_path_gives_the_new_object_with_a_warning(old: str, name: str, room: object) -> None:
    module = importlib.import_module(f"allied.sharing.{old}")
    with pytest.warns(DeprecationWarning, match=rf"allied\.sharing\.{old}\.{name} is deprecated"):
        value = getattr(module, name)
    assert value is getattr(room, name)


def test_replaced_names_give_what_they_gave() -> None:
    import allied.sharing.markings as markings
    import allied.sharing.storage as storage

    with pytest.warns(DeprecationWarning, match="find_level"):
        ranks = markings.LEVEL_RANKS
    assert ranks == {"U": 0, "C": 1, "S": 2, "TS": 3, "NU": 0, "NR": 1, "NC": 2, "NS": 3, "CTS": 4}
    with pytest.warns(DeprecationWarning):
        assert markings.LEVEL_NAMES["CTS"] == "COSMIC TOP SECRET"
    with pytest.warns(DeprecationWarning):
        assert markings.level_scheme("NS") == "nato"
    with pytest.warns(DeprecationWarning, match="clearances"):
        assert policy.clearances() == storage.CLEARANCES
    with pytest.warns(DeprecationWarning, match=r"allied\._validation\.check_nation"):
        assert storage.check_nation("gbr") == _validation.check_nation("gbr", where="x")
    with pytest.warns(DeprecationWarning):
        assert storage.check_clearance("ns") == "NS"


def test_an_unknown_old_name_is_an_attribute_error() -> None:
    import allied.sharing.bundles as bundles

    with pytest.raises(AttributeError, match="has no attribute 'decide'"):
        bundles.decide  # noqa: B018


def test_importing_the_old_decide_module_leaves_the_function() -> None:
    import allied.sharing.decide

    assert allied.sharing.decide is policy.decide


def test_a_fresh_interpreter_keeps_the_function_after_importing_the_old_module() -> None:
    code = (
        "import allied.sharing.decide, allied.sharing, inspect; "
        "print(inspect.isfunction(allied.sharing.decide))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True", done.stderr
