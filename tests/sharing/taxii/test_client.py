"""The push client (:class:`allied.sharing.taxii.PushClient`), against a live and a fake server.

Against ``allied sharing serve`` (``exchange`` in conftest.py, both backends):
a push is stored and reported, refusals name the HTTP status and what to do.
Against a fake server (a ``requests`` adapter answering from a script): a
pending status is followed until it completes, and an answer that is not TAXII
is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from allied.errors import InputError
from allied.sharing.store import open_storage
from allied.sharing.taxii import TAXII_MEDIA_TYPE, PushClient, PushStatus

BUNDLE = Path(__file__).parents[1] / "fixtures" / "coalition_bundle.json"
#: The identity and the first indicators of the walk-through's bundle.
OBJECTS: list[dict[str, Any]] = json.loads(BUNDLE.read_text(encoding="utf-8"))["objects"]
IDENTITY, C2, STAGING = OBJECTS[0], OBJECTS[6], OBJECTS[7]


def test_a_push_is_stored_and_refusals_say_why(exchange: Any) -> None:
    url = exchange.server.collection("intel")
    with PushClient(url, exchange.keys["admin"], timeout=30) as client:
        status = client.push([IDENTITY, C2, {**STAGING, "id": "indicator--x"}])
    assert isinstance(status, PushStatus)
    assert (status.status, status.total_count, status.success_count) == ("complete", 3, 2)
    assert status.summary().endswith("total 3, succeeded 2, failed 1, pending 0")
    assert status.to_frame()["outcome"].tolist() == ["success", "success", "failure"]
    storage = open_storage(exchange.db)
    try:
        assert [o.id for o in storage.objects("intel")] == [IDENTITY["id"], C2["id"]]
    finally:
        storage.close()
    refusals = [
        ("not-a-key", "intel", "the server refused the API key (HTTP 401: Invalid credentials"),
        (exchange.keys["analyst"], "intel", "this key may not add objects to the collection"),
        (exchange.keys["outsider"], "intel", "no such collection, or not one this key may see"),
    ]
    for key, collection, message in refusals:
        with (
            PushClient(exchange.server.collection(collection), key, timeout=30) as client,
            pytest.raises(InputError, match=re.escape(message)) as caught,
        ):
            client.push([C2])
        assert caught.value.where == f"TAXII collection {exchange.server.collection(collection)}"


# ------------------------------------------------------------------ a fake server


class Scripted(BaseAdapter):
    """Answers each request with the next ``(status, content type, body)`` and records it."""

    def __init__(self, answers: Sequence[tuple[int, str, Any]]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.sent: list[tuple[str, str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append((str(request.method), str(request.url), kwargs.get("timeout")))
        status, content_type, body = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response.headers["Content-Type"] = content_type
        response._content = json.dumps(body).encode()
        response.url = str(request.url)
        response.request = request
        return response

    def close(self) -> None:
        pass


URL = "http://exchange.test/api/collections/intel/"


def _status(state: str, done: int) -> dict[str, Any]:
    return {
        "id": "s1",
        "status": state,
        "total_count": 2,
        "success_count": done,
        "failure_count": 0,
        "pending_count": 2 - done,
        "successes": [{"id": obj["id"], "version": "v"} for obj in OBJECTS[:done]],
    }


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def test_a_pending_status_is_followed_until_complete(session: requests.Session) -> None:
    fake = Scripted(
        [
            (200, TAXII_MEDIA_TYPE, {"id": "intel", "can_write": True}),
            (202, TAXII_MEDIA_TYPE, _status("pending", 0)),
            (200, TAXII_MEDIA_TYPE, _status("pending", 1)),
            (200, TAXII_MEDIA_TYPE, _status("complete", 2)),
        ]
    )
    session.mount("http://", fake)
    client = PushClient(URL, "k", timeout=5, poll_interval=0.01, session=session)
    status = client.push(OBJECTS[:2])
    assert (status.status, status.success_count, status.pending_count) == ("complete", 2, 0)
    assert [(method, url) for method, url, _ in fake.sent] == [
        ("GET", URL),
        ("POST", URL + "objects/"),
        ("GET", "http://exchange.test/api/status/s1/"),
        ("GET", "http://exchange.test/api/status/s1/"),
    ]
    assert {timeout for _, _, timeout in fake.sent} == {5.0}


def test_an_answer_that_is_not_taxii_is_refused(session: requests.Session) -> None:
    session.mount("http://", Scripted([(200, "text/html", {"id": "intel", "can_write": True})]))
    with pytest.raises(
        InputError, match=re.escape("not a TAXII 2.1 collection: the server answered 'text/html'")
    ):
        PushClient(URL, "k", session=session).push(OBJECTS[:1])


@pytest.mark.parametrize(
    ("url", "timeout", "message"),
    [
        ("ftp://example/", 60.0, "'ftp://example/' is not an http(s) URL"),
        (URL, 0.0, "timeout 0.0 is not a positive number of seconds"),
        (URL, float("nan"), "timeout nan is not a positive number of seconds"),
        (URL, float("inf"), "timeout inf is not a positive number of seconds"),
    ],
)
def test_a_client_checks_its_arguments(url: str, timeout: float, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        PushClient(url, "k", timeout=timeout)
