"""Deprecated: the markings are in :mod:`allied.sharing.policy`.

``LEVEL_RANKS``, ``LEVEL_NAMES`` and ``level_scheme`` are replaced by the
registry of marking schemes: :func:`allied.sharing.policy.find_level` gives a
level's rank, name and scheme, and :func:`allied.sharing.policy.clearances`
every level code.
"""

from typing import Any

from allied._moved import Moved
from allied.sharing import policy

_MOVED = Moved(
    __name__,
    [
        (
            policy,
            [
                "ACS_EXTENSION",
                "GROUPING_ARRANGEMENTS",
                "GROUPING_TAGS",
                "TLP2_EXTENSION",
                "TLP_DEFINITIONS",
                "ClassificationMarking",
                "Marking",
                "MarkingError",
                "StatementMarking",
                "TlpLevel",
                "TlpMarking",
                "UnknownMarking",
                "granular_markings",
                "marking_from_definition",
                "object_markings",
                "parse_markings",
                "sort_markings",
            ],
        )
    ],
    replaced={
        "LEVEL_RANKS": (
            "allied.sharing.policy.find_level(code).rank",
            lambda: {code: policy.find_level(code).rank for code in policy.clearances()},
        ),
        "LEVEL_NAMES": (
            "allied.sharing.policy.find_level(code).name",
            lambda: {code: policy.find_level(code).name for code in policy.clearances()},
        ),
        "level_scheme": (
            "allied.sharing.policy.find_level(code).scheme",
            lambda: lambda code: policy.find_level(code).scheme,
        ),
    },
)


__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.policy`, with a DeprecationWarning."""
    return _MOVED.get(name)
