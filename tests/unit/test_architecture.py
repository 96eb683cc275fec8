"""The shape of the package: no import circle, one registry of workbooks that everything else
asks, and a registry that matches the records, the content, the notebooks and the charts.

(The layer contract itself is import-linter's, run by bin/test: `lint-imports`.)
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from attachwork import workbooks
from attachwork.charts.catalog import CHARTS
from attachwork.content import pack
from attachwork.domain.records import HOMEWORK_KINDS, RECORD_KINDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "attachwork"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return lines


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports, at the top or inside any function."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or node.lineno in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                    + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != "attachwork":
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_itself_round_a_circle_not_even_inside_a_function():
    graph = import_graph()
    assert len(graph) > 60, "the scan found the package's modules"
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle_when_there_is_one():
    graph = import_graph()
    graph["attachwork.domain.records"].add("attachwork.ui.forms")  # as if records reached up
    assert any("attachwork.ui.forms" in group for group in cycles(graph))


WORKBOOK_ID = re.compile(r"""["'](0[0-9]_[a-z_]+|between_sessions|start\.ipynb)(\.ipynb)?["']""")


def test_no_code_but_the_registry_spells_a_workbook_id():
    found = []
    for name, path in _modules().items():
        if name == "attachwork.workbooks":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WORKBOOK_ID.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []


def test_the_id_pattern_would_catch_a_literal_id():
    assert WORKBOOK_ID.search('spec = "04_boundaries"') and WORKBOOK_ID.search("'between_sessions.ipynb'")


def test_every_workbook_in_the_registry_has_its_notebook_page_words_and_kinds():
    c = pack()
    notebooks = {p.name for p in (ROOT / "workbooks").glob("*.ipynb")}
    assert notebooks == {spec.notebook for spec in workbooks.ALL}
    for spec in workbooks.ALL:
        page = importlib.import_module(f"attachwork.ui.pages.{spec.page}")
        assert callable(page.workbook)
        assert (ROOT / "workbooks" / spec.notebook).read_text().count(
            f"from attachwork.ui.pages import {spec.page}") == 1
        assert c.text(spec.title_key) and c.text(f"{spec.key}.title")
        for step in spec.steps:
            assert c.text(f"{spec.key}.steps.{step}")
        assert set(spec.record_kinds) <= set(RECORD_KINDS)
        assert set(spec.page_charts) | set(spec.summary_charts) <= set(CHARTS)
    homework = [k for spec in workbooks.SESSIONS for k in spec.homework_kinds]
    assert sorted(homework) == sorted(HOMEWORK_KINDS) and len(set(homework)) == len(homework)
    assert [s.number for s in workbooks.SESSIONS] == list(range(7))


@pytest.mark.parametrize("spec", workbooks.SESSIONS, ids=lambda s: s.id)
def test_a_session_page_is_built_from_its_spec(spec):
    page = importlib.import_module(f"attachwork.ui.pages.{spec.page}")
    pages = [v for v in vars(page).values() if isinstance(v, type) and getattr(v, "SPEC", None) is spec]
    assert pages, f"{spec.page} has a page class whose SPEC is the registry's {spec.id}"
