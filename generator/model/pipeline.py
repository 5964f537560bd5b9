"""load → validate → history → model → derive, in one call for the CLI and the plugin."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.common.timing import step
from generator.contract.findings import DataError, errors, Finding, finding
from generator.input.load import Limits, load_data_dir
from generator.input.validate import validate, Validated
from generator.model import addresses, derive, history, verify
from generator.model.records import Acuerdo, Area, Cargo, Meta, Portal


@dataclass(frozen=True)
class Prepared:
    portal: Portal
    derived: derive.Derived
    findings: tuple[Finding, ...]  # observaciones and avisos (errors raise DataError)
    anexos: dict[str, bytes] = field(default_factory=dict, compare=False)  # clave → its annex as published (PDF or DOCX), to publish beside it


def check(data_dir: Path, limits: Limits | None = None, progress=None) -> tuple[Prepared | None, list[Finding]]:
    """Every finding of the data; the prepared portal when there is no error.

    `limits`: how much work the data may ask for (load.Limits); `progress(what, done, total)` is told
    how reading goes, for long validations."""
    with step("load"):
        raw = load_data_dir(Path(data_dir), limits, progress)
    with step("validate"):
        validated = validate(raw, progress=progress)
    findings = validated.findings
    if errors(findings):
        return None, _located(findings, raw)
    with step("model"):
        acuerdos = {a["clave"]: _acuerdo(a, validated) for a in validated.acuerdos}
        metas = history.apply(acuerdos, validated.rows, validated.catalogue.cargo_names, findings)
        # A meta is illustrative when any acuerdo of its history is (a real meta an example modifies is no longer real).
        metas = [replace(m, datos_ilustrativos=True) if not m.datos_ilustrativos and any(acuerdos[e.acuerdo].datos_ilustrativos for e in m.history if e.acuerdo in acuerdos) else m for m in metas]
    if errors(findings):
        return None, _located(findings, raw)
    with step("model"):
        portal = _portal(acuerdos, metas, validated, findings)
        findings = findings + addresses.collisions(portal)
    if errors(findings):
        return None, _located(findings, raw)
    with step("derive"):
        derived = derive.derive(portal, validated.resultados)
        derived = replace(derived, checks=tuple(verify.verify(portal, derived)))
    findings = _located(findings + derived.observaciones, raw)
    published = {table.relative: table.anexo for table in raw.tables if table.anexo is not None}
    anexos = {a.clave: published[a.metas_file] for a in portal.acuerdos if a.anexo_format and a.metas_file in published}
    return Prepared(portal, derived, tuple(findings), anexos), findings


def _located(findings: list[Finding], raw) -> list[Finding]:
    """Sorted, and each finding on a row of an annex read from its forms said where its form is (page, meta, label)."""
    annexes = {table.file: table for table in raw.tables if table.places}
    return sorted(annexes[f.file].locate(f) if f.file in annexes else f for f in findings)


def prepare(data_dir: Path, limits: Limits | None = None) -> Prepared:
    prepared, findings = check(data_dir, limits)
    if prepared is None:
        raise DataError(errors(findings))
    return prepared


def _acuerdo(clean: dict, validated: Validated) -> Acuerdo:
    from generator.input import acuerdo_text  # facts' passages in the text

    documento = clean.get("documento")
    texto = validated.texts.get(documento) if documento else None
    return Acuerdo(
        clave=clean["clave"],
        titulo=clean["titulo"],
        organo=clean["organo"],
        fecha_aprobacion=clean["fecha_aprobacion"],
        sistema=clean["sistema"],
        periodo_inicio=clean["periodo_inicio"],
        periodo_fin=clean["periodo_fin"],
        tipo=clean["tipo"],
        file=clean["file"],
        sesion=clean.get("sesion"),
        votacion=clean.get("votacion"),
        bloque=clean.get("bloque"),
        antecedentes=clean.get("antecedentes", ()),
        comision_servicio=clean.get("comision_servicio"),
        totales=clean.get("totales"),
        cuadro=clean.get("cuadro", ()),
        documento=documento,
        texto=texto,
        url=clean.get("url"),
        metas_file=clean.get("metas"),
        datos_ilustrativos=clean.get("datos_ilustrativos", False) or clean.get("acuerdo_ilustrativo", False),
        acuerdo_ilustrativo=clean.get("acuerdo_ilustrativo", False),
        glosario=clean.get("glosario", {}),
        glosario_correcciones=clean.get("glosario_correcciones", {}),
        pasajes=tuple(acuerdo_text.passages(texto)) if texto else (),
        periodo_inferido_de=acuerdo_text.periodo_basis(texto, clean["periodo_inicio"], clean["periodo_fin"]) if texto else None,
        lines=clean["lines"],
    )


def _portal(acuerdos: dict[str, Acuerdo], metas, validated: Validated, findings: list[Finding]) -> Portal:
    catalogue = validated.catalogue
    ordered_acuerdos = sorted(acuerdos.values(), key=lambda a: (a.fecha_aprobacion, a.clave), reverse=True)
    rank = {a.clave: i for i, a in enumerate(reversed(ordered_acuerdos))}
    metas = sorted(metas, key=lambda m: (rank[m.acuerdo], m.file, m.row))

    glosario: dict[str, str] = {}
    for acuerdo in reversed(ordered_acuerdos):
        glosario.update(acuerdo.glosario)
    glosario.update(catalogue.areas)

    siglas = {m.area for m in metas} | {row["area"] for a in ordered_acuerdos for row in a.cuadro}
    areas = tuple(Area(s, catalogue.areas.get(s) or glosario.get(s)) for s in sorted(siglas))

    cargos = []
    seen = set()
    catalogued = set(catalogue.cargo_names.values())
    outside: list[tuple[str, Meta]] = []  # cargos not in catalogos/cargos.csv, with the first meta that names each
    for meta in metas:
        for nombre in meta.cargos:
            if nombre in seen:
                continue
            seen.add(nombre)
            ambitos = {m.ambito for m in metas if nombre in m.cargos}
            ambito = catalogue.cargo_ambitos.get(nombre) or (ambitos.pop() if len(ambitos) == 1 else None)
            cargos.append(Cargo(nombre, ambito))
            if catalogued and nombre not in catalogued:
                outside.append((nombre, meta))
    if outside:  # one aviso for all of them: a list to complete, not a line per cargo
        nombre, meta = outside[0]
        shown = ", ".join(f"«{name}»" for name, _ in outside[:5]) + (f" y {len(outside) - 5} más" if len(outside) > 5 else "")
        detail = (f"el cargo {shown} no está en catalogos/cargos.csv y se publica como está escrito" if len(outside) == 1
                  else f"{len(outside)} cargos no están en catalogos/cargos.csv y se publican como están escritos: {shown}")
        findings.append(finding("cargo_fuera_de_catalogo", meta.file, meta.row, "cargos_puestos", nombre, detail=detail))
    cargos.sort(key=lambda c: c.slug)
    return Portal(tuple(ordered_acuerdos), tuple(metas), areas, tuple(cargos), glosario, dict(catalogue.cargo_names))
