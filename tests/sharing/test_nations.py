"""A nation is checked once, by :func:`allied._validation.check_nation`, wherever sharing takes one.

The storage (a user's nation, an object's originator), ``decide`` (originator
and holder) and :class:`~allied.sharing.policy.Recipient` had three checks with
three messages ("'UK' is not an ISO 3166-1 alpha-3 code", "unknown nation 'UK'"
twice, with two fixes) and two rules on case (the storage upper-cased, the others
refused lower case). Now every one gives the same message and reads codes in
any case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allied._validation import check_nation
from allied.errors import InputError
from allied.sharing.policy import Recipient, decide, parse_markings
from allied.sharing.store import Storage, open_storage

WHAT = "'UK' is not an ISO 3166-1 alpha-3 code"
FIX = (
    "Give the nation's three-letter ISO code, such as GBR or USA (`allied states list` shows them)."
)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = open_storage(f"sqlite:///{tmp_path / 'x.db'}")
    store.create_collection("intel", title="Intel")
    yield store
    store.close()


def _places(storage: Storage) -> dict[str, Callable[[str], Any]]:
    marks = parse_markings("TLP:RED")
    on = date(2025, 1, 1)
    return {
        "argument nation": lambda code: storage.add_user("u", nation=code, clearance="S"),
        "argument originator": lambda code: storage.add_objects(
            "intel", [], originator=code, user="u"
        ),
        "recipient nation": lambda code: Recipient(code),
        "argument holder": lambda code: decide(
            marks, Recipient("GBR"), on=on, originator="USA", holder=code
        ),
    }


def test_every_place_gives_the_one_message(storage: Storage) -> None:
    for where, take in _places(storage).items():
        with pytest.raises(InputError) as caught:
            take("UK")
        assert (caught.value.what, caught.value.where, caught.value.fix) == (WHAT, where, FIX)
    with pytest.raises(InputError) as decided:
        decide([], Recipient("GBR"), on=date(2025, 1, 1), originator="UK")
    assert (decided.value.what, decided.value.where) == (WHAT, "argument originator")


def test_codes_are_read_in_any_case(storage: Storage) -> None:
    assert check_nation(" gbr ", where="argument nation") == "GBR"
    assert Recipient("gbr", "s") == Recipient("GBR", "S")
    marks = parse_markings("TLP:RED")
    assert decide(marks, Recipient("USA"), on=date(2025, 1, 1), originator="usa").allowed
    storage.add_user("u", nation="gbr", clearance="s")
    assert [(u.nation, u.clearance) for u in storage.users()] == [("GBR", "S")]


@pytest.mark.parametrize("value", ["UK", "", "GB R", "ÉTA", None, 826])
def test_what_is_not_a_code(value: object) -> None:
    with pytest.raises(InputError, match="is not an ISO 3166-1 alpha-3 code"):
        check_nation(value, where="argument nation")
