"""The contract's accepted spellings: encodings, delimiters, headers, XLSX, dates, lists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.model.pipeline import check

VALID = Path(__file__).parent / "data" / "valid"
TABLE = "metas/INE-JGE100-2023.csv"
HEADER_SPELLINGS = {
    "acuerdo": "Acuerdo", "numero_meta": "NÚMERO META", "tipo": " Tipo ", "area_normativa": "Área normativa",
    "ambito": "ÁMBITO", "cargos_puestos": "Cargos Puestos", "descripcion": "Descripción",
    "fecha_inicio": "Fecha de inicio", "fecha_termino": "fecha_término", "lider_equipo": "Líder equipo",
    "personas_evaluadas": "Personas evaluadas", "nivel_esperado": "Nivel esperado", "ponderacion_calidad": "Ponderación calidad",
}


def summary(data: Path):
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    return [(m.acuerdo, m.numero, m.tipo, m.area, m.ambito, m.cargos, m.descripcion, m.fecha_inicio, m.fecha_termino, tuple(sorted(m.fields.items()))) for m in prepared.portal.metas]


def rows_of_valid() -> list[dict]:
    return list(csv.DictReader(io.StringIO((VALID / TABLE).read_text(encoding="utf-8"))))


def spreadsheet_style(rows: list[dict]) -> list[dict]:
    """What a person typing in Excel writes: other spellings the contract accepts."""
    styled = []
    for row in rows:
        row = dict(row)
        row["numero_meta"] = row["numero_meta"].replace("-", " - ")
        row["tipo"] = row["tipo"].upper()
        row["ambito"] = {"oficinas_centrales": "OC", "organos_desconcentrados": "JD"}[row["ambito"]]
        row["area_normativa"] = row["area_normativa"].lower()
        for column in ("fecha_inicio", "fecha_termino"):
            row[column] = dt.date.fromisoformat(row[column]).strftime("%d/%m/%Y")
        styled.append({HEADER_SPELLINGS[k]: v for k, v in row.items()})
    return styled


def write_variant(tmp_path: Path, rows: list[dict], encoding: str, delimiter: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (data / TABLE).write_bytes(buffer.getvalue().encode(encoding))
    return data


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8-sig", ";"), ("cp1252", ",")])
def test_other_encodings_delimiters_and_spellings_give_the_same_metas(tmp_path, encoding, delimiter):
    expected = summary(VALID)
    data = write_variant(tmp_path, spreadsheet_style(rows_of_valid()), encoding, delimiter)
    assert summary(data) == expected


def test_xlsx_first_sheet_with_real_dates_and_numbers(tmp_path):
    expected = summary(VALID)
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / TABLE).unlink()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = rows_of_valid()
    sheet.append([HEADER_SPELLINGS[k] for k in rows[0]])
    for row in rows:
        values = []
        for key, value in row.items():
            if key.startswith("fecha"):
                value = dt.datetime.fromisoformat(value)
            elif key in ("nivel_esperado", "personas_evaluadas") and value:
                value = float(value)
            values.append(value or None)
        sheet.append(values)
    workbook.create_sheet("Notas").append(["esta hoja se ignora"])
    workbook.save(data / "metas" / "INE-JGE100-2023.xlsx")
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(".csv", ".xlsx"), encoding="utf-8")
    assert summary(data) == expected


def test_unknown_columns_are_kept_and_values_trimmed(tmp_path):
    rows = rows_of_valid()
    for row in rows:
        row["Comentario interno"] = "  visto por DESPEN  "
        row["descripcion"] = "  " + row["descripcion"] + "  "
    data = write_variant(tmp_path, rows, "utf-8", ",")
    prepared, _ = check(data)
    meta = prepared.portal.metas[0]
    assert meta.extra == {"Comentario interno": "visto por DESPEN"}
    assert not meta.descripcion.startswith(" ")


def test_cargos_are_split_on_semicolons_and_merged_through_the_catalogue(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "catalogos").mkdir()
    (data / "catalogos" / "cargos.csv").write_text(
        "nombre,ambito,alias\nVocal Ejecutivo de Junta Distrital Ejecutiva,organos_desconcentrados,Vocal Ejecutiva o Ejecutivo de Junta Distrital Ejecutiva\n", encoding="utf-8")
    table = data / TABLE
    table.write_text(table.read_text(encoding="utf-8").replace("; Vocal Ejecutivo de Junta Distrital Ejecutiva", "; Vocal Ejecutiva o Ejecutivo de Junta Distrital Ejecutiva"), encoding="utf-8")
    prepared, findings = check(data)
    colectiva = next(m for m in prepared.portal.metas if m.numero == "DEOE-3")
    assert colectiva.cargos == ("Vocal de Organización Electoral de Junta Distrital Ejecutiva", "Vocal Ejecutivo de Junta Distrital Ejecutiva")
    outside = [f for f in findings if f.code == "cargo_fuera_de_catalogo"]
    [aviso] = outside  # one for all of them
    for name in ("Director de Estadística y Documentación Electoral", "Vocal de Organización Electoral de Junta Distrital Ejecutiva", "Director de Cartografía Electoral"):
        assert f"«{name}»" in aviso.message
    assert aviso.message.startswith("3 cargos no están en catalogos/cargos.csv")


# ---------------------------------------------------------------- formats (issue 16)

FORMATS = VALID / "formatos"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_give_the_same_metas(tmp_path, suffix):
    expected = summary(VALID)
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    (data / TABLE).unlink()
    shutil.copy(FORMATS / f"INE-JGE100-2023{suffix}", data / "metas")
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(".csv", suffix), encoding="utf-8")
    assert summary(data) == expected


def copy_valid(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    return data


def set_metas_path(data: Path, path: str) -> None:
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("metas: metas/INE-JGE100-2023.csv", f"metas: {path}"), encoding="utf-8")


def test_another_format_is_an_error_naming_the_file_and_the_formats(tmp_path):
    data = copy_valid(tmp_path)
    (data / "metas" / "INE-JGE100-2023.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word document")
    set_metas_path(data, "metas/INE-JGE100-2023.doc")
    prepared, findings = check(data)
    assert prepared is None
    finding = next(f for f in findings if f.code == "formato_no_admitido")
    assert finding.file == "data/metas/INE-JGE100-2023.doc"
    assert "«.doc»" in finding.message and all(f in finding.message for f in (".csv", ".xlsx", ".xls", ".ods", ".pdf", ".docx"))


def test_a_damaged_word_annex_is_one_error_naming_the_file(tmp_path):
    data = copy_valid(tmp_path)
    (data / "metas" / "INE-JGE100-2023.docx").write_bytes(b"PK\x03\x04 not really a document")
    set_metas_path(data, "metas/INE-JGE100-2023.docx")
    prepared, findings = check(data)
    assert prepared is None
    [finding] = [f for f in findings if f.code == "anexo_ilegible"]
    assert finding.file == "data/metas/INE-JGE100-2023.docx" and "cortado o dañado" in finding.message


def test_a_missing_path_names_the_formats_and_the_closest_file(tmp_path):
    data = copy_valid(tmp_path)
    set_metas_path(data, "metas/INE-JGE100-2023.cvs")
    prepared, findings = check(data)
    finding = next(f for f in findings if f.code == "archivo_inexistente")
    assert (finding.file, finding.row, finding.column, finding.value) == ("data/acuerdos/INE-JGE100-2023.yml", 16, "metas", "metas/INE-JGE100-2023.cvs")
    assert ".ods" in finding.message and "¿quiso decir metas/INE-JGE100-2023.csv?" in finding.message
    # its rows are not reported one by one as orphans: one finding names the file that blocks them
    assert not [f for f in findings if f.code == "acuerdo_inexistente"]
    assert [f.file for f in findings if f.code == "filas_bloqueadas"] == ["data/metas/INE-JGE100-2023.csv"]


@pytest.mark.parametrize("suffix,content,said", [
    (".xlsx", b"acuerdo,numero_meta\n", "texto"),
    (".xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "página web"),
    (".ods", b"%PDF-1.4 ...", "PDF"),
    (".xlsx", b"PK\x03\x04 broken zip", "archivo comprimido"),
])
def test_content_that_is_not_what_the_extension_claims(tmp_path, suffix, content, said):
    data = copy_valid(tmp_path)
    (data / TABLE).unlink()
    (data / "metas" / f"INE-JGE100-2023{suffix}").write_bytes(content)
    set_metas_path(data, f"metas/INE-JGE100-2023{suffix}")
    prepared, findings = check(data)
    finding = next(f for f in findings if f.code == "archivo_ilegible")
    assert finding.file == f"data/metas/INE-JGE100-2023{suffix}" and said in finding.message
    for jargon in ("BadZipFile", "Zip", "EOCD", "calamine", "Error:"):
        assert jargon not in finding.message


def test_a_damaged_workbook_is_said_without_library_jargon(tmp_path):
    data = copy_valid(tmp_path)
    (data / TABLE).unlink()
    source = FORMATS / "INE-JGE100-2023.xls"
    (data / "metas" / "INE-JGE100-2023.xls").write_bytes(source.read_bytes()[:1500])
    set_metas_path(data, "metas/INE-JGE100-2023.xls")
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "archivo_ilegible")
    assert "dañado" in finding.message


# ---------------------------------------------------------------- headers of INE's annexes

INE_HEADERS = [
    ("numero_meta", "No. de meta"), ("numero_meta", "Número de la meta"), ("numero_meta", "Núm. meta"), ("numero_meta", "Nº de meta"),
    ("cargos_puestos", "Cargo o puesto"), ("cargos_puestos", "Cargo/Puesto"), ("cargos_puestos", "Cargo y/o puesto"), ("cargos_puestos", "Cargos o puestos"),
    ("descripcion", "Descripción de la meta"), ("fecha_inicio", "Fecha de inicio"), ("fecha_inicio", "Inicio de vigencia"),
    ("fecha_termino", "Fecha de término"), ("fecha_termino", "Fecha de fin"), ("fecha_termino", "Término de vigencia"),
    ("area_normativa", "Área"), ("area_normativa", "Área normativa responsable"), ("tipo", "Tipo de meta"), ("tipo", "Individual o colectiva"),
    ("ambito", "Ámbito de aplicación"), ("acuerdo", "Clave del acuerdo"), ("lider_equipo", "Líder del equipo"),
    ("personas_evaluadas", "No. de personas evaluadas"), ("puesto_que_evalua", "Puesto que evalúa"),
]


@pytest.mark.parametrize("column,header", INE_HEADERS, ids=[h for _, h in INE_HEADERS])
def test_each_header_spelling_of_ines_annexes_is_accepted(tmp_path, column, header):
    expected = summary(VALID)
    data = copy_valid(tmp_path)
    rows = rows_of_valid()
    renamed = [{(header if k == column else k): v for k, v in row.items()} for row in rows]
    if column not in rows[0]:
        renamed = [{**row, header: "Vocal Ejecutivo de Junta Distrital Ejecutiva" if column == "puesto_que_evalua" else ""} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(renamed[0]))
    writer.writeheader()
    writer.writerows(renamed)
    (data / TABLE).write_text(buffer.getvalue(), encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    if column in rows[0]:
        assert summary(data) == expected
    else:
        meta = prepared.portal.metas[0]
        assert meta.fields[column] == "Vocal Ejecutivo de Junta Distrital Ejecutiva" and not meta.extra


def test_a_missing_column_names_the_header_that_was_not_recognised(tmp_path):
    data = copy_valid(tmp_path)
    table = data / TABLE
    table.write_text(table.read_text(encoding="utf-8").replace("cargos_puestos,", "Cargos a evaluarse,", 1).replace("ambito,", "Ambto,", 1), encoding="utf-8")
    _, findings = check(data)
    missing = {f.column: f for f in findings if f.code == "columna_faltante"}
    assert set(missing) == {"cargos_puestos", "ambito"}
    assert "«Ambto»" in missing["ambito"].message and "«Ámbito»" in missing["ambito"].message
    assert "«Cargos a evaluarse»" in missing["cargos_puestos"].message


def test_a_duplicated_column_is_named_as_written(tmp_path):
    data = copy_valid(tmp_path)
    table = data / TABLE
    table.write_text(table.read_text(encoding="utf-8").replace("cargos_puestos,", "Cargo o puesto,", 1).replace(",lider_equipo,", ",Cargo/Puesto,", 1), encoding="utf-8")
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "columna_duplicada")
    assert (finding.column, finding.key) == ("Cargo/Puesto", "cargos_puestos") and "«Cargo o puesto»" in finding.message
    assert "columna «Cargo/Puesto» (cargos_puestos)" in finding.describe()


def test_a_row_with_another_delimiter_is_one_error(tmp_path):
    data = copy_valid(tmp_path)
    rows = rows_of_valid()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    lines = buffer.getvalue().splitlines()
    comma = io.StringIO()
    csv.writer(comma, lineterminator="").writerow(list(rows[1].values()))
    lines[2] = comma.getvalue()
    (data / TABLE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, findings = check(data)
    on_row = [f for f in findings if f.row == 3 and f.file.endswith(".csv")]
    assert [f.code for f in on_row] == ["separador_distinto"]
    assert "«,»" in on_row[0].message and "«;»" in on_row[0].message


def test_a_quote_across_lines_in_a_short_row_is_a_finding_not_a_traceback(tmp_path):
    """Found by the fuzzer: the check for another delimiter re-read a row holding a line break."""
    data = copy_valid(tmp_path)
    header = (data / TABLE).read_text(encoding="utf-8").splitlines()[0]
    (data / TABLE).write_text(header + '\n"\n;;"\n', encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is None and findings


def test_title_rows_above_the_header_are_passed_over_as_in_ines_annexes(tmp_path):
    expected = summary(VALID)
    data = copy_valid(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Metas individuales y colectivas para la evaluación del desempeño"])
    sheet.append(["Periodo septiembre 2023 a agosto 2024"])
    sheet.append([])
    rows = rows_of_valid()
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([v or None for v in row.values()])
    (data / TABLE).unlink()
    workbook.save(data / "metas" / "INE-JGE100-2023.xlsx")
    set_metas_path(data, "metas/INE-JGE100-2023.xlsx")
    assert summary(data) == expected
    prepared, _ = check(data)
    assert prepared.portal.metas[0].row == 5  # the row a spreadsheet shows


def test_data_in_a_column_without_header_names_the_spreadsheet_column(tmp_path):
    data = copy_valid(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = rows_of_valid()
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([v or None for v in row.values()])
    sheet.cell(row=3, column=15, value="nota al margen")
    (data / TABLE).unlink()
    workbook.save(data / "metas" / "INE-JGE100-2023.xlsx")
    set_metas_path(data, "metas/INE-JGE100-2023.xlsx")
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "csv_invalido")
    assert (finding.row, finding.value) == (3, "nota al margen") and "columna O" in finding.message and "separadores" not in finding.message


def test_a_workbook_of_hundreds_of_thousands_of_parts_is_refused_before_zipfile_lists_them(tmp_path):
    """Issue 26: a 48 MB XLSX of 530,000 empty entries took 38 s and 515 MB; its end record says how many first."""
    import io
    import time
    import zipfile

    data = copy_valid(tmp_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(20_000):
            archive.writestr(f"x/{number}", b"")
    (data / "metas" / "INE-JGE100-2023.xlsx").write_bytes(buffer.getvalue())
    set_metas_path(data, "metas/INE-JGE100-2023.xlsx")
    started = time.monotonic()
    prepared, findings = check(data)
    assert prepared is None and time.monotonic() - started < 30
    [problem] = [f for f in findings if f.file == "data/metas/INE-JGE100-2023.xlsx"]
    assert problem.code == "archivo_ilegible" and "20,000 partes" in problem.message
