"""TAXII 2.1 over HTTP: media types, content negotiation, and the error and response objects.

Request bodies are JSON text, which must be Unicode: a string holding a lone
UTF-16 surrogate (``"\\ud800"`` without its pair), which Python's parser
accepts but nothing can encode as UTF-8, is refused with 400 before anything
stores, hashes or echoes it (:func:`refuse_lone_surrogates`).

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections on
   media types and content negotiation, and "Error Message".
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
.. [2] Bray, T. (ed.) (2017). "The JavaScript Object Notation (JSON) Data
   Interchange Format." RFC 8259, section 8.2 (Unicode characters: strings
   with unpaired surrogates behave unpredictably). https://doi.org/10.17487/RFC8259
"""

from __future__ import annotations

import json
import re
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
    "lone_surrogate_path",
    "refuse_lone_surrogates",
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


# a JSON escape of a UTF-16 surrogate (D800-DFFF); only bodies holding one are parsed here
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_PATH_LIMIT = 120


def _step(path: str, key: str) -> str:
    """``path`` followed by the property ``key``, written in ASCII whatever the key holds."""
    if key.isascii() and key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def lone_surrogate_path(value: Any) -> str | None:
    """Where the first string (or property name) holding a lone UTF-16 surrogate is
    in a parsed JSON value, as an ASCII path (``objects[0].id``), or ``None``.

    Examples
    --------
    >>> lone_surrogate_path({"objects": [{"id": "indicator--\\ud800"}]})
    'objects[0].id'
    >>> lone_surrogate_path({"name": "\\U0001f600 \\u202e"}) is None  # non-BMP and RTL: fine
    True
    """
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if not _encodes(item):
                return path or "the body"
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if not _encodes(key):
                    return f"a property name in {path or 'the body'}"
                stack.append((child, _step(path, key)))
        elif isinstance(item, list):
            stack.extend(
                (child, f"{path}[{index}]") for index, child in reversed(list(enumerate(item)))
            )
    return None


def refuse_lone_surrogates(body: bytes) -> None:
    """Refuse (400) a JSON body whose strings hold a lone UTF-16 surrogate.

    Python's JSON parser turns ``"\\ud800"`` into a string that cannot be
    encoded as UTF-8, so storing, hashing (canonical JSON) or echoing it in a
    status would fail; RFC 8259 (section 8.2) leaves such strings
    unpredictable. A body that is not JSON is left to the envelope parser.
    Bodies without a surrogate escape are not parsed here.

    Raises
    ------
    TaxiiError
        400 ``Invalid Unicode``, naming where the string is.
    """
    if _SURROGATE_ESCAPE.search(body) is None:
        return
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return
    where = lone_surrogate_path(value)
    if where is not None:
        if len(where) > _PATH_LIMIT:
            where = where[:_PATH_LIMIT] + "..."
        raise bad_request(
            "Invalid Unicode",
            f"{where} holds a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its "
            "pair), which is not Unicode text (RFC 8259, section 8.2). Send every character "
            "as UTF-8, or escape a character outside the Basic Multilingual Plane as a "
            "surrogate pair.",
        )
