"""Know what you publish: what a build changes against the site it replaces.

The published site's own `datos/metas.json` is the record of what it shows; the new
portal is put in the same form (exports.py's columns) and the two are compared meta by
meta: acuerdos and metas added, removed, and metas whose fields changed.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.contract import schema, urls
from generator.model.records import Portal
from generator.site import exports, tables

Key = tuple[str, str]  # (acuerdo, numero_meta)
SHOWN = 8  # números named in a line; beyond, a count
MAX_RECORD_BYTES = 512 * 1024 * 1024  # metas.json of 30,000 metas is about 60 MB
# The url (absolute or relative depending on the build's site_url) and what the previous period says of a meta
# (its predecessor and verdicts, which move when another period arrives): not what an acuerdo changed in the meta.
IGNORED = {"url", *(f.name for f in schema.ACROSS_PERIODS)}


@dataclass
class Changes:
    acuerdos_added: list[str] = field(default_factory=list)
    acuerdos_removed: list[str] = field(default_factory=list)
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    modified: dict[Key, list[str]] = field(default_factory=dict)  # meta → the columns that changed
    damage: list[str] = field(default_factory=list)  # what could not be read of the published record

    @property
    def none(self) -> bool:
        return not (self.acuerdos_added or self.acuerdos_removed or self.added or self.removed or self.modified)


class Published(dict):
    """The published metas by (acuerdo, numero_meta), and what of the record was damaged (in Spanish)."""

    def __init__(self, metas=(), damage=()):
        super().__init__(metas)
        self.damage = list(damage)


def published(site_dir: Path) -> Published | None:
    """The metas a built site publishes, by acuerdo and número; None when there is no site or no record.

    A record damaged by hand or by a disk (not JSON, not the expected form, metas without acuerdo
    or número) is said, and what can be read of it is compared: a build goes on over it."""
    path = Path(site_dir) / urls.download("metas.json")
    shown = urls.download("metas.json")
    try:
        with open(path, "rb") as record:
            if not stat.S_ISREG(os.fstat(record.fileno()).st_mode):
                return Published(damage=[f"{shown} del sitio publicado no es un archivo; se compara como si no publicara metas"])
            data = record.read(MAX_RECORD_BYTES + 1)
        if len(data) > MAX_RECORD_BYTES:
            return Published(damage=[f"{shown} del sitio publicado pasa de {MAX_RECORD_BYTES // 1024 // 1024} MB; se compara como si no publicara metas"])
        text = data.decode("utf-8")
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return Published(damage=[f"{shown} del sitio publicado no es un archivo; se compara como si no publicara metas"])
    except (OSError, UnicodeDecodeError):
        return Published(damage=[f"{shown} del sitio publicado no se puede leer; se compara como si no publicara metas"])
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return Published(damage=[f"{shown} del sitio publicado no es JSON válido; se compara como si no publicara metas"])
    metas = document.get("metas") if isinstance(document, dict) else None
    if not isinstance(metas, list):
        return Published(damage=[f"{shown} del sitio publicado no tiene la lista «metas»; se compara como si no publicara metas"])
    found: dict[Key, dict] = {}
    skipped = 0
    for meta in metas:
        key = (meta.get("acuerdo"), meta.get("numero_meta")) if isinstance(meta, dict) else (None, None)
        if not all(isinstance(part, str) and part for part in key):
            skipped += 1
            continue
        found.setdefault(key, meta)
    damage = []
    if skipped:
        damage.append(f"{shown} del sitio publicado tiene {skipped} {'registro' if skipped == 1 else 'registros'} sin acuerdo o sin número de meta; se omiten en la comparación")
    return Published(found, damage)


def _comparable(value):
    """A JSON value as compared: lists and maps as their JSON text (they may hold anything)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, (list, dict)) else value


def current(portal: Portal) -> dict[Key, dict]:
    """The portal's metas as metas.json writes them."""
    extras = exports.extra_columns(portal.metas)
    header = schema.metas_table(extras).header
    return {
        (meta.acuerdo, meta.numero): dict(zip(header, map(tables.json_value, exports.meta_values(meta, extras))))
        for meta in portal.metas
    }


def compare(before: dict[Key, dict], after: dict[Key, dict]) -> Changes:
    changes = Changes(damage=list(getattr(before, "damage", ())))
    old_acuerdos = dict.fromkeys(k[0] for k in before)
    new_acuerdos = dict.fromkeys(k[0] for k in after)
    changes.acuerdos_added = [a for a in new_acuerdos if a not in old_acuerdos]
    changes.acuerdos_removed = [a for a in old_acuerdos if a not in new_acuerdos]
    changes.added = [k for k in after if k not in before]
    changes.removed = [k for k in before if k not in after]
    for key in after.keys() & before.keys():
        columns = sorted(c for c in after[key].keys() | before[key].keys() if c not in IGNORED and _comparable(after[key].get(c)) != _comparable(before[key].get(c)))
        if columns:
            changes.modified[key] = columns
    changes.modified = dict(sorted(changes.modified.items()))
    return changes


def describe(changes: Changes) -> list[str]:
    """The changes as lines for the person who builds, in Spanish."""
    damage = [f"Aviso: {line}." for line in changes.damage]
    if changes.none:
        return damage + ["Sin cambios en las metas respecto del sitio publicado."]
    lines = damage + ["Cambios respecto del sitio publicado:"]
    if changes.acuerdos_added:
        lines.append(f"  acuerdos agregados ({len(changes.acuerdos_added)}): {', '.join(changes.acuerdos_added)}")
    if changes.acuerdos_removed:
        lines.append(f"  acuerdos retirados ({len(changes.acuerdos_removed)}): {', '.join(changes.acuerdos_removed)}")
    for label, keys in (("metas agregadas", changes.added), ("metas retiradas", changes.removed)):
        if keys:
            lines.append(f"  {label} ({len(keys)}): {_names(keys)}")
    if changes.modified:
        shown = [f"{numero} ({acuerdo}: {', '.join(columns)})" for (acuerdo, numero), columns in list(changes.modified.items())[:SHOWN]]
        more = len(changes.modified) - SHOWN
        lines.append(f"  metas modificadas ({len(changes.modified)}): {'; '.join(shown)}" + (f"; y {more} más" if more > 0 else ""))
    return lines


def _names(keys: list[Key]) -> str:
    named = ", ".join(f"{numero} ({acuerdo})" for acuerdo, numero in keys[:SHOWN])
    return named + (f" y {len(keys) - SHOWN} más" if len(keys) > SHOWN else "")
