"""The pipeline's one-way flow, as import contracts (pyproject.toml, [tool.importlinter]): later stages never
see the reading stage or the rules, so nothing after the rules can touch raw clerk data."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), str(root / "pyproject.toml"), "--no-cache", "--no-logo"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)


@pytest.fixture
def tree_copy(tmp_path) -> Path:
    for package in ("disclosure", "intake"):
        shutil.copytree(PROJECT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(root: Path, module: str, line: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_project_keeps_its_import_contracts():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_site_module_importing_the_reader_breaks_the_raw_data_contract(tree_copy):
    add_import(tree_copy, "disclosure.site.pages", "from disclosure.reading.records import Record  # noqa")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "never import the reading stage or the rules BROKEN" in " ".join(result.stdout.split())
    assert "disclosure.site.pages -> disclosure.reading.records" in result.stdout


def test_the_portal_importing_its_back_office_breaks_the_back_office_contract(tree_copy):
    add_import(tree_copy, "disclosure.build", "from intake import checking  # noqa")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "never imports its back office" in " ".join(result.stdout.split())
    assert "disclosure.build -> intake.checking" in result.stdout


@pytest.mark.parametrize(("module", "line", "chain"), [
    ("disclosure.search.terms", "from disclosure.rules import ledger  # noqa", "disclosure.search.terms -> disclosure.rules.ledger"),
    ("disclosure.core.kinds", "import disclosure.site.pages  # noqa", "disclosure.core.kinds -> disclosure.site.pages"),
])
def test_an_import_against_the_flow_is_reported_with_its_chain(tree_copy, module, line, chain):
    add_import(tree_copy, module, line)
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert chain in result.stdout


# The flowchart layout is one algorithm (layers, ordering, routing) that reads best whole.
LONG_MODULES_ALLOWED = {"disclosure/site/drawings/flowchart.py"}


def test_modules_stay_under_400_lines_and_functions_under_60():
    too_long = []
    for path in sorted([*(PROJECT / "disclosure").rglob("*.py"), *(PROJECT / "intake").rglob("*.py")]):
        relative = path.relative_to(PROJECT).as_posix()
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400 and relative not in LONG_MODULES_ALLOWED:
            too_long.append(f"{relative}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                too_long.append(f"{relative}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []
