"""Budgets: initial JS <= 50 KB and CSS <= 30 KB compressed on every page."""

import pytest
from django.urls import reverse

from tests.pwa_support import (
    PAGE_ROUTES,
    gzipped_size,
    module_graph,
    parse,
    static_file,
)

JS_BUDGET = 50 * 1024
CSS_BUDGET = 30 * 1024


@pytest.mark.parametrize(("name", "kwargs"), PAGE_ROUTES, ids=[n for n, _ in PAGE_ROUTES])
def test_page_stays_within_its_budgets(client, collected_static, name, kwargs):
    parts = parse(client.get(reverse(name, kwargs=kwargs)).content.decode())
    scripts = module_graph(collected_static, [s["src"] for s in parts.scripts])
    styles = [static_file(collected_static, href) for href in parts.stylesheets]

    assert len(scripts) >= 3, "the page module, its imports and the worker registration"
    assert gzipped_size(scripts) <= JS_BUDGET
    assert gzipped_size(styles) <= CSS_BUDGET


def test_the_module_graph_follows_imports_to_hashed_files(client, collected_static):
    parts = parse(client.get(reverse("pwa-item-new")).content.decode())
    scripts = module_graph(collected_static, [s["src"] for s in parts.scripts])
    names = {path.name.split(".")[0] for path in scripts}

    # The form module's imports were followed, each to its hashed file.
    assert {"item-form", "api", "ui", "photos", "writes", "sync-engine", "transport",
            "queue-store", "entities"} <= names
    assert all(len(path.name.split(".")) == 3 for path in scripts)
