"""Shared helpers: the built CLI (HIPPO_BIN) to compare the module with, and the source tree."""
import json
import os
import subprocess
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
def tmp_out(tmp_path):
    return tmp_path / "out"
