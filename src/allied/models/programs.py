"""Deprecated path of program economics: import from :mod:`allied.models`.

``programs`` is now :func:`allied.models.program_ids`.
"""

from allied._moved import forward
from allied.models import _program_spec, _programs

__getattr__ = forward(
    __name__,
    "allied.models",
    _programs.__all__ + _program_spec.__all__,
    renamed={"programs": "program_ids"},
)
