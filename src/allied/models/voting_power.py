"""Deprecated path of voting power: import from :mod:`allied.models`."""

from allied._moved import forward
from allied.models import _voting_power

__getattr__ = forward(__name__, "allied.models", _voting_power.__all__)
