"""Requests and service calls racing each other for real, on PostgreSQL's row locks."""

import threading

from django.db import connections


def race(target, *, times: int = 2, timeout: float = 30) -> list:
    """Call `target()` from `times` threads released at the same moment.

    Returns each call's result, or the exception it raised, in the order they finished.
    Each thread closes its own database connections (the test database is dropped later).
    """
    start, outcomes = threading.Barrier(times), []

    def run():
        try:
            start.wait(timeout=timeout)
            outcomes.append(target())
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
