"""Chromium screenshots of the dashboard (desktop and a 390 px phone) against a running server.

Usage: python bench/dashboard/screenshots.py http://127.0.0.1:8015 docs/screenshots
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(base: str, out: Path, path: str = "/dasbor/") -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, viewport, full in (("desktop", {"width": 1366, "height": 900}, True), ("phone", {"width": 390, "height": 844}, True)):
            context = browser.new_context(viewport=viewport, device_scale_factor=1 if name == "desktop" else 2)
            page = context.new_page()
            page.goto(base + "/akun/masuk/")
            page.fill("input[name=username]", "dinas")
            page.fill("input[name=password]", "Kolaka#Demo2026")
            page.click("button[type=submit]")
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"dashboard-{name}.png"), full_page=full)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), *(sys.argv[3:4]))
