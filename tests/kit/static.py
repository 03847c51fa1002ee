"""collectstatic for tests: the real pipeline (hashed names, rewritten module imports,
compressed copies, the manifest) into a directory the test owns.

A full run takes seconds, so tests share one per session (`collected_static` in
tests/conftest.py); only a test that "deploys" a changed release collects again.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tracktory.pwa import service_worker


def collect_static(root: Path, *, extra_dirs=()) -> Path:
    """Collect the app's static files (plus `extra_dirs`, a next release's additions)."""
    dirs = [*settings.STATICFILES_DIRS, *map(str, extra_dirs)]
    with override_settings(STATIC_ROOT=str(root), STATICFILES_DIRS=dirs):
        call_command("collectstatic", interactive=False, verbosity=0)
    # The worker's deploy is computed once per manifest; a new collection is a new deploy.
    service_worker.forget_deploy()
    return root
