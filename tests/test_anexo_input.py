"""The annex as input: an acuerdo whose `metas:` names INE's annex (PDF or Word) builds from its forms;
each meta's page links to the page of the PDF where its form starts and shows its scale as INE prints it."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from generator.input import anexo, load
from generator.input.anexo import read_anexo
from generator.model.pipeline import check

ANEXOS = Path(__file__).parent / "data" / "anexos"
YAML = """clave: INE/JGE999/2019
titulo: Acuerdo ficticio de ejemplo por el que se aprueban metas leídas de su anexo
organo: Junta General Ejecutiva
fecha_aprobacion: 2019-08-26
sistema: INE
periodo_inicio: 2019-09-01
periodo_fin: 2021-08-31
tipo: aprobacion
metas: metas/{anexo}
datos_ilustrativos: true
acuerdo_ilustrativo: true
"""


def data_with(tmp_path: Path, annex: str) -> Path:
    data = tmp_path / "data"
    for folder in ("acuerdos", "metas", "catalogos"):
        (data / folder).mkdir(parents=True)
    shutil.copy(REPO / "data" / "catalogos" / "areas.csv", data / "catalogos")
    name = f"anexo{Path(annex).suffix}"
    shutil.copy(ANEXOS / annex, data / "metas" / name)
    (data / "acuerdos" / "INE-JGE999-2019.yml").write_text(YAML.format(anexo=name), encoding="utf-8")
    return data


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))


def build(data: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "build", "--data", str(data), "--site-dir", str(site)],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_an_acuerdo_whose_annex_is_a_pdf_builds_and_each_meta_links_to_its_form(tmp_path):
    data = data_with(tmp_path, "anexo-2019-2020.pdf")
    site = tmp_path / "site"
    result = build(data, site)
    assert result.returncode == 0, result.stdout + result.stderr
    published = site / "acuerdos" / "ine-jge999-2019" / "anexo.pdf"
    assert published.read_bytes() == (ANEXOS / "anexo-2019-2020.pdf").read_bytes()
    acuerdo_page = (site / "acuerdos" / "ine-jge999-2019" / "index.html").read_text(encoding="utf-8")
    assert 'href="anexo.pdf"' in acuerdo_page and "el anexo tal como se publicó (PDF, ilustrativo)" in acuerdo_page
    starts = {form.row["numero_meta"]: form.location.page for form in read_anexo(ANEXOS / "anexo-2019-2020.pdf").forms}
    expected = list(csv.DictReader((ANEXOS / "anexo-2019-2020.csv").open(encoding="utf-8")))
    assert len(starts) == len(expected)
    for row in expected:
        slug = re.sub(r"[^a-z0-9]+", "-", row["numero_meta"].lower()).strip("-")
        page = (site / "metas" / "ine-jge999-2019" / slug / "index.html").read_text(encoding="utf-8")
        link = re.search(r'<dt data-pagefind-ignore>Fuente oficial</dt><dd[^>]*><a href="([^"]+)">([^<]+)</a>', page)
        assert link, row["numero_meta"]
        assert link.group(1) == f"../../../acuerdos/ine-jge999-2019/anexo.pdf#page={starts[row['numero_meta']]}"
        assert link.group(2) == f"Su formulario en la página {starts[row['numero_meta']]} del anexo publicado (PDF)"
        scale = re.search(r'<table class="tabla escala">(.*?)</table>', page, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", scale, re.S)]
        assert cells[:5] == ["Atributo", "Ponderación", "Nivel alto", "Nivel medio", "Nivel bajo"]
        assert cells[5:10] == ["Oportunidad", f"{row['ponderacion_oportunidad']} %", row["oportunidad_alto"], row["oportunidad_medio"], row["oportunidad_bajo"]]
        assert cells[10:15] == ["Calidad", f"{row['ponderacion_calidad']} %", row["calidad_alto"], row["calidad_medio"], row["calidad_bajo"]]
        assert "Ponderación de oportunidad" not in page  # the scale's fields in its table, not listed again


def test_a_word_annex_of_2020_2021_builds_and_its_objetivo_is_labelled_as_the_description(tmp_path):
    data = data_with(tmp_path, "anexo-2020-2021.docx")
    (data / "acuerdos" / "INE-JGE999-2019.yml").write_text(YAML.format(anexo="anexo.docx").replace("sistema: INE", "sistema: OPLE"), encoding="utf-8")
    site = tmp_path / "site"
    result = build(data, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "acuerdos" / "ine-jge999-2019" / "anexo.docx").is_file()
    page = (site / "metas" / "ine-jge999-2019" / "deceyec-1" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Objetivo</strong> (el anexo no trae una descripción de la meta: la describe su objetivo)" in page
    assert "<dt data-pagefind-ignore>Objetivo</dt>" not in page  # said once
    assert "El anexo publicado (DOCX)" in page  # a Word file has no pages to point at


def test_findings_on_an_annex_row_name_the_page_the_meta_and_the_label(tmp_path):
    data = data_with(tmp_path, "anexo-2019-2020.pdf")
    (data / "acuerdos" / "INE-JGE999-2019.yml").write_text(YAML.format(anexo="anexo.pdf").replace("periodo_fin: 2021-08-31", "periodo_fin: 2019-12-31"), encoding="utf-8")
    _prepared, findings = check(data)
    late = [f for f in findings if f.code == "vigencia_fuera_de_periodo"]
    assert late
    text = late[0].describe()
    assert text.startswith("Observación: data/metas/anexo.pdf, página ") and ", meta " in text, text


def test_the_annex_is_read_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    data = data_with(tmp_path, "anexo-2019-2020.pdf")
    first, _ = check(data)
    assert first is not None and len(list((tmp_path / "cache" / "anexos").glob("*.json"))) == 1

    def not_again(*args, **kwargs):
        raise AssertionError("the annex was read again")

    monkeypatch.setattr(anexo, "read_anexo_bytes", not_again)
    second, _ = check(data)
    assert second.portal.metas == first.portal.metas
    (data / "metas" / "anexo.pdf").write_bytes((ANEXOS / "anexo-2020-2021.pdf").read_bytes())  # another annex: read anew
    with pytest.raises(AssertionError, match="read again"):
        check(data)


def test_a_damaged_cache_entry_is_read_again_from_the_annex(tmp_path):
    data = data_with(tmp_path, "anexo-2019-2020.pdf")
    first, _ = check(data)
    [entry] = (tmp_path / "cache" / "anexos").glob("*.json")
    entry.write_text('{"forms": [', encoding="utf-8")
    second, _ = check(data)
    assert second.portal.metas == first.portal.metas


def test_an_annex_over_the_page_limit_is_one_error(tmp_path):
    data = data_with(tmp_path, "anexo-2019-2020.pdf")
    prepared, findings = check(data, load.Limits(max_anexo_pages=3))
    assert prepared is None
    [error] = [f for f in findings if f.code == "anexo_ilegible"]
    assert error.file == "data/metas/anexo.pdf" and "3" in error.message


def test_a_table_named_by_its_acuerdo_may_leave_out_the_acuerdo_column(tmp_path):
    """INE's annexes carry no «acuerdo» column: the YAML that names the table says whose rows they are."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "valid", data, ignore=shutil.ignore_patterns("formatos"))
    table = data / "metas" / "INE-JGE100-2023.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([row[1:] for row in rows])
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    assert {m.acuerdo for m in prepared.portal.metas} == {"INE/JGE100/2023"} and len(prepared.portal.metas) == 4


def test_the_whole_path_synth_writes_an_annex_as_ine_does_and_the_build_reads_it_back_illustrative(tmp_path):
    """README's path on invented data: portal synth --out anexo.docx → the acuerdo names it → every meta illustrative."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    yml = data / "acuerdos" / "INE-JGE186-2022.yml"
    written = subprocess.run([sys.executable, "-m", "generator.cli", "synth", "--acuerdo", str(yml), "--out", str(data / "metas" / "anexo.docx")],
                             cwd=REPO, capture_output=True, text=True)
    assert written.returncode == 0, written.stderr
    (data / "metas" / "INE-JGE186-2022.csv").unlink()
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("metas: metas/INE-JGE186-2022.csv", "metas: metas/anexo.docx").replace("datos_ilustrativos: true", "datos_ilustrativos: false"), encoding="utf-8")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings if f.severity == "error"]
    metas = [m for m in prepared.portal.metas if m.acuerdo == "INE/JGE186/2022"]
    assert len(metas) == 103 and all(m.datos_ilustrativos for m in metas)  # the annex says so, whatever the YAML says
    assert any(f.code == "ilustrativo_discrepante" for f in findings)
    table = list(csv.DictReader((REPO / "data" / "metas" / "INE-JGE186-2022.csv").open(encoding="utf-8")))
    assert [m.numero for m in metas] == [row["numero_meta"] for row in table]
    assert all(m.fields["oportunidad_alto"] == row["oportunidad_alto"] for m, row in zip(metas, table))
