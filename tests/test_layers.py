"""Guards on the architecture (docs/architecture.md): which module may import what, no import
cycles, and core code never talks to the user."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relquiz"
FOUNDATION = {"model", "errors", "distinctions", "safety", "words"}
DRIVERS = {"cli", "session", "prompt", "__main__", "host"}  # what reads the keyboard or the network
VIEWS = {"views"}
LAYER_IMPORTS = {
    "cli": None,  # the top: anything of relquiz
    "__main__": None,
    "session": {"views", "prompt"},  # the terminal loop: its screens and its input, besides the core
    "prompt": set(),
    "views": set(),  # screens take core values, and import core modules only to read their types
    "host": set(),  # the live class's web side: the core, never the terminal's screens
}
STREAMS = {"exit", "stdout", "stderr", "stdin"}
ALLOWED_THIRD_PARTY = {
    "typer": {"cli"},
    "click": {"cli"},
    "platformdirs": {"cli"},  # paths are resolved by the command line and passed down
    "rich": {"views", "prompt", "session"},
    "yaml": {"bank.parse", "bank.nodes"},  # bank.load reads banks through them, lazily
    "sqlite3": {"history"},
    "starlette": {"host"},
    "uvicorn": {"host"},
    "segno": {"host"},
    "ifaddr": {"host"},
}


def modules() -> dict[str, ast.Module]:
    """Every module of the package by its dotted name inside it ('bank.parse', 'views.quiz')."""
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__"): ast.parse(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def layer(dotted: str) -> str:
    return dotted.split(".")[0]


def imported(tree: ast.Module) -> set[str]:
    """Every module named in an import, at the top or inside a function (lazy imports count)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def relquiz_imports(tree: ast.Module) -> set[str]:
    """The relquiz modules a module imports, by dotted name inside the package; `from relquiz
    import views` names the module views. Relative imports are not used in relquiz (and fail here)."""
    names = {name.removeprefix("relquiz.") for name in imported(tree) if name.startswith("relquiz.")}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relquiz imports absolutely: from relquiz.x import y"
            if node.module == "relquiz":
                names.update(alias.name for alias in node.names if alias.name != "__version__")
    return names


@pytest.mark.parametrize("dotted", sorted(modules()))
def test_third_party_imports_stay_in_their_layer(dotted: str) -> None:
    for module in imported(modules()[dotted]):
        top = module.split(".")[0]
        if top in ALLOWED_THIRD_PARTY:
            allowed = ALLOWED_THIRD_PARTY[top]
            assert dotted in allowed or layer(dotted) in allowed, f"{dotted} must not import {top}"


@pytest.mark.parametrize("dotted", sorted(modules()))
def test_each_layer_imports_only_what_lies_below_it(dotted: str) -> None:
    used = {layer(name) for name in relquiz_imports(modules()[dotted])}
    if layer(dotted) in FOUNDATION:
        assert used <= FOUNDATION, f"{dotted} imports {used - FOUNDATION}"
        return
    extra = LAYER_IMPORTS.get(layer(dotted), set())
    if extra is None:
        return
    upper = DRIVERS | VIEWS
    above = (used & upper) - extra - {layer(dotted)}
    assert not above, f"{dotted} imports {above}"


@pytest.mark.parametrize("dotted", sorted(name for name in modules() if layer(name) not in DRIVERS | VIEWS))
def test_core_modules_never_reach_the_user(dotted: str) -> None:
    for node in ast.walk(modules()[dotted]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"print", "input", "exit"}, f"{dotted} calls {node.func.id}()"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys":
            assert node.attr not in STREAMS, f"{dotted} uses sys.{node.attr}"
        if isinstance(node, ast.ImportFrom) and node.module == "sys":
            assert not {alias.name for alias in node.names} & STREAMS, f"{dotted} imports a stream from sys"
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            assert not (isinstance(raised, ast.Name) and raised.id == "SystemExit"), f"{dotted} exits"


def test_no_import_cycles() -> None:
    """Between modules, lazy imports included: a cycle is a sign two modules are one, or in the wrong layer."""
    trees = modules()
    graph = {
        name: {other for other in relquiz_imports(tree) if other in trees and other != name}
        for name, tree in trees.items()
    }
    for name, tree in trees.items():  # `from relquiz.bank import load` names the module relquiz.bank.load
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("relquiz"):
                package = node.module.removeprefix("relquiz").lstrip(".")
                for alias in node.names:
                    sub = f"{package}.{alias.name}" if package else alias.name
                    if sub in trees and sub != name:
                        graph[name].add(sub)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_the_guards_see_a_violation() -> None:
    source = "import typer\nfrom relquiz.views.base import View\nfrom relquiz import session\ndef f():\n    import relquiz.cli\n"
    tree = ast.parse(source)
    assert imported(tree) == {"typer", "relquiz.views.base", "relquiz", "relquiz.cli"}
    assert {layer(name) for name in relquiz_imports(tree)} == {"views", "session", "cli"}
