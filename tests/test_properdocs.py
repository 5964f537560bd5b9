"""The builder seam: the sample site built with ProperDocs instead of MkDocs is the same site.

ProperDocs (a fork of MkDocs 1.6) lives in a venv of its own, `.venv-properdocs`, installed
from requirements/properdocs.txt with no MkDocs at all: Material and the portal's plugin run
there unchanged, found through the same entry point. Two comparisons, each with its MkDocs twin:

- `properdocs build -f mkdocs.yml` against `mkdocs build -f mkdocs.yml` (the builder's own command);
- `portal build` run on ProperDocs against `portal build` on MkDocs (the CLI's build).

The one difference allowed is the `<meta name="generator">` tag Material writes into every page,
which names the builder; the test checks it names ProperDocs there, so it cannot pass on MkDocs.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

VENV = REPO / ".venv-properdocs"
PROPERDOCS = VENV / "bin" / "properdocs"
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
# `portal build` with ProperDocs: what its adapter will do once it imports ProperDocs itself.
# Until then the fork's own alias (`properdocs.replacement`) answers the adapter's `mkdocs` imports.
PORTAL_ON_PROPERDOCS = "import sys, properdocs.replacement; from generator.cli import main; sys.exit(main(sys.argv[1:]))"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's notice under MkDocs
    env["DISABLE_MKDOCS_2_WARNING"] = "true"  # ProperDocs' notice, should a plugin ask for it
    return env


def _run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=REPO, capture_output=True, text=True, env=_env())


@pytest.fixture(scope="module")
def properdocs_venv() -> Path:
    """`.venv-properdocs`, brought up to date with the lock (`make properdocs-env`, a no-op when it is)."""
    required = os.environ.get("PORTAL_REQUIRE_PROPERDOCS") == "1"  # set by `make test`: no skipping there
    make = shutil.which("make")
    result = _run(make, "--no-print-directory", "properdocs-env") if make else None
    if result is None or result.returncode != 0 or not PROPERDOCS.exists():
        why = "no hay `make`" if result is None else (result.stdout + result.stderr)[-2000:]
        message = f"ProperDocs no se pudo instalar desde requirements/properdocs.txt: {why}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    return VENV


def _tree(root: Path) -> dict[str, bytes]:
    root = root.resolve()  # `portal build` may publish the site as a link to the folder it built
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _generators(tree: dict[str, bytes]) -> set[bytes]:
    return {tag for content in tree.values() for tag in GENERATOR_TAG.findall(content)}


def _differences(mkdocs: dict[str, bytes], properdocs: dict[str, bytes]) -> list[str]:
    """Every file that is not the same, with where: the generator tag set aside."""
    found = [f"solo con MkDocs: {name}" for name in sorted(mkdocs.keys() - properdocs.keys())]
    found += [f"solo con ProperDocs: {name}" for name in sorted(properdocs.keys() - mkdocs.keys())]
    for name in sorted(mkdocs.keys() & properdocs.keys()):
        ours, theirs = (GENERATOR_TAG.sub(b"", tree[name]) for tree in (mkdocs, properdocs))
        if ours != theirs:
            try:
                diff = difflib.unified_diff(ours.decode().splitlines(), theirs.decode().splitlines(), "mkdocs", "properdocs", n=0, lineterm="")
                found.append(f"distinto: {name}\n" + "\n".join(list(diff)[:8]))
            except UnicodeDecodeError:
                found.append(f"distinto (binario): {name}, {len(ours)} frente a {len(theirs)} bytes")
    return found


def _assert_same_site(mkdocs_dir: Path, properdocs_dir: Path) -> None:
    mkdocs, properdocs = _tree(mkdocs_dir), _tree(properdocs_dir)
    assert sum(name.endswith(".html") for name in mkdocs) > 100, "el sitio de muestra tiene una página por meta"
    # The only difference allowed: Material names the builder in every page.
    assert all(tag.startswith(b"mkdocs-1.") for tag in _generators(mkdocs)), _generators(mkdocs)
    assert {tag.split(b",")[0] for tag in _generators(properdocs)} == {b"mkdocs-ProperDocs 1.6.7"}, _generators(properdocs)
    differences = _differences(mkdocs, properdocs)
    assert not differences, f"{len(differences)} archivos difieren entre MkDocs y ProperDocs:\n" + "\n".join(differences)


def test_properdocs_runs_without_mkdocs_and_finds_the_plugin_by_its_entry_point(properdocs_venv):
    """No MkDocs installed beside ProperDocs; `portal` resolves to the class pyproject.toml names."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    probe = _run(
        properdocs_venv / "bin" / "python", "-c",
        "import importlib.util, json; no_mkdocs = importlib.util.find_spec('mkdocs') is None;"
        "import properdocs.replacement;"  # what `properdocs` does first: `mkdocs.*` imports answered by ProperDocs
        "from properdocs.plugins import get_plugins; ep = get_plugins()['portal'];"
        "print(json.dumps([no_mkdocs, ep.group, ep.value, ep.load().__name__]))",
    )
    assert probe.returncode == 0, probe.stderr
    no_mkdocs, group, value, name = __import__("json").loads(probe.stdout)
    assert no_mkdocs, "la venv de ProperDocs no debe tener MkDocs: Material tiene que correr sin él"
    assert declared[group]["portal"] == value
    assert name == "PortalPlugin"


def test_properdocs_build_gives_the_same_site_as_mkdocs_build(properdocs_venv, tmp_path):
    mkdocs = _run(Path(sys.executable).with_name("mkdocs"), "build", "-f", "mkdocs.yml", "-d", tmp_path / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.stderr
    properdocs = _run(PROPERDOCS, "build", "-f", "mkdocs.yml", "-d", tmp_path / "properdocs")
    assert properdocs.returncode == 0, properdocs.stderr
    assert "ERROR" not in properdocs.stderr and "WARNING" not in properdocs.stderr, properdocs.stderr
    _assert_same_site(tmp_path / "mkdocs", tmp_path / "properdocs")


def test_portal_build_on_properdocs_gives_the_same_site(properdocs_venv, site, tmp_path):
    """`portal build --data data --site-dir X`, the CLI's build, on each builder."""
    result = _run(properdocs_venv / "bin" / "python", "-c", PORTAL_ON_PROPERDOCS, "build", "--data", "data", "--site-dir", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    _assert_same_site(site, tmp_path / "site")
