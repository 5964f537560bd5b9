"""`portal extract-anexo`: an annex as published becomes the table a clerk reviews, with where each form starts."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO

ANEXOS = Path(__file__).parent / "data" / "anexos"
CLAVE = "INE/JGE1/2021"


def extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "extract-anexo", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def expected(name: str) -> list[dict]:
    with (ANEXOS / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", ["anexo-2019-2020", "anexo-2020-2021"])
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_table_has_every_meta_with_the_acuerdo_and_the_review_says_where_each_form_starts(name, kind):
    result = extract(str(ANEXOS / f"{name}.{kind}"), "--acuerdo", CLAVE)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    want = expected(name)
    assert [r["numero_meta"] for r in rows] == [w["numero_meta"] for w in want]
    assert {r["acuerdo"] for r in rows} == {CLAVE} and {r["datos_ilustrativos"] for r in rows} == {"sí"}
    review = result.stderr.splitlines()
    assert review[0].startswith(f"{ANEXOS / f'{name}.{kind}'}: {len(want)} metas leídas")
    for row in want:
        line = next(line for line in review if line.startswith(f"- {row['numero_meta']}: "))
        assert ("página " in line) if kind == "pdf" else ("formulario " in line and "bajo «" in line)
    if name == "anexo-2020-2021":
        assert all(r["descripcion"] == "" and r["objetivo"] for r in rows)
        assert "su «Objetivo» es la descripción" in result.stderr


def test_out_writes_a_csv_or_an_xlsx_the_clerk_opens(tmp_path):
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"metas.{suffix}"
        result = extract(str(ANEXOS / "anexo-2019-2020.pdf"), "--acuerdo", CLAVE, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert f"metas escritas en {out}: revíselas contra el anexo" in result.stderr and result.stdout == ""
    with (tmp_path / "metas.csv").open(encoding="utf-8-sig") as handle:
        from_csv = list(csv.reader(handle))
    sheet = openpyxl.load_workbook(tmp_path / "metas.xlsx", read_only=True).active
    from_xlsx = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert from_csv == from_xlsx and from_csv[1][1] == "DECEyEC-1"


@pytest.mark.parametrize("name, says", [
    ("escaneado.pdf", "no tiene texto"),
    ("cifrado.pdf", "contraseña"),
    ("cortado.pdf", ""),
    ("cortado.docx", ""),
    ("vacio.pdf", "vacío"),
    ("no-es-anexo.pdf", "no es un anexo de metas"),
    ("no-es-anexo.docx", "no es un anexo de metas"),
    ("anexo-2019-2020.csv", ""),
])
def test_a_file_that_is_not_a_readable_annex_is_one_spanish_error_naming_it(name, says):
    result = extract(str(ANEXOS / name), "--acuerdo", CLAVE)
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0], lines
    assert says in lines[0]


def test_a_missing_file_and_a_wrong_output_suffix_are_said(tmp_path):
    missing = extract(str(tmp_path / "no-existe.pdf"), "--acuerdo", CLAVE)
    assert missing.returncode == 1 and "no-existe.pdf" in missing.stderr and "Traceback" not in missing.stderr
    wrong = extract(str(ANEXOS / "anexo-2019-2020.pdf"), "--acuerdo", CLAVE, "--out", str(tmp_path / "metas.ods"))
    assert wrong.returncode == 1 and "debe ser .csv o .xlsx" in wrong.stderr and not (tmp_path / "metas.ods").exists()
