"""The configuration the CLI finds: data limits set in the plugin's configuration take effect."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

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
    assert "metas/INE-JGE100-2023.csv" in result.stderr and "2" in result.stderr
    assert portal("validate", "--data", "data", cwd=project(tmp_path / "sin", {})).returncode == 0


def test_an_unknown_limit_is_a_message(tmp_path):
    root = project(tmp_path, {"max_filas": 10})
    result = portal("validate", "--data", "data", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "límites desconocidos en la configuración del portal: max_filas" in result.stderr
