"""The built demonstration site: the pages the issue names, their facts, links and notices."""

from __future__ import annotations

import csv
import pytest

from sitecheck import pages, parse, resolve
from conftest import DATA

AREAS_OF_CUADRO_1 = ["dea", "deceyec", "deoe", "deppp", "derfe", "utvopl", "vel"]


def demo_rows(name="INE-JGE186-2022.csv"):
    with open(DATA / "metas" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_pages_the_foundation_promises(site):
    assert sorted(p.name for p in (site / "areas").iterdir() if p.is_dir()) == AREAS_OF_CUADRO_1
    assert len(list((site / "metas" / "ine-jge186-2022").glob("*/index.html"))) == 103
    acuerdos = sorted(p.name for p in (site / "acuerdos").iterdir() if p.is_dir())
    assert acuerdos == ["ine-jge177-2022", "ine-jge186-2022"]  # only acuerdos that exist (the invented amendment is in examples/)
    rows = demo_rows()
    cargos = {c.strip() for row in rows for c in row["cargos_puestos"].split(";") if c.strip()}
    assert len([p for p in (site / "cargos").iterdir() if p.is_dir()]) == len(cargos)
    for section in ("acuerdos", "areas", "cargos", "explorador", "datos", "buscar"):
        assert (site / section / "index.html").exists()


def test_the_acuerdo_page_shows_every_fact_of_the_seed(site):
    page = parse(site / "acuerdos" / "ine-jge186-2022" / "index.html")
    text = page.visible_text
    for fact in [
        "INE/JGE186/2022", "POR EL QUE SE APRUEBA EL SEGUNDO BLOQUE DE METAS", "Junta General Ejecutiva",
        "28 de septiembre de 2022", "Extraordinaria", "Unanimidad", "Sistema del Instituto Nacional Electoral",
        "1 de septiembre de 2022 al 31 de agosto de 2023", "2.º bloque", "sesión ordinaria del 14 de septiembre de 2022",
        "INE/CG162/2020", "INE/CG23/2022", "INE/CG691/2020", "INE/JGE174/2022", "INE/JGE177/2022",
        "103 metas", "77 individuales", "26 colectivas",
        "El anexo concilia con el acuerdo", "103 metas declaradas = 103 metas en el anexo",
    ]:
        assert fact in text, fact
    cuadro = text.split("como las declara el acuerdo", 1)[1]
    for row in ["DECEYEC 5 3 4 12", "DEOE 36 6 4 5 51", "DEPPP 3 1 4", "DERFE 19 10 29", "DEA 1 1 2", "VEL 2 2", "UTVOPL 1 1 1 3", "Totales 64 19 13 7 103"]:
        assert row in cuadro, row
    assert "No coincide" not in text


def test_the_first_block_says_its_annex_is_not_available(site):
    text = parse(site / "acuerdos" / "ine-jge177-2022" / "index.html").visible_text
    assert "31 de agosto de 2022" in text and "198 metas" in text and "164 individuales" in text and "34 colectivas" in text
    assert "anexo de metas de este acuerdo no está disponible" in text


def links_to_a_meta(site, path, page) -> bool:
    targets = [resolve(site, path, href) for href in page.links]
    return any(t and t[0].is_relative_to(site / "metas") for t in targets)


def test_every_page_that_shows_illustrative_metas_says_so(site):
    checked = 0
    for path in pages(site):
        page = parse(path)
        if path.is_relative_to(site / "metas") or links_to_a_meta(site, path, page):
            checked += 1
            assert "no son el anexo oficial" in page.visible_text or "no es del anexo oficial" in page.visible_text, path
            assert "(datos ilustrativos)" in page.title, path
    assert checked >= 103 + 7
    for drawn_by_script in ("explorador", "buscar"):  # their metas come from JSON or the search index
        page = parse(site / drawn_by_script / "index.html")
        assert ("no son el anexo oficial" in page.visible_text or "no es del anexo oficial" in page.visible_text) and "(datos ilustrativos)" in page.title


def test_internal_links_and_anchors_resolve(site):
    ids = {}
    broken = []
    for path in pages(site):
        if path.name == "404.html":
            continue  # served from any address, so its links are root-absolute by design
        page = parse(path)
        ids[path] = page.ids
        for href in page.links + page.resources:
            target = resolve(site, path, href)
            if target is None:
                continue
            file, anchor = target
            if not file.exists():
                broken.append((path.relative_to(site), href))
            elif anchor and file.suffix == ".html":
                ids.setdefault(file, parse(file).ids)
                if anchor not in ids[file]:
                    broken.append((path.relative_to(site), href))
    assert broken == []


def test_pages_are_in_spanish_and_load_nothing_from_other_hosts(site):
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="es"' in html, path
        page = parse(path)
        assert [r for r in page.resources if r.startswith(("http:", "https:", "//"))] == [], path
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_meta_pages_stay_out_of_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "metas/ine-jge186-2022/deoe-1/" not in home.split('<div class="md-content"')[0]
    meta = (site / "metas" / "ine-jge186-2022" / "deoe-1" / "index.html").stat().st_size
    assert meta < 60_000


@pytest.mark.parametrize("numero", ["DEOE-1", "DERFE-29", "UTVOPL-3"])
def test_a_meta_page_shows_every_field_that_has_a_value(site, numero):
    row = next(r for r in demo_rows() if r["numero_meta"] == numero)
    text = parse(site / "metas" / "ine-jge186-2022" / numero.lower() / "index.html").visible_text
    for column, value in row.items():
        if value and column not in ("fecha_inicio", "fecha_termino", "tipo", "ambito"):
            for part in value.split("; "):
                assert part in text, (column, part)


def test_the_about_page_never_shows_configuration_keys_to_the_public(site):
    """Issue 29: «Acerca» said `publisher`, `contact`, `license_name` to visitors; those are for whoever builds."""
    from sitecheck import parse

    text = parse(site / "acerca" / "index.html").visible_text
    assert "no lo ha indicado todavía" in text and "no ha indicado una licencia" in text
    for key in ("publisher", "contact", "license_name", "license_title", "license_url", "configuración"):
        assert key not in text, key


def test_the_cargo_that_evaluates_a_meta_and_its_team_leader_link_to_their_pages(site):
    """Issue 29: «Puesto que evalúa» and «Líder de equipo» named a cargo without linking its page."""
    import re

    linked = 0
    for page in (site / "metas" / "ine-jge186-2022").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for title in ("Puesto que evalúa", "Líder de equipo"):
            field = re.search(rf"<dt data-pagefind-ignore>{title}</dt><dd[^>]*>(.*?)</dd>", html)
            if not field:
                continue
            link = re.match(r'<a href="([^"]+)">', field.group(1))
            if link:
                linked += 1
                assert (page.parent / link.group(1) / "index.html").resolve().is_file(), (page, link.group(1))
            else:  # no page for it: a cargo no meta of the portal applies to
                from generator.common.text import slugify

                assert not (site / "cargos" / slugify(re.sub(r"<[^>]+>", "", field.group(1)))).exists()
    assert linked > 50
