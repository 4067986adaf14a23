"""The layers, checked on the source: the core never imports a channel or the composition root, and no import
circle exists among the project's modules. Every Import/ImportFrom node counts (inside functions, under
`if TYPE_CHECKING:`, relative ones resolved)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "retrieval", "knowledge", "handlers")
UPPER = ("handlers", "bot.app")  # what the core may not import
CORE_EXCEPTIONS = ("bot.app", "bot.__main__")  # the composition root and the one entry module allowed to import it


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_files(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is_package) for every .py file under the given top-level packages."""
    modules: dict[str, tuple[Path, bool]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join(parts)] = (path, is_package)
    return modules


def _resolve(name: str, modules: dict[str, tuple[Path, bool]]) -> str | None:
    """The project module a dotted name refers to: itself, or its longest prefix that is a module."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module: str, path: Path, is_package: bool, modules: dict[str, tuple[Path, bool]]) -> list[tuple[str, int]]:
    """(imported name, line) for every import in the file; relative imports made absolute; `from pkg import name`
    gives pkg.name when that is a module, else pkg."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)] if node.level > 1 else base_parts
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in modules else base, node.lineno))
    return found


def import_graph(root: Path, packages: Iterable[str] = PACKAGES) -> tuple[dict[str, set[str]], list[str]]:
    """The module graph among the project's modules, and every forbidden arrow (core → handlers / bot.app)."""
    modules = module_files(root, packages)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    forbidden: list[str] = []
    for module, (path, is_package) in modules.items():
        core = not any(_within(module, prefix) for prefix in (*UPPER, *CORE_EXCEPTIONS))
        for name, line in imports_of(module, path, is_package, modules):
            if core and any(_within(name, prefix) for prefix in UPPER):
                forbidden.append(f"{path.relative_to(root)}:{line}: {module} imports {name}")
            target = _resolve(name, modules)
            if target is not None and target != module:
                graph[module].add(target)
    return graph, forbidden


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_core_never_imports_a_channel_or_the_composition_root() -> None:
    _, forbidden = import_graph(ROOT)
    assert forbidden == []


def test_no_import_circle_among_the_project_modules() -> None:
    graph, _ = import_graph(ROOT)
    assert sum(len(targets) for targets in graph.values()) > 100  # the walk really saw the project
    assert cycles(graph) == []


def test_the_checker_finds_a_back_arrow_and_a_circle(tmp_path: Path) -> None:
    files = {
        "bot/__init__.py": "",
        "bot/__main__.py": "from bot.app.cli import main\n",
        "bot/app/__init__.py": "",
        "bot/app/cli.py": "import handlers.chat\nfrom bot import core\n",
        "bot/core.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from handlers.chat import Reply\n",
        "bot/steps/__init__.py": "",
        "bot/steps/a.py": "def f():\n    from . import b\n",
        "bot/steps/b.py": "from ..steps.c import X\n",
        "bot/steps/c.py": "import bot.steps.a\n",
        "retrieval/__init__.py": "",
        "retrieval/rank.py": "from bot import app\n",
        "knowledge/__init__.py": "",
        "handlers/__init__.py": "",
        "handlers/chat.py": "from bot.core import answer\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    graph, forbidden = import_graph(tmp_path)
    assert forbidden == [
        str(Path("bot/core.py")) + ":3: bot.core imports handlers.chat",
        str(Path("retrieval/rank.py")) + ":1: retrieval.rank imports bot.app",
    ]
    assert graph["bot.app.cli"] == {"handlers.chat", "bot.core"}
    assert cycles(graph) == [["bot.core", "handlers.chat"], ["bot.steps.a", "bot.steps.b", "bot.steps.c"]]
