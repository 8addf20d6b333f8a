"""Launch Debian's Chromium through Playwright with the network cut off.

Playwright's own browser download does not work here; we drive the system
Chromium (``/usr/bin/chromium``) via ``executable_path``. Every request to a
host other than localhost is aborted, so tests prove the app works offline.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_path() -> str | None:
    """Path of the system Chromium, or None when not installed."""
    override = os.environ.get("CHROMIUM_PATH")
    if override and os.path.exists(override):
        return override
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def is_local(url: str) -> bool:
    """True for localhost URLs and inline data/blob/about URLs."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.hostname in LOCAL_HOSTS


def launch(playwright):
    """A headless Chromium browser (system build)."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def offline_context(browser, *, blocked: list[str] | None = None, **kwargs):
    """A browser context whose requests to anything but localhost are aborted.

    Aborted URLs are appended to ``blocked`` so a test can report them.
    """
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, **kwargs)

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            if blocked is not None:
                blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context
