"""`portal` as people run it: messages, exit codes, and a build that never publishes half a site."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_site
from generator.site import pages
from generator import cli

VALID = Path(__file__).parent / "data" / "valid"
SEED = REPO / "data" / "documentos" / "INE-JGE186-2022.md"


def portal(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=REPO, capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def broken_copy(tmp_path: Path) -> Path:
    data = tmp_path / "broken"
    shutil.copytree(VALID, data)
    table = data / "metas" / "INE-JGE100-2023.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",individual,DEOE,", ",grupal,DEOE,", 1).replace("2024-05-31", "31/02/2024"), encoding="utf-8")
    return data


def test_validate_names_file_row_column_and_value_and_exits_1(tmp_path):
    result = portal("validate", "--data", str(broken_copy(tmp_path)))
    assert result.returncode == 1
    assert "broken/metas/INE-JGE100-2023.csv, fila 2, columna «tipo»: valor «grupal»" in result.stdout
    assert "broken/metas/INE-JGE100-2023.csv, fila 3, columna «fecha_termino»: valor «31/02/2024»" in result.stdout
    assert result.stdout.rstrip().endswith("2 error(es), 0 observación(es).")  # `portal validate | less` shows it all
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr


def test_validate_strict_fails_on_observaciones(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("metas: 4,", "metas: 5,"), encoding="utf-8")
    assert portal("validate", "--data", str(data)).returncode == 0
    strict = portal("validate", "--data", str(data), "--strict")
    assert strict.returncode == 1 and "conciliacion_totales" in strict.stdout


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path):
    site = tmp_path / "site"
    assert build_site(VALID, site).returncode == 0
    before = snapshot(site)
    result = build_site(broken_copy(tmp_path), site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "el sitio anterior queda intacto" in result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "site"]


def test_an_exception_while_rendering_leaves_the_previous_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert build_site(VALID, site).returncode == 0
    before = snapshot(site)

    def explode(*args, **kwargs):
        raise RuntimeError("fallo forzado al renderizar")

    monkeypatch.setattr(pages.Renderer, "render_all", explode)
    monkeypatch.chdir(REPO)
    with pytest.raises(RuntimeError):
        cli.main(["build", "--data", str(VALID), "--site-dir", str(site)])
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_extract_acuerdo_prints_the_seed_metadata_as_yaml():
    result = portal("extract-acuerdo", str(SEED))
    assert result.returncode == 0, result.stderr
    values = yaml.safe_load(result.stdout)
    assert values["clave"] == "INE/JGE186/2022"
    assert str(values["fecha_aprobacion"]) == "2022-09-28"
    assert values["totales"] == {"metas": 103, "individuales": 77, "colectivas": 26}
    assert len(values["cuadro"]) == 7
    assert result.stderr == ""


def test_extract_acuerdo_reports_what_it_cannot_find(tmp_path):
    text = tmp_path / "acuerdo.md"
    text.write_text("**INE/JGE1/2024**\n\nUn texto sin fechas ni cuadro.\n", encoding="utf-8")
    result = portal("extract-acuerdo", str(text))
    assert result.returncode == 0
    assert yaml.safe_load(result.stdout) == {"clave": "INE/JGE1/2024"}
    assert "No se encontró en el texto: fecha_aprobacion" in result.stderr


def test_with_portal_timings_a_build_prints_each_step_s_time(tmp_path):
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PORTAL_TIMINGS": "1"}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--data", str(VALID), "--site-dir", str(tmp_path / "site")], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "Observación: El catálogo data.json no se puede cosechar (datos.gob.mx) hasta que se indique" in result.stdout  # no publisher set
    steps = dict(line.rsplit(": ", 1) for line in result.stderr.splitlines() if line.endswith(" s") and ": " in line)
    assert {"load", "validate", "model", "derive", "render", "exports", "search index"} <= set(steps)
    assert all(float(value.removesuffix(" s")) >= 0 for value in steps.values())
    quiet = build_site(VALID, tmp_path / "otro")  # without the variable, no timings
    assert "render:" not in quiet.stderr


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["synth"], ["extract-acuerdo"]])
def test_help_is_in_spanish_and_every_option_is_described(command):
    result = portal(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("uso: portal") and "opciones:" in result.stdout
    for english in ("usage", "options:", "show this help", "positional arguments"):
        assert english not in result.stdout
    options = re.findall(r"^  (--[a-z-]+)(.*)$", result.stdout, flags=re.M)
    assert all(rest.strip() for _name, rest in options if not rest.strip().isupper()), options  # a description beside each


def test_a_wrong_argument_is_said_in_spanish():
    result = portal("synth", "--metas", "muchas", "--out", "x")
    assert result.returncode == 2 and "argumento --metas: «muchas» no es un número entero" in result.stderr
    assert "invalid" not in result.stderr


def test_build_with_a_missing_data_folder_says_the_data_folder_is_missing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "No existe la carpeta de datos" in result.stderr and "--config" not in result.stderr


@pytest.mark.parametrize("args, says", [
    (["synth", "--metas", "5", "--out", "/etc/passwd"], "No se pudieron crear los datos: «/etc/passwd» ya existe y no es una carpeta"),
    (["extract-acuerdo", "/dev/zero"], "No se pudo leer /dev/zero: no es un archivo de texto sino un dispositivo"),
])
def test_a_wrong_file_given_on_the_command_line_is_said_without_a_traceback(args, says):
    """Issue 26, item 14: these ended in tracebacks (or, /dev/zero, read until the kernel killed the process)."""
    result = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1 and says in result.stderr and "Traceback" not in result.stderr


def test_synth_with_resultados_writes_an_earlier_period_and_its_results(tmp_path):
    result = portal("synth", "--metas", "60", "--out", str(tmp_path / "datos"), "--resultados")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "datos" / "resultados").iterdir())
    assert portal("validate", "--data", str(tmp_path / "datos")).returncode == 0
