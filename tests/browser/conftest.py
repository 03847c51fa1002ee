"""Fixtures shared by the browser tests (imported here so test modules need not import
fixture names): the offline harness's server and browser, and the pages' phone context."""

from tests.browser.offline_harness import browser, server, static_root  # noqa: F401
from tests.browser.pages_harness import app, default_categories  # noqa: F401
