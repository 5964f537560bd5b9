"""What the annex reader made of a file, kept by the file's sha256 so a build reads a 300-page annex once.

The key also holds the sha256 of the reader's own code and the limits, so a new version of the
reader (or other limits) reads the annex again. The cache is `$PORTAL_CACHE_DIR`, else
`$XDG_CACHE_HOME/portal-metas-spen/anexos`, else `~/.cache/portal-metas-spen/anexos`; a file there
that cannot be read is read again from the annex, and nothing is ever written inside the data folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import cache
from pathlib import Path

from generator.contract import schema
from generator.input import anexo
from generator.input.anexo import Anexo, AnexoLimits, Form, Location, Problem


def read(data: bytes, label: str, limits: AnexoLimits) -> Anexo:
    """The annex in `data`, from the cache when this very file was read before with this reader and these limits."""
    path = _folder() / f"{_key(data, limits)}.json"
    try:
        return _from_json(json.loads(path.read_text(encoding="utf-8")), label)
    except (OSError, ValueError, KeyError, TypeError):  # not there yet, or not what this module writes
        pass
    annex = anexo.read_anexo_bytes(data, label, limits=limits)
    _store(path, json.dumps(dataclasses.asdict(annex), ensure_ascii=False).encode("utf-8"))
    return annex


def _from_json(stored: dict, label: str) -> Anexo:
    """JSON, not pickle: reading the cache never runs anything."""
    def problems(items) -> tuple[Problem, ...]:
        return tuple(Problem(**item) for item in items)

    forms = tuple(Form(item["row"], Location(**item["location"]), item["layout"], problems(item["problems"])) for item in stored["forms"])
    return Anexo(label, stored["kind"], stored["pages"], stored["datos_ilustrativos"], forms, problems(stored["problems"]))


def _folder() -> Path:
    base = os.environ.get("PORTAL_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portal-metas-spen"
    return Path(base) / "anexos"


@cache
def _reader_version() -> str:
    """The reader's code and the form it reads (INE's layouts and labels, in the descriptor's module)."""
    return hashlib.sha256(b"".join(Path(module.__file__).read_bytes() for module in (anexo, schema))).hexdigest()[:16]


def _key(data: bytes, limits: AnexoLimits) -> str:
    settings = json.dumps(dataclasses.asdict(limits), sort_keys=True)
    return hashlib.sha256(data + b"\0" + _reader_version().encode() + b"\0" + settings.encode()).hexdigest()


def _store(path: Path, content: bytes) -> None:
    """Written aside and renamed: a build killed while writing leaves no half file to be read later."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(content)
        os.replace(partial, path)
    except OSError:
        pass  # no cache (a read-only home, a full disk): the next build reads the annex again
