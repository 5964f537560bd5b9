"""The folders of generator/ show the flow: each stage imports only from the stages before it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

GENERATOR = REPO / "generator"
# In flow order, as docs/architecture.md lists them.
STAGES = ("common", "contract", "input", "model", "site", "build", "tools")


def imports_of(path: Path) -> set[str]:
    """The modules of generator/ that a file imports, as dotted names (generator.input.load)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found |= {f"{node.module}.{alias.name}" if (GENERATOR / Path(*node.module.split(".")[1:]) / f"{alias.name}.py").exists() else node.module for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
    return found


def module_name(path: Path) -> str:
    return ".".join(("generator", *path.relative_to(GENERATOR).with_suffix("").parts))


MODULES = {module_name(p): p for p in GENERATOR.rglob("*.py") if p.name != "__init__.py"}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STAGES else None


def test_every_module_is_in_a_stage_but_the_command_line():
    assert sorted(m for m in MODULES if stage_of(m) is None) == ["generator.cli"]
    assert sorted(p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(STAGES)


def test_each_stage_imports_only_from_itself_and_earlier_stages():
    upward = [
        f"{module} → {target}"
        for module, path in MODULES.items() if stage_of(module)
        for target in imports_of(path)
        if stage_of(target) is None or STAGES.index(stage_of(target)) > STAGES.index(stage_of(module))
    ]
    assert upward == []


def test_no_import_cycle():
    graph = {m: {t for t in imports_of(p) if t in MODULES} for m, p in MODULES.items()}
    state: dict[str, str] = {}

    def visit(module, trail):
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", " → ".join((*trail, module))
        state[module] = "open"
        for target in sorted(graph[module]):
            visit(target, (*trail, module))
        state[module] = "done"

    for module in sorted(graph):
        visit(module, ())


def test_the_architecture_page_lists_the_stages_in_flow_order():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `generator/(\w+)/` \|", text, flags=re.MULTILINE)
    assert listed == list(STAGES)


def column_names_spelled(path: Path) -> set[str]:
    """The contract's column names a file writes as string literals."""
    from generator.contract.schema import ALL_COLUMNS

    names = {c.name for c in ALL_COLUMNS}
    return {
        node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
    }


def test_the_columns_are_spelled_in_the_descriptor_and_where_rules_name_them():
    """No private column map: a module that names five columns or more is the descriptor's (schema.py), the
    validator (each rule of the contract names the columns it judges) or the illustrative data's writer (it
    invents a value for each column of a clerk's table). Every other module reads the descriptor."""
    spelling = sorted(module for module, path in MODULES.items() if len(column_names_spelled(path)) >= 5)
    assert spelling == ["generator.contract.schema", "generator.input.validate", "generator.tools.synth"]


def test_the_architecture_page_lists_every_module_of_each_stage():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for stage in STAGES:
        row = re.search(rf"^\| `generator/{stage}/` \| (.*?) \|", text, flags=re.MULTILINE).group(1)
        listed = set(re.findall(r"`([\w/]+?)(?:\.py)?`", row))
        present = {p.stem for p in (GENERATOR / stage).glob("*.py") if p.name != "__init__.py"}
        present |= {f"{p.name}/" for p in (GENERATOR / stage).iterdir() if p.is_dir() and p.name != "__pycache__"}
        assert {m.rstrip("/") for m in listed} == {m.rstrip("/") for m in present}, stage


def test_no_script_of_the_site_spells_the_columns():
    """The explorer's script draws what its page declares and its data describes: it names no column list of its own."""
    from generator.contract.schema import ALL_COLUMNS

    words = re.compile(r"\b(" + "|".join(c.name for c in ALL_COLUMNS) + r")\b")
    spelling = {
        path.name: found for path in (REPO / "site_src" / "assets" / "js").glob("*.js")
        if len(found := set(words.findall(path.read_text(encoding="utf-8")))) >= 5
    }
    assert spelling == {}
