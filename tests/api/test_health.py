"""Readiness and the published contract."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_reports_the_model_loaded_and_the_database_reachable(client: TestClient) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["model_loaded"] is True
    assert health["model"]
    assert health["database"] == "ok"


def test_openapi_documents_the_article_endpoints_and_their_errors(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    post = paths["/articles"]["post"]
    assert {"200", "201", "409", "413", "415", "422"} <= post["responses"].keys()
    for status in ("409", "413", "415", "422"):
        assert "application/problem+json" in post["responses"][status]["content"]
    assert "get" in paths["/articles"]
    assert {"get", "delete"} <= paths["/articles/{article_id}"].keys()
    assert "get" in paths["/articles/{article_id}/mentions"]
