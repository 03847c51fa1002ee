"""/api/docs renders in Chromium under the app's real CSP, from self-hosted assets only."""

import pytest
from django.urls import reverse

from tests.kit.browser import csp_violations, watch_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_renders_under_the_csp(csp_context, server):
    page = csp_context.new_page()
    problems, requested = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requested.append(request.url))
    watch_csp_violations(page)

    response = page.goto(reverse("api-docs"))

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI fetched /api/schema and drew its operations: its scripts ran under the CSP.
    page.wait_for_selector("#operations-items-items_list")
    page.wait_for_selector("#operations-tag-auth")
    assert "Tracktory API" in page.inner_text(".information-container")
    assert csp_violations(page) == []
    assert problems == []
    assert all(url.startswith(server) for url in requested), requested
