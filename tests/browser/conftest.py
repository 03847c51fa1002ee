"""Fixtures shared by the browser tests (imported here so test modules need not import
fixture names): the offline harness's server and browser, and the pages' phone context."""

from tests.browser.offline_harness import (  # noqa: F401
    browser,
    context,
    page,
    server,
    static_root,
)
from tests.browser.pages_harness import app, default_categories  # noqa: F401
