"""Browser-test infrastructure: Playwright driving Debian's Chromium against a live `tandem app`.

Needs ``pip install playwright`` (no ``playwright install``: the browser is the system Chromium,
``apt-get install chromium``, at ``/usr/bin/chromium`` or ``TANDEM_TEST_CHROMIUM``). When either is
missing the browser tests are skipped with the reason, except in CI (env ``CI`` set), where they
fail. Screenshots go to ``test-artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 90


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives the app in Chromium with Playwright (skipped without them)"
    )


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("TANDEM_TEST_CHROMIUM", "/usr/bin/chromium")
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        _missing(f"Chromium not found at {path} (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _missing(f"Playwright for Python is not installed ({error}; pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tandem() -> list[str]:
    script = Path(sys.executable).with_name("tandem")
    if script.exists():
        return [str(script)]
    found = shutil.which("tandem")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from rota.cli.main import main; sys.exit(main())"]


@contextmanager
def running_app(home: Path, logs: Path) -> Iterator[str]:
    """A live `tandem app --headless` on a free port with ``TANDEM_HOME=home`` (its log in
    ``logs``), stopped on exit; its base URL."""
    port = _free_port()
    env = dict(os.environ)
    env.pop("TANDEM_DATABASE_URL", None)
    env.update(
        TANDEM_HOME=str(home),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
        STREAMLIT_SERVER_ADDRESS="127.0.0.1",
    )
    log = (logs / "app.log").open("w")
    process = subprocess.Popen(
        [*_tandem(), "app", "--headless", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"`tandem app` exited with {process.returncode}:\n"
                    + (logs / "app.log").read_text()
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer /_stcore/health within {STARTUP_SECONDS}s")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def start_app():
    """:func:`running_app`, for a module that starts the app on a home it prepared itself."""
    return running_app


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live `tandem app --headless` on a free port with a new TANDEM_HOME; its base URL.

    One app per test module, so later tests see what earlier ones did (a published rota)."""
    tmp_path = tmp_path_factory.mktemp("app")
    with running_app(tmp_path / "home", tmp_path) as url:
        yield url


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, base_url=app_url)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
