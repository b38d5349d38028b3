"""Headless Chromium for the site tests: Playwright driving Debian's own `chromium`.

No browser is downloaded (`playwright install` is never run): Playwright launches
/usr/bin/chromium, which scripts/install_browser.sh installs from Debian when missing.

Fixtures (registered for every test module through `pytest_plugins` in tests/conftest.py):
- `chromium`: one browser for the whole session;
- `open_page`: `open_page(path_or_url, viewport=(390, 844), mobile=True, ready="js expr")`
  opens a page in a fresh context and returns a `Visit` that keeps its console errors,
  uncaught exceptions, requests and dialogs.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from support import REPO

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SCRIPT = REPO / "scripts" / "install_browser.sh"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
]
DESKTOP = (1280, 1000)


def ensure_chromium() -> Path:
    """Install Debian's chromium through the project's script when it is missing."""
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(INSTALL_SCRIPT)], check=True)
    return CHROMIUM


@dataclass
class Visit:
    """One page in its own browser context, with everything it reported since it opened."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def settle(self, ms: float = 200) -> None:
        """Let late console messages and requests arrive (events are delivered while
        Playwright waits, not during a plain time.sleep)."""
        self.page.wait_for_timeout(ms)

    def evaluate(self, expression: str) -> object:
        return self.page.evaluate(expression)


def _console_error(message: ConsoleMessage) -> str | None:
    if message.type not in ("error", "assert"):
        return None
    # A failed load names its resource only in the location, so keep the URL with the text.
    url = message.location.get("url", "") if message.location else ""
    return f"{message.text} {url}".strip()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Browser) -> Iterator[Callable[..., Visit]]:
    contexts: list[BrowserContext] = []

    def open_(
        target: Path | str,
        *,
        viewport: tuple[int, int] = DESKTOP,
        mobile: bool = False,
        ready: str | None = None,
        timeout_ms: float = 30_000,
    ) -> Visit:
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        context = chromium.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            device_scale_factor=1,
            is_mobile=mobile,
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)
        page.on("console", lambda m: (e := _console_error(m)) and visit.console_errors.append(e))
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
        page.on("request", lambda r: visit.requests.append(r.url))

        def on_dialog(dialog) -> None:
            visit.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if ready:
            page.wait_for_function(ready, timeout=timeout_ms)
        return visit

    yield open_
    for context in contexts:
        context.close()
