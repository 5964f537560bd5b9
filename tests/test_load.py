"""The contract's accepted spellings: encodings, delimiters, headers, XLSX, dates, lists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.pipeline import check

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
    assert {f.value for f in outside} == {"Director de Estadística y Documentación Electoral", "Vocal de Organización Electoral de Junta Distrital Ejecutiva", "Director de Cartografía Electoral"}
