"""Spellings of one cargo: «Vocal Ejecutiva o Ejecutivo de Junta Distrital Ejecutiva» and «Vocal Ejecutivo de
Junta Distrital» are one cargo. Spellings that share a web address are merged (said once); spellings that
probably name one cargo are said, with the lines of catalogos/cargos.csv that would merge them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from generator.common.text import fold, odd_identifier_chars, shorten, slugify
from generator.contract.findings import Finding, finding
from generator.input.validated import Catalogue, MetaRow

_CARGO_FILLER = {"de", "del", "la", "el", "los", "las", "o", "y", "a", "e", "en", "u"}
_CARGO_ABBREVIATIONS = {
    "jde": "junta distrital ejecutiva", "jle": "junta local ejecutiva", "jd": "junta distrital", "jl": "junta local",
    "ejec": "ejecutivo", "org": "organizacion", "elec": "electoral", "dir": "director", "subdir": "subdirector",
    "coord": "coordinador", "depto": "departamento", "dpto": "departamento", "prof": "profesional", "tec": "tecnico",
    "esp": "especialista", "jefe": "jefe", "rfe": "registro federal electores", "vre": "vocal registro federal electores",
    "voe": "vocal organizacion electoral", "vce": "vocal capacitacion electoral educacion civica", "vs": "vocal secretario",
    "ve": "vocal ejecutivo",
}


def _ungender(word: str) -> str:
    if word in ("jefe", "jefa", "jefes", "jefas"):
        return "jef"
    for suffix in ("as", "os", "a", "o"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("es") and len(word) > 5 and word[-3] in "rdln":
        return word[:-2]
    return word


def cargo_key(name: str) -> str:
    """Spellings of one cargo give one key: gendered forms, accents, case, abbreviations,
    punctuation and a trailing «Ejecutiva» after «Junta Distrital/Local» aside."""
    words = []
    for word in re.findall(r"[a-z0-9]+", fold(name)):
        words.extend(_CARGO_ABBREVIATIONS.get(word, word).split())
    stems: list[str] = []
    for word in words:
        if word in _CARGO_FILLER:
            continue
        stem = _ungender(word)
        if stems and stems[-1] == stem:
            continue  # «Ejecutiva o Ejecutivo»
        stems.append(stem)
    if len(stems) >= 3 and stems[-1] == "ejecutiv" and stems[-3] == "junt":
        stems.pop()
    return " ".join(stems)


def cargo_findings(rows: list[MetaRow], acuerdos: dict[str, dict], catalogue: Catalogue) -> list[Finding]:
    """Spellings that share a web address are one cargo (said once); spellings that probably are one cargo are said too."""
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)  # spelling → (file, row)
    ambitos: dict[str, set[str]] = defaultdict(set)
    for row in sorted(rows, key=lambda r: (acuerdos[r.acuerdo]["fecha_aprobacion"], r.accion != "alta", r.acuerdo, r.file, r.row)):
        for name in row.values.get("cargos_puestos", ()):
            places[name].append((row.file, row.row))
            if "ambito" in row.values:
                ambitos[name].add(row.values["ambito"])
    found = []
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in places:
        by_slug[slugify(name)].append(name)
    published: dict[str, str] = {}  # spelling → the name it is published under
    for slug, names in by_slug.items():
        # a spelling with an invisible character or a look-alike letter of another script is never the one published
        canonical = catalogue.cargo_names.get(slug) or min(names, key=lambda n: odd_identifier_chars(n) is not None)
        for name in names:
            published[name] = canonical
        if len(names) > 1 and slug not in catalogue.cargo_names:
            file, row = places[names[0]][0]
            found.append(finding("cargos_fusionados", file, row, "cargos_puestos", names[0], key="cargos_puestos",
                                 nombre=canonical, spellings=_spellings(names, places)))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in places:
        groups[cargo_key(name)].append(name)
    for names in groups.values():
        targets = {published[n] for n in names}
        if len(targets) < 2 or targets <= set(catalogue.cargo_names.values()):
            continue  # one cargo, or cargos the catalogue keeps apart on purpose
        canonical = max(sorted(targets), key=lambda t: (t in catalogue.cargo_names.values(), sum(len(places[n]) for n in names if published[n] == t), len(t)))
        others = sorted(targets - {canonical})
        ambito = {a for n in names for a in ambitos[n]}
        line = _csv_line([canonical, ambito.pop() if len(ambito) == 1 else (catalogue.cargo_ambitos.get(canonical) or ""), "; ".join(others)])
        variant = min((n for n in names if published[n] != canonical), key=lambda n: places[n][0])  # the spelling to fix, where it first is
        file, row = places[variant][0]
        how = (f"agregue a catalogos/cargos.csv la línea: {line}" if catalogue.cargo_names
               else f"cree catalogos/cargos.csv con estas dos líneas: {CARGOS_HEADER} y {line}")
        found.append(finding("cargo_variante", file, row, "cargos_puestos", variant, key="cargos_puestos",
                             spellings=_spellings(names, places), how=how))
    return found


CARGOS_HEADER = "nombre,ambito,alias"  # the header catalogos/cargos.csv needs


def _spellings(names: list[str], places: dict[str, list[tuple[str, int]]]) -> str:
    parts = []
    for name in names:
        by_file: dict[str, list[int]] = defaultdict(list)
        for file, row in places[name]:
            by_file[file].append(row)
        where = "; ".join(f"{file}, {'fila' if len(rows) == 1 else 'filas'} {', '.join(map(str, rows[:10]))}{'…' if len(rows) > 10 else ''}" for file, rows in by_file.items())
        parts.append(f"«{shorten(name)}» ({where})")
    return ", ".join(parts)


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()
