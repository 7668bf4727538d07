"""Infrastructure for feed tests: ical.js (Thunderbird's parser) run through node.

``tests/js`` holds package.json and package-lock.json pinning ical.js; the session fixture runs
``npm ci`` there when node_modules is missing. Without node or npm the tests that need ical.js are
skipped with the reason, except in CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parents[1] / "js"
PARSER = JS_DIR / "parse_ics.mjs"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the ical.js feed tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def icaljs() -> Callable[[bytes], dict]:
    """Parse ICS bytes with ical.js; returns ``{"calendar": {...}, "events": [...]}``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if p is None)
        _unavailable(
            f"{missing} not found on PATH; install Node.js 18+ to check feeds with ical.js"
        )
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            _unavailable(f"`npm ci` in {JS_DIR} failed: {done.stderr.strip()[-500:]}")

    def parse(body: bytes) -> dict:
        done = subprocess.run([node, str(PARSER)], input=body, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        return json.loads(done.stdout)

    return parse
