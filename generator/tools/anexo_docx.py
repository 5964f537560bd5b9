"""An annex of metas written as INE writes it: a Word document of forms, one per meta.

From rows in the contract's columns: a title naming the period, sections by área normativa and
headings by kind and place, a two-column form per meta (generator.contract.schema.FORM_LAYOUTS, either
layout), a running header and a footer with page numbers. Used for the reader's fixtures and for
`portal synth`'s illustrative annex: with `ilustrativo`, the title and every form say so in a line
that starts with «Datos ilustrativos», which the reader carries into the rows.

Same rows → same bytes: no clock in the package (fixed dates in its properties and its zip entries).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.common.text import fold
from generator.contract.schema import COLUMNS_BY_NAME, FORM_LAYOUTS, LAYOUT_DESCRIPCION
from generator.input.anexo import ILLUSTRATIVE_MARK

DOCUMENT_MARK = f"{ILLUSTRATIVE_MARK}: las metas de este documento son ejemplos inventados para probar y demostrar el portal; no son metas aprobadas por el Instituto."
FORM_MARK = f"{ILLUSTRATIVE_MARK}: meta de ejemplo, no forma parte de ningún anexo oficial."
# «Área: JL, OC, JD, OPLE» as printed, from the contract's ámbito (a row may give the printed code instead).
AREA_CODE = {"oficinas_centrales": "OC", "organos_desconcentrados": "JL y JD", "ople": "OPLE"}
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
FONT = "DejaVu Sans"


def kind_heading(ambito: str, tipo: str) -> str:
    """The heading a form stands under, as INE's annexes word it."""
    colectiva = fold(tipo).startswith("colectiv")
    place = _ambito(ambito)
    if place == "oficinas_centrales":
        return "Metas colectivas para oficinas centrales" if colectiva else "Meta individual para oficinas centrales"
    if place == "ople":
        return "Organismos Públicos Locales metas colectivas" if colectiva else "Organismos Públicos Locales metas individuales"
    return "Órganos desconcentrados metas colectivas" if colectiva else "Órganos desconcentrados metas individuales"


def _ambito(value: str) -> str:
    folded = fold(value).strip()
    if folded in ("oc", "oficinas_centrales"):
        return "oficinas_centrales"
    if folded in ("ople",):
        return "ople"
    return "organos_desconcentrados"


def write_anexo_docx(rows: list[dict], out: Path, *, titulo: str, layout: str = LAYOUT_DESCRIPCION, areas: dict[str, str] | None = None,
                     ilustrativo: bool = True, unnamed_atributos_every: int = 0, bordes: bool = True) -> None:
    """Write `rows` as INE's annex; `areas` names each área's section (siglas → nombre), `titulo` is also the running header.

    `unnamed_atributos_every` = n leaves the atributo headings out of every n-th form, as some forms of 2020–2021 do;
    `bordes=False` prints the forms without ruled borders (a copy a clerk may make)."""
    document = Document()
    _page_setup(document, titulo)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, titulo, bold=True, size=13)
    if ilustrativo:
        _run(document.add_paragraph(), DOCUMENT_MARK, italic=True, size=9)
    position = 0
    for area, by_kind in _grouped(rows):
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        name = (areas or {}).get(area.upper())
        _run(heading, f"{name} ({area})" if name else area, bold=True, size=12)
        for kind, forms in by_kind.items():
            sub = document.add_paragraph()
            sub.paragraph_format.space_before = Pt(8)
            _run(sub, kind, bold=True, size=11)
            for row in forms:
                position += 1
                named = not (unnamed_atributos_every and position % unnamed_atributos_every == 0)
                _form(document, row, layout, ilustrativo, named, bordes)
                document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    Path(out).write_bytes(_without_clock(buffer.getvalue()))


def _grouped(rows: list[dict]) -> list[tuple[str, dict[str, list[dict]]]]:
    """Rows by área (in order of first appearance), then by kind heading."""
    areas: dict[str, dict[str, list[dict]]] = {}
    for row in rows:
        kinds = areas.setdefault(str(row.get("area_normativa", "")), {})
        kinds.setdefault(kind_heading(str(row.get("ambito", "")), str(row.get("tipo", ""))), []).append(row)
    return list(areas.items())


def _page_setup(document, titulo: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.2)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(header, titulo, size=7, color=RGBColor(0x55, 0x55, 0x55))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(footer, "Página ", size=8)
    _field(footer, "PAGE")
    _run(footer, " de ", size=8)
    _field(footer, "NUMPAGES")


def _form(document, row: dict, layout: str, ilustrativo: bool, named_atributos: bool, bordes: bool) -> None:
    table = document.add_table(rows=0, cols=2)
    if bordes:
        table.style = "Table Grid"
    table.autofit = False
    if ilustrativo:
        _heading_row(table, FORM_MARK, italic=True)
    for line in FORM_LAYOUTS[layout]:
        if line.column is None:
            if named_atributos or not line.label.startswith("Atributo"):
                _heading_row(table, line.label)
            continue
        label_cell, value_cell = table.add_row().cells
        _widths(label_cell, value_cell)
        _run(label_cell.paragraphs[0], line.label, bold=True)
        for i, text in enumerate(_printed(row, line.column)):
            paragraph = value_cell.paragraphs[0] if i == 0 else value_cell.add_paragraph()
            if i:
                paragraph.paragraph_format.space_before = Pt(4)  # a list's items (cargos, criteria) set apart
            _run(paragraph, text)


def _printed(row: dict, column: str) -> list[str]:
    """A value as INE prints it, one string per paragraph of the cell."""
    value = row.get(column, "")
    value = "" if value is None else value
    described = COLUMNS_BY_NAME[column]
    if described.kind == "list":
        return [c.strip() for c in str(value).split(";") if c.strip()]  # a cargo per paragraph
    if described.kind == "ambito":
        return [AREA_CODE.get(str(value), str(value))]
    if described.kind == "date" and value:
        try:
            return [dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")]
        except ValueError:
            return [str(value)]
    if described.kind == "percent" or (described.unit and _is_percentage(row.get(described.unit))):
        return [f"{_number(value)}%"] if str(value) != "" else []
    return [p for p in str(value).split("\n")]


def _is_percentage(unit) -> bool:
    """A number whose unit says nothing, or says percentage, is printed as one."""
    unidad = fold(str(unit or ""))
    return not unidad or "porcentaje" in unidad or "%" in unidad


def _number(value) -> str:
    number = float(str(value).replace("%", "").strip())
    return str(int(number)) if number.is_integer() else str(number)


def _heading_row(table, text: str, italic: bool = False) -> None:
    left, right = table.add_row().cells
    _widths(left, right)
    cell = left.merge(right)
    _run(cell.paragraphs[0], text, bold=not italic, italic=italic)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "D9D9D9")
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(label_cell, value_cell) -> None:
    label_cell.width, value_cell.width = Cm(5.5), Cm(11.0)


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None, color=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills when it lays out the pages."""
    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for part in (char("begin"), code, char("separate")):
        _run(paragraph, "", size=8)._r.append(part)
    _run(paragraph, "1", size=8)
    _run(paragraph, "", size=8)._r.append(char("end"))


def _without_clock(package: bytes) -> bytes:
    """The package again with every zip entry dated 1980 and the document's own dates fixed."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_core(xml: bytes) -> bytes:
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", xml)
