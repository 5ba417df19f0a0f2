"""The panel steps the dataset registry declares, by name.

Each registry entry may name ``steps``: an ``add_*`` function of
:mod:`allied.panel` and fixed arguments, under the name that
``allied panel ... --add NAME`` takes (``nmc6`` is ``add_nmc(version="6.0")``).
This module collects them; it keeps no list of its own.
"""

from __future__ import annotations

from allied.sources import Step, datasets

__all__ = ["registered_steps"]


def registered_steps() -> dict[str, Step]:
    """Every panel step of the dataset registry, by name, in registry order.

    Each is called as ``step(panel)`` and returns the panel with its dataset
    joined on (and recorded, for :func:`allied.cite.cite`).

    Examples
    --------
    >>> steps = registered_steps()
    >>> steps["nmc6"].function, steps["nmc6"].arguments, steps["nmc6"].dataset
    ('allied.panel:add_nmc', {'version': '6.0'}, 'nmc6')
    """
    return {step.name: step for data in datasets() for step in data.steps}
