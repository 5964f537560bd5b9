"""changes: what a build changes against the published site, said before it is replaced."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, with_example
from generator.model import pipeline
from generator.site import changes


def test_compare_names_what_was_added_removed_and_modified():
    before = {("A/1/2023", "X-1"): {"descripcion": "uno", "estado": "vigente"}, ("A/1/2023", "X-2"): {"descripcion": "dos"}}
    after = {("A/1/2023", "X-1"): {"descripcion": "uno", "estado": "cancelada"}, ("B/2/2023", "Y-1"): {"descripcion": "tres"}}
    found = changes.compare(before, after)
    assert found.acuerdos_added == ["B/2/2023"] and found.acuerdos_removed == []
    assert found.added == [("B/2/2023", "Y-1")] and found.removed == [("A/1/2023", "X-2")]
    assert found.modified == {("A/1/2023", "X-1"): ["estado"]}
    lines = changes.describe(found)
    assert "  metas agregadas (1): Y-1 (B/2/2023)" in lines and "  metas retiradas (1): X-2 (A/1/2023)" in lines
    assert changes.describe(changes.compare(before, before)) == ["Sin cambios en las metas respecto del sitio publicado."]


def test_validate_against_a_site_says_what_the_new_data_would_change(site, tmp_path):
    data = with_example(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--data", str(data), "--against", str(site)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "acuerdos agregados (2): EJEMPLO/JGE2/2021, EJEMPLO/JGE1/2023" in result.stdout  # the earlier period and the amendment
    assert "verificacion_" not in result.stdout  # derived from the periods, not changed by an acuerdo
    assert "DERFE-3 (INE/JGE186/2022: estado)" in result.stdout  # the example cancels it
    assert "DEOE-5 (INE/JGE186/2022: fecha_termino" in result.stdout


def test_the_published_record_and_the_new_portal_agree_when_nothing_changed(site):
    before = changes.published(site)
    assert before is not None
    assert changes.compare(before, changes.current(pipeline.prepare(REPO / "data").portal)).none


@pytest.mark.parametrize("record,said", [
    ('{"metas":[{}]}', "1 registro sin acuerdo o sin número de meta"),
    ('{"metas":[{"acuerdo":["x"],"numero_meta":{"a":1}}, 5, null]}', "3 registros sin acuerdo o sin número de meta"),
    ('{"metas":{}}', "no tiene la lista «metas»"),
    ('[1, 2]', "no tiene la lista «metas»"),
    ('{"metas":[', "no es JSON válido"),
    (b'\xff\xfe', "no se puede leer"),
])
def test_a_damaged_published_record_is_said_and_compared_over(tmp_path, record, said):
    (tmp_path / "datos").mkdir()
    path = tmp_path / "datos" / "metas.json"
    path.write_bytes(record if isinstance(record, bytes) else record.encode())
    before = changes.published(tmp_path)
    after = {("A/1/2023", "X-1"): {"descripcion": "uno", "entidades": ["Colima"]}}
    lines = changes.describe(changes.compare(before, after))
    assert any(line.startswith("Aviso: datos/metas.json del sitio publicado") and said in line for line in lines), lines
    assert "  metas agregadas (1): X-1 (A/1/2023)" in lines


def test_a_published_record_that_is_a_device_or_a_folder_is_not_read(tmp_path):
    (tmp_path / "datos").mkdir()
    (tmp_path / "datos" / "metas.json").symlink_to("/dev/zero")
    assert changes.published(tmp_path).damage == ["datos/metas.json del sitio publicado no es un archivo; se compara como si no publicara metas"]
    (tmp_path / "datos" / "metas.json").unlink()
    (tmp_path / "datos" / "metas.json").mkdir()
    assert changes.published(tmp_path).damage == ["datos/metas.json del sitio publicado no es un archivo; se compara como si no publicara metas"]


def test_a_published_meta_with_odd_values_is_compared_without_error(tmp_path):
    (tmp_path / "datos").mkdir()
    (tmp_path / "datos" / "metas.json").write_text('{"metas":[{"acuerdo":"A/1/2023","numero_meta":"X-1","descripcion":{"x":[1]},"entidades":"Colima"}]}')
    after = {"acuerdo": "A/1/2023", "numero_meta": "X-1", "descripcion": "uno", "entidades": ["Colima"]}
    found = changes.compare(changes.published(tmp_path), {("A/1/2023", "X-1"): after})
    assert found.modified == {("A/1/2023", "X-1"): ["descripcion", "entidades"]}
