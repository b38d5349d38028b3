"""The browser fixture the site tests rely on can fail: a broken page is seen as broken."""

from __future__ import annotations

import subprocess

from support.browser import INSTALL_SCRIPT, ensure_chromium


def test_browser_fixture_reports_console_errors_requests_and_width(tmp_path, open_page):
    page = tmp_path / "broken.html"
    page.write_text(
        "<!doctype html><meta name=viewport content='width=device-width'><title>x</title>"
        "<div style='width:600px'>wide</div>"
        "<script>console.error('boom'); fetch('http://example.invalid/x').catch(function(){});"
        "setTimeout(function(){ null.x; }, 0);</script>"
    )
    visit = open_page(page, viewport=(390, 844), mobile=True)
    visit.settle(300)
    errors = " ".join(visit.console_errors)
    assert "boom" in errors and "uncaught:" in errors
    assert any(url.startswith("http://example.invalid") for url in visit.requests)
    assert visit.evaluate("document.documentElement.clientWidth") == 390
    assert visit.evaluate("document.documentElement.scrollWidth") > 390


def test_a_clean_page_reports_nothing(tmp_path, open_page):
    page = tmp_path / "clean.html"
    page.write_text("<!doctype html><title>x</title><p>fine</p>")
    visit = open_page(page)
    visit.settle()
    assert visit.console_errors == [] and visit.dialogs == []
    assert visit.evaluate("window.innerWidth") == 1280


def test_install_script_is_idempotent_once_chromium_is_there():
    ensure_chromium()
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "chromium present" in result.stdout
