"""Browser-test harness: a running app, Debian's Chromium, an offline page.

* ``app_url`` (session): starts ``streamlit run dashboard.py`` on a free port
  from the repository root, waits for ``/_stcore/health``, stops it at the end.
* ``browser`` (session): the system Chromium through Playwright (Playwright's
  own browser download does not work here; see ``tests/browser/browser.py``).
* ``page``: a fresh context whose requests to anything but localhost are
  aborted and recorded in ``blocked_requests``. At teardown a screenshot of the
  whole app goes to ``tests/output/browser/<test>.png`` and the test errors if
  the app requested a non-local URL that the test did not allow with
  ``@pytest.mark.allow_requests(r"regex", ...)``.

Without Chromium the browser tests are skipped with the reason, except on CI
(``CI=true``), where they fail: CI must never pass without them.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.browser.browser import chromium_path, launch, offline_context
from tests.browser.helpers import full_page_screenshot, safe_name, start_server, stop_server

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = REPO_ROOT / "tests" / "output" / "browser"
HERE = Path(__file__).resolve().parent
MISSING_CHROMIUM = "Chromium not installed: apt-get install -y chromium"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright against a running app"
    )
    config.addinivalue_line(
        "markers", "allow_requests(*patterns): non-local URLs (regexes) this browser test may request"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> None:
    """Skip with ``reason``; on CI fail instead, so CI never passes without browser tests."""
    if _on_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the system Chromium, or skip (fail on CI)."""
    path = chromium_path()
    if not path:
        _unavailable(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def app_url(chromium: str):
    """Base URL of the app served for this test session."""
    process, url = start_server(log=OUTPUT_DIR / "streamlit-server.log")
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def playwright_instance(chromium: str):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt installs it
        _unavailable("Playwright not installed: pip install -r requirements-dev.txt")
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Headless Debian Chromium (one per session)."""
    instance = launch(playwright_instance)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    """Non-local URLs the page tried to load (each was aborted)."""
    return []


def allowed_patterns(node: pytest.Item) -> list[re.Pattern[str]]:
    patterns = []
    for marker in node.iter_markers("allow_requests"):
        patterns.extend(re.compile(p) for p in marker.args)
    return patterns


def unexpected_requests(blocked: list[str], node: pytest.Item) -> list[str]:
    """Blocked URLs that the test did not allow."""
    allowed = allowed_patterns(node)
    return sorted({u for u in blocked if not any(p.search(u) for p in allowed)})


@pytest.fixture
def page(browser, app_url, blocked_requests, request):
    """A page in a fresh offline context (non-local requests aborted and recorded)."""
    context = offline_context(browser, blocked=blocked_requests)
    context.set_default_timeout(90_000)
    dialogs: list[str] = []
    pg = context.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # messages of any alert/confirm/prompt the page opened
    try:
        yield pg
    finally:
        try:
            full_page_screenshot(pg, OUTPUT_DIR / f"{safe_name(request.node.name)}.png")
        except Exception as exc:  # a screenshot must not hide the test's own result
            print(f"screenshot failed: {exc}", file=sys.stderr)
        context.close()
    unexpected = unexpected_requests(blocked_requests, request.node)
    if unexpected:
        pytest.fail(f"the app requested non-local URLs (aborted): {unexpected[:10]}", pytrace=False)
