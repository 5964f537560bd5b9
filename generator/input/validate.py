"""Raw tables → typed records (validated.py), and a finding for every rule of the contract they break.

Never stops at the first problem: every error of a run is reported together. A cell's text becomes a
value in values.py; an acuerdo's YAML is merged with its text in merge.py; the spellings of a cargo are
compared in cargos.py. Observaciones that need the whole model (vigencia, reconciliation) are in derive.py.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.common.text import fold, shorten, slugify
from generator.contract import schema
from generator.contract.findings import Finding, finding
from generator.input import document
from generator.input.cargos import cargo_findings
from generator.input.load import RawAcuerdo, RawData, RawTable
from generator.input.merge import merge_document
from generator.input.validated import Catalogue, MetaRow, Resultado, Validated
from generator.input.values import (
    CELL_PARSERS, Invalid, normalise_numero, parse_choice, parse_clave, parse_key, parse_meta_reference, parse_number, parse_siglas, shown,
    SIGLAS,
)


def validate(raw: RawData, progress: Callable[[str, int, int], None] | None = None) -> Validated:
    findings = list(raw.findings)
    acuerdos = _validate_acuerdos(raw, findings)
    by_clave = {a["clave"]: a for a in acuerdos}
    blockers = _blockers(raw, by_clave)
    catalogue = _validate_catalogue(raw, findings)
    known_areas = _known_areas(catalogue, acuerdos)
    if not known_areas and raw.tables:
        findings.append(finding("areas_sin_catalogo", f"{raw.root.name or raw.root}/catalogos"))
    checked: list[_Checked] = []
    named_by = _tables_named_by(acuerdos)
    for table in raw.tables:
        checked.extend(_validate_table(table, by_clave, blockers, known_areas, findings, progress, named_by.get(table.relative)))
    rows = _drop_duplicates(checked, findings)
    findings.extend(cargo_findings(rows, by_clave, catalogue))
    approved = {(row.acuerdo, slugify(row.numero)): row for row in rows if row.accion == "alta"}
    _check_meta_anterior(rows, approved, by_clave, findings)
    resultados = _validate_resultados(raw.resultados, approved, findings)
    return Validated(acuerdos, rows, catalogue, raw.texts, findings, resultados)


# ---------------------------------------------------------------- acuerdos


def _validate_acuerdos(raw: RawData, findings: list[Finding]) -> list[dict]:
    acuerdos: list[dict] = []
    seen: dict[str, str] = {}
    for source in raw.acuerdos:
        acuerdo = _validate_acuerdo(source, raw, findings)
        if acuerdo is None:
            continue
        if acuerdo["clave"] in seen:
            findings.append(finding("clave_duplicada", source.file, source.lines.get("clave"), "clave", acuerdo["clave"], other=seen[acuerdo["clave"]]))
            continue
        seen[acuerdo["clave"]] = source.file
        acuerdos.append(acuerdo)
    return acuerdos


def _blockers(raw: RawData, valid: dict[str, dict]) -> dict[str, str]:
    """Slug of a clave → the acuerdo file whose errors keep its rows from being checked against it."""
    blockers = dict(raw.unreadable)
    for source in raw.acuerdos:
        try:
            clave = parse_clave(source.values.get("clave", ""))
        except Invalid:
            blockers.setdefault(slugify(Path(source.file).stem), source.file)
            continue
        if clave not in valid:
            blockers[slugify(clave)] = source.file
    return blockers


def _validate_acuerdo(source: RawAcuerdo, raw: RawData, findings: list[Finding]) -> dict | None:
    clean: dict = {"file": source.file}
    ok = True
    for key in schema.ACUERDO_KEYS:
        value = source.values.get(key.name)
        if value is None or value == "" or value == []:
            continue
        try:
            clean[key.name] = parse_key(key, value, raw)
        except Invalid as exc:
            findings.append(finding(exc.code, source.file, source.lines.get(key.name), key.name, shown(value), **exc.params))
            ok = False
    if "documento" in clean and clean["documento"] in raw.texts:
        text = raw.texts[clean["documento"]]
        depth, line = document.nesting(text, raw.limits.max_depth)
        if depth > raw.limits.max_depth:
            findings.append(finding("documento_anidado", f"{source.file.split('/', 1)[0]}/{clean['documento']}", line, depth=depth, line=line, limit=raw.limits.max_depth))
            ok = False
        ok &= merge_document(clean, text, source, raw, findings)
    for key in schema.ACUERDO_KEYS:
        if key.required and key.name not in clean and source.values.get(key.name) in (None, "", []):
            findings.append(finding("valor_faltante", source.file, None, key.name))
            ok = False
    for unknown in sorted(set(source.values) - set(schema.ACUERDO_KEYS_BY_NAME)):
        findings.append(finding("clave_desconocida", source.file, source.lines.get(unknown), unknown))
    if not ok:
        return None
    if clean["periodo_inicio"] > clean["periodo_fin"]:
        findings.append(finding("periodo_invertido", source.file, source.lines.get("periodo_fin"), "periodo_fin", shown(source.values.get("periodo_fin")), inicio=shown(source.values.get("periodo_inicio"))))
        return None
    clean["lines"] = source.lines
    return clean


# ---------------------------------------------------------------- metas


@dataclass
class _Checked:
    """A row after every rule of its own: the MetaRow when it passed, and always what identifies it."""

    file: str
    row: int
    acuerdo: str | None
    numero: str | None
    numero_column: str
    meta: MetaRow | None


def _tables_named_by(acuerdos: list[dict]) -> dict[str, str]:
    """Table path → the clave of the one acuerdo whose `metas:` names it (a table two acuerdos name is neither's)."""
    claves: dict[str, list[str]] = defaultdict(list)
    for acuerdo in acuerdos:
        if acuerdo.get("metas"):
            claves[PurePosixPath(acuerdo["metas"]).as_posix()].append(acuerdo["clave"])
    return {path: names[0] for path, names in claves.items() if len(names) == 1}


def _validate_table(table: RawTable, acuerdos: dict[str, dict], blockers: dict[str, str], known_areas: set[str],
                    findings: list[Finding], progress=None, named_by: str | None = None) -> list[_Checked]:
    """`named_by`: the acuerdo whose YAML names this table in `metas:`; its rows may leave `acuerdo` out (INE's annexes do)."""
    if named_by:
        if "acuerdo" in table.headers:
            _check_named_acuerdo(table, named_by, findings)
        table = replace(table, headers={"acuerdo": "acuerdo", **table.headers}, rows=[(n, {**cells, "acuerdo": cells.get("acuerdo") or named_by}) for n, cells in table.rows])
    has_accion = "accion" in table.headers
    needed = schema.AMENDMENT_REQUIRED if has_accion else schema.REQUIRED_COLUMNS
    missing = [name for name in needed if name not in table.headers]
    for name in missing:
        findings.append(_missing_column(table, name))
    if "acuerdo" in missing or "numero_meta" in missing:
        return []
    known = set(schema.COLUMNS_BY_NAME)
    unknown = [key for key in table.headers if key not in known]
    checked = []
    blocked: dict[str, list[int]] = defaultdict(list)
    orphans: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # rows naming an acuerdo that is not there
    for done, (number, cells) in enumerate(table.rows, start=1):
        if progress and done % 5000 == 0:
            progress("validación", done, len(table.rows))
        result = _validate_row(table, number, cells, acuerdos, blockers, known_areas, set(missing), findings, orphans)
        if result.meta is not None:
            result.meta.extra = {table.headers[key]: cells[key] for key in unknown if cells[key]}
        if result.acuerdo and slugify(result.acuerdo) in blockers and result.acuerdo not in acuerdos:
            blocked[result.acuerdo].append(number)
        checked.append(result)
    for (column, clave), places in orphans.items():
        (first, written), others = places[0], [n for n, _ in places[1:]]
        also = f" (también en {_rows_phrase(others)})" if others else ""
        close = difflib.get_close_matches(clave, sorted(acuerdos), n=1, cutoff=0.8)
        if close:
            also += f": ¿quiso decir {close[0]}, de {acuerdos[close[0]]['file']}?"
        findings.append(finding("acuerdo_inexistente", table.file, first, table.headers.get(column, column), written, key=column, also=also))
    _illustrative_mark(table, checked, acuerdos, findings)
    for clave, numbers in blocked.items():
        findings.append(finding("filas_bloqueadas", table.file, numbers[0], table.headers["acuerdo"], clave, key="acuerdo",
                                rows=f"1 fila del acuerdo {clave} no se pudo revisar" if len(numbers) == 1 else f"{len(numbers)} filas del acuerdo {clave} no se pudieron revisar",
                                blocker=blockers[slugify(clave)]))
    return checked


def _check_named_acuerdo(table: RawTable, clave: str, findings: list[Finding]) -> None:
    """Rows of the annex of `clave` that name another acuerdo (an empty cell is `clave`'s)."""
    for number, cells in table.rows:
        written = cells.get("acuerdo", "")
        if not written:
            continue
        try:
            same = parse_clave(written) == clave
        except Invalid:
            continue  # the row's own check says what is wrong with it
        if not same:
            findings.append(finding("acuerdo_distinto", table.file, number, table.headers["acuerdo"], written, key="acuerdo", written=written, clave=clave))


def _illustrative_mark(table: RawTable, checked: list[_Checked], acuerdos: dict[str, dict], findings: list[Finding]) -> None:
    """Rows marked illustrative in the table whose acuerdo's YAML does not say so: one observación per acuerdo."""
    marked: dict[str, list[int]] = defaultdict(list)
    for item in checked:
        if item.meta is not None and item.meta.ilustrativo and not acuerdos[item.acuerdo].get("datos_ilustrativos") and not acuerdos[item.acuerdo].get("acuerdo_ilustrativo"):
            marked[item.acuerdo].append(item.row)
    for clave, numbers in marked.items():
        rows = f"{len(numbers)} fila" if len(numbers) == 1 else f"{len(numbers)} filas"
        findings.append(finding("ilustrativo_discrepante", table.file, numbers[0], table.headers.get("datos_ilustrativos"), key="datos_ilustrativos",
                                rows=rows.capitalize(), marked="está marcada" if len(numbers) == 1 else "están marcadas", header=table.headers.get("datos_ilustrativos", "datos_ilustrativos"), clave=clave))


def _rows_phrase(numbers: list[int]) -> str:
    """«la fila 3», «las filas 3, 4 y 5», «las filas 3, 4, 5… (12 en total)»."""
    if len(numbers) == 1:
        return f"la fila {numbers[0]}"
    if len(numbers) > 10:
        return f"las filas {', '.join(map(str, numbers[:10]))}… ({len(numbers)} en total)"
    return f"las filas {', '.join(map(str, numbers[:-1]))} y {numbers[-1]}"


def _missing_column(table: RawTable, name: str) -> Finding:
    """A required column that is not there, with the headers that were not recognised and what each is closest to."""
    guesses = []
    for header in table.unknown[:20]:  # a header row of thousands of unknown names is not compared name by name
        closest = schema.closest_column(header)
        guesses.append(f"«{header}»" + (f" (¿es «{closest}»?)" if closest else ""))
    likely = [header for header in table.unknown[:20] if schema.closest_column(header) == name]
    unknown = ""
    if likely:
        unknown = f"; el encabezado «{likely[0]}» no se reconoce: ¿quiso escribir «{schema.COLUMNS_BY_NAME[name].title}»?"
    elif guesses:
        unknown = "; encabezados no reconocidos: " + ", ".join(guesses)
    return finding("columna_faltante", table.file, table.header_row, name, key=name, title=schema.COLUMNS_BY_NAME[name].title, unknown=unknown)


def _validate_row(table, number, cells, acuerdos, blockers, known_areas, missing_columns, findings, orphans) -> _Checked:
    """Every rule of the contract on one row, whatever else is wrong in it."""

    def report(column, code, value=None, **params):
        findings.append(finding(code, table.file, number, table.headers.get(column, column), value, column, **params))

    values: dict = {}
    ok = True
    for column, text in cells.items():
        spec = schema.COLUMNS_BY_NAME.get(column)
        if spec is None or not text:
            continue
        try:
            values[column] = CELL_PARSERS[spec.kind](text)
        except Invalid as exc:
            report(column, exc.code, text, **exc.params)
            ok = False

    if "meta_anterior" in values:
        try:
            values["meta_anterior"] = parse_meta_reference(values["meta_anterior"])
        except Invalid:
            report("meta_anterior", "meta_anterior_invalida", cells["meta_anterior"])
            ok = False
    clave = values.get("acuerdo")
    numero = normalise_numero(values["numero_meta"]) if "numero_meta" in values else None
    checked = _Checked(table.file, number, clave, numero, table.headers.get("numero_meta", "numero_meta"), None)
    acuerdo = acuerdos.get(clave)
    blocked = clave is not None and acuerdo is None and slugify(clave) in blockers
    if clave is not None and acuerdo is None and not blocked:
        orphans[("acuerdo", clave)].append((number, cells["acuerdo"]))
        ok = False
    accion = values.get("accion")
    if acuerdo and acuerdo["tipo"] == "aprobacion" and accion not in (None, "alta"):
        report("accion", "accion_en_aprobacion", cells.get("accion"))
        ok = False
    if acuerdo and acuerdo["tipo"] != "aprobacion" and accion is None and "accion" not in missing_columns:
        report("accion", "accion_faltante")
        ok = False
    accion = accion or "alta"
    needed = schema.REQUIRED_COLUMNS if accion == "alta" else schema.AMENDMENT_REQUIRED
    for column in needed:
        if column in missing_columns or cells.get(column):
            continue
        if column == "descripcion" and cells.get("objetivo"):
            continue  # an annex without descripción (2020–2021): its objetivo is the meta's description
        report(column, "valor_faltante")
        ok = False
    origen = values.get("acuerdo_origen")
    if accion != "alta" and origen is not None and origen not in acuerdos and slugify(origen) not in blockers:
        orphans[("acuerdo_origen", origen)].append((number, cells["acuerdo_origen"]))
        ok = False
    inicio, termino = values.get("fecha_inicio"), values.get("fecha_termino")
    if inicio and termino and inicio > termino:
        report("fecha_termino", "fechas_invertidas", cells["fecha_termino"], inicio=cells["fecha_inicio"], tras="")
        ok = False
    if acuerdo and values.get("ambito") == "ople" and acuerdo["sistema"] != "OPLE":
        report("ambito", "ambito_de_otro_sistema", cells.get("ambito"), clave=clave, sistema=acuerdo["sistema"])
        ok = False
    area = values.get("area_normativa")
    if area and known_areas and area not in known_areas:
        close = difflib.get_close_matches(area, sorted(known_areas), n=1, cutoff=0.5)
        suggestion = f": ¿quiso decir {close[0]}?" if close else f"; áreas conocidas: {', '.join(sorted(known_areas))}"
        report("area_normativa", "area_desconocida", cells["area_normativa"], suggestion=suggestion)
        ok = False
    if area and numero and (area in known_areas or not known_areas):
        prefix = re.match(r"^([A-Za-zÑñ]+)\s*-", numero)
        siglas = fold(prefix.group(1)).upper() if prefix else None
        if siglas and (siglas in known_areas or not known_areas) and siglas != fold(area).upper():
            findings.append(finding("numero_de_otra_area", table.file, number, table.headers["numero_meta"], cells["numero_meta"], key="numero_meta", prefix=siglas, area=area))
    if not ok or blocked or numero is None:
        return checked
    values.pop("numero_meta")
    values.pop("acuerdo")
    values.pop("accion", None)
    values.pop("acuerdo_origen", None)
    ilustrativo = values.pop("datos_ilustrativos", False)
    stands_in = accion == "alta" and "descripcion" not in values and "objetivo" in values  # the 2020–2021 layout
    if stands_in:
        values["descripcion"] = values["objetivo"]
    written = {c.name: cells[c.name] for c in schema.METAS_COLUMNS if c.kind == "date" and cells.get(c.name)}
    checked.meta = MetaRow(table.file, number, clave, accion, numero, origen if accion != "alta" else None, values, {}, table.headers,
                           written, ilustrativo, table.pages.get(number), stands_in)
    return checked


def _drop_duplicates(checked: list[_Checked], findings: list[Finding]) -> list[MetaRow]:
    """numero_meta is unique within its acuerdo (compared as in its web address), checked on every row."""
    first: dict[tuple[str, str], _Checked] = {}
    rows = []
    for item in checked:
        if item.acuerdo is None or item.numero is None:
            continue
        key = (item.acuerdo, slugify(item.numero))
        if key in first:
            earlier = first[key]
            where = f"{earlier.file}, fila {earlier.row}"
            findings.append(finding("meta_duplicada", item.file, item.row, item.numero_column, item.numero, "numero_meta", clave=item.acuerdo, other=where))
            continue
        first[key] = item
        if item.meta is not None:
            rows.append(item.meta)
    return rows


def _check_meta_anterior(rows: list[MetaRow], approved: dict, acuerdos: dict[str, dict], findings: list[Finding]) -> None:
    """A meta_anterior names a meta of the portal of an earlier period of the same sistema."""
    for row in rows:
        reference = row.values.get("meta_anterior")
        if not reference or row.acuerdo not in acuerdos:
            continue
        clave, _, numero = reference.partition(":")
        target = approved.get((clave, slugify(numero)))
        own, other = acuerdos[row.acuerdo], acuerdos.get(target.acuerdo) if target else None
        where = (row.file, row.row, row.headers.get("meta_anterior", "meta_anterior"), reference, "meta_anterior")
        if target is None or other is None:
            findings.append(finding("meta_anterior_inexistente", *where, numero=numero, clave=clave))
        elif other["sistema"] != own["sistema"] or other["periodo_inicio"] >= own["periodo_inicio"]:
            findings.append(finding("meta_anterior_no_anterior", *where, sistema=own["sistema"], inicio=other["periodo_inicio"].isoformat(), otro=other["sistema"]))
        else:
            row.values["meta_anterior"] = f"{target.acuerdo}:{target.numero}"  # as the meta is numbered (deoe-5 names DEOE-5)


PROMEDIO, NIVEL_ALCANZADO = "promedio", "nivel_alcanzado"  # the results' own columns (not the metas')
RESULTADOS_REQUIRED = ("acuerdo", "numero_meta", PROMEDIO)
PERFECT_GRADE = 10


def _validate_resultados(tables: list[RawTable], approved: dict, findings: list[Finding]) -> list[Resultado]:
    """The grades of closed periods: one row per meta of the portal, a promedio from 0 to 10."""
    resultados = []
    seen: dict[tuple[str, str], str] = {}
    for table in tables:
        for number, cells in _catalogue_rows(table, RESULTADOS_REQUIRED, findings):

            def report(column, code, value, **params):
                findings.append(finding(code, table.file, number, table.headers[column], value, column, **params))

            try:
                clave = parse_clave(cells["acuerdo"])
            except Invalid as exc:
                report("acuerdo", exc.code, cells["acuerdo"], **exc.params)
                continue
            numero = normalise_numero(cells["numero_meta"])
            values = {}
            for column in (PROMEDIO, NIVEL_ALCANZADO):
                if cells.get(column):
                    try:
                        values[column] = parse_number(cells[column])
                    except Invalid as exc:
                        report(column, exc.code, cells[column], **exc.params)
            if PROMEDIO in values and not 0 <= values[PROMEDIO] <= PERFECT_GRADE:
                report(PROMEDIO, "promedio_fuera_de_escala", cells[PROMEDIO])
                values.pop(PROMEDIO)
            key = (clave, slugify(numero))
            target = approved.get(key)
            if target is None:
                report("numero_meta", "resultado_sin_meta", cells["numero_meta"], numero=numero, clave=clave)
                continue
            if key in seen:
                report("numero_meta", "resultado_duplicado", cells["numero_meta"], other=seen[key])
                continue
            seen[key] = f"{table.file}, fila {number}"
            if PROMEDIO in values:  # any other error stops the build: what is kept here is never published
                resultados.append(Resultado(target.acuerdo, target.numero, values[PROMEDIO], values.get(NIVEL_ALCANZADO)))
    return resultados


def _known_areas(catalogue: Catalogue, acuerdos: list[dict]) -> set[str]:
    """The áreas a row may name: the catalogue's, or without one those of the acuerdos' Cuadro and glosario."""
    if catalogue.area_siglas:
        return set(catalogue.area_siglas)
    known = {row["area"] for a in acuerdos for row in a.get("cuadro", ())}
    for acuerdo in acuerdos:
        known.update(k.upper() for k in acuerdo.get("glosario", {}) if SIGLAS.match(fold(k).upper()) and k.isupper())
    return known


# ---------------------------------------------------------------- catalogue


def _validate_catalogue(raw: RawData, findings: list[Finding]) -> Catalogue:
    catalogue = Catalogue()
    if raw.areas:
        listed: dict[str, int] = {}  # siglas → its row
        for number, cells in _catalogue_rows(raw.areas, ("siglas",), findings):
            try:
                siglas = parse_siglas(cells["siglas"])
            except Invalid as exc:
                findings.append(finding(exc.code, raw.areas.file, number, raw.areas.headers["siglas"], cells["siglas"], **exc.params))
                continue
            if siglas in listed:
                findings.append(finding("catalogo_repetido", raw.areas.file, number, raw.areas.headers["siglas"], cells["siglas"], key="siglas",
                                        reason="siglas", siglas=siglas, fila=listed[siglas]))
                continue
            listed[siglas] = number
            catalogue.area_siglas.add(siglas)
            if cells.get("nombre"):
                catalogue.areas[siglas] = cells["nombre"]
    if raw.cargos:
        _validate_cargos(raw.cargos, catalogue, findings)
    return catalogue


def _validate_cargos(table: RawTable, catalogue: Catalogue, findings: list[Finding]) -> None:
    """Each spelling (a nombre or an alias) names one cargo, and an alias is never another row's nombre."""
    rows = list(_catalogue_rows(table, ("nombre",), findings))
    nombres: dict[str, tuple[int, str]] = {}  # slug of a nombre → (row, nombre)
    for number, cells in rows:
        nombres.setdefault(slugify(cells["nombre"]), (number, cells["nombre"]))
    claimed: dict[str, tuple[int, str]] = {}  # slug of a spelling → (row, the nombre it belongs to)

    def claim(slug: str, number: int, nombre: str, column: str, written: str) -> bool:
        if slug in claimed and claimed[slug][1] != nombre:
            other_row, other = claimed[slug]
            findings.append(finding("catalogo_repetido", table.file, number, table.headers.get(column, column), written, key=column,
                                    reason="escritura", written=shorten(written), other=shorten(other), fila=other_row))
            return False
        claimed[slug] = (number, nombre)
        return True

    for number, cells in rows:
        nombre = cells["nombre"]
        if not claim(slugify(nombre), number, nombre, "nombre", nombre):
            continue
        catalogue.cargo_names[slugify(nombre)] = nombre
        for alias in filter(None, (a.strip() for a in cells.get("alias", "").split(";"))):
            slug = slugify(alias)
            if slug in nombres and nombres[slug][1] != nombre:
                findings.append(finding("catalogo_repetido", table.file, number, table.headers.get("alias", "alias"), alias, key="alias",
                                        reason="alias_es_nombre", alias=shorten(alias), fila=nombres[slug][0]))
                continue
            if claim(slug, number, nombre, "alias", alias):
                catalogue.cargo_names[slug] = nombre
        if cells.get("ambito"):
            try:
                catalogue.cargo_ambitos[nombre] = parse_choice(cells["ambito"], schema.AMBITOS, "ámbito")
            except Invalid as exc:
                findings.append(finding(exc.code, table.file, number, table.headers["ambito"], cells["ambito"], **exc.params))


def _catalogue_rows(table: RawTable, required: tuple[str, ...], findings: list[Finding]):
    missing = [name for name in required if name not in table.headers]
    for name in missing:
        findings.append(finding("columna_faltante", table.file, 1, name, key=name, title=name, unknown=""))
    if missing:
        return
    for number, cells in table.rows:
        empty = [name for name in required if not cells[name]]
        for name in empty:
            findings.append(finding("valor_faltante", table.file, number, table.headers[name]))
        if not empty:
            yield number, cells
