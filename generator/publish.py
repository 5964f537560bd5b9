"""Putting a built site in place without ever destroying what is not a site, nor leaving the path empty.

The site path (e.g. `site/`) is a symbolic link to the build it serves. Each build is
made in a folder of its own in a store outside the site's parent folder (so that no
web root serving that parent reaches a half-made or an old copy), and goes live by
replacing the link in one rename, which is atomic: a reader sees the old site or
the new one, never none. The first build into a folder that is a real directory
(an earlier version of the portal wrote one) moves it into the store first; that
single time the path is missing for an instant.

The store is `$PORTAL_BUILDS_DIR`, else `$XDG_CACHE_HOME/portal-metas-spen`, else
`~/.cache/portal-metas-spen`, one subfolder per site path. A lock in it makes a
second build of the same site refuse at once, and every build starts by removing
what a killed build left there.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".portal-sitio"  # in every built site: a folder holding it may be replaced by a new build


class Refused(Exception):
    """The site folder given would destroy something that is not a site, or another build runs."""


def check_site_dir(site_dir: Path, protected: dict[str, Path]) -> None:
    """Refuse a site folder that is a protected folder, contains one, lies inside the data, or holds other files."""
    target = site_dir.resolve()
    for label, folder in protected.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target):
            raise Refused(f"la carpeta del sitio {site_dir} es {'' if target == folder else 'o contiene '}{label} ({folder}): construir ahí la borraría. Elija otra con --site-dir.")
        if label.startswith("la carpeta de datos") and target.is_relative_to(folder):
            raise Refused(f"la carpeta del sitio {site_dir} está dentro de {label} ({folder}). Elija otra con --site-dir.")
    if site_dir.is_symlink():
        if not (site_dir / MARKER).is_file() and site_dir.exists():
            raise Refused(f"{site_dir} es un enlace a una carpeta que no es un sitio del portal; no se reemplaza.")
    elif site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise Refused(f"la carpeta {site_dir} no está vacía y no es un sitio construido por el portal; no se reemplaza. Vacíela o elija otra con --site-dir.")
    elif site_dir.exists() and not site_dir.is_dir():
        raise Refused(f"{site_dir} es un archivo, no una carpeta.")


def store_for(site_dir: Path) -> Path:
    base = os.environ.get("PORTAL_BUILDS_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portal-metas-spen"
    absolute = site_dir.absolute()
    return Path(base) / f"{absolute.name}-{hashlib.sha256(str(absolute).encode()).hexdigest()[:12]}"


@contextmanager
def _locked(store: Path) -> Iterator[None]:
    store.mkdir(parents=True, exist_ok=True)
    with open(store / "lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise Refused("otra construcción de este mismo sitio está en curso; espere a que termine y vuelva a intentarlo.") from None
            raise
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def publish(site_dir: Path, build: Callable[[Path], None]) -> None:
    """`build(folder)` fills a new folder; on success it becomes the site, atomically. On any failure the site stays."""
    store = store_for(site_dir)
    with _locked(store):
        live = site_dir.resolve() if site_dir.is_symlink() else None
        _clean(store, keep=live)
        for stale_link in site_dir.parent.glob(f".{site_dir.name}.enlace-*"):  # a killed build's
            if stale_link.is_symlink():
                stale_link.unlink()
        number = 1 + max((int(p.name.split("-")[1]) for p in store.glob("build-*") if p.name.split("-")[1].isdigit()), default=0)
        staging = store / f"build-{number}"
        try:
            build(staging)
            (staging / MARKER).write_text("Sitio construido por el portal de las metas del SPEN.\n", encoding="utf-8")
            _go_live(site_dir, staging, store)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _clean(store, keep=staging)


def _go_live(site_dir: Path, staging: Path, store: Path) -> None:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    link = site_dir.with_name(f".{site_dir.name}.enlace-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    link.symlink_to(staging, target_is_directory=True)
    if site_dir.is_dir() and not site_dir.is_symlink():
        site_dir.rename(store / f"anterior-{os.getpid()}")  # a site of an earlier version, a real folder: once
    os.replace(link, site_dir)


def _clean(store: Path, keep: Path | None) -> None:
    """Every build folder but the live one: what a killed or replaced build left."""
    for path in store.iterdir():
        if path.is_dir() and (keep is None or path.resolve() != keep.resolve()):
            shutil.rmtree(path, ignore_errors=True)
