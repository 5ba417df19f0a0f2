"""TAXII 2.1 over HTTP: media types, content negotiation, and the error and response objects.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections on
   media types and content negotiation, and "Error Message".
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_PUSH_TIMEOUT",
    "STIX_MEDIA_TYPE",
    "TAXII_MEDIA_TYPE",
    "TaxiiError",
    "TaxiiResponse",
    "accepts_taxii",
    "bad_request",
    "is_taxii_content",
]

#: The TAXII 2.1 media type of every response.
TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
#: The media type of the STIX 2.1 objects a collection holds.
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
#: Seconds a client waits for the server to connect and to answer each request.
DEFAULT_PUSH_TIMEOUT = 60.0


class TaxiiError(Exception):
    """A refused request: an HTTP status and a TAXII error message.

    Parameters
    ----------
    http_status
        The HTTP status code (400, 401, 403, 404, 406, 413, 415, ...).
    title
        A short, human-readable summary.
    description
        What is wrong and how to fix it.
    headers
        Extra response headers (``WWW-Authenticate`` on 401).
    """

    def __init__(
        self,
        http_status: int,
        title: str,
        description: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{http_status} {title}: {description}")
        self.http_status = http_status
        self.title = title
        self.description = description
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The TAXII 2.1 error message (``title``, ``description``, ``http_status``)."""
        return {
            "title": self.title,
            "description": self.description,
            "http_status": str(self.http_status),
        }


def bad_request(title: str, description: str) -> TaxiiError:
    """A 400 :class:`TaxiiError`."""
    return TaxiiError(400, title, description)


@dataclass(frozen=True)
class TaxiiResponse:
    """What a route sends: a JSON body, a status code and extra headers."""

    body: dict[str, Any]
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


def _media_ranges(header: str) -> list[tuple[str, dict[str, str]]]:
    ranges = []
    for item in header.split(","):
        kind, *parameters = (part.strip() for part in item.split(";"))
        params = {}
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            params[name.strip().lower()] = value.strip().strip('"')
        if kind:
            ranges.append((kind.lower(), params))
    return ranges


def accepts_taxii(accept: str | None) -> bool:
    """Whether an ``Accept`` header admits ``application/taxii+json;version=2.1``.

    Examples
    --------
    >>> [accepts_taxii(h) for h in (None, "*/*", "application/taxii+json",
    ...                             "application/taxii+json;version=2.1")]
    [True, True, True, True]
    >>> [accepts_taxii(h) for h in ("application/taxii+json;version=2.0", "text/html",
    ...                             "application/taxii+json;version=2.1;q=0")]
    [False, False, False]
    """
    if accept is None or not accept.strip():
        return True
    for kind, params in _media_ranges(accept):
        try:
            if float(params.get("q", "1")) <= 0:
                continue
        except ValueError:
            continue
        if kind in ("*/*", "application/*"):
            return True
        if kind == "application/taxii+json" and params.get("version", "2.1") == "2.1":
            return True
    return False


def is_taxii_content(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` is ``application/taxii+json`` (version absent or 2.1).

    Examples
    --------
    >>> [is_taxii_content(h) for h in ("application/taxii+json",
    ...     "application/taxii+json; version=2.1", "application/json", None)]
    [True, True, False, False]
    """
    ranges = _media_ranges(content_type or "")
    if len(ranges) != 1:
        return False
    kind, params = ranges[0]
    return kind == "application/taxii+json" and params.get("version", "2.1") == "2.1"
