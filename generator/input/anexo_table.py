"""An annex read from its forms, as the table a clerk reviews: the contract's columns, and the review to read beside it.

`portal extract-anexo` writes it (CSV or XLSX); the clerk checks it against the annex, then the
table (or the annex itself, named in the acuerdo's YAML) goes into `data/metas/`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.input.anexo import Anexo

SUFFIXES = (".csv", ".xlsx")
TRUE = "sí"


def cell(value) -> str:
    """As a clerk would type it: booleans «sí» or empty, whole numbers without «.0»."""
    if value is True:
        return TRUE
    if value is False or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(annex: Anexo) -> tuple[tuple[str, ...], list[list[str]]]:
    columns = annex.columns
    return columns, [[cell(form.row.get(column)) for column in columns] for form in annex.forms]


def csv_text(annex: Anexo) -> str:
    columns, rows = _rows(annex)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def write(annex: Anexo, path: Path) -> None:
    """CSV in UTF-8 with BOM (Excel in Spanish opens it right), or an XLSX of one sheet."""
    if path.suffix.lower() == ".csv":
        path.write_text(csv_text(annex), encoding="utf-8-sig", newline="")
        return
    from openpyxl import Workbook

    columns, rows = _rows(annex)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("metas")
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)  # text as text: a value that starts with «=» is not a formula in a write-only cell
    book.save(path)


def review(annex: Anexo) -> list[str]:
    """What the clerk reads: how many metas, where each form starts, and every label to look at."""
    where = f"{annex.pages} páginas" if annex.pages is not None else "documento de Word"
    lines = [f"{annex.file}: {len(annex.forms)} metas leídas ({where}){'; datos ilustrativos' if annex.datos_ilustrativos else ''}."]
    lines += [f"  {problem.message}" for problem in annex.problems]
    for form in annex.forms:
        numero = form.row.get("numero_meta") or f"(sin número, formulario {form.location.position})"
        layout = "su «Objetivo» es la descripción" if form.layout == "objetivo" else ""
        lines.append(f"- {numero}: {form.location.describe()}{', ' + layout if layout else ''}")
        lines += [f"    {problem.message}" for problem in form.problems]
    problems = len(annex.all_problems)
    lines.append("Nada que revisar en las etiquetas." if not problems else f"{problems} punto(s) que revisar.")
    return lines
