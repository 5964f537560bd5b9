"""An acuerdo's facts traceable to its text, and corrections to its glossary (issue 15, items 6 and 7).

The data sets are written here, not taken from the shipped sample."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.input import acuerdo_text
from generator.model.pipeline import check
from generator.site.pages import Renderer

VALID = Path(__file__).parent / "data" / "valid"

TEXT = """**INE/JGE999/2031**

**ACUERDO DE LA JUNTA GENERAL EJECUTIVA DEL INSTITUTO NACIONAL ELECTORAL POR EL QUE SE APRUEBA EL PRIMER BLOQUE DE METAS PARA LA EVALUACIÓN DEL DESEMPEÑO DEL PERSONAL DEL SERVICIO DEL SISTEMA DEL INSTITUTO NACIONAL ELECTORAL, CORRESPONDIENTES AL PERIODO MARZO 2031 A FEBRERO 2032**

**G L O S A R I O**

<b>DEOE:</b>\tDirección Ejecutiva de Organización Electoral.
<b>XYZQ:</b>\tOrganismo mal convertido. Con la definición de la entrada siguiente.
<b>Vacía:</b>\t

## **C O N S I D E R A N D O S**

La propuesta es de la DEOE. La DESPEN integró la propuesta de metas con un total de 12, de las cuales, 9 son individuales y 3 colectivas, mismas que forman parte del presente Acuerdo.

Otra frase. En sesión ordinaria celebrada el 3 de febrero de 2031, la Comisión del Servicio conoció el contenido del presente Acuerdo.

## **ACUERDO**

**Primero.** Se aprueba el primer bloque de metas.

El presente Acuerdo fue aprobado en sesión extraordinaria de la Junta General Ejecutiva celebrada el 17 de febrero de 2031, por votación unánime de las y los Directores Ejecutivos.
"""


def data_set(tmp_path: Path, extra_yaml: str = "", text: str = TEXT) -> Path:
    data = tmp_path / "data"  # the tests' valid data set (its metas), with this acuerdo beside it
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    (data / "documentos").mkdir(exist_ok=True)
    (data / "documentos" / "acuerdo.md").write_text(text, encoding="utf-8")
    (data / "acuerdos" / "INE-JGE999-2031.yml").write_text("clave: INE/JGE999/2031\ndocumento: documentos/acuerdo.md\n" + extra_yaml, encoding="utf-8")
    return data


def acuerdo_page(data: Path) -> str:
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    renderer = Renderer(prepared.portal, prepared.derived, prepared.findings)
    return next(page.html for page in renderer.render_all() if page.kind == "acuerdo" and "jge999" in page.url)


def passage(html: str, fact: str) -> str:
    match = re.search(rf'<mark class="pasaje" id="pasaje-{fact}">(.*?)</mark>', html, re.DOTALL)
    assert match, f"no passage for {fact}"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_the_date_links_to_the_sentence_it_is_read_from(tmp_path):
    html = acuerdo_page(data_set(tmp_path))
    ficha = html.split('<dl class="ficha">', 1)[1].split("</dl>", 1)[0]
    assert '<a class="a-pasaje" href="#pasaje-fecha_aprobacion"' in ficha.split("Fecha de aprobación", 1)[1].split("</dd>", 1)[0]
    assert passage(html, "fecha_aprobacion") == "El presente Acuerdo fue aprobado en sesión extraordinaria de la Junta General Ejecutiva celebrada el 17 de febrero de 2031"
    assert html.count('id="pasaje-fecha_aprobacion"') == 1


def test_comision_and_totales_link_to_their_sentences(tmp_path):
    html = acuerdo_page(data_set(tmp_path))
    assert passage(html, "comision_servicio") == "En sesión ordinaria celebrada el 3 de febrero de 2031"
    assert passage(html, "totales").startswith("La DESPEN integró la propuesta de metas con un total de 12")
    assert 'href="#pasaje-comision_servicio"' in html and 'href="#pasaje-totales"' in html


def test_the_periodo_says_it_was_inferred_from_the_months_of_the_text(tmp_path):
    html = acuerdo_page(data_set(tmp_path))
    periodo = html.split("Periodo de evaluación", 1)[1].split("</dd>", 1)[0]
    assert "1 de marzo de 2031" in periodo and "29 de febrero de 2032" in periodo
    assert "inferido de «marzo 2031 a febrero 2032»" in periodo


def test_facts_given_only_in_the_yaml_say_so(tmp_path):
    text = TEXT.replace("El presente Acuerdo fue aprobado en sesión extraordinaria de la Junta General Ejecutiva celebrada el 17 de febrero de 2031, por votación unánime de las y los Directores Ejecutivos.", "")
    text = text.replace("CORRESPONDIENTES AL PERIODO MARZO 2031 A FEBRERO 2032", "")
    html = acuerdo_page(data_set(tmp_path, "fecha_aprobacion: 2031-02-17\nperiodo_inicio: 2031-03-01\nperiodo_fin: 2032-02-29\n", text))
    fecha = html.split("Fecha de aprobación", 1)[1].split("</dd>", 1)[0]
    assert "no se lee en su texto" in fecha and "pasaje-" not in fecha
    assert "no se lee en su texto" in html.split("Periodo de evaluación", 1)[1].split("</dd>", 1)[0]
    assert 'id="pasaje-fecha_aprobacion"' not in html


def test_a_yaml_periodo_other_than_the_months_is_not_called_inferred():
    assert acuerdo_text.periodo_basis(TEXT, __import__("datetime").date(2031, 3, 1), __import__("datetime").date(2032, 2, 29)) == "marzo 2031 a febrero 2032"
    assert acuerdo_text.periodo_basis(TEXT, __import__("datetime").date(2031, 3, 15), __import__("datetime").date(2032, 2, 29)) is None


def test_a_glossary_correction_overrides_the_text_and_says_so(tmp_path):
    html = acuerdo_page(data_set(tmp_path, "glosario:\n  XYZQ: Organismo bien escrito.\n  Vacía: La definición que faltaba.\n  DEOE: Dirección Ejecutiva de Organización Electoral.\n"))
    corrections = html.split("Correcciones al glosario", 1)[1].split("</dl>", 1)[0]
    assert "<dt>XYZQ</dt><dd>Organismo bien escrito." in corrections
    assert "corrige la conversión del texto, que decía «Organismo mal convertido. Con la definición de la entrada siguiente»" in corrections
    assert "<dt>Vacía</dt><dd>La definición que faltaba." in corrections and "sin definición" in corrections
    assert "<dt>DEOE</dt>" not in corrections  # the same as the text: no correction
    assert 'title="Organismo bien escrito."' in html.split("Texto del acuerdo", 1)[1]  # the tooltip in the text


def test_without_corrections_there_is_no_corrections_section(tmp_path):
    assert "Correcciones al glosario" not in acuerdo_page(data_set(tmp_path))


def test_markup_in_a_passage_keeps_the_html_well_formed(tmp_path):
    text = TEXT.replace("celebrada el 17 de febrero", "**celebrada** el 17 de febrero")
    html = acuerdo_page(data_set(tmp_path, text=text))
    sentence = html.split('id="pasaje-fecha_aprobacion"', 1)[1].split("</p>", 1)[0]
    assert sentence.count("<mark") + 1 == sentence.count("</mark>")  # every mark opened (the first before the split) is closed
    assert "<strong><mark" in sentence and "</mark></strong>" in sentence  # closed and reopened around the bold
    assert "<strong>" in sentence and "17 de febrero de 2031" in re.sub(r"<[^>]+>", "", sentence)


def test_private_use_sentinels_in_the_text_do_not_make_marks(tmp_path):
    html = acuerdo_page(data_set(tmp_path, text=TEXT.replace("Otra frase.", "Otra \ue000totales\ue001frase\ue002.")))
    assert html.count('id="pasaje-totales"') == 1


def test_the_shipped_acuerdo_corrects_ople_and_personal_del_servicio():
    data = Path(__file__).resolve().parents[1] / "data"
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    assert prepared.portal.glosario["OPLE"] == "Organismo Público Local Electoral."
    html = next(page.html for page in Renderer(prepared.portal, prepared.derived, prepared.findings).render_all() if page.kind == "acuerdo" and "jge186" in page.url)
    text = html.split('<div class="texto-acuerdo">', 1)[1]
    assert '<abbr title="Organismo Público Local Electoral." tabindex="0">OPLE</abbr>' in text
    corrections = html.split("Correcciones al glosario", 1)[1].split("</dl>", 1)[0]
    assert "<dt>Personal del Servicio</dt><dd>Se integra por las personas que ingresaron al Servicio" in corrections
    assert corrections.count("corrige la conversión del texto") == 2
    assert "inferido de «septiembre 2022 a agosto 2023»" in html.split("Periodo de evaluación", 1)[1].split("</dd>", 1)[0]
