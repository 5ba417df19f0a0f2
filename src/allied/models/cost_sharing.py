"""Deprecated path of cost sharing: import from :mod:`allied.models`."""

from allied._moved import forward
from allied.models import _cost_sharing

__getattr__ = forward(__name__, "allied.models", _cost_sharing.__all__)
