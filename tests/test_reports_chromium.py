"""Drive Debian's headless Chromium over the DevTools protocol on a pipe (no extra packages).

`--remote-debugging-pipe` makes Chromium read commands on fd 3 and write replies and events
on fd 4, each a JSON message ended by a NUL byte. No port, no browser download, no driver.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "install_browser.sh"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1280,1000",
    "--remote-debugging-pipe",
)


def ensure_chromium() -> Path:
    """Install Debian's chromium through the project's script when it is missing."""
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(INSTALL_SCRIPT)], check=True)
    return CHROMIUM


def _above_nine(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium with one page; collects every event it reports."""

    def __init__(self) -> None:
        ensure_chromium()
        self._profile = tempfile.mkdtemp(prefix="caetl-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Move the child's ends above 9 so mapping them onto 3 and 4 cannot clobber them.
        to_browser_r, from_browser_w = (_above_nine(fd) for fd in (to_browser_r, from_browser_w))
        # bash maps our pipe ends onto fds 3 and 4, then becomes Chromium.
        wrapper = (
            f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} '
            f"{to_browser_r}<&- {from_browser_w}>&-"
        )
        self._process = subprocess.Popen(
            ["bash", "-c", wrapper, str(CHROMIUM), *FLAGS, f"--user-data-dir={self._profile}"],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._replies: dict[int, dict] = {}
        self._events: queue.Queue[dict] = queue.Queue()
        self._lock = threading.Condition()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=None
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.events: list[dict] = []

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._replies[message["id"]] = message
                        self._lock.notify_all()
                else:
                    self._events.put(message)

    def send(
        self,
        method: str,
        params: dict | None = None,
        *,
        session: str | None | bool = True,
        timeout: float = 30,
    ) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session is True:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        with self._lock:
            if not self._lock.wait_for(lambda: message["id"] in self._replies, timeout):
                raise TimeoutError(f"no reply to {method} in {timeout} s")
            reply = self._replies.pop(message["id"])
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def drain(self) -> list[dict]:
        while True:
            try:
                self.events.append(self._events.get_nowait())
            except queue.Empty:
                return self.events

    def evaluate(self, expression: str) -> object:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, ready: str = "true", timeout: float = 30) -> None:
        """Load url and wait until the page is loaded and the `ready` expression is true."""
        self.events = []
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Compare without the fragment: dbt docs routes itself to #!/overview.
            here = json.dumps(url.split("#")[0])
            loaded = f"document.readyState === 'complete' && location.href.split('#')[0] === {here}"
            if self.evaluate(f"{loaded} && ({ready})"):
                self.drain()
                return
            time.sleep(0.1)
        raise TimeoutError(f"{url} not ready ({ready}) in {timeout} s")

    def screenshot(self, path: Path) -> Path:
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close", session=None, timeout=10)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        shutil.rmtree(self._profile, ignore_errors=True)


def console_errors(events: list[dict]) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = params["args"]
            found.append(" ".join(str(a.get("value", a.get("description"))) for a in args))
        elif method == "Runtime.exceptionThrown":
            found.append(json.dumps(params["exceptionDetails"])[:500])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            found.append(f"{entry.get('text', '')} {entry.get('url', '')}".strip())
    return found


def requested_urls(events: list[dict]) -> list[str]:
    return [
        e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    ]


def test_browser_driver_reports_a_console_error(tmp_path):
    """The checks the site tests rely on can fail: a broken page is seen as broken."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!doctype html><title>x</title><script>console.error('boom');"
        "fetch('http://example.invalid/x').catch(function(){});</script>"
    )
    browser = Browser()
    try:
        browser.open(page.as_uri())
        time.sleep(0.3)
        events = browser.drain()
    finally:
        browser.close()
    assert "boom" in " ".join(console_errors(events))
    assert any(url.startswith("http://example.invalid") for url in requested_urls(events))


def test_install_script_is_idempotent_once_chromium_is_there():
    ensure_chromium()
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "chromium present" in result.stdout
