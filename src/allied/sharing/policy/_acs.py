"""The ISA ACS 3.0 marking extension of STIX 2.1, read into national classification markings.

The STIX 2.1 ACS marking extension
(``extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce``, schema
``isa-acs-3-0.json`` in oasis-open/cti-stix-common-objects). Read here:
``control_set.classification`` (U, C, S, TS), ``control_set.formal_determination``
containing ``NF`` (NOFORN), the permitted nationalities of
``control_set.permitted_nationalities`` and of every ``access_privilege``
that permits the ``DSPLY`` or ``ALL`` action (``ALL`` means no
restriction; codes are GENC trigraphs, which equal ISO 3166 alpha-3 for the
states in :mod:`allied.states`).

Deny what is not understood: the marking is unknown (it denies release to
everyone, the originator's nation included) when it carries anything the
policy does not model:

- a ``control_set`` field other than ``classification``,
  ``formal_determination`` and ``permitted_nationalities`` with a value
  (:data:`ACS_CONTROLS_NOT_MODELLED`: SCI controls such as ``["SI"]``, whose
  compartment access the recipient model does not hold, caveats, sensitivity,
  shareability, entity and organisation restrictions, logical authority
  categories), or a field the schema does not have;
- a ``formal_determination`` other than ``NF`` and the two that only describe
  the content (:data:`ACS_DESCRIPTIVE_DETERMINATIONS`); ``FOUO``, ``PUBREL``,
  ``AIS`` and ``PII-NECESSARY-TO-UNDERSTAND-THREAT`` are not modelled;
- an ``access_privilege`` that *denies* a display, or whose scope names
  organisations, shareability or entities (anything but
  ``permitted_nationalities``) other than ``ALL``;
- an extension field other than the descriptive ones
  (:data:`ACS_DESCRIPTIVE_FIELDS`: identifiers, dates, custodian, originator,
  authority and policy references, classification authority blocks, public
  release) and ``control_set`` and ``access_privilege`` (``further_sharing``
  and ``resource_disposition`` are not modelled).

The originator: ``responsible_entity_originator`` is an organisation of the
ACS 3.0 list (isa-acs-3-0.json's ``organizations``: a GENC trigraph followed by
dot-separated organisation codes, as in ``USA.DHS.CISA``, or a sector code such
as ``DIB``). Its trigraph is read as the nation that created the information
(:attr:`ClassificationMarking.originator`), so that
:func:`~allied.sharing.policy.decide` applies the third-party rule when another
nation releases it. A value that names no nation (a sector code, anything not
ASCII, a trigraph of no state) is refused (:class:`MarkingError`), never read as
"no originator", since it cannot be told from a typo of one.

Not modelled either, and left as it was: ``policy_reference``'s
``privdefault``/``sharedefault`` (a ``deny`` default is not applied to
nations no ``access_privilege`` names).

The markings read are :class:`~allied.sharing.policy.ClassificationMarking`
objects of the national scheme, so the classification rules judge them.

References
----------
.. [1] OASIS CTI TC, cti-stix-common-objects, extension-definition-specifications/
   acs-data-markings (isa-acs-3-0.json). https://github.com/oasis-open/cti-stix-common-objects
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allied._validation import check_nation
from allied.errors import InputError
from allied.sharing.policy._classification import NATIONAL, ClassificationMarking
from allied.sharing.policy._scheme import Marking, MarkingError, MarkingScheme, UnknownMarking

__all__ = [
    "ACS_CONTROLS_NOT_MODELLED",
    "ACS_DESCRIPTIVE_DETERMINATIONS",
    "ACS_DESCRIPTIVE_FIELDS",
    "ACS_EXTENSION",
    "ISA_ACS",
    "AcsScheme",
    "acs_originator",
]

ACS_EXTENSION = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce"

#: Extension fields that describe the marking (who, when, under which authority) and
#: never restrict release; ``control_set`` and ``access_privilege`` are read; any other
#: field denies (isa-acs-3-0.json has ``further_sharing`` and ``resource_disposition``).
ACS_DESCRIPTIVE_FIELDS = frozenset(
    {
        "extension_type",
        "identifier",
        "name",
        "create_date_time",
        "responsible_entity_custodian",
        "responsible_entity_originator",
        "authority_reference",
        "policy_reference",
        "original_classification",
        "derivative_classification",
        "declassification",
        "public_release",
    }
)
_READ_FIELDS = frozenset({"control_set", "access_privilege"})
_READ_CONTROLS = frozenset({"classification", "formal_determination", "permitted_nationalities"})
#: The ``control_set`` fields of isa-acs-3-0.json the policy does not model: with a
#: value, each makes the marking unknown (deny).
ACS_CONTROLS_NOT_MODELLED = (
    "sci_controls",
    "logical_authority_category",
    "caveat",
    "sensitivity",
    "shareability",
    "entity",
    "permitted_organizations",
)
#: Formal determinations that state a fact about the content (it is directly related to a
#: cybersecurity threat; it holds no personal information) and restrict nothing. With NF
#: (NOFORN), the only determinations read; any other (FOUO, PUBREL, AIS,
#: PII-NECESSARY-TO-UNDERSTAND-THREAT, ...) makes the marking unknown.
ACS_DESCRIPTIVE_DETERMINATIONS = frozenset(
    {"INFORMATION-DIRECTLY-RELATED-TO-CYBERSECURITY-THREAT", "NO-PII-PRESENT"}
)
_MODELLED_DETERMINATIONS = ACS_DESCRIPTIVE_DETERMINATIONS | {"NF"}


def _ascii_code(code: object) -> bool:
    """Whether ``code`` is a string of ASCII only: ``str.upper`` folds some other letters
    into ASCII (a long s, U+017F, becomes "S"), so a code that is not ASCII is not read as one."""
    return isinstance(code, str) and code.isascii()


def _nationalities(codes: object) -> frozenset[str] | bool | None:
    """Permitted nationalities: ``None`` when absent or ``ALL``, ``False`` when malformed."""
    if codes is None:
        return None
    if not isinstance(codes, list) or not codes or not all(_ascii_code(c) for c in codes):
        return False  # not a non-empty list of codes: not interpreted (deny)
    upper = frozenset(code.strip().upper() for code in codes)
    return None if "ALL" in upper else upper


def _permitted(privileges: object) -> list[frozenset[str]] | str:
    """The nationalities each display-permitting privilege names, or why they are not read."""
    if not isinstance(privileges, list):
        return "ISA ACS 3.0 access_privilege is not a list"
    permitted: list[frozenset[str]] = []
    for privilege in privileges:
        if not isinstance(privilege, Mapping):
            return "ISA ACS 3.0 access_privilege is not an object"
        if privilege.get("privilege_action") not in ("DSPLY", "ALL"):
            continue
        if privilege.get("rule_effect") != "permit":
            return "ISA ACS 3.0 rules that deny display are not interpreted"
        scope = privilege.get("privilege_scope") or {}
        if not isinstance(scope, Mapping):
            return "ISA ACS 3.0 privilege_scope is not an object"
        narrowed = sorted(
            str(key)
            for key, value in scope.items()
            if key != "permitted_nationalities" and value != ["ALL"]
        )
        if narrowed:
            return (
                "ISA ACS 3.0 access_privilege scoped by "
                + ", ".join(narrowed)
                + " is not modelled (only permitted_nationalities is)"
            )
        codes = _nationalities(scope.get("permitted_nationalities"))
        if codes is False:
            return "ISA ACS 3.0 permitted_nationalities is not a list of codes"
        if isinstance(codes, frozenset):
            permitted.append(codes)
    return permitted


def _not_modelled(acs: Mapping[str, Any], control: Mapping[str, Any]) -> str | None:
    """Why the marking carries something the policy does not model, or ``None``."""
    fields = sorted(str(k) for k in acs if k not in ACS_DESCRIPTIVE_FIELDS | _READ_FIELDS)
    if fields:
        return f"ISA ACS 3.0 field(s) {', '.join(fields)} are not modelled"
    controls = sorted(
        str(key) for key, value in control.items() if key not in _READ_CONTROLS and value
    )
    if controls:
        values = "; ".join(f"{key} {control[key]!r}" for key in controls)
        return f"ISA ACS 3.0 control(s) not modelled: {values}"
    determinations = control.get("formal_determination") or []
    if isinstance(determinations, list):
        other = sorted({str(d).strip().upper() for d in determinations} - _MODELLED_DETERMINATIONS)
        if other:
            return (
                f"ISA ACS 3.0 formal_determination {', '.join(other)} is not modelled "
                "(only NF and the descriptive determinations are)"
            )
    return None


def acs_originator(value: object, ref: str) -> str | None:
    """The nation (ISO3) an ISA ACS 3.0 ``responsible_entity_originator`` names.

    The organisation's first dot-separated part, a GENC trigraph (equal to the
    ISO 3166 alpha-3 code of the states of :mod:`allied.states`), in capitals;
    ``None`` when ``value`` is ``None`` (not given).

    Raises
    ------
    MarkingError
        ``value`` names no nation: not a string, not ASCII (a look-alike letter
        or a character that upper-cases to ASCII, such as U+017F), a sector
        code such as ``DIB`` or ``PRIVATESECTOR``, or a trigraph of no state.

    Examples
    --------
    >>> acs_originator("USA.DHS.CISA", "marking-definition--x")
    'USA'
    >>> acs_originator("DIB", "marking-definition--x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    allied.sharing.policy._scheme.MarkingError: ISA ACS 3.0 responsible_entity_originator 'DIB' ...
    """
    if value is None:
        return None
    nation = value.strip().split(".")[0] if isinstance(value, str) and value.isascii() else ""
    try:
        return check_nation(nation, where="responsible_entity_originator")
    except InputError:
        shown = repr(value)[:80]
        raise MarkingError(
            f"ISA ACS 3.0 responsible_entity_originator {shown} names no nation",
            where=f"marking-definition {ref[:100]}, field responsible_entity_originator",
            fix="Name the originating organisation with its nation's GENC trigraph first "
            "(USA.DHS.CISA), or leave the field out when the poster created the information.",
        ) from None


def _acs_marking(ref: str, acs: Mapping[str, Any]) -> Marking:
    originator = acs_originator(acs.get("responsible_entity_originator"), ref)
    control = acs.get("control_set")
    if not isinstance(control, Mapping):
        return UnknownMarking(ref, "ISA ACS 3.0 marking without a control_set")
    unread = _not_modelled(acs, control)
    if unread is not None:
        return UnknownMarking(ref, unread)
    level = control.get("classification")
    codes = [lv.code for lv in NATIONAL.levels]
    if level not in codes:
        written = ", ".join(codes[:-1]) + " or " + codes[-1]
        return UnknownMarking(ref, f"ISA ACS 3.0 classification {level!r} is not {written}")
    determinations = control.get("formal_determination") or []
    if not isinstance(determinations, list) or not all(_ascii_code(d) for d in determinations):
        return UnknownMarking(ref, "ISA ACS 3.0 formal_determination is not a list of codes")
    noforn = "NF" in {d.strip().upper() for d in determinations}
    nationalities = _nationalities(control.get("permitted_nationalities"))
    if nationalities is False:
        return UnknownMarking(ref, "ISA ACS 3.0 permitted_nationalities is not a list of codes")
    permitted = _permitted(acs.get("access_privilege") or [])
    if isinstance(permitted, str):
        return UnknownMarking(ref, permitted)
    if isinstance(nationalities, frozenset):
        permitted.insert(0, nationalities)
    rel_to = frozenset.intersection(*permitted) if permitted else None
    return ClassificationMarking(level, NATIONAL.name, noforn, rel_to, originator)


class AcsScheme(MarkingScheme):
    """ISA ACS 3.0 extension definitions, read into national classification markings."""

    name = "isa-acs"
    label = "ISA ACS 3.0"
    definition_label = "ISA ACS 3.0"
    extension_ids = frozenset({ACS_EXTENSION})

    def read_definition(self, definition: Mapping[str, Any]) -> Marking | None:
        """The marking of a definition that carries the ACS 3.0 extension.

        Raises :class:`MarkingError` when its ``responsible_entity_originator``
        names no nation (:func:`acs_originator`).
        """
        extensions = definition.get("extensions")
        if isinstance(extensions, Mapping) and isinstance(extensions.get(ACS_EXTENSION), Mapping):
            return _acs_marking(str(definition["id"]), extensions[ACS_EXTENSION])
        return None


#: The ISA ACS 3.0 scheme.
ISA_ACS = AcsScheme()
