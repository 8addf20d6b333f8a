"""Take a screenshot of a page of the running app (offline): a manual check tool.

python -m tests.browser.screenshot http://localhost:8501/compare out.png [wait_selector]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.browser import launch, offline_context
from tests.browser.helpers import full_page_screenshot


def main() -> int:
    url, out = sys.argv[1], sys.argv[2]
    wait_for = sys.argv[3] if len(sys.argv) > 3 else None
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = offline_context(browser, blocked=blocked).new_page()
        page.goto(url)
        page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30000)
        if wait_for:  # maps live in component iframes
            page.wait_for_selector("iframe", timeout=60000)
            page.frame_locator("iframe").first.locator(wait_for).first.wait_for(timeout=60000)
        page.wait_for_timeout(4000)
        full_page_screenshot(page, Path(out))
        browser.close()
    print(f"saved {out}; blocked {len(blocked)} non-local requests: {sorted(set(blocked))[:5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
