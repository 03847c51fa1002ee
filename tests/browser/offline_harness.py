"""Old import path of the browser harness, now tests/kit/browser.py (fixtures come from
tests/conftest.py). Kept only for branches written before the kit; remove after merging."""

import json

from tests.kit.browser import (  # noqa: F401
    API_CACHED,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    api_get,
    cache_names,
    new_context,
    sign_in,
    wait_for_control,
    wait_until,
)
from tests.kit.browser import collect_again as collect_static  # noqa: F401
from tests.kit.tokens import token_pair as tokens_for  # noqa: F401

dumps = json.dumps
