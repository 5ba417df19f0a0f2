"""Deprecated path of the public-good model: import from :mod:`allied.models`."""

from allied._moved import forward
from allied.models import _alliance_economics

__getattr__ = forward(__name__, "allied.models", _alliance_economics.__all__)
