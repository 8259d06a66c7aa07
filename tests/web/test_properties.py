"""Generated requests against every API operation of the running server: never a server error.

Schemathesis reads /api/v1/openapi.json and generates requests from it, valid ones and invalid
ones (wrong types, out-of-range numbers, odd strings). Each operation gets a bounded number of
examples per mode, derandomized so a failure reproduces, with hypothesis' example database off
and its caches in the temporary folder, so nothing is written to the tree. (Driven with plain ``@given`` rather than schemathesis'
pytest plugin, whose lazy-fixture loader does not run under pytest 9.)
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.generation.modes import GenerationMode

set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "dragoman-hypothesis"))

pytestmark = pytest.mark.model

EXAMPLES = 30
OPERATIONS = ("/api/v1/overview", "/api/v1/events", "/api/v1/events/download",
              "/api/v1/events/{event_id}", "/api/v1/actors/suggest", "/api/v1/actor",
              "/api/v1/standing", "/api/v1/evidence", "/api/v1/evidence/download",
              "/api/v1/failures", "/api/v1/ingest")
WITHOUT_PARAMETERS = ("/api/v1/overview", "/api/v1/ingest")  # nothing to get wrong in them
CASES = [(path, GenerationMode.POSITIVE) for path in OPERATIONS] + [
    (path, GenerationMode.NEGATIVE) for path in OPERATIONS if path not in WITHOUT_PARAMETERS]


@pytest.fixture(scope="session")
def api_schema(server):
    return schemathesis.openapi.from_url(f"{server}/api/v1/openapi.json")


def test_every_operation_is_exercised(api_schema):
    paths = api_schema.raw_schema["paths"]
    assert sorted(paths) == sorted(OPERATIONS)
    assert [p for p in OPERATIONS if not paths[p]["get"].get("parameters")] == list(
        WITHOUT_PARAMETERS)


@pytest.mark.parametrize(("path", "mode"), CASES)
def test_no_server_error(api_schema, path, mode):
    operation = api_schema[path]["GET"]
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(timeout=60)
        sent.append(response.status_code)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}")
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["message"]

    check()
    assert sent, "no request was sent"
