"""The configuration the CLI finds: data limits set in the plugin's configuration take effect."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, children_mid_build

VALID = Path(__file__).parent / "data" / "valid"


def project(tmp_path: Path, limits: dict) -> Path:
    """A project folder: the repository's configuration with `limits`, and the valid test data."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "site_src")
    config["theme"]["custom_dir"] = str(REPO / "site_src" / "overrides")
    config["plugins"] = [{"portal": {"data_dir": "data", "limits": limits}}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(VALID, tmp_path / "data")
    return tmp_path


def portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})


def test_a_row_limit_set_in_the_configuration_is_applied(tmp_path):
    root = project(tmp_path, {"max_rows": 2})
    result = portal("validate", "--data", "data", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "metas/INE-JGE100-2023.csv" in result.stdout and "2" in result.stdout
    assert portal("validate", "--data", "data", cwd=project(tmp_path / "sin", {})).returncode == 0


def test_an_unknown_limit_is_a_message(tmp_path):
    root = project(tmp_path, {"max_filas": 10})
    result = portal("validate", "--data", "data", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "límites desconocidos en la configuración del portal: max_filas" in result.stderr


HOOK = "import pathlib\npathlib.Path({out!r}).write_text('ejecutado')\n"


def hostile_data(tmp_path: Path, where: str) -> tuple[Path, Path]:
    """A data folder whose `where` (relative to it) holds a configuration with a hook that leaves a mark."""
    data = tmp_path / "datos"
    shutil.copytree(VALID, data)
    mark = tmp_path / "marca.txt"
    config = data / where
    config.parent.mkdir(parents=True, exist_ok=True)
    (config.parent / "hook.py").write_text(HOOK.format(out=str(mark)), encoding="utf-8")
    config.write_text("site_name: x\ndocs_dir: /etc\nsite_dir: /tmp/fuera\nhooks: [hook.py]\nplugins:\n  - portal:\n      limits: {max_rows: 99999999}\n", encoding="utf-8")
    return data, mark


@pytest.mark.parametrize("where", ["mkdocs.yml", "metas/properdocs.yml", "documentos/MkDocs.yaml"])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_configuration_inside_the_data_folder_is_refused_and_never_run(tmp_path, where, command):
    """Issue 26: the data folder's mkdocs.yml became the site's configuration and its hooks ran."""
    data, mark = hostile_data(tmp_path, where)
    extra = ["--site-dir", str(tmp_path / "site")] if command == "build" else []
    result = portal(command, "--data", str(data), *extra, cwd=REPO)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "contiene el archivo" in result.stderr and where.split("/")[-1] in result.stderr
    assert "los datos no configuran ni ejecutan nada" in result.stderr
    assert not mark.exists() and not (tmp_path / "site").exists()


def test_the_configuration_is_not_looked_for_above_the_data_folder(tmp_path):
    """A mkdocs.yml beside the data (not the project's) is never read: the project's, from the current folder, is."""
    (tmp_path / "proyecto").mkdir()
    data = tmp_path / "proyecto" / "datos"
    shutil.copytree(VALID, data)
    mark = tmp_path / "marca.txt"
    (tmp_path / "proyecto" / "hook.py").write_text(HOOK.format(out=str(mark)), encoding="utf-8")
    (tmp_path / "proyecto" / "mkdocs.yml").write_text("site_name: x\nhooks: [hook.py]\n", encoding="utf-8")
    result = portal("validate", "--data", str(data), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert not mark.exists()


def test_a_configuration_given_with_config_inside_the_data_folder_is_refused(tmp_path):
    data, mark = hostile_data(tmp_path, "mkdocs.yml")
    result = portal("build", "--data", str(data), "--config", str(data / "mkdocs.yml"), "--site-dir", str(tmp_path / "site"), cwd=REPO)
    assert result.returncode == 1 and "No se construyó el sitio" in result.stderr and not mark.exists()


def test_ctrl_c_says_what_happened_without_a_traceback(tmp_path):
    import signal

    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--data", str(REPO / "data"), "--site-dir", str(tmp_path / "site")],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    assert children_mid_build(process), "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err
    assert "Interrumpido" in err
    assert not (tmp_path / "site").exists()
