"""Run one benchmark command the way a user would, and read the JSON it wrote."""

import json
import subprocess
import sys
from pathlib import Path

from tests.servers import BASE_DIR


def bench_run(
    module: str, *args: str, out: Path, timeout: float, env: dict | None = None
) -> tuple[subprocess.CompletedProcess, dict]:
    """``python -m <module> <args> --json-out <out>``: the finished process and its results.

    Fails the test, with the end of the command's output, when it does not exit cleanly.
    """
    completed = subprocess.run(
        [sys.executable, "-m", module, *args, "--json-out", str(out)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    return completed, json.loads(out.read_text())
