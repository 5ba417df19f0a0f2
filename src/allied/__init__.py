"""allied: model, measure and simulate international defense collaboration.

The package is organised in layers (see ``DESIGN.md``): a foundation of state
codes, errors and citations; a data layer with the curated catalog of
collaboration arrangements; and interfaces (command line, HTML briefs).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("allied")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
