"""Each make target installs what its code imports: `make run` the project's dependencies,
`make bench` those and the bench extra. The test environment has every extra, so a
missing one shows only on a fresh clone; this reads the imports instead."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import pytest

from support import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCAL = {"caetl", "generate", "steps"}


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {_name(r) for r in requirements}


def _undeclared(files: list[Path], declared: set[str]) -> dict[str, str]:
    """Imported top-level module -> the first file importing it, for the modules that no
    declared distribution provides (standard library and local modules left out). A
    namespace such as `dbt` is provided by several distributions: any one of them counts."""
    by_module = packages_distributions()
    missing: dict[str, str] = {}
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for top in {module.split(".")[0] for module in modules}:
                if top in sys.stdlib_module_names or top in LOCAL:
                    continue
                providers = {_name(d) for d in by_module.get(top, [top])}
                if not providers & declared:
                    missing.setdefault(top, file.name)
    return missing


def _with_their_requirements(names: set[str]) -> set[str]:
    """`names` and what they install in turn (dbt-core brings jinja2, GX pandas, ...)."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue
        todo += [_name(r) for r in needs if "extra ==" not in r]
    return seen


@pytest.mark.parametrize(
    ("tree", "extras"),
    [("src/caetl", ()), ("benchmarks", ("bench",))],
)
def test_a_trees_imports_are_installed_by_its_make_target(tree, extras):
    files = sorted((REPO / tree).rglob("*.py"))
    assert files
    assert _undeclared(files, _with_their_requirements(_declared(*extras))) == {}


def test_the_check_finds_an_import_nothing_installs(tmp_path):
    script = tmp_path / "uses_openpyxl.py"
    script.write_text("def f():\n    import openpyxl\n", encoding="utf-8")
    assert _undeclared([script], _with_their_requirements(_declared())) == {
        "openpyxl": "uses_openpyxl.py"
    }
    assert _undeclared([script], _with_their_requirements(_declared("bench"))) == {}
