"""Putting a built site in place without ever destroying what is not a site, nor leaving the path empty.

The site (e.g. `site/`) is a real folder: `cp -r site …`, `mv site public` and a web server
running as another user all see files, not a link. A build is made in a hidden folder beside
it, `.site.nuevo-<pid>` (the same file system, so no copy), and goes live by exchanging the two
folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), which is atomic: a reader sees the old
site or the new one, never none. Where the exchange is not available (another system, or a file
system without it), two renames: the old site to `.site.anterior-<pid>`, then the new one in its
place; between the two the path is missing for the time of one rename (microseconds), and a
build killed right there is mended by the next one, which puts the old site back first. Signals
that can be caught (Ctrl-C, SIGTERM) wait until the swap is over. The previous site is removed
only once the new one is live.

A lock `.site.lock` beside the site while a build runs (the same file however the path is
spelled) makes a second build of the same site refuse at once, and every build starts by removing what a killed build
left. The web server recipes in `deploy/` refuse every hidden file and folder, so a web root
holding the site never shows a half-made copy.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".portal-sitio"  # in every built site: a folder holding it may be replaced by a new build
_CATCHABLE = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class Refused(Exception):
    """The site folder given would destroy something that is not a site, or another build runs."""


def check_site_dir(site_dir: Path, protected: dict[str, Path], containers: dict[str, Path] | None = None) -> None:
    """Refuse a site folder that is, or holds, a `protected` folder; lies inside one of the `containers`
    (the data, the builder's sources: a build there would publish the previous site inside the next);
    or holds other files."""
    target = site_dir.resolve()
    for label, folder in protected.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target):
            raise Refused(f"la carpeta del sitio {site_dir} es {'' if target == folder else 'o contiene '}{label} ({folder}): construir ahí la borraría. Elija otra con --site-dir.")
    for label, folder in (containers or {}).items():
        folder = folder.resolve()
        if target.is_relative_to(folder):
            raise Refused(f"la carpeta del sitio {site_dir} está dentro de {label} ({folder}). Elija otra con --site-dir.")
    if site_dir.is_symlink():  # a site published by an earlier version of the portal: a link to its build
        if not (site_dir / MARKER).is_file() and site_dir.exists():
            raise Refused(f"{site_dir} es un enlace a una carpeta que no es un sitio del portal; no se reemplaza.")
    elif site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise Refused(f"la carpeta {site_dir} no está vacía y no es un sitio construido por el portal; no se reemplaza. Vacíela o elija otra con --site-dir.")
    elif site_dir.exists() and not site_dir.is_dir():
        raise Refused(f"{site_dir} es un archivo, no una carpeta.")


def staging_for(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.nuevo-{os.getpid()}")


def publish(site_dir: Path, build: Callable[[Path], None]) -> None:
    """`build(folder)` fills a new folder; on success it becomes the site, atomically. On any failure the site stays."""
    site_dir = site_dir.parent.resolve() / site_dir.name
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(site_dir.with_name(f".{site_dir.name}.lock")):
        _mend(site_dir)
        staging = staging_for(site_dir)
        try:
            build(staging)
            (staging / MARKER).write_text("Sitio construido por el portal de las metas del SPEN.\n", encoding="utf-8")
        except BaseException:
            _remove(staging)
            raise
        previous = _swap(site_dir, staging)
        if previous is not None:
            _remove(previous)


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Hold `lock_file` (made, locked, and removed at the end); refuse at once if another process holds it."""
    while True:
        lock = open(lock_file, "a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            lock.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise Refused("otra construcción de este mismo sitio está en curso; espere a que termine y vuelva a intentarlo.") from None
            raise
        try:
            same = os.stat(lock_file).st_ino == os.fstat(lock.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else the holder removed it between our open and our lock: take the new one
            break
        lock.close()
    try:
        yield
    finally:
        lock_file.unlink(missing_ok=True)
        lock.close()


def _leftovers(site_dir: Path, kind: str) -> list[Path]:
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.{kind}-\d+")
    return sorted((p for p in site_dir.parent.iterdir() if pattern.fullmatch(p.name)), key=lambda p: p.stat(follow_symlinks=False).st_mtime)


def _mend(site_dir: Path) -> None:
    """What a killed build left: the old site put back if it was killed between the two renames, the rest removed."""
    previous = _leftovers(site_dir, "anterior")
    if not site_dir.exists() and not site_dir.is_symlink() and previous and (previous[-1] / MARKER).is_file():
        os.rename(previous.pop(), site_dir)
    for path in previous + _leftovers(site_dir, "nuevo"):
        _remove(path)


def _swap(site_dir: Path, staging: Path) -> Path | None:
    """The new site in place of the old one; returns where the old one now is (to remove), if there was one."""
    with _signals_held():
        if not site_dir.exists() and not site_dir.is_symlink():
            os.rename(staging, site_dir)
            return None
        if _exchange(staging, site_dir):
            return staging
        previous = site_dir.with_name(f".{site_dir.name}.anterior-{os.getpid()}")
        os.rename(site_dir, previous)
        os.rename(staging, site_dir)
        return previous


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM or SIGHUP during the swap act once it is over: their handlers only note them meanwhile, and the
    first is sent again after (SIGKILL cannot wait: the next build mends). A signal mask would not do: the kernel
    gives a process's signal to any of its threads that does not block it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for number in _CATCHABLE:
        previous[number] = signal.signal(number, lambda received, frame: caught.append(received))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            os.kill(os.getpid(), caught[0])


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (Linux ≥ 3.15, glibc ≥ 2.28); False where the system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _remove(path: Path) -> None:
    """A folder this module made (a build, an old site) or a link an earlier version made, and the build it served."""
    if path.is_symlink():
        target = path.resolve()
        path.unlink()
        if (target / MARKER).is_file():
            shutil.rmtree(target, ignore_errors=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
