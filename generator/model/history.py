"""Validated rows → metas as they stand today, with the history of every meta.

Acuerdos act in order of fecha_aprobacion: an alta creates a meta, a modifica
changes the fields it carries, a cancela marks it cancelada. The rules of the
contract about amendments are checked here, where the order is known.
"""

from __future__ import annotations

import dataclasses

from generator.common.text import shorten, slugify
from generator.contract.findings import Finding, finding
from generator.contract.schema import COLUMNS_BY_NAME, METAS_COLUMNS
from generator.input.validated import MetaRow
from generator.model.records import Acuerdo, Change, Event, Meta


DATE_COLUMNS = tuple(c for c in METAS_COLUMNS if c.kind == "date")  # inicio, then término


def apply(acuerdos: dict[str, Acuerdo], rows: list[MetaRow], cargo_names: dict[str, str], findings: list[Finding]) -> list[Meta]:
    """Play every row in the order of its acuerdo's approval; return the metas as they stand."""
    ordered = sorted(rows, key=lambda r: (acuerdos[r.acuerdo].fecha_aprobacion, r.accion != "alta", r.acuerdo, r.file, r.row))
    approved_on = {(r.acuerdo, slugify(r.numero)): acuerdos[r.acuerdo].fecha_aprobacion for r in rows if r.accion == "alta"}
    cargo_names = dict(cargo_names)
    metas: dict[tuple[str, str], Meta] = {}
    changed_on: dict[tuple, str] = {}  # (meta, field, day) → acuerdo that changed it
    for row in ordered:
        acuerdo = acuerdos[row.acuerdo]
        if row.accion == "alta":
            metas[(row.acuerdo, slugify(row.numero))] = _new_meta(row, acuerdo, cargo_names)
            continue
        key = (row.acuerdo_origen, slugify(row.numero))

        def report(code, column="numero_meta", value=row.numero, **params):
            # the column as the clerk wrote its header, the contract's name beside it
            findings.append(finding(code, row.file, row.row, row.headers.get(column, column), value, column, **params))

        if key not in approved_on:
            report("meta_inexistente", numero=shorten(row.numero), origen=row.acuerdo_origen)
            continue
        if acuerdo.fecha_aprobacion < approved_on[key]:
            report("cambio_antes_de_aprobacion", "acuerdo", acuerdo.clave, clave=acuerdo.clave, fecha=acuerdo.fecha_aprobacion.isoformat(), aprobacion=approved_on[key].isoformat())
            continue
        meta = metas[key]
        if meta.cancelada:
            report("meta_cancelada_modificada", acuerdo=meta.history[-1].acuerdo)
            continue
        fields = ["estado"] if row.accion == "cancela" else sorted(row.values)
        day = acuerdo.fecha_aprobacion
        clashes = [f for f in fields if changed_on.get((key, f, day), acuerdo.clave) != acuerdo.clave]
        if clashes:
            other = changed_on[(key, clashes[0], day)]
            column = "accion" if clashes[0] == "estado" else clashes[0]
            report("cambio_simultaneo", column, str(row.values.get(clashes[0], row.accion)), other=other, campo=column)
            continue
        changed_on.update({(key, f, day): acuerdo.clave for f in fields})
        updated = _cancel(meta, row, acuerdo) if row.accion == "cancela" else _modify(meta, row, acuerdo, cargo_names)
        if updated.fecha_inicio > updated.fecha_termino:
            column = next((c for c in reversed(DATE_COLUMNS) if c.name in row.written), DATE_COLUMNS[-1])  # the date it changed, the end first
            report("fechas_invertidas", column.name, row.written.get(column.name, getattr(updated, column.attribute).isoformat()),
                   inicio=row.written.get(DATE_COLUMNS[0].name, updated.fecha_inicio.isoformat()), tras=" con este cambio")
            continue
        metas[key] = updated
    return list(metas.values())


def canonical_cargos(names: tuple[str, ...], cargo_names: dict[str, str]) -> tuple[str, ...]:
    """Merge spellings of a cargo (through the catalogue, else the first one seen); keep the order."""
    result: list[str] = []
    for name in names:
        canonical = cargo_names.setdefault(slugify(name), name)
        if canonical not in result:
            result.append(canonical)
    return tuple(result)


def _new_meta(row: MetaRow, acuerdo: Acuerdo, cargo_names: dict[str, str]) -> Meta:
    values = dict(row.values)
    held = {c.attribute: values.pop(c.name) for c in METAS_COLUMNS if c.attribute and c.name in values}  # acuerdo and número are the row's own
    held["cargos"] = canonical_cargos(held["cargos"], cargo_names)
    return Meta(
        acuerdo=row.acuerdo,
        numero=row.numero,
        **held,
        periodo=acuerdo.periodo,
        file=row.file,
        row=row.row,
        fields=values,
        extra=dict(row.extra),
        history=(Event(acuerdo.clave, acuerdo.fecha_aprobacion, "alta", row.file, row.row),),
        datos_ilustrativos=acuerdo.datos_ilustrativos or row.ilustrativo,
        pagina_anexo=row.pagina,
        written=dict(row.written),
        descripcion_es_objetivo=row.descripcion_es_objetivo,
    )


def _modify(meta: Meta, row: MetaRow, acuerdo: Acuerdo, cargo_names: dict[str, str]) -> Meta:
    updates: dict = {}
    fields = dict(meta.fields)
    changes = []
    for name, value in sorted(row.values.items()):
        attr = COLUMNS_BY_NAME[name].attribute
        if attr == "cargos":
            value = canonical_cargos(value, cargo_names)
        old = getattr(meta, attr) if attr else fields.get(name)
        if old == value:
            continue
        changes.append(Change(name, old, value))
        if attr:
            updates[attr] = value
        else:
            fields[name] = value
    if row.written:
        updates["written"] = {**meta.written, **row.written}
    if row.ilustrativo:
        updates.update(datos_ilustrativos=True)  # a real meta an invented row modifies is no longer real
    extra = {**meta.extra, **row.extra}
    event = Event(acuerdo.clave, acuerdo.fecha_aprobacion, "modifica", row.file, row.row, tuple(changes))
    updated = dataclasses.replace(meta, **updates, fields=fields, extra=extra, history=meta.history + (event,))
    # a description given at last: the objetivo no longer stands for it
    return dataclasses.replace(updated, descripcion_es_objetivo=meta.descripcion_es_objetivo and updated.descripcion == meta.descripcion)


def _cancel(meta: Meta, row: MetaRow, acuerdo: Acuerdo) -> Meta:
    event = Event(acuerdo.clave, acuerdo.fecha_aprobacion, "cancela", row.file, row.row)
    return dataclasses.replace(meta, cancelada=True, history=meta.history + (event,))

