"""Briefs: self-contained HTML pages with charts and maps, offline.

Vega, Vega-Lite and vega-embed (npm, BSD-3-Clause) and the Natural Earth world
topology (npm ``world-atlas``, ISC; data public domain) are vendored under
``assets/``; ``assets/VENDOR.md`` says how to refresh them.
"""

from allied.report._brief import Brief, build_brief, catalog_summary, write_brief

__all__ = ["Brief", "build_brief", "catalog_summary", "write_brief"]
