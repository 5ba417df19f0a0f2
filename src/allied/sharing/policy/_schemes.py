"""The built-in marking schemes, registered in the order they read and judge.

1. TLP 1.0 and 2.0 (:data:`~allied.sharing.policy.TLP`), first, so that its
   fixed definition ids mean TLP whatever else a definition says;
2. the ISA ACS 3.0 extension (:data:`~allied.sharing.policy.ISA_ACS`), read
   into national classification markings;
3. national levels (:data:`~allied.sharing.policy.NATIONAL`);
4. NATO levels (:data:`~allied.sharing.policy.NATO`).

How to add a marking scheme: write its object (a
:class:`~allied.sharing.policy.MarkingScheme` with its marking type, text
syntax, STIX reading and rule; or a
:class:`~allied.sharing.policy.ClassificationScheme` for a ladder of levels) in
a module of this package, and add it to :data:`BUILTIN_SCHEMES` here. Nothing
else changes: text parsing, STIX reading, clearances and
:func:`~allied.sharing.policy.decide` go through the registry. At run time,
:func:`~allied.sharing.policy.register_scheme` does the same.
"""

from __future__ import annotations

from allied.sharing.policy._acs import ISA_ACS
from allied.sharing.policy._classification import NATIONAL, NATO
from allied.sharing.policy._scheme import MarkingScheme, register_scheme
from allied.sharing.policy._tlp import TLP

__all__ = ["BUILTIN_SCHEMES"]

#: The schemes registered when :mod:`allied.sharing.policy` is imported, in this order.
BUILTIN_SCHEMES: tuple[MarkingScheme, ...] = (TLP, ISA_ACS, NATIONAL, NATO)

for _scheme in BUILTIN_SCHEMES:
    register_scheme(_scheme)
