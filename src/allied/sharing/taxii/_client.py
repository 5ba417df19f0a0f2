"""A TAXII 2.1 push client: post STIX objects to a collection, with a bound on every wait.

:class:`PushClient` does what ``taxii2-client``'s ``Collection.add_objects``
does (read the collection resource and check ``can_write``, post the envelope
with the TAXII 2.1 media type, follow the status resource until it is
complete), over a ``requests`` session of its own, so that every request
carries a timeout: a server that accepts the connection and never answers
cannot hang the caller. Refusals and failures are
:class:`~allied.errors.InputError` exceptions that name the HTTP status and
the server's TAXII error message.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections
   "Get a Collection", "Add Objects" and "Status Resource".
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import pandas as pd
import requests

from allied._results import Result
from allied.errors import InputError
from allied.sharing.taxii._http import DEFAULT_PUSH_TIMEOUT, TAXII_MEDIA_TYPE, is_taxii_content

__all__ = ["PushClient", "PushStatus"]

#: What each refusal means for a push, and how to fix it, by HTTP status.
_REFUSALS: Mapping[int, tuple[str, str]] = {
    401: (
        "the server refused the API key",
        "Check the API key (the exchange's operator gives one with 'allied sharing users add').",
    ),
    403: (
        "this key may not add objects to the collection",
        "Ask the operator for write access ('allied sharing users add ... --write ID').",
    ),
    404: (
        "no such collection, or not one this key may see",
        "Check the URL: http://HOST:PORT/api/collections/ID/ (GET /api/collections/ lists yours).",
    ),
    406: ("the server does not speak TAXII 2.1", "Point the URL at a TAXII 2.1 collection."),
    413: (
        "the bundle is larger than the server accepts",
        "Split it into smaller bundles (the API root's max_content_length is the limit).",
    ),
    415: (
        "the server does not accept TAXII 2.1 envelopes",
        "Point the URL at a TAXII 2.1 server.",
    ),
}


@dataclass(frozen=True)
class PushStatus(Result):
    """The TAXII 2.1 status resource a push ended with.

    ``successes``, ``failures`` and ``pendings`` hold the status details
    (``id``, ``version`` and, where the server says more, ``message``).
    """

    id: str
    status: str
    total_count: int
    success_count: int
    failure_count: int
    pending_count: int
    successes: tuple[Mapping[str, Any], ...] = ()
    failures: tuple[Mapping[str, Any], ...] = ()
    pendings: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_taxii(cls, resource: Mapping[str, Any]) -> PushStatus:
        """The status of a TAXII 2.1 status resource (JSON), else an :class:`InputError`."""
        try:
            return cls(
                id=str(resource["id"]),
                status=str(resource["status"]),
                total_count=int(resource["total_count"]),
                success_count=int(resource.get("success_count", 0)),
                failure_count=int(resource.get("failure_count", 0)),
                pending_count=int(resource.get("pending_count", 0)),
                successes=tuple(resource.get("successes") or ()),
                failures=tuple(resource.get("failures") or ()),
                pendings=tuple(resource.get("pendings") or ()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"the server's answer is not a TAXII 2.1 status resource ({exc!r})",
                where="status resource",
                fix="Point the URL at a TAXII 2.1 collection.",
            ) from None

    def summary(self) -> str:
        """``status ID: STATUS, total N, succeeded N, failed N, pending N``."""
        return (
            f"status {self.id}: {self.status}, total {self.total_count}, "
            f"succeeded {self.success_count}, failed {self.failure_count}, "
            f"pending {self.pending_count}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per object reported: ``outcome`` (success, failure, pending),
        ``id``, ``version`` and ``message``."""
        rows = [
            (outcome, detail.get("id", ""), detail.get("version", ""), detail.get("message", ""))
            for outcome, details in (
                ("success", self.successes),
                ("failure", self.failures),
                ("pending", self.pendings),
            )
            for detail in details
        ]
        return pd.DataFrame(rows, columns=["outcome", "id", "version", "message"])


def _positive_seconds(value: float, *, name: str) -> float:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not (value > 0 and math.isfinite(value)):
        raise InputError(
            f"{name} {value} is not a positive number of seconds",
            where=f"argument {name}",
            fix="Give the seconds to wait for the server, e.g. 60.",
        )
    return float(value)


class PushClient:
    """Posts STIX 2.1 objects to one TAXII 2.1 collection.

    Parameters
    ----------
    url
        The collection's URL, ``http(s)://HOST:PORT/API-ROOT/collections/ID/``.
    key
        The API key, sent as ``Authorization: Token KEY`` (as taxii2-client's
        ``TokenAuth`` sends it).
    timeout
        Seconds to wait for the server to connect and to answer each request,
        and for a pending status to complete.
    poll_interval
        Seconds between two reads of a status that is still pending.
    session
        The ``requests`` session to send with (for proxies or client
        certificates); by default one of its own, closed by :meth:`close`.

    Raises
    ------
    InputError
        ``url`` is not an http(s) URL, or ``timeout`` or ``poll_interval`` is
        not a positive number.

    Examples
    --------
    >>> with PushClient("http://127.0.0.1:9000/api/collections/intel/", "KEY") as client:
    ...     client.objects_url
    'http://127.0.0.1:9000/api/collections/intel/objects/'

    References
    ----------
    .. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, section "Add Objects".
       https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
    """

    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout: float = DEFAULT_PUSH_TIMEOUT,
        poll_interval: float = 1.0,
        session: requests.Session | None = None,
    ) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InputError(
                f"{url!r} is not an http(s) URL",
                where="argument url",
                fix="Give http://HOST:PORT/api/collections/ID/.",
            )
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = _positive_seconds(timeout, name="timeout")
        self.poll_interval = _positive_seconds(poll_interval, name="poll_interval")
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._headers = {"Accept": TAXII_MEDIA_TYPE, "Authorization": f"Token {key}"}

    @property
    def objects_url(self) -> str:
        """Where the envelope is posted: the collection's ``objects/``."""
        return self.url + "objects/"

    def status_url(self, status_id: str) -> str:
        """The status resource ``status_id`` of the collection's API root."""
        return urljoin(self.url, f"../../status/{status_id}/")

    def push(self, objects: Sequence[Mapping[str, Any]]) -> PushStatus:
        """Post ``objects`` in one envelope and return the status the server ends with.

        Raises
        ------
        InputError
            The server refuses (its HTTP status and TAXII error message are in
            the message), the collection may not be written with this key, the
            answer is not TAXII 2.1, the server cannot be reached, or it does
            not answer within :attr:`timeout` seconds.
        """
        info = self._json("GET", self.url)
        if info.get("can_write") is not True:
            what, fix = _REFUSALS[403]
            raise InputError(what, where=self._where, fix=fix)
        body = json.dumps({"objects": list(objects)}, ensure_ascii=False).encode("utf-8")
        status = PushStatus.from_taxii(self._json("POST", self.objects_url, data=body))
        deadline = time.monotonic() + self.timeout
        while status.status != "complete" and time.monotonic() < deadline:
            time.sleep(min(self.poll_interval, max(deadline - time.monotonic(), 0)))
            status = PushStatus.from_taxii(self._json("GET", self.status_url(status.id)))
        return status

    @property
    def _where(self) -> str:
        return f"TAXII collection {self.url}"

    def _json(self, method: str, url: str, *, data: bytes | None = None) -> dict[str, Any]:
        """The JSON object a TAXII request answers, or an :class:`InputError`."""
        headers = dict(self._headers)
        if data is not None:
            headers["Content-Type"] = TAXII_MEDIA_TYPE
        try:
            response = self._session.request(
                method, url, headers=headers, data=data, timeout=self.timeout
            )
        except requests.Timeout:
            raise InputError(
                f"the server did not answer within {self.timeout:g} s",
                where=self._where,
                fix="Check that the server is up and not overloaded, or allow it more time "
                "(timeout). If the bundle was sent, the server may have stored it: pushing it "
                "again is harmless (versions already held are not added twice).",
            ) from None
        except requests.RequestException as exc:
            raise InputError(
                f"cannot reach the server: {type(exc).__name__}",
                where=self._where,
                fix="Start it with 'allied sharing serve' and check the host and port.",
            ) from None
        if response.status_code >= 400:
            raise self._refused(response)
        content_type = response.headers.get("Content-Type")
        try:
            answer = response.json() if is_taxii_content(content_type) else None
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise InputError(
                f"not a TAXII 2.1 collection: the server answered {content_type!r}, "
                "not a TAXII 2.1 JSON object",
                where=self._where,
                fix="Point the URL at http://HOST:PORT/api/collections/ID/.",
            )
        return answer

    def _refused(self, response: requests.Response) -> InputError:
        code = response.status_code
        what, fix = _REFUSALS.get(code, (f"the server answered HTTP {code}", "See the server log."))
        try:
            body = response.json()
            detail = f": {body['title']} - {body['description']}"
        except (ValueError, KeyError, TypeError):
            detail = ""
        return InputError(f"{what} (HTTP {code}{detail})", where=self._where, fix=fix)

    def close(self) -> None:
        """Close the session (unless it was given)."""
        if self._own_session:
            self._session.close()

    def __enter__(self) -> PushClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
