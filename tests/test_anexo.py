"""The annex reader on annexes made as INE makes them (tests/data/anexos/make_fixtures.py): Word forms printed to PDF by LibreOffice."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pypdfium2
import pytest
from docx import Document

from generator.common.text import fold
from generator.input.anexo import ANEXO_COLUMNS, AnexoError, AnexoLimits, read_anexo
from generator.tools.anexo_docx import FORM_MARK, kind_heading, write_anexo_docx

ANEXOS = Path(__file__).parent / "data" / "anexos"
LAYOUTS = ("anexo-2019-2020", "anexo-2020-2021")
REQUIRED = ("numero_meta", "tipo", "area_normativa", "ambito", "cargos_puestos", "descripcion", "fecha_inicio", "fecha_termino")
NUMBERS = ("nivel_esperado", "ponderacion_oportunidad", "ponderacion_calidad")
HEADER_TEXT = "Metas individuales y colectivas para la Evaluación del Desempeño"


def expected_rows(name: str) -> list[dict]:
    with (ANEXOS / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def same(column: str, got, want: str) -> bool:
    """Compared as the issue asks: wrapped lines joined, case, accents and spacing folded; numbers by value."""
    if column in NUMBERS:
        return want != "" and not isinstance(got, str) and float(got) == float(want)
    if isinstance(got, bool):
        return str(got).lower() == want
    return canon(str(got)) == canon(want)


def canon(text: str) -> str:
    return re.sub(r"\s*([-/;,.])\s*", r"\1", re.sub(r"\s+", " ", fold(text))).strip()


@pytest.fixture(scope="module", params=[f"{n}.{k}" for n in LAYOUTS + ("anexo-sin-bordes", "anexo-copia") for k in ("pdf", "docx")])
def annex(request):
    return request.param, read_anexo(ANEXOS / request.param)


def test_every_required_field_right_and_98_percent_of_the_filled_ones(annex):
    name, result = annex
    want = expected_rows(name.rsplit(".", 1)[0])
    assert [r["numero_meta"] for r in result.rows] == [w["numero_meta"] for w in want]
    wrong_required = [(w["numero_meta"], c, result.rows[i][c], w[c]) for i, w in enumerate(want) for c in REQUIRED if not same(c, result.rows[i][c], w[c])]
    assert wrong_required == []
    filled = [(i, c) for i, w in enumerate(want) for c in ANEXO_COLUMNS if w.get(c, "") != ""]  # columns a form never fills are not in the expected table
    wrong = [(want[i]["numero_meta"], c, result.rows[i][c], want[i][c]) for i, c in filled if not same(c, result.rows[i][c], want[i][c])]
    assert len(wrong) <= 0.02 * len(filled), wrong


def test_values_come_typed_as_the_contract_reads_them(annex):
    _, result = annex
    for row in result.rows:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["fecha_inicio"]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["fecha_termino"])
        assert isinstance(row["nivel_esperado"], int) and isinstance(row["ponderacion_calidad"], int)
        assert row["ambito"] in ("oficinas_centrales", "organos_desconcentrados", "ople")


def test_the_running_header_and_footer_never_reach_a_value(annex):
    _, result = annex
    for row in result.rows:
        for column, value in row.items():
            assert HEADER_TEXT not in str(value) and not re.search(r"Página \d+ de \d+", str(value)), (row["numero_meta"], column)


def test_a_numero_keeps_the_spacing_ine_wrote():
    rows = read_anexo(ANEXOS / "anexo-2019-2020.pdf").rows
    assert "DECEyEC - 30" in [r["numero_meta"] for r in rows]


def test_cargos_of_a_colectiva_are_separated_and_gendered_pairs_kept_whole():
    for kind in ("pdf", "docx"):
        rows = read_anexo(ANEXOS / f"anexo-2019-2020.{kind}").rows
        colectivas = [r for r in rows if r["tipo"] == "colectiva"]
        assert all(len(r["cargos_puestos"].split("; ")) == 2 for r in colectivas)
        assert any("Vocal Ejecutivo / Vocal Ejecutiva de Junta Local Ejecutiva" in r["cargos_puestos"].split("; ") for r in rows)


@pytest.mark.parametrize(("name", "first_row"), [
    ("anexo-2019-2020", FORM_MARK), ("anexo-2020-2021", FORM_MARK), ("anexo-sin-bordes", FORM_MARK), ("anexo-copia", "IDENTIFICADOR DE LA META"),
])
def test_the_pdf_review_gives_the_page_where_each_form_starts(name, first_row):
    """Checked against the PDF itself: the n-th form starts on the page of the n-th form's first row."""
    result = read_anexo(ANEXOS / f"{name}.pdf")
    pdf = pypdfium2.PdfDocument(ANEXOS / f"{name}.pdf")
    starts = [i + 1 for i in range(len(pdf)) for _ in range(_count(pdf[i], first_row))]
    assert [f.location.page for f in result.forms] == starts
    assert result.pages == len(pdf)
    assert [f.location.position for f in result.forms] == list(range(1, len(result.forms) + 1))


def _count(page, text: str) -> int:
    content = re.sub(r"\s+", " ", page.get_textpage().get_text_range())
    return content.count(text)


def test_the_docx_review_gives_each_form_position_and_heading():
    for name in LAYOUTS:
        result = read_anexo(ANEXOS / f"{name}.docx")
        want = expected_rows(name)
        assert [f.location.page for f in result.forms] == [None] * len(want)
        assert [f.location.kind_heading for f in result.forms] == [kind_heading(w["ambito"], w["tipo"]) for w in want]
        assert all(f"({f.row['area_normativa']})" in f.location.area_heading for f in result.forms)


def test_a_clean_annex_has_nothing_to_review_but_its_ople_form():
    for name in LAYOUTS:
        for kind in ("pdf", "docx"):
            result = read_anexo(ANEXOS / f"{name}.{kind}")
            problems = [p.message for p in result.all_problems]
            opl = [r["numero_meta"] for r in result.rows if r["ambito"] == "ople"]
            assert len(problems) == len(opl)
            assert all("la meta es del sistema OPLE" in m for m in problems)


def test_the_2020_layout_has_no_description_and_its_objetivo_stands_for_it():
    for kind in ("pdf", "docx"):
        old = read_anexo(ANEXOS / f"anexo-2019-2020.{kind}")
        new = read_anexo(ANEXOS / f"anexo-2020-2021.{kind}")
        assert {f.layout for f in old.forms} == {"descripcion"} and {f.layout for f in new.forms} == {"objetivo"}
        assert all(r["descripcion"] != "" for r in old.rows)
        assert all(r["descripcion"] == "" and r["objetivo"] != "" for r in new.rows)
        assert not any(p.code == "anexo_etiqueta_faltante" for f in new.forms for p in f.problems)


def test_the_illustrative_mark_is_carried_into_the_rows(tmp_path):
    for name in ("anexo-2019-2020.pdf", "anexo-2019-2020.docx", "anexo-copia.pdf"):  # the copy says so under its title only
        result = read_anexo(ANEXOS / name)
        assert result.datos_ilustrativos and all(r["datos_ilustrativos"] is True for r in result.rows)
    rows = expected_rows("anexo-2019-2020")[:3]
    write_anexo_docx(rows, tmp_path / "ilustrativo.docx", titulo="Anexo")
    document = Document(tmp_path / "ilustrativo.docx")
    title_mark = next(p for p in document.paragraphs if p.text.startswith("Datos ilustrativos"))
    title_mark._element.getparent().remove(title_mark._element)
    document.save(tmp_path / "sin-marca-de-titulo.docx")
    each_form = read_anexo(tmp_path / "sin-marca-de-titulo.docx")  # every form says so by itself
    assert not each_form.datos_ilustrativos and [r["datos_ilustrativos"] for r in each_form.rows] == [True, True, True]
    write_anexo_docx(rows[:2], tmp_path / "oficial.docx", titulo="Anexo", ilustrativo=False)
    official = read_anexo(tmp_path / "oficial.docx")
    assert not official.datos_ilustrativos and [r["datos_ilustrativos"] for r in official.rows] == [False, False]


def test_a_mark_row_marks_the_form_it_heads(tmp_path):
    path = _form_docx(tmp_path / "marcas.docx", [
        ("Cargo/Puesto a evaluar", "Director de Ejemplo"), ("Área: JL, OC, JD, OPLE", "OC"), ("Número de la meta", "DEOE-1"),
        (FORM_MARK, ""), ("Identificador de la meta", ""),
        ("Cargo/Puesto a evaluar", "Director de Ejemplo"), ("Área: JL, OC, JD, OPLE", "OC"), ("Número de la meta", "DEOE-2"),
    ])
    result = read_anexo(path)
    assert not result.datos_ilustrativos
    assert [(r["numero_meta"], r["datos_ilustrativos"]) for r in result.rows] == [("DEOE-1", False), ("DEOE-2", True)]


def test_the_writer_gives_the_same_bytes_for_the_same_rows(tmp_path):
    rows = expected_rows("anexo-2020-2021")
    for name in ("a.docx", "b.docx"):
        write_anexo_docx(rows, tmp_path / name, titulo="Anexo", layout="objetivo")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def _form_docx(path: Path, rows: list[tuple], heading: str = "Meta individual para oficinas centrales") -> Path:
    """A hand-made form, labels as a clerk may write them."""
    document = Document()
    document.add_paragraph(heading)
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        left, right = table.add_row().cells
        left.text, right.text = label, value
    document.save(path)
    return path


def test_labels_match_across_years_case_accents_and_spacing(tmp_path):
    path = _form_docx(tmp_path / "variantes.docx", [
        ("CARGO/PUESTO A EVALUAR", "Director / Directora de Ejemplo"), ("Area:  JL, OC, JD", "OC"),
        ("Área normativa", "DECEyEC"), ("Número de meta", "DECEyEC-7"), ("Descripcion de la meta", "Una meta de ejemplo."),
        ("Fecha de inicio de la meta (dd/mm/aaaa)", "01/10/2019"), ("fecha de termino", "31/03/20"), ("7. Nivel esperado", "95 %"),
    ])
    row = read_anexo(path).rows[0]
    assert (row["cargos_puestos"], row["ambito"], row["numero_meta"], row["descripcion"]) == ("Director / Directora de Ejemplo", "oficinas_centrales", "DECEyEC-7", "Una meta de ejemplo.")
    assert (row["fecha_inicio"], row["fecha_termino"], row["nivel_esperado"], row["tipo"]) == ("2019-10-01", "2020-03-31", 95, "individual")


def test_an_unknown_label_is_reported_and_its_value_kept(tmp_path):
    path = _form_docx(tmp_path / "desconocida.docx", [
        ("Cargo/Puesto a evaluar", "Director de Ejemplo"), ("Área: JL, OC, JD, OPLE", "OC"), ("Número de la meta", "DEOE-3"),
        ("Comentarios del área", "Texto que no cabe en ninguna columna."), ("Soporte documentel", "Un informe."), ("Notas internas", ""),
    ])
    result = read_anexo(path)
    assert result.rows[0]["Comentarios del área"] == "Texto que no cabe en ninguna columna."
    assert "Comentarios del área" in result.columns
    messages = [p.message for p in result.all_problems]
    assert "Meta DEOE-3, formulario 1, bajo «Meta individual para oficinas centrales»: la etiqueta «Comentarios del área» no es del formulario; su valor se conserva en la columna «Comentarios del área»." in messages
    assert any(m.endswith("falta la etiqueta «Descripción de la meta» (dato obligatorio).") for m in messages)
    assert "Meta DEOE-3, formulario 1, bajo «Meta individual para oficinas centrales»: la etiqueta «Soporte documentel» no es del formulario " \
        "(¿quiso decir «Soporte documental»?); su valor se conserva en la columna «Soporte documentel»." in messages
    assert any(m.endswith("la fila «Notas internas» no es del formulario y no tiene valor.") for m in messages)
    assert "Notas internas" not in result.columns


def test_a_form_without_numero_is_named_by_its_position_and_a_repeated_label_reported(tmp_path):
    path = _form_docx(tmp_path / "sin-numero.docx", [
        ("Cargo/Puesto a evaluar", "Director de Ejemplo"), ("Área: JL, OC, JD, OPLE", "JL y JD"), ("Área normativa que propone la meta", "DEOE"),
        ("Descripción de la meta", "Primera."), ("Descripción de la meta", "Segunda."), ("Fecha de inicio de la meta dd/mm/aaaa", "31/02/2020"),
    ], heading="Órganos desconcentrados")
    result = read_anexo(path)
    messages = [p.message for p in result.all_problems]
    assert result.rows[0]["descripcion"] == "Primera." and result.rows[0]["ambito"] == "organos_desconcentrados"
    assert "Formulario 1 (sin número de meta): falta la etiqueta «Número de la meta» (dato obligatorio)." in messages
    assert any("la etiqueta «Descripción de la meta» aparece otra vez; se conserva el primer valor, no «Segunda.»" in m for m in messages)
    assert any("«Fecha de inicio de la meta dd/mm/aaaa» dice «31/02/2020», que no es una fecha dd/mm/aaaa" in m for m in messages)
    assert any("no está bajo un encabezado que diga si la meta es individual o colectiva" in m for m in messages)


@pytest.mark.parametrize(("name", "code", "words"), [
    ("escaneado.pdf", "anexo_sin_texto", "parece un documento escaneado"),
    ("cifrado.pdf", "anexo_cifrado", "está protegido con contraseña"),
    ("cortado.pdf", "anexo_danado", "está cortado o dañado"),
    ("cortado.docx", "anexo_danado", "está cortado o dañado"),
    ("vacio.pdf", "anexo_vacio", "está vacío"),
    ("no-es-anexo.docx", "anexo_sin_formularios", "no es un anexo de metas"),
    ("no-es-anexo.pdf", "anexo_sin_formularios", "no es un anexo de metas"),
    ("make_fixtures.py", "anexo_formato", "no es un PDF ni un documento de Word"),
])
def test_a_wrong_file_gives_one_spanish_error_naming_it(name, code, words):
    with pytest.raises(AnexoError) as caught:
        read_anexo(ANEXOS / name, label=f"metas/{name}")
    assert caught.value.code == code
    assert f"«metas/{name}»" in caught.value.message and words in caught.value.message


@pytest.mark.parametrize(("name", "limits", "words"), [
    ("anexo-2019-2020.pdf", AnexoLimits(max_pages=5), "páginas; el límite es 5) y no se leyó"),
    ("anexo-2019-2020.pdf", AnexoLimits(max_chars=5_000), "más de 5,000 caracteres"),
    ("anexo-2019-2020.docx", AnexoLimits(max_chars=5_000), "más de 5,000 caracteres"),
])
def test_the_work_is_bounded(name, limits, words):
    with pytest.raises(AnexoError) as caught:
        read_anexo(ANEXOS / name, limits=limits)
    assert caught.value.code == "anexo_demasiado_grande" and words in caught.value.message
