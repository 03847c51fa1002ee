"""Cold start: process start to the first `GET /health` 200, under gunicorn as in the image.

Run: .venv/bin/python bench/cold_start.py [--runs 5]
Starts gunicorn with the production environment (DEBUG=0, 2 workers) on a free loopback
port, polls /health every 10 ms, stops it, repeats; prints each run and the median.
Needs `manage.py collectstatic` to have run (scripts/setup does it).
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False


def one_run(data_dir: str) -> float:
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-" + "s" * 40,
           "JWT_SECRET": "bench-" + "j" * 40, "ALLOWED_HOSTS": "127.0.0.1",
           "TRACKTORY_DATA_DIR": data_dir, "PORT": str(port), "WEB_CONCURRENCY": "2"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    started = time.perf_counter()
    process = subprocess.Popen([gunicorn, "tracktory.wsgi", "--config", "gunicorn.conf.py"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while not answers(port):
            if process.poll() is not None or time.perf_counter() - started > 30:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        times = [one_run(data_dir) for _ in range(args.runs)]
    for index, seconds in enumerate(times, 1):
        print(f"run {index}: {seconds * 1000:.0f} ms")
    print(f"median cold start to first /health 200: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
