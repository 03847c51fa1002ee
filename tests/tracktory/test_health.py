"""Liveness answers at once and touches nothing; readiness checks the real dependencies."""

import pytest
from django.urls import reverse

from tracktory import readiness


def test_health_answers_without_touching_the_database(client):
    # No django_db mark: any database access here raises instead of passing quietly.
    response = client.get("/health", HTTP_HOST="10.0.0.7:8080")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_checks_database_cache_and_storage(client):
    response = client.get(reverse("health-ready"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}


def test_run_checks_names_each_failure():
    def broken():
        raise ConnectionError("refused")

    results = readiness.run_checks({"database": broken, "cache": lambda: None})

    assert results == {"database": "failed: ConnectionError", "cache": "ok"}


def test_a_callers_request_id_is_echoed_only_when_it_looks_like_one(client):
    kept = client.get("/api/nope", HTTP_X_REQUEST_ID="trace-1234abcd")
    replaced = client.get("/api/nope", HTTP_X_REQUEST_ID="<script>")

    assert kept["X-Request-ID"] == "trace-1234abcd"
    assert replaced["X-Request-ID"] != "<script>"
    assert len(replaced["X-Request-ID"]) == 32
