"""Text from the data is never markup: HTML, Markdown and template syntax are shown as written."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import build_site
from sitecheck import parse

VALID = Path(__file__).parent / "data" / "valid"
EVIL = {
    "descripcion": "<script>alert('x')</script> **negrita** _cursiva_ {{ 7*7 }} {% raw %} [enlace](https://ejemplo.org) &amp; <!-- c -->",
    "cargos_puestos": "Vocal <img src=x onerror=alert(1)> de {{ cargo }}",
    "lider_equipo": "# no es un título",
    "Nota <b>extra</b>": "| a | b |\n|---|---|\n| {% if true %}sí{% endif %} |",
}
EVIL_TITLE = "Acuerdo </title><script>alert('t')</script> {{ titulo }}"


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("evil")
    data = root / "data"
    shutil.copytree(VALID, data)
    table = data / "metas" / "INE-JGE100-2023.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[0].update(EVIL)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    text = yml.read_text(encoding="utf-8").replace("titulo: Acuerdo de prueba por el que se aprueban metas para la evaluación del desempeño", f'titulo: "{EVIL_TITLE}"')
    yml.write_text(text, encoding="utf-8")
    result = build_site(data, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_meta_page_shows_the_text_as_written(evil_site):
    path = evil_site / "metas" / "ine-jge100-2023" / "deoe-1" / "index.html"
    page = parse(path)
    text = page.visible_text
    for value in ("<script>alert('x')</script>", "**negrita**", "_cursiva_", "{{ 7*7 }}", "{% raw %}", "[enlace](https://ejemplo.org)", "&amp;", "<!-- c -->", "Vocal <img src=x onerror=alert(1)> de {{ cargo }}", "# no es un título", "Nota <b>extra</b>", "{% if true %}sí{% endif %}"):
        assert value in text, value
    assert not any("alert" in script for script in page.scripts)
    tags = {tag for tag, _ in page.tags}
    assert "img" not in tags
    assert not [a for t, a in page.tags if t == "a" and a.get("href") == "https://ejemplo.org"]
    html = path.read_text(encoding="utf-8")
    assert "<strong>negrita</strong>" not in html and "<em>cursiva</em>" not in html and "49" not in page.visible_text


@pytest.mark.parametrize("path", ["index.html", "acuerdos/ine-jge100-2023/index.html", "cargos/index.html", "areas/deoe/index.html"])
def test_listing_pages_escape_too(evil_site, path):
    page = parse(evil_site / path)
    assert not any("alert" in script for script in page.scripts), path
    assert "img" not in {tag for tag, _ in page.tags}, path


def test_titles_from_data_cannot_close_the_title_element(evil_site):
    html = (evil_site / "acuerdos" / "ine-jge100-2023" / "index.html").read_text(encoding="utf-8")
    page = parse(evil_site / "acuerdos" / "ine-jge100-2023" / "index.html")
    assert "</title><script>" not in html
    assert EVIL_TITLE in page.visible_text
    assert not any("alert" in script for script in page.scripts)
