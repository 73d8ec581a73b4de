"""The code's layout: imports point down the stages, no cycle, no file too
large to read. (`python tests/test_layout.py` prints the import graph.)"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "evidence_extract"
# The data flow, top to bottom; a module may import its own stage and the
# ones above it. Foundations first (no stage of their own).
STAGES = [
    "resources", "settings", "schema", "frames", "datapackage",
    "load", "sources", "warc", "discover", "pmid_index", "results", "clean", "nlp", "extract", "link", "rows", "pipeline",
    "tables", "one_page", "batch", "diff", "report", "audit", "cli", "__main__", "",
]  # fmt: skip
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> package modules it imports (relative imports resolved)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = [p for p in package if p]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module:
                    deps.add(target)
                else:  # `from . import link`: the modules named
                    deps.update(f"{target}.{a.name}".strip(".") for a in node.names)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def _stage(module: str) -> int:
    return STAGES.index(module.split(".")[0])


def test_imports_point_down_the_stages() -> None:
    for module, deps in import_graph().items():
        for dep in deps:
            assert _stage(dep) <= _stage(module), f"{module} imports {dep}, a later stage"


def test_no_import_cycle() -> None:
    graph = import_graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, "import cycle: " + " -> ".join([*path, node])
        if node in done:
            return
        for dep in graph[node]:
            visit(dep, [*path, node])
        done.add(node)

    for module in graph:
        visit(module, [])


def test_the_batch_package_and_the_command_load_without_spacy() -> None:
    """spaCy (most of a run's start-up) loads when a run builds its
    pipeline, not when the command or the batch package is imported."""
    code = "import sys, evidence_extract.batch, evidence_extract.cli; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_no_source_file_too_large_to_read() -> None:
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.name}: {lines} lines"


if __name__ == "__main__":
    for module, deps in sorted(import_graph().items()):
        print(f"{module or '(package)':24s} -> {', '.join(sorted(deps))}")
