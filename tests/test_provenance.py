"""Honest to the row: with a real and an illustrative acuerdo side by side, exactly the illustrative
metas are marked, on every page that lists them and in every file."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import build_site
from sitecheck import parse

VALID = Path(__file__).parent / "data" / "valid"
ILLUSTRATIVE = {"DEOE-1", "DEOE-2", "DEOE-3", "DERFE-1"}  # INE/JGE100/2023, datos_ilustrativos: true
REAL = {"DEOE-7", "DEOE-8"}  # INE/JGE120/2023, an official annex in the same área and cargo


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixto")
    data = root / "data"
    shutil.copytree(VALID, data)
    (data / "acuerdos" / "INE-JGE120-2023.yml").write_text(
        "clave: INE/JGE120/2023\ntitulo: Acuerdo de prueba por el que se aprueba el segundo bloque de metas\n"
        "organo: Junta General Ejecutiva\nfecha_aprobacion: 2023-10-30\nsistema: INE\nperiodo_inicio: 2023-09-01\n"
        "periodo_fin: 2024-08-31\ntipo: aprobacion\nmetas: metas/INE-JGE120-2023.csv\n", encoding="utf-8")
    (data / "metas" / "INE-JGE120-2023.csv").write_text(
        "acuerdo,numero_meta,tipo,area_normativa,ambito,cargos_puestos,descripcion,fecha_inicio,fecha_termino\n"
        "INE/JGE120/2023,DEOE-7,individual,DEOE,organos_desconcentrados,Vocal de Organización Electoral de Junta Distrital Ejecutiva,Supervisar la entrega de paquetes,2023-11-01,2024-06-30\n"
        "INE/JGE120/2023,DEOE-8,individual,DEOE,organos_desconcentrados,Vocal de Organización Electoral de Junta Distrital Ejecutiva,Integrar los expedientes de cómputo,2023-11-01,2024-07-31\n",
        encoding="utf-8")
    result = build_site(data, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def marked_rows(page) -> dict[str, bool]:
    """Each listed meta (its número) → whether its row carries the «ilustrativa» mark."""
    html = page.read_text(encoding="utf-8")
    rows = {}
    for row in html.split("<tr")[1:]:
        number = row.split("</a>", 1)[0].rsplit(">", 1)[-1]
        if "/metas/" in row or "metas/" in row.split("</a>", 1)[0]:
            rows[number] = 'etiqueta-fila">ilustrativa<' in row.split("</td>", 1)[0]
    return rows


@pytest.mark.parametrize("page", ["areas/deoe/index.html", "cargos/vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva/index.html"])
def test_a_page_that_mixes_marks_each_illustrative_row_and_counts_them(mixed_site, page):
    rows = marked_rows(mixed_site / page)
    listed_illustrative = {n for n in rows if n in ILLUSTRATIVE}
    assert listed_illustrative and REAL <= set(rows)
    assert {n for n, marked in rows.items() if marked} == listed_illustrative
    text = parse(mixed_site / page).visible_text
    assert f"{len(listed_illustrative)} de las {len(rows)} metas de esta página son ilustrativas" in text
    assert "Incluye datos ilustrativos" in text and "Las demás son oficiales" in text


def test_the_real_metas_pages_carry_no_notice(mixed_site):
    text = parse(mixed_site / "metas" / "ine-jge120-2023" / "deoe-7" / "index.html").visible_text
    assert "ilustrativ" not in text.lower()
    text = parse(mixed_site / "metas" / "ine-jge100-2023" / "deoe-1" / "index.html").visible_text
    assert "Datos ilustrativos" in text


def flags(rows: list[dict], key: str = "numero_meta") -> dict[str, str]:
    return {row[key]: row["datos_ilustrativos"] for row in rows}


def read(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_every_download_marks_exactly_the_illustrative_rows(mixed_site):
    datos = mixed_site / "datos"
    expected = {n: "true" for n in ILLUSTRATIVE} | {n: "false" for n in REAL}
    assert flags(read(datos / "metas.csv")) == expected
    assert flags(read(datos / "areas" / "deoe.csv")) == {n: v for n, v in expected.items() if n.startswith("DEOE")}
    assert flags(read(datos / "acuerdos" / "ine-jge120-2023.csv")) == {n: "false" for n in REAL}
    assert {r["numero_meta"]: r["datos_ilustrativos"] for r in read(datos / "metas_cargos.csv")} == expected
    assert {r["numero_meta"]: r["datos_ilustrativos"] for r in read(datos / "historial.csv")} == expected
    document = json.loads((datos / "metas.json").read_text(encoding="utf-8"))
    assert document["datos_ilustrativos"] is True and "INE/JGE100/2023" in document["aviso"]
    assert {m["numero_meta"]: m["datos_ilustrativos"] for m in document["metas"]} == {n: v == "true" for n, v in expected.items()}
    workbook = openpyxl.load_workbook(datos / "metas.xlsx")
    assert workbook.sheetnames[0] == "Léame" and "ILUSTRATIVOS" in str(workbook["Léame"]["A2"].value)
    sheet = list(workbook["metas"].iter_rows(values_only=True))
    header = list(sheet[0])
    assert {row[header.index("numero_meta")]: row[header.index("datos_ilustrativos")] for row in sheet[1:]} == expected


def test_the_index_pages_say_their_counts_include_illustrative_metas(mixed_site):
    for page in ("areas/index.html", "cargos/index.html", "acuerdos/index.html", "index.html"):
        text = parse(mixed_site / page).visible_text
        assert "Datos ilustrativos" in text and "son ilustrativas" in text, page


def test_each_meta_record_in_json_says_whether_it_is_illustrative(mixed_site):
    for numero in ILLUSTRATIVE | REAL:
        acuerdo = "ine-jge100-2023" if numero in ILLUSTRATIVE else "ine-jge120-2023"
        record = json.loads((mixed_site / "metas" / acuerdo / f"{numero.lower()}.json").read_text(encoding="utf-8"))
        assert record["datos_ilustrativos"] is (numero in ILLUSTRATIVE), numero


def test_feeds_and_calendars_say_which_metas_are_illustrative(mixed_site):
    """The Atom entries of a cargo and its calendar's events carry the notice for exactly the illustrative metas."""
    import feedparser
    import icalendar

    cargo = mixed_site / "cargos" / "vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva"
    entries = feedparser.parse((cargo / "feed.xml").read_bytes()).entries
    by_acuerdo = {e.link.rstrip("/").rsplit("/", 1)[-1]: e.content[0].value for e in entries}
    assert "ilustrativ" in by_acuerdo["ine-jge100-2023"].lower()
    assert "ilustrativ" not in by_acuerdo["ine-jge120-2023"].lower()
    calendar = icalendar.Calendar.from_ical((cargo / "metas.ics").read_bytes())
    described = {str(e["SUMMARY"]): str(e.decoded("DESCRIPTION")) for e in calendar.walk("VEVENT")}
    marked = {summary for summary, text in described.items() if "ilustrativ" in text.lower()}
    assert marked and all(any(n in s for n in ILLUSTRATIVE) for s in marked)
    assert not [s for s in described if any(n in s for n in REAL) and s in marked]


def test_the_illustrative_mark_is_in_the_file_itself_not_only_in_the_yaml(tmp_path):
    """Issue 29: deleting `datos_ilustrativos: true` from the YAML once published every invented row as official."""
    from conftest import DATA
    from generator.model.pipeline import check

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    yml = data / "acuerdos" / "INE-JGE186-2022.yml"
    yml.write_text("\n".join(line for line in yml.read_text(encoding="utf-8").splitlines() if not line.startswith("datos_ilustrativos")) + "\n", encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is not None
    assert all(m.datos_ilustrativos for m in prepared.portal.metas if m.acuerdo == "INE/JGE186/2022")
    [disagreement] = [f for f in findings if f.code == "ilustrativo_discrepante"]
    assert disagreement.severity == "observacion" and "103 filas están marcadas como datos ilustrativos" in disagreement.message  # --strict fails
