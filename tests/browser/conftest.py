"""Browser fixtures (headless Chromium against the app on 127.0.0.1): see offline_harness.py.

Shared by every browser test: `static_root`, `server`, `browser`, `context`, `page`.
"""

from tests.browser.offline_harness import (  # noqa: F401 (fixtures, registered by import)
    browser,
    context,
    page,
    server,
    static_root,
)
