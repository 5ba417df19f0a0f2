"""Validation of STIX 2.1 content with the OASIS validator (stix2-validator).

References
----------
.. [1] OASIS CTI TC, "STIX 2 Validator" (stix2-validator), 3.3.2.
   https://github.com/oasis-open/cti-stix-validator
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["validate_stix"]


def validate_stix(objects_or_bundle: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[str]:
    """The stix2-validator errors of a STIX 2.1 bundle, object or list of objects.

    Parameters
    ----------
    objects_or_bundle
        A bundle, a single object, or a list of objects (validated as a bundle).

    Returns
    -------
    list of str
        One message per error, each starting with the identifier of the
        object at fault (as stix2-validator writes them); empty
        when the input is valid STIX 2.1. Warnings ("SHOULD" checks) are not
        errors.

    References
    ----------
    .. [1] OASIS CTI TC, "STIX 2 Validator" (stix2-validator), 3.3.2.
       https://github.com/oasis-open/cti-stix-validator
    """
    from stix2validator import ValidationOptions, validate_instance
    from stix2validator.errors import SchemaInvalidError, ValidationError

    if isinstance(objects_or_bundle, Mapping):
        instance: dict[str, Any] = dict(objects_or_bundle)
    else:
        instance = {
            "type": "bundle",
            "id": "bundle--00000000-0000-4000-8000-000000000000",
            "objects": list(objects_or_bundle),
        }
    options = ValidationOptions(version="2.1", silent=True)
    try:
        result = validate_instance(instance, options)
    except (SchemaInvalidError, ValidationError) as err:
        return [f"{instance.get('id', '(no id)')}: {err}"]
    return [str(error) for error in result.errors]  # each message names the object at fault
