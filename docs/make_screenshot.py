"""Make docs/citizen-today.png: the demo's Somali citizen on her today page, 360 px wide, in Chromium.

Needs Chromium (Debian: apt-get install chromium) and Playwright (make install).
    .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    """Serve a fresh demo, sign in through an activation link, log part of a day, take the picture."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LOGBOG_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp}/shot.sqlite3",
               "PUBLIC_BASE_URL": base, "SECRET_KEY": "screenshot"}
        flask = [sys.executable, "-m", "flask", "--app", "app"]
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
        links = subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
        link = re.search(r"\(so\): (\S+)", links).group(1)
        server = subprocess.Popen([*flask, "run", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 360, "height": 1100}, is_mobile=True, has_touch=True,
                                        device_scale_factor=1)
                page.goto(link)
                page.locator("main form button[type=submit]").click()
                page.wait_for_url(f"{base}/today")
                page.locator("label:has(input[name=attendance][value=full])").click()
                page.locator("label:has(input[name=pain][value='4'])").click()
                page.screenshot(path=str(ROOT / "docs" / "citizen-today.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
