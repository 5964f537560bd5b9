"""The validated data → the model's records: each acuerdo, the metas marked illustrative through their
history, and the portal with its áreas, cargos and glossary."""

from __future__ import annotations

from dataclasses import replace

from generator.contract.findings import Finding, finding
from generator.input import acuerdo_text
from generator.input.validated import Validated
from generator.model.records import Acuerdo, Area, Cargo, Meta, Portal


def acuerdos(validated: Validated) -> dict[str, Acuerdo]:
    """Clave → its acuerdo, with the passages of its facts in its published text."""
    return {clean["clave"]: _acuerdo(clean, validated) for clean in validated.acuerdos}


def _acuerdo(clean: dict, validated: Validated) -> Acuerdo:
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


def illustrative_through_history(metas: list[Meta], acuerdos: dict[str, Acuerdo]) -> list[Meta]:
    """A meta is illustrative when any acuerdo of its history is (a real meta an example modifies is no longer real)."""
    return [replace(m, datos_ilustrativos=True) if not m.datos_ilustrativos and any(acuerdos[e.acuerdo].datos_ilustrativos for e in m.history if e.acuerdo in acuerdos) else m for m in metas]


def portal(acuerdos: dict[str, Acuerdo], metas: list[Meta], validated: Validated, findings: list[Finding]) -> Portal:
    """The acuerdos newest first, the metas in their acuerdos' order, the áreas and cargos they name, the
    glossary; an aviso in `findings` for the cargos outside catalogos/cargos.csv."""
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
        findings.append(finding("cargo_fuera_de_catalogo", meta.file, meta.row, "cargos_puestos", nombre,
                                reason="uno" if len(outside) == 1 else "varios", shown=shown, count=len(outside)))
    cargos.sort(key=lambda c: c.slug)
    return Portal(tuple(ordered_acuerdos), tuple(metas), areas, tuple(cargos), glosario, dict(catalogue.cargo_names))
