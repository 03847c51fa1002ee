"""What this machine offers the tests: services on loopback and free ports.

A test whose service is missing is skipped here; with `CI` set it fails instead, so a
green CI run has really run everything.
"""

import os
import socket

import pytest


def running_in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing here; in CI a missing service is a failure."""
    if condition:
        return
    if running_in_ci():
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)


def port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
