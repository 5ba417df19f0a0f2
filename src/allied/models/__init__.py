"""Explanatory and normative models: alliance economics (more to come: cost sharing,
voting power, program economics).

Examples
--------
>>> from allied.models import public_good_equilibrium
>>> public_good_equilibrium([100, 80, 60], alpha=0.5).contributions.tolist()
[40.0, 20.0, 0.0]
"""

from allied.models.alliance_economics import (
    TECHNOLOGIES,
    Equilibrium,
    best_response,
    public_good_equilibrium,
)

__all__ = ["TECHNOLOGIES", "Equilibrium", "best_response", "public_good_equilibrium"]
