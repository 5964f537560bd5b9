"""citation: how to cite a meta or an acuerdo, as text, BibTeX and CSL-JSON."""

from __future__ import annotations

import datetime as dt
import json

from generator.site.citation import Citation, DATE_TOKEN, URL_TOKEN

ISSUED = dt.date(2022, 9, 28)


def test_without_the_site_s_address_the_browser_fills_in_address_and_day():
    cita = Citation("ine-jge186-2022-deoe-1", "Meta DEOE-1 del acuerdo INE/JGE186/2022", ISSUED, None)
    assert cita.text == (f"«Meta DEOE-1 del acuerdo INE/JGE186/2022», Junta General Ejecutiva del Instituto Nacional Electoral, 28 de septiembre de 2022. "
                         f"En: Metas del Servicio Profesional Electoral Nacional, {URL_TOKEN}. Consultado el {DATE_TOKEN}.")
    assert f"url = {{{URL_TOKEN}}}" in cita.bibtex and f"urldate = {{{DATE_TOKEN}}}" in cita.bibtex
    record = json.loads(cita.csl_json)
    assert record["URL"] == URL_TOKEN and record["accessed"] == {"raw": DATE_TOKEN}


def test_the_three_formats_carry_the_address_and_the_note():
    cita = Citation("ine-jge186-2022", "Acuerdo INE/JGE186/2022", ISSUED, "https://portal.ejemplo.mx/acuerdos/ine-jge186-2022/", "Acuerdo ficticio, de ejemplo")
    assert cita.text.endswith("https://portal.ejemplo.mx/acuerdos/ine-jge186-2022/. Consultado el [fecha de consulta]. Acuerdo ficticio, de ejemplo.")
    assert cita.bibtex.startswith("@misc{ine-jge186-2022,\n") and "  note = {Acuerdo ficticio, de ejemplo}" in cita.bibtex
    record = json.loads(cita.csl_json)
    assert record["issued"] == {"date-parts": [[2022, 9, 28]]} and record["note"] == "Acuerdo ficticio, de ejemplo"
    assert record["URL"] == "https://portal.ejemplo.mx/acuerdos/ine-jge186-2022/"


def test_braces_and_backslashes_of_a_title_cannot_break_the_bibtex_entry():
    bibtex = Citation("x", "Meta {A}\\B", ISSUED, None).bibtex
    assert "title = {{Meta (A)B}}" in bibtex
