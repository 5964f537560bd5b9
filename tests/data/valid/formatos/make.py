"""Writes the XLS (Excel 97-2003) and ODS copies of ../metas/INE-JGE100-2023.csv that test_load reads.

Run once with xlwt and odfpy available (they are not dependencies of the project):
    pip install --target /tmp/fixturegen xlwt==1.3.0 odfpy==1.4.1
    PYTHONPATH=/tmp/fixturegen python tests/data/valid/formatos/make.py
Dates become real date cells and numbers real numbers, as a clerk's spreadsheet has them.
"""

import csv
import datetime as dt
from pathlib import Path

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HERE = Path(__file__).parent
ROWS = list(csv.reader((HERE.parent / "metas" / "INE-JGE100-2023.csv").open(encoding="utf-8")))


def typed(header: str, value: str):
    if header.startswith("fecha") and value:
        return dt.date.fromisoformat(value)
    if header in ("nivel_esperado", "personas_evaluadas") and value:
        return float(value)
    return value


def write_xls(path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Metas")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            value = typed(ROWS[0][c], value) if r else value
            if isinstance(value, dt.date):
                sheet.write(r, c, value, dates)
            elif value != "":
                sheet.write(r, c, value)
    book.add_sheet("Notas").write(0, 0, "esta hoja se ignora")
    book.save(str(path))


def write_ods(path: Path) -> None:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Metas")
    for r, row in enumerate(ROWS):
        line = TableRow()
        for c, value in enumerate(row):
            value = typed(ROWS[0][c], value) if r else value
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            if value != "":
                cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    document.save(str(path))


if __name__ == "__main__":
    write_xls(HERE / "INE-JGE100-2023.xls")
    write_ods(HERE / "INE-JGE100-2023.ods")
