"""The package's import graph: no cycles, and the core never reaches up into a front end.

Every `import claimcheck...` counts, at module level or inside a function (a lazy import is
still a dependency). Front ends are the command line (cli, console, *_cli), the service,
the batch job and the research tools; they may import the core and each other's public
parts, the core may import none of them. Also: nothing imports the package `__init__`, and a
module-level constant is defined in one module only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claimcheck"
FRONT_ENDS = ("claimcheck.cli", "claimcheck.console", "claimcheck.service", "claimcheck.batch",
              "claimcheck.research")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts  # Alembic scripts are loaded by Alembic, not imported
    }


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The claimcheck modules `path` imports (a `from pkg import name` of a submodule counts
    as that submodule)."""
    found: set[str] = set()
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("claimcheck"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("claimcheck"):
                continue
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return {m for m in found if m in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    names = set(known)
    # importing a package's submodule runs the package's __init__, which is not a dependency
    # worth an arrow of its own: keep arrows between modules only
    return {
        name: {m for m in imports_of(path, names) if m != name and m != "claimcheck"}
        for name, path in known.items()
    }


def is_front_end(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FRONT_ENDS) or name.endswith("_cli")


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_graph_is_read() -> None:
    edges = graph()
    assert "claimcheck.predict" in edges["claimcheck.cli"] or any(
        "claimcheck.predict" in targets for targets in edges.values()
    )
    assert "claimcheck.model" in edges["claimcheck.predict"]


def test_no_import_cycles() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_core_never_imports_a_front_end() -> None:
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in graph().items()
        if not is_front_end(source)
        for target in targets
        if is_front_end(target)
    )
    assert upward == []


def test_a_planted_cycle_is_found() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    "name", ["claimcheck.cli", "claimcheck.adapt_cli", "claimcheck.service.app"]
)
def test_front_ends_are_recognised(name: str) -> None:
    assert is_front_end(name)


def init_imports_in(name: str, source: str, known: set[str]) -> list[str]:
    """The imports in `source` (module `name`) of names from the package `__init__` itself:
    `import claimcheck`, or `from claimcheck import x` where x is no submodule."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name == "claimcheck" for a in node.names):
            found.append(f"{name}: import claimcheck")
        elif isinstance(node, ast.ImportFrom) and node.module == "claimcheck" and not node.level:
            names = [a.name for a in node.names if f"claimcheck.{a.name}" not in known]
            found.extend(f"{name}: from claimcheck import {n}" for n in names)
    return found


def test_no_module_imports_the_package_init() -> None:
    """The `__init__` is the public face for users (lazy `Classifier`, `load_model`): it must
    stay a leaf, so nothing inside the package depends on it (the version has _version.py)."""
    known = modules()
    found = [
        hit
        for name, path in known.items()
        if name != "claimcheck"
        for hit in init_imports_in(name, path.read_text(encoding="utf-8"), set(known))
    ]
    assert found == []


def test_a_planted_init_import_is_found() -> None:
    known = {"claimcheck", "claimcheck.predict"}
    source = "from claimcheck import predict\nfrom claimcheck import __version__\nimport claimcheck"
    assert init_imports_in("m", source, known) == [
        "m: from claimcheck import __version__",
        "m: import claimcheck",
    ]


def constants_defined_twice(sources: dict[str, str]) -> list[str]:
    """Module-level UPPER_CASE names assigned the same expression in more than one module
    (LABEL_NAMES, CUE_FAMILIES, DEFAULT_DB_URL were, once): a constant has one home and the
    others import it. Private names (`_X`) and one-letter names are a module's own business."""
    homes: dict[tuple[str, str], list[str]] = {}
    for module, source in sources.items():
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and len(target.id) > 1:
                    homes.setdefault((target.id, ast.unparse(value)), []).append(module)
    return sorted(
        f"{name} in {', '.join(sorted(where))}"
        for (name, _), where in homes.items()
        if len(where) > 1 and not name.startswith("_")
    )


def test_constants_are_defined_once() -> None:
    sources = {name: path.read_text(encoding="utf-8") for name, path in modules().items()}
    assert constants_defined_twice(sources) == []


def test_a_planted_second_definition_is_found() -> None:
    sources = {"a": "LIMIT = 3\nOTHER = 1\n", "b": "LIMIT = 3\nOTHER = 2\n", "c": "_P = 1\n"}
    sources["d"] = "_P = 1\n"
    assert constants_defined_twice(sources) == ["LIMIT in a, b"]
