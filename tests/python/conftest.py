"""Shared helpers: the built CLI (HIPPO_BIN) to compare the module with, and the source tree."""
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("HIPPO_SOURCE_DIR", Path(__file__).resolve().parents[2]))
HIPPO_BIN = os.environ.get("HIPPO_BIN", str(SOURCE_DIR / "build" / "hippo"))
SHIPPED = sorted(p.stem for p in (SOURCE_DIR / "data" / "scenarios").glob("*.yaml"))
BAD = sorted((SOURCE_DIR / "tests" / "scenarios" / "bad").glob("*.yaml"))


def cli(*args, cwd=None):
    """Runs the CLI; returns (status, stdout, stderr)."""
    p = subprocess.run([HIPPO_BIN, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout, p.stderr


def cli_json(*args, cwd=None):
    status, out, err = cli(*args, cwd=cwd)
    assert status == 0, err
    return json.loads(out)


def cli_error(*args, cwd=None):
    """The one-line message of a bad-input run, without 'hippo: ' (and checks exit status 2)."""
    status, out, err = cli(*args, cwd=cwd)
    assert status == 2, (status, out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("hippo: "), err
    return lines[0][len("hippo: "):]


@pytest.fixture
def python_sigint():
    """Python's own SIGINT handler (KeyboardInterrupt) for the test, whatever ran before."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def sigint_after(seconds):
    """Sends this process SIGINT from a timer thread; returns the timer and {"at": when it was sent}."""
    sent = {}

    def send():
        sent["at"] = time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)

    t = threading.Timer(seconds, send)
    t.start()
    return t, sent
