"""The engine's modules form layers without a cycle: the plain data (blocks, document, errors) imports no
writer; each writer imports the data only, never output.py, register.py or another writer; each imports
alone; describing a document loads no writer library (start-up stays fast)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENGINE = "app.reports.engine"
ENGINE_DIR = ROOT / "app" / "reports" / "engine"
WRITERS = ["pdf_writer", "xlsx_writer", "docx_writer"]


def engine_imports(module: str) -> set[str]:
    """Engine modules `module` imports anywhere in its source (also inside functions)."""
    tree = ast.parse((ENGINE_DIR / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            if name.startswith(ENGINE + "."):
                found.add(name.removeprefix(ENGINE + ".").split(".")[0])
    return found


def reachable(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        for dep in engine_imports(todo.pop()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_no_engine_module_is_part_of_an_import_cycle():
    modules = [p.stem for p in ENGINE_DIR.glob("*.py") if p.stem != "__init__"]
    assert {"blocks", "document", "register", "output", *WRITERS} <= set(modules)
    for module in modules:
        assert module not in reachable(module), f"{module} imports itself through {reachable(module)}"


@pytest.mark.parametrize("writer", WRITERS)
def test_a_writer_needs_only_the_plain_data_and_its_own_helpers(writer):
    deps = reachable(writer)
    assert "document" in deps and "blocks" in deps
    assert not deps & {"register", "output", "pdf_binder", *WRITERS}, deps


@pytest.mark.parametrize("module", ["blocks", "document", "errors"])
def test_the_plain_data_imports_no_writer(module):
    assert reachable(module) <= {"blocks", "document", "errors"}


def loaded_after_import(module: str) -> set[str]:
    code = (f"import sys, json; import {module}; "
            f"print(json.dumps(sorted(m for m in sys.modules if m.startswith('app.') or m in "
            f"('reportlab', 'openpyxl', 'docx'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""})
    return set(json.loads(out.stdout))


def test_each_writer_imports_alone():
    for writer in WRITERS:
        assert f"{ENGINE}.{writer}" in loaded_after_import(f"{ENGINE}.{writer}")


def test_describing_a_document_loads_no_writer_library():
    loaded = loaded_after_import(ENGINE)
    assert {"reportlab", "openpyxl", "docx"}.isdisjoint(loaded)
    assert not {f"{ENGINE}.{w}" for w in WRITERS} & loaded
