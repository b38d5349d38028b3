"""A skip that would hide coverage is a failure under CI (tests/support/skips.py)."""

from __future__ import annotations

import pytest

from support.skips import import_or_skip, skip_or_fail


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_tool_fails_under_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI is set.*needs a tool"):
        skip_or_fail("needs a tool")
    with pytest.raises(pytest.fail.Exception, match="no_such_module_here"):
        import_or_skip("no_such_module_here", "install it")


@pytest.mark.parametrize("value", [None, "", "0", "false"])
def test_missing_tool_skips_elsewhere(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="needs a tool"):
        skip_or_fail("needs a tool")
    with pytest.raises(pytest.skip.Exception, match="no_such_module_here"):
        import_or_skip("no_such_module_here", "install it")
    assert import_or_skip("json", "stdlib").dumps([]) == "[]"
