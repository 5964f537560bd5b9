"""Amendments: acuerdos act in order of approval; each meta keeps its history."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.model.pipeline import check, prepare
from sitecheck import parse

VALID = Path(__file__).parent / "data" / "valid"
AMEND = """clave: INE/JGE{n}/2023
titulo: Acuerdo de prueba por el que se modifican metas
organo: Junta General Ejecutiva
fecha_aprobacion: {fecha}
sistema: INE
periodo_inicio: 2023-09-01
periodo_fin: 2024-08-31
tipo: modificacion
metas: metas/INE-JGE{n}-2023.csv
"""
HEADER = "acuerdo,accion,acuerdo_origen,numero_meta,descripcion,fecha_termino\n"


def with_amendments(tmp_path: Path, *amendments: tuple[int, str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    for n, fecha, rows in amendments:
        (data / "acuerdos" / f"INE-JGE{n}-2023.yml").write_text(AMEND.format(n=n, fecha=fecha), encoding="utf-8")
        (data / "metas" / f"INE-JGE{n}-2023.csv").write_text(HEADER + rows, encoding="utf-8")
    return data


def test_changes_apply_in_order_of_approval_not_of_files(tmp_path):
    data = with_amendments(
        tmp_path,
        (101, "2024-01-10", "INE/JGE101/2023,modifica,INE/JGE100/2023,DEOE-1,Segunda versión,\n"),
        (200, "2023-11-01", "INE/JGE200/2023,modifica,INE/JGE100/2023,DEOE-1,Primera versión,2024-07-31\n"),
    )
    prepared = prepare(data)
    meta = next(m for m in prepared.portal.metas if m.numero == "DEOE-1")
    assert [(e.acuerdo, e.accion) for e in meta.history] == [("INE/JGE100/2023", "alta"), ("INE/JGE200/2023", "modifica"), ("INE/JGE101/2023", "modifica")]
    assert meta.descripcion == "Segunda versión"
    assert meta.fecha_termino.isoformat() == "2024-07-31"
    first_change = meta.history[1].changes
    assert [(c.campo, c.anterior, c.nuevo) for c in first_change][0] == ("descripcion", "Integrar la estadística de la elección", "Primera versión")


def test_cancelled_metas_stay_published_but_leave_the_counts(tmp_path):
    data = with_amendments(tmp_path, (101, "2023-12-01", "INE/JGE101/2023,cancela,INE/JGE100/2023,DEOE-2,,\n"))
    prepared, findings = check(data)
    metas = prepared.portal.metas
    assert len(metas) == 4
    cancelled = [m for m in metas if m.cancelada]
    assert [m.numero for m in cancelled] == ["DEOE-2"]
    assert cancelled[0].history[-1].accion == "cancela"
    # the annex as approved still reconciles with its acuerdo
    assert prepared.derived.reconciliations["INE/JGE100/2023"].ok


def test_an_alta_in_a_later_acuerdo_adds_a_meta_with_its_own_permalink(tmp_path):
    rows = "acuerdo,accion,acuerdo_origen,numero_meta,tipo,area_normativa,ambito,cargos_puestos,descripcion,fecha_inicio,fecha_termino\nINE/JGE101/2023,alta,,DEOE-9,individual,DEOE,OD,Vocal Ejecutivo de Junta Distrital Ejecutiva,Nueva meta,2024-01-01,2024-06-30\n"
    data = with_amendments(tmp_path, (101, "2023-12-01", ""))
    (data / "metas" / "INE-JGE101-2023.csv").write_text(rows, encoding="utf-8")
    prepared = prepare(data)
    added = next(m for m in prepared.portal.metas if m.numero == "DEOE-9")
    assert added.path == "metas/ine-jge101-2023/deoe-9/"
    assert added.history[0].acuerdo == "INE/JGE101/2023"


def test_the_example_modification_shows_on_the_meta_pages_and_counts(example_site, example_data):
    site = example_site
    modified = parse(site / "metas" / "ine-jge186-2022" / "deoe-5" / "index.html").visible_text
    assert "modificada por EJEMPLO/JGE1/2023" in modified and "→ 31 de julio de 2023" in modified
    cancelled = parse(site / "metas" / "ine-jge186-2022" / "derfe-3" / "index.html").visible_text
    assert "Meta cancelada" in cancelled and "cancelada por EJEMPLO/JGE1/2023" in cancelled
    demo = prepare(example_data)
    latest = demo.portal.periodos[0]  # the home page counts the latest period (the example has an earlier one too)
    in_force = [m for m in demo.portal.metas if not m.cancelada and m.periodo == latest]
    home = parse(site / "index.html").visible_text
    assert f"{len(in_force)} metas (sin contar 1 cancelada)" in home
    changes = parse(site / "acuerdos" / "ejemplo-jge1-2023" / "index.html").visible_text
    assert "Cambios que hace este acuerdo" in changes and "DERFE-3" in changes and "La meta queda cancelada" in changes


def test_the_atom_feed_lists_acuerdos_newest_first(example_site):
    import xml.etree.ElementTree as ET

    site = example_site
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    dates = [e.find(f"{atom}updated").text for e in feed.findall(f"{atom}entry")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4  # data/'s two, the amendment, the earlier period
    first = feed.find(f"{atom}entry")
    assert first.find(f"{atom}link").get("href") == "acuerdos/ejemplo-jge1-2023/"


def test_with_a_site_url_the_atom_feed_links_are_absolute(example_data):
    """Issue 29: the site-wide feed kept relative links while the per-cargo feeds were absolute."""
    import feedparser

    from generator.site import pages

    prepared = prepare(example_data)
    feed = pages.Renderer(prepared.portal, prepared.derived, prepared.findings, site_url="https://portal.ejemplo.mx/metas/").feed()
    parsed = feedparser.parse(feed)
    assert not parsed.bozo
    assert parsed.feed.link == "https://portal.ejemplo.mx/metas/"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == ["https://portal.ejemplo.mx/metas/feed.xml"]
    assert parsed.entries and all(e.link.startswith("https://portal.ejemplo.mx/metas/acuerdos/") for e in parsed.entries)
