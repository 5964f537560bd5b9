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

from conftest import DATA, REPO, children_mid_build
from generator.build import publish


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


def test_a_site_dir_inside_the_site_sources_is_refused(tmp_path):
    """Issue 26: `--site-dir site_src/x` republished the previous site inside each new one."""
    result = run_build(REPO / "site_src" / "x")
    assert result.returncode == 1 and "está dentro de la carpeta de las fuentes del sitio" in result.stderr
    assert not (REPO / "site_src" / "x").exists()


@pytest.mark.parametrize("address", ['https://x.example/"><script>alert(1)</script>', "javascript:alert(1)//", "https://x.example/a b/", "ftp://x.example/", "https://x.example/?a=1", "https:///sin-servidor/"])
def test_a_site_url_that_is_not_an_address_is_refused_before_anything_is_built(tmp_path, address):
    result = run_build(tmp_path / "site", "--site-url", address)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("No se construyó el sitio: la dirección del sitio (--site-url)")
    assert not (tmp_path / "site").exists()


def test_a_folder_with_other_files_is_not_replaced(tmp_path):
    folder = tmp_path / "notas"
    folder.mkdir()
    (folder / "importante.txt").write_text("no borrar", encoding="utf-8")
    result = run_build(folder)
    assert result.returncode == 1 and "no es un sitio construido por el portal" in result.stderr
    assert (folder / "importante.txt").read_text(encoding="utf-8") == "no borrar"


def test_a_site_is_a_real_folder_and_a_rebuild_replaces_it(tmp_path):
    site = tmp_path / "web" / "site"
    assert run_build(site).returncode == 0
    assert site.is_dir() and not site.is_symlink() and (site / "index.html").is_file() and (site / publish.MARKER).is_file()
    (site / "viejo.txt").write_text("de la construcción anterior", encoding="utf-8")
    assert run_build(site).returncode == 0
    assert not (site / "viejo.txt").exists()  # the new site replaced the old one whole
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no build, no old copy beside it


@pytest.mark.parametrize("move", ["cp -r", "mv"])
def test_a_copied_or_moved_site_works(tmp_path, move):
    """`cp -r site /media/usb/` (the offline copy) and GitLab's `mv site public` get files, not a link."""
    site = tmp_path / "site"
    assert run_build(site).returncode == 0
    subprocess.run([*move.split(), str(site), str(tmp_path / "public")], check=True)
    public = tmp_path / "public"
    links = [p for p in public.rglob("*") if p.is_symlink()]
    assert links == [] and "<!doctype html>" in (public / "index.html").read_text(encoding="utf-8")
    assert (public / "acuerdos" / "ine-jge186-2022" / "index.html").is_file()


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


@pytest.mark.parametrize("spelling", ["{tmp}/site", "{tmp}/otra/../site", "{tmp}/./site"])
def test_a_second_build_of_the_same_site_is_refused_while_one_runs_however_it_is_spelled(tmp_path, spelling):
    with publish._locked(tmp_path / ".site.lock"):
        result = run_build(Path(spelling.format(tmp=tmp_path)))
    assert result.returncode == 1 and "otra construcción de este mismo sitio está en curso" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_killed_build_leaves_no_process_and_the_next_build_cleans_up(tmp_path):
    site = tmp_path / "site"
    assert run_build(site).returncode == 0
    index = (site / "index.html").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--data", str(DATA), "--site-dir", str(site)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    children = children_mid_build(process)
    assert children, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.5)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
    assert alive == []  # the downloads child and Pagefind died with it
    assert (site / "index.html").read_bytes() == index  # the site it was replacing still serves
    assert run_build(site).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the half-made build was removed


def _small_site(text: str):
    def build(folder: Path) -> None:
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    return build


def test_an_interrupt_right_after_the_exchange_leaves_the_new_site(tmp_path, monkeypatch):
    """Issue 26: an exception after the swap once deleted the live site."""
    site = tmp_path / "site"
    publish.publish(site, _small_site("uno"))
    exchange = publish._exchange

    def exchange_then_interrupt(a, b):
        assert exchange(a, b)
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_exchange", exchange_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(site, _small_site("dos"))
    assert (site / "index.html").read_text(encoding="utf-8") == "dos"
    monkeypatch.undo()
    publish.publish(site, _small_site("tres"))  # the next build removes the old copy left beside it
    assert (site / "index.html").read_text(encoding="utf-8") == "tres"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_ctrl_c_during_the_swap_acts_once_the_new_site_is_in_place(tmp_path, monkeypatch):
    """The two renames of the fallback, with a real SIGINT between them: it waits until both are done, also with
    another thread running (the kernel may give the signal to that thread)."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    site = tmp_path / "site"
    publish.publish(site, _small_site("uno"))
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    rename = os.rename
    seen = []

    def rename_and_signal(a, b):
        rename(a, b)
        seen.append((Path(b).name, site.exists()))
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(publish.os, "rename", rename_and_signal)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(site, _small_site("dos"))
    assert seen[0][1] is False and seen[1] == ("site", True)  # the signal came while the path was missing…
    assert (site / "index.html").read_text(encoding="utf-8") == "dos"  # …and acted only after
    stop.set()


def test_a_build_killed_between_the_two_renames_is_mended_by_the_next(tmp_path):
    site = tmp_path / "site"
    publish.publish(site, _small_site("uno"))
    site.rename(tmp_path / ".site.anterior-4242")  # as SIGKILL would leave it, where signals cannot wait
    (tmp_path / ".site.nuevo-4242").mkdir()
    with pytest.raises(RuntimeError):
        publish.publish(site, _failing_after_checking(site))
    assert (site / "index.html").read_text(encoding="utf-8") == "uno"  # the old site put back before building
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _failing_after_checking(site: Path):
    def build(folder: Path) -> None:
        assert (site / "index.html").read_text(encoding="utf-8") == "uno"
        folder.mkdir()
        raise RuntimeError("fallo del constructor")
    return build


def test_a_site_published_as_a_link_by_an_earlier_version_becomes_a_folder(tmp_path):
    old_build = tmp_path / "cache" / "build-1"
    old_build.mkdir(parents=True)
    (old_build / publish.MARKER).write_text("", encoding="utf-8")
    site = tmp_path / "web" / "site"
    site.parent.mkdir()
    site.symlink_to(old_build, target_is_directory=True)
    publish.check_site_dir(site, {})
    publish.publish(site, _small_site("nuevo"))
    assert site.is_dir() and not site.is_symlink() and (site / "index.html").read_text(encoding="utf-8") == "nuevo"
    assert not old_build.exists()


def test_check_site_dir_accepts_a_new_or_an_empty_folder(tmp_path):
    publish.check_site_dir(tmp_path / "nuevo", {"la carpeta de datos": DATA})
    (tmp_path / "vacia").mkdir()
    publish.check_site_dir(tmp_path / "vacia", {"la carpeta de datos": DATA})


def test_portal_build_works_from_any_folder_given_the_configuration(tmp_path):
    result = run_build(tmp_path / "site", "--config", str(REPO / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_portal_build_without_a_configuration_says_so(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(DATA), str(data)], check=True)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--data", str(data)], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "indíquela con --config" in result.stderr and "Traceback" not in result.stderr
