"""Guards on the architecture: which module may import what, and core code never talks to the user."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relquiz"
CORE = {
    "model",
    "errors",
    "distinctions",
    "safety",
    "words",
    "bank",
    "bankfile",
    "quiz",
    "results",
    "rules",
    "report",
    "spreadsheet",
    "export",
    "history",
    "review",
    "progress",
}
FOUNDATION = {"model", "errors", "distinctions", "safety", "words"}
ALLOWED_THIRD_PARTY = {
    "typer": {"cli"},  # the cli package: every module in it
    "rich": {"render", "prompt", "session"},
    "yaml": {"bankfile"},  # bank.py reads banks through it, lazily
    "sqlite3": {"history"},
}


def modules() -> dict[str, ast.Module]:
    """Every module by its name inside the package; modules of a subpackage by the subpackage."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = parts[0] if len(parts) > 1 else path.stem
        found[".".join(parts)] = (name, ast.parse(path.read_text(encoding="utf-8")))
    return found


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("dotted", sorted(modules()))
def test_third_party_imports_stay_in_their_layer(dotted: str) -> None:
    layer, tree = modules()[dotted]
    for module in imported(tree):
        top = module.split(".")[0]
        if top in ALLOWED_THIRD_PARTY:
            assert layer in ALLOWED_THIRD_PARTY[top], f"{dotted} must not import {top}"


@pytest.mark.parametrize("dotted", sorted(name for name, (layer, _) in modules().items() if layer in CORE))
def test_core_modules_never_reach_the_user(dotted: str) -> None:
    name, tree = modules()[dotted]
    relquiz_imports = {m.split(".")[1] for m in imported(tree) if m.startswith("relquiz.")}
    allowed = FOUNDATION if name in FOUNDATION else CORE
    assert relquiz_imports <= allowed, f"{name}.py imports {relquiz_imports - allowed}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"print", "input", "exit"}, f"{name}.py calls {node.func.id}()"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys":
            assert node.attr not in {"exit", "stdout", "stderr", "stdin"}, f"{name}.py uses sys.{node.attr}"


def test_the_guard_sees_a_violation() -> None:
    tree = ast.parse("import typer\nfrom relquiz.render import View\n")
    assert imported(tree) == {"typer", "relquiz.render"}
