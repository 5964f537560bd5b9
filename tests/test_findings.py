"""The catalogue of finding codes: each declared once, documented in the contract, and broken on purpose
in `tests/data/invalid/<code>/`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from generator.contract import schema
from generator.contract.codes import CODES, markdown_table, SEVERITY_LABEL
from generator.contract.findings import ERROR, Finding, finding, OBSERVACION

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "invalid"
CONTRACT = ROOT / "docs" / "data-contract.md"
BLOCK = re.compile(r"<!-- codes:start -->\n(.*?)<!-- codes:end -->", re.DOTALL)
SNAKE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$|^[a-z]+$")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_broken_data_set_and_a_doc_line(code):
    case = CASES / code
    assert (case / "expect.yml").is_file(), f"tests/data/invalid/{code}/expect.yml is missing"
    expect = yaml.safe_load((case / "expect.yml").read_text(encoding="utf-8"))
    assert expect["code"] == code
    assert expect.get("severity", ERROR) == CODES[code].kind
    assert CODES[code].doc.strip()
    templates = [CODES[code].template] if CODES[code].reasons is None else list(CODES[code].reasons.values())
    assert templates and all(t.strip() for t in templates)
    assert CODES[code].template == "" or CODES[code].reasons is None  # one or the other


def test_every_case_names_a_declared_code():
    for expect in CASES.glob("*/expect.yml"):
        code = yaml.safe_load(expect.read_text(encoding="utf-8"))["code"]
        assert code in CODES, f"{expect.parent.name}: {code} is not in generator/contract/codes.py"


def test_the_contract_lists_the_catalogue():
    block = BLOCK.search(CONTRACT.read_text(encoding="utf-8"))
    assert block, "docs/data-contract.md has no <!-- codes:start --> … <!-- codes:end --> block"
    assert block.group(1) == markdown_table(), "regenerate it with `python -m generator.contract.codes`"
    for code in CODES:
        assert f"| `{code}` |" in block.group(1)


def _calls():
    """(name, node) of every call in generator/: what a finding is made by."""
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield (node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)), node


def _constant(arg) -> str | None:
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _codes_in_source() -> set[str]:
    """String arguments that name a code in the calls that make findings."""
    makers = {"Finding", "finding", "Invalid", "report", "note", "_observacion", "message"}
    names = set(schema.COLUMNS_BY_NAME) | set(schema.ACUERDO_KEYS_BY_NAME) | {"estado"}
    found = set()
    for name, node in _calls():
        if name not in makers:
            continue
        args = node.args[1:] if name == "Invalid" else node.args  # Invalid(reason, code, …)
        for arg in [*args, *(k.value for k in node.keywords if k.arg == "code")]:
            if _constant(arg) and SNAKE.match(arg.value) and arg.value not in names:
                found.add(arg.value)
    return found


# The calls that choose a reason by position, and the code whose reasons they name (an annex's failure, an annex's review note).
REASON_SECOND = {"AnexoError": "anexo_ilegible", "Problem": "anexo_revisar", "problem": "anexo_revisar"}


def _reasons_in_source() -> set[tuple[str, str]]:
    """(code, reason) of the calls that choose a reason: Invalid(reason, code), finding(code, …, reason=…),
    message(code, reason=…), and the annex reader's AnexoError(kind, reason) and Problem(kind, reason)."""
    found = set()
    for name, node in _calls():
        keywords = {k.arg: _constant(k.value) for k in node.keywords}
        if name == "Invalid" and node.args and _constant(node.args[0]):
            code = _constant(node.args[1]) if len(node.args) > 1 else keywords.get("code", "valor_invalido")
            found.add((code, _constant(node.args[0])))
        elif name in ("finding", "message") and keywords.get("reason") and node.args and _constant(node.args[0]):
            found.add((_constant(node.args[0]), keywords["reason"]))
        elif name in REASON_SECOND and len(node.args) > 1 and _constant(node.args[1]):
            found.add((REASON_SECOND[name], _constant(node.args[1])))
    return found


def test_every_reason_the_generator_uses_is_declared_under_its_code():
    used = _reasons_in_source()
    assert {("valor_invalido", "numero"), ("fecha_invalida", "mes"), ("anexo_ilegible", "cifrado"), ("anexo_revisar", "sin_tipo")} <= used, "the calls are read"
    undeclared = sorted((code, reason) for code, reason in used if reason not in (CODES[code].reasons or {}))
    assert not undeclared, f"declare them in generator/contract/codes.py: {undeclared}"


def test_every_code_the_generator_uses_is_declared():
    used = _codes_in_source()
    assert {"cargo_variante", "valor_faltante", "meta_anterior_no_anterior"} <= used, "the stage folders are read"
    undeclared = sorted(used - set(CODES))
    assert not undeclared, f"declare them in generator/contract/codes.py: {undeclared}"


def test_a_finding_takes_its_kind_from_the_catalogue_and_never_carries_a_control_character():
    made = finding("caracter_invalido", "data/metas/x.csv", 3, "Descripción de la meta", "a\x80" + "b" * 200, key="descripcion", chars="\\u0080")
    assert made.severity == OBSERVACION
    assert "\x80" not in made.describe() and len(made.value) == 80 and made.value.endswith("…")
    assert "columna «Descripción de la meta» (descripcion)" in made.describe()
    assert Finding("f", 1, "c", "valor_invalido", "m").severity == ERROR


def test_findings_sort_with_and_without_rows():
    findings = [Finding("a", 3, "x", "valor_invalido", "m"), Finding("a", None, None, "archivo_ilegible", "m"), Finding("a", 1, None, "csv_invalido", "m")]
    assert [f.row for f in sorted(findings)] == [None, 1, 3]


def test_severity_labels_are_spanish():
    assert set(SEVERITY_LABEL.values()) == {"Error", "Observación", "Aviso"}


def test_a_file_name_with_a_line_break_forges_no_line_of_output():
    forged = finding("clave_desconocida", "data/acuerdos/x\nError: FAKE todo está bien.yml", 3, "titulo\r\nError: B", "uno\ndos")
    described = forged.describe()
    assert "\n" not in described and "\r" not in described
    assert described.startswith("Aviso: data/acuerdos/x\\nError: FAKE todo está bien.yml, línea 3, clave «titulo\\r\\nError: B»: valor «uno\\ndos»")


def test_a_yaml_key_is_a_clave_and_a_table_header_a_columna():
    assert "clave «titulo»" in finding("clave_desconocida", "data/acuerdos/a.yml", 2, "titulo").describe()
    assert "columna «Descripción»" in finding("valor_faltante", "data/metas/a.csv", 2, "Descripción").describe()


def test_an_undeclared_code_is_a_programming_error():
    """Issue 27: an undeclared code was quietly taken for an error; now it cannot be made at all."""
    import pytest

    from generator.contract.findings import Finding

    with pytest.raises(ValueError, match="not declared"):
        Finding("data/x.csv", 2, "tipo", "codigo_inventado", "texto")


def test_every_finding_takes_its_message_from_the_catalogue():
    """Only `finding()` builds a Finding, from the code's template: no module writes a finding's message itself."""
    import ast

    def callers(path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            body = function.body if isinstance(function, ast.FunctionDef) else [n for n in tree.body if not isinstance(n, ast.FunctionDef)]
            for node in (n for statement in body for n in ast.walk(statement)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Finding":
                    yield f"{path.relative_to(ROOT)}:{getattr(function, 'name', '<module>')}"

    builders = sorted({caller for path in (ROOT / "generator").rglob("*.py") for caller in callers(path)})
    assert builders == ["generator/contract/findings.py:finding"]

    # …and no sentence of its own: a code said in more than one way chooses a reason of the catalogue
    assert not [code for code, declared in CODES.items() if "{detail}" in declared.template or any("{detail}" in t for t in (declared.reasons or {}).values())]
