"""publish and `portal build --site-dir`: never destroy what is not a site, never leave the site path empty."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import DATA, REPO
from generator import publish


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    """Each test's builds in a store of its own (the CLI's children inherit it)."""
    monkeypatch.setenv("PORTAL_BUILDS_DIR", str(tmp_path / "store"))


def run_build(site_dir: Path, *extra: str, cwd: Path = REPO, data: Path = DATA) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--data", str(data), "--site-dir", str(site_dir), *extra],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize("target", [".", "data", "docs", "site_src", ".."])
def test_a_site_dir_that_is_or_holds_the_project_is_refused(tmp_path, target):
    before = sorted(p.name for p in REPO.iterdir())
    result = run_build(REPO / target)
    assert result.returncode == 1
    assert "No se construyó el sitio" in result.stderr and "Elija otra con --site-dir" in result.stderr
    assert "Sitio construido" not in result.stdout
    assert sorted(p.name for p in REPO.iterdir()) == before and (REPO / ".git").exists()


def test_a_site_dir_inside_the_data_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(DATA), str(data)], check=True)
    result = run_build(data / "metas" / "sitio", data=data)
    assert result.returncode == 1 and "está dentro de la carpeta de datos" in result.stderr
    assert not (data / "metas" / "sitio").exists()


def test_a_folder_with_other_files_is_not_replaced(tmp_path):
    folder = tmp_path / "notas"
    folder.mkdir()
    (folder / "importante.txt").write_text("no borrar", encoding="utf-8")
    result = run_build(folder)
    assert result.returncode == 1 and "no es un sitio construido por el portal" in result.stderr
    assert (folder / "importante.txt").read_text(encoding="utf-8") == "no borrar"


def test_a_site_is_a_link_to_its_build_and_a_rebuild_replaces_it(tmp_path):
    site = tmp_path / "web" / "site"
    assert run_build(site).returncode == 0
    first = site.resolve()
    assert site.is_symlink() and (site / "index.html").is_file() and (site / publish.MARKER).is_file()
    assert not first.is_relative_to(site.parent)  # the builds live outside the web root's folder
    assert run_build(site).returncode == 0
    assert site.resolve() != first and not first.exists()  # the old build is gone
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # nothing else next to the site


def test_the_site_path_never_goes_missing_during_a_rebuild(tmp_path):
    site = tmp_path / "site"
    assert run_build(site).returncode == 0
    missing = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            if not (site / "index.html").is_file():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert run_build(site).returncode == 0
    finally:
        stop.set()
        watcher.join()
    assert missing == []


def test_a_second_build_of_the_same_site_is_refused_while_one_runs(tmp_path):
    site = tmp_path / "site"
    store = publish.store_for(site)
    with publish._locked(store):
        result = run_build(site)
    assert result.returncode == 1 and "otra construcción de este mismo sitio está en curso" in result.stderr
    assert not site.exists()


def test_a_killed_build_leaves_no_process_and_the_next_build_cleans_up(tmp_path):
    site = tmp_path / "site"
    assert run_build(site).returncode == 0
    live = site.resolve()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--data", str(DATA), "--site-dir", str(site)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    store = publish.store_for(site)
    deadline = time.monotonic() + 60
    children: list[str] = []
    while time.monotonic() < deadline and not children and process.poll() is None:  # mid-build: the downloads child runs
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        time.sleep(0.02)
    assert children, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.5)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
    assert alive == []  # the downloads child and Pagefind died with it
    assert site.resolve() == live and (site / "index.html").is_file()  # the site it was replacing still serves
    assert run_build(site).returncode == 0
    assert sorted(p.name for p in store.iterdir() if p.is_dir()) == [site.resolve().name]  # the half-made build was removed


def test_check_site_dir_accepts_a_new_or_an_empty_folder(tmp_path):
    publish.check_site_dir(tmp_path / "nuevo", {"la carpeta de datos": DATA})
    (tmp_path / "vacia").mkdir()
    publish.check_site_dir(tmp_path / "vacia", {"la carpeta de datos": DATA})


def test_portal_build_works_from_any_folder(tmp_path):
    result = run_build(tmp_path / "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_portal_build_without_a_configuration_says_so(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(DATA), str(data)], check=True)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--data", str(data)], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "Indíquela con --config" in result.stderr and "Traceback" not in result.stderr
