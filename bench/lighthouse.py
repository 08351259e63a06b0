"""Lighthouse (mobile) on the citizen's pages in each language: performance and accessibility.

Seeds a fresh demo in a temporary directory, serves it with gunicorn on 127.0.0.1, signs a
demo woman's phone in per language (her device cookie goes to Lighthouse as a header), and
runs Lighthouse on her welcome page, today, my week and my data. Prints one line per page
and exits 1 if a page misses the targets: performance >= 0.95, accessibility = 1.0.

    .venv/bin/python bench/lighthouse.py            # needs Node.js (npm) and Chromium

Lighthouse comes from the npm registry into bench/.lighthouse/ on first use (ignored by git);
CHROME_PATH defaults to /usr/bin/chromium. The server sends files uncompressed (gzip is the
proxy's job, docs/deploy.md), so Lighthouse's byte counts are an upper bound;
bench/page_weight.py prints what the today page transfers gzip-compressed.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent / ".lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VERSION = "13.5.0"
TARGETS = {"performance": 0.95, "accessibility": 1.0}
PAGES = ("welcome", "/today", "/week", "/my-data")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_lighthouse() -> None:
    """Install Lighthouse from npm into bench/.lighthouse/ once."""
    if LIGHTHOUSE.exists():
        return
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS), f"lighthouse@{VERSION}"], check=True)


def demo(env: dict[str, str]) -> dict[str, list[str]]:
    """A fresh demo database; the activation links it prints, by language."""
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    printed = subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    links: dict[str, list[str]] = {}
    for language, link in re.findall(r"\((da|ar|ur|so)\): (\S+)", printed):
        links.setdefault(language, []).append(link)
    return links


def sign_in(link: str) -> str:
    """Press the welcome page's button as she does; her phone's device cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(link, timeout=10).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opener.open(link, data=urllib.parse.urlencode({"csrf_token": token}).encode(), timeout=10).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def audit(url: str, cookie: str | None, out: Path) -> dict[str, object]:
    """One Lighthouse run (mobile form factor, default throttling); the scores and key figures."""
    command = [str(LIGHTHOUSE), url, "--chrome-flags=--headless --no-sandbox --disable-gpu", "--form-factor=mobile",
               "--only-categories=performance,accessibility", "--output=json", f"--output-path={out}", "--quiet"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, timeout=180)
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "performance": report["categories"]["performance"]["score"],
        "accessibility": report["categories"]["accessibility"]["score"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed": [a["id"] for a in audits.values()
                   if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0],
    }


def main() -> None:
    ensure_lighthouse()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    misses = 0
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LOGBOG_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp}/lh.sqlite3",
               "PUBLIC_BASE_URL": base, "SECRET_KEY": "lighthouse"}
        links = demo(env)
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                                   "--no-control-socket", "app:create_app()"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/language", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            print(f"Lighthouse {VERSION}, mobile, simulated slow 4G; targets: performance >= {TARGETS['performance']}, "
                  f"accessibility = {TARGETS['accessibility']}")
            print(f"{'lang':<5}{'page':<10}{'perf':>6}{'a11y':>6}{'LCP ms':>8}{'TBT ms':>8}{'CLS':>6}{'KiB':>6}")
            for language in ("da", "ar", "ur", "so"):
                signed_in, unused = links[language][0], links[language][1]
                cookie = sign_in(signed_in)
                for page in PAGES:
                    url = unused if page == "welcome" else f"{base}{page}"
                    result = audit(url, None if page == "welcome" else cookie, Path(tmp) / "report.json")
                    missed = [name for name, target in TARGETS.items() if (result[name] or 0) < target]
                    misses += bool(missed)
                    print(f"{language:<5}{page:<10}{result['performance']:>6.2f}{result['accessibility']:>6.2f}"
                          f"{result['lcp']:>8.0f}{result['tbt']:>8.0f}{result['cls']:>6.2f}{result['bytes'] / 1024:>6.0f}"
                          + (f"  MISSED {', '.join(missed)}: {result['failed']}" if missed else ""))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    print("all pages meet the targets" if not misses else f"{misses} page(s) miss the targets")
    print("\nThe today page's first load, gzip-compressed (bench/page_weight.py; target under 60 KB without the Urdu font):")
    sys.path.insert(0, str(ROOT))
    from bench import page_weight

    page_weight.main()
    sys.exit(1 if misses else 0)


if __name__ == "__main__":
    main()
