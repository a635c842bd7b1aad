"""schemathesis against the API's own OpenAPI document: no generated request makes a server error."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from publisher.api import create_app
from publisher.settings import Settings

# Bounded: every operation gets this many generated requests (valid and invalid), the whole test < 60 s.
EXAMPLES_PER_OPERATION = 15


def test_no_generated_request_makes_a_server_error(api_settings: Settings, token: str) -> None:
    """Every operation of /api/openapi.json, with a live token: never a 5xx, whatever the request."""
    # Imported here: every test process imports each test module, and only the one running this test
    # needs schemathesis (about half a CPU-second to import).
    import schemathesis
    from schemathesis.checks import not_a_server_error

    app = create_app(api_settings)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app):  # runs the app's lifespan, as a server would
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 8
        for operation in operations:
            strategy = operation.as_strategy()

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def exercise(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

            exercise()
