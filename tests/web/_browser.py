"""What the end-to-end browser tests share: `slant serve` in a subprocess, headless Chromium.

The browser is the Debian ``chromium`` binary driven through Playwright (never
``playwright install``). A test that needs it calls :func:`need_browser` first: it skips
when the browser is missing on a developer machine and fails in CI (``CI`` set), where
``.ci/run`` installs it. The ``browser`` fixture (tests/web/conftest.py) launches it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def need_browser() -> None:
    """Skip (fail in CI) unless Chromium and Playwright are installed."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright's ``Browser``), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(*args: str, env: dict[str, str]) -> Iterator[str]:
    """`slant serve ARGS` on a free loopback port; yields its base URL once it answers.

    Fails the test when the server exits or does not answer within 120 s; stops it on exit.
    """
    import httpx

    port = free_port()
    cmd = [sys.executable, "-m", "slant", "serve", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"slant serve exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(base + "/api/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("slant serve did not answer within 120 s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


class Watch:
    """Records what a page must never do: open dialogs, break the CSP, leave loopback."""

    def __init__(self, page: object, base: str) -> None:
        self.dialogs: list[str] = []
        self.csp: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", self._dialog)  # type: ignore[attr-defined]
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.route("**/*", self._route)  # type: ignore[attr-defined]
        self.base = base

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _console(self, msg: object) -> None:
        text = msg.text  # type: ignore[attr-defined]
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp.append(text)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith((self.base, "data:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]
