"""/api/docs renders in Chromium under the app's real CSP, from self-hosted assets only."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_renders_under_the_csp(browser, server):
    context = browser.new_context(base_url=server)  # CSP enforced: no bypass here
    page = context.new_page()
    problems, requested = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requested.append(request.url))
    try:
        response = page.goto(reverse("api-docs"))
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        # Swagger UI fetched /api/schema and drew its operations.
        page.wait_for_selector("#operations-items-items_list", timeout=20_000)
        assert "Tracktory API" in page.inner_text(".information-container")
    finally:
        context.close()

    assert problems == []
    assert all(url.startswith(server) for url in requested), requested
