"""Property-based test of the API against its own OpenAPI document (schemathesis): for every
operation, generated requests (a few per operation, kept small so the run takes seconds)
must get no server error, only documented status codes and content types, and bodies and
headers that match the document. Requests are made with a read and write token of area A,
against A's real objects, so that the data paths run, not only the 404s."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(
    modes=["positive"], max_examples=5, deterministic=True, allow_x00=False
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_schema(case, world, django_settings_for_schemathesis):
    cache.clear()  # the rate limit is not what this test is about
    params = case.path_parameters or {}
    if "gss_code" in params:
        params["gss_code"] = world.a.gss_code
    if "relationship_id" in params:
        params["relationship_id"] = str(world.a_relationships[0].public_id)
    if "round_id" in params:
        params["round_id"] = str(world.a_round.public_id)
    if "action_id" in params:
        params["action_id"] = str(world.a_actions[0].public_id)
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.write}"}
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def django_settings_for_schemathesis(settings):
    settings.API_RATE_LIMIT = "100000/60"
    # Schemathesis calls the real WSGI application, whose request signals would close the
    # database connection that holds the test's transaction (PostgreSQL). Django's own test
    # client disconnects them in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
