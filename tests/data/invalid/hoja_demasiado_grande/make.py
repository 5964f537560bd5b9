"""The annex as an XLSX of 18 KB with one cell at XFD1048576: calamine would ask for 512 GB at once."""

import csv
import io
import zipfile

import openpyxl


def make(data):
    table = data / "metas" / "INE-JGE100-2023.csv"
    workbook = openpyxl.Workbook()
    for row in csv.reader(table.read_text(encoding="utf-8").splitlines()):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(data / "metas" / "INE-JGE100-2023.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # the far cell, and a dimension that does not say so
                part = part.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
            target.writestr(info, part)
    table.unlink()
    acuerdo = data / "acuerdos" / "INE-JGE100-2023.yml"
    acuerdo.write_text(acuerdo.read_text(encoding="utf-8").replace(".csv", ".xlsx"), encoding="utf-8")
