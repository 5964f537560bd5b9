"""Metas across periods: each meta with its predecessor in the previous period of its sistema, and the
two rules of the Lineamientos that look across periods (Considerando 2 of the acuerdos of metas).

A meta's predecessor is the meta that `meta_anterior` names (`CLAVE:NÚMERO`) or, without it, the meta
in force of the previous period of the same sistema with the same área normativa, at least one cargo
in common and the most similar description, if its similarity (similarity.py, the measure of the
duplicate check) reaches SIMILARITY_THRESHOLD. Pure functions over the model and the results of a
closed period (`Resultado`, one per meta: its final average grade and, where published, the level
its eficacia indicator reached).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from generator.common.text import fold, numero
from generator.contract.findings import Finding, finding
from generator.contract.schema import COLUMNS_BY_NAME
from generator.input.validated import Resultado
from generator.model.records import Meta, Periodo, Portal
from generator.model.similarity import normalise, ratio, SIMILARITY_THRESHOLD, WordCounts, words

# A rule's verdict for one meta, as a visitor reads it.
OBSERVACION = "observación"
JUSTIFICADA = "justificada"
CUMPLE = "cumple"
MAXIMO = "en el máximo de su escala"
NO_APLICA = "no aplica"
NO_VERIFICABLE = "no se pudo verificar"
NO_HECHA = "no se pudo hacer"

EXPLICIT = "meta_anterior"  # the predecessor named by the meta's column
SIMILAR = "similitud"  # found by área, cargo and description

PERFECT_GRADE = 10
TOP_OF_PERCENT = 100
NIVEL = COLUMNS_BY_NAME["nivel_esperado"]  # the level the second rule compares, with its unit


@dataclass(frozen=True)
class Verdict:
    status: str  # OBSERVACION | JUSTIFICADA | CUMPLE | MAXIMO | NO_APLICA | NO_VERIFICABLE | NO_HECHA
    detail: str  # one or two sentences in Spanish, with the figures compared
    figures: dict = field(default_factory=dict)  # when the rule is broken: what its finding says (codes.py's params)

    @property
    def breaks(self) -> bool:
        return self.status == OBSERVACION

    @property
    def text(self) -> str:
        """The verdict as a visitor reads it: its status first, unless the detail already opens with it."""
        head = self.status[0].upper() + self.status[1:]
        return self.detail if self.detail.startswith(head) else f"{head}. {self.detail}"


@dataclass(frozen=True)
class Link:
    """A meta of a period and what the previous period says of it."""

    meta: Meta
    previous: Periodo | None  # the previous period of its sistema in the portal; None when there is none
    predecessor: Meta | None
    how: str | None  # EXPLICIT | SIMILAR
    score: float | None  # the similarity of the descriptions (1.0 when equal)
    resultado: Resultado | None  # the predecessor's grade
    repetida: Verdict  # a meta that averaged 10 is not assigned again in the same terms
    nivel: Verdict  # the nivel esperado implies results above those reached the year before

    @property
    def nivel_before(self) -> str:
        return nivel_label(self.predecessor.fields.get(NIVEL.name), self.predecessor) if self.predecessor else ""

    @property
    def nivel_now(self) -> str:
        return nivel_label(self.meta.fields.get(NIVEL.name), self.meta)

    @property
    def observaciones(self) -> tuple[Verdict, ...]:
        return tuple(v for v in (self.repetida, self.nivel) if v.breaks)


@dataclass(frozen=True)
class CargoChanges:
    """A cargo's metas in its latest period against the previous period of the sistema."""

    periodo: Periodo
    previous: Periodo
    continued: tuple[Link, ...]  # metas in force with a predecessor
    new: tuple[Meta, ...]  # metas in force without one
    ended: tuple[Meta, ...]  # metas of the previous period of this cargo that no meta of the cargo continues


@dataclass(frozen=True)
class Continuity:
    links: dict  # (acuerdo, número) → Link, for every meta in force
    successors: dict  # (acuerdo, número) → the metas whose predecessor it is
    cargos: dict  # cargo's name → CargoChanges (only cargos whose latest period has a previous one)

    def link(self, meta: Meta) -> Link | None:
        return self.links.get(key(meta))

    def successors_of(self, meta: Meta) -> tuple[Meta, ...]:
        return self.successors.get(key(meta), ())


def key(meta: Meta) -> tuple[str, str]:
    return (meta.acuerdo, meta.numero)


def parse_reference(text: str) -> tuple[str, str] | None:
    """`INE/JGE177/2022:DEOE-3` → (clave, número); None when it is not of that form (a clave has no «:»)."""
    clave, colon, numero_meta = text.partition(":")
    clave, numero_meta = clave.strip(), numero_meta.strip()
    return (clave, numero_meta) if colon and clave and numero_meta else None


def previous_periodo(portal: Portal, periodo: Periodo) -> Periodo | None:
    """The latest period of the same sistema that starts before this one."""
    return next((p for p in portal.periodos if p.sistema == periodo.sistema and p.inicio < periodo.inicio), None)


def same_terms(meta: Meta, other: Meta) -> bool:
    """The same description (folding case, accents, spacing and punctuation) and the same nivel esperado."""
    return normalise(meta.descripcion) == normalise(other.descripcion) and meta.fields.get(NIVEL.name) == other.fields.get(NIVEL.name)


def compare(portal: Portal, resultados=()) -> Continuity:
    """Every meta in force linked with its predecessor and judged by the two rules."""
    by_key = {key(m): m for m in portal.metas}
    results = {(r.acuerdo, r.numero): r for r in resultados}
    periods_with_results = frozenset(by_key[k].periodo for k in results if k in by_key)
    in_force: dict[Periodo, list[Meta]] = defaultdict(list)
    for meta in portal.metas:
        if not meta.cancelada:
            in_force[meta.periodo].append(meta)
    texts = {key(m): words(m.descripcion) for metas in in_force.values() for m in metas}  # each description folded once
    links = {}
    for periodo, metas in in_force.items():
        previous = previous_periodo(portal, periodo)
        found = _similar_predecessors(metas, in_force.get(previous, []), texts) if previous else {}
        for meta in metas:
            predecessor, how, score = _explicit(meta, by_key), EXPLICIT, None
            if predecessor is not None:
                score = ratio(words(meta.descripcion), words(predecessor.descripcion))
            elif key(meta) in found:
                (predecessor, score), how = found[key(meta)], SIMILAR
            else:
                how = None
            resultado = results.get(key(predecessor)) if predecessor else None
            links[key(meta)] = Link(
                meta, previous, predecessor, how, score, resultado,
                _repetida(meta, previous, predecessor, resultado, periods_with_results),
                _nivel(meta, previous, predecessor, resultado),
            )
    successors: dict[tuple, list[Meta]] = defaultdict(list)
    for link in links.values():
        if link.predecessor is not None:
            successors[key(link.predecessor)].append(link.meta)
    return Continuity(links, {k: tuple(v) for k, v in successors.items()}, _cargo_changes(portal, links, successors))


def _explicit(meta: Meta, by_key: dict) -> Meta | None:
    """The meta that `meta_anterior` names, when it is of an earlier period of the same sistema (validate.py refuses any other)."""
    reference = meta.fields.get("meta_anterior")
    found = by_key.get(parse_reference(reference)) if reference else None
    if found is None or found.periodo.sistema != meta.periodo.sistema or found.periodo.inicio >= meta.periodo.inicio:
        return None
    return found


def _similar_predecessors(current: list[Meta], previous: list[Meta], texts: dict) -> dict[tuple, tuple[Meta, float]]:
    """For each meta of `current`, the most similar meta of `previous` of its área sharing a cargo, at or above the threshold.

    Compared área by área, so the matrix of word counts stays the size of one área's vocabulary."""
    found = {}
    by_area: dict[str, tuple[list[Meta], list[Meta]]] = defaultdict(lambda: ([], []))
    for meta in previous:
        by_area[meta.area][0].append(meta)
    for meta in current:
        by_area[meta.area][1].append(meta)
    for earlier, later in by_area.values():
        if not earlier or not later:
            continue
        compared = [texts[key(m)] for m in (*earlier, *later)]
        counts = WordCounts(compared)
        by_cargo: dict[str, list[int]] = defaultdict(list)
        for i, meta in enumerate(earlier):
            for cargo in meta.cargos:
                by_cargo[cargo].append(i)
        for j, meta in enumerate(later, start=len(earlier)):
            candidates = np.array(sorted({i for cargo in meta.cargos for i in by_cargo.get(cargo, ())}), dtype=np.intp)
            if not candidates.size:
                continue
            best = None
            for i in candidates[counts.bounds(j, candidates) >= SIMILARITY_THRESHOLD]:
                score = ratio(compared[j], compared[i])
                # the most similar; between equals, the one with the same número, then the first in the annex
                rank = (score, earlier[i].numero == meta.numero, -i)
                if score >= SIMILARITY_THRESHOLD and (best is None or rank > best[0]):
                    best = (rank, earlier[i], score)
            if best:
                found[key(meta)] = (best[1], best[2])
    return found


def label(meta: Meta) -> str:
    """How a meta is named across periods: «INE/JGE177/2022:DEOE-3», the form of `meta_anterior`."""
    return f"{meta.acuerdo}:{meta.numero}"


def nivel_label(value, meta: Meta) -> str:
    if value is None:
        return "sin nivel esperado"
    return f"{numero(value)}\u00a0%" if _is_percent(meta) else numero(value)  # no line between a figure and its %


def _is_percent(meta: Meta) -> bool:
    unidad = fold(str(meta.fields.get(NIVEL.unit, "")))
    return "porcentaje" in unidad or "%" in unidad or "por ciento" in unidad


def _justified(meta: Meta, verdict: str, figures: dict) -> Verdict:
    justificacion = meta.fields.get("justificacion")
    if justificacion:
        return Verdict(JUSTIFICADA, f"{verdict} La meta lo justifica: «{justificacion.rstrip('.')}».")
    return Verdict(OBSERVACION, f"{verdict} La meta no presenta una justificación.", figures)


def _without_predecessor(previous: Periodo | None) -> Verdict | None:
    if previous is None:
        return Verdict(NO_HECHA, "No se pudo hacer: el portal no tiene metas de un periodo anterior de este sistema con las que compararla.")
    return None


def _repetida(meta: Meta, previous, predecessor: Meta | None, resultado: Resultado | None, periods_with_results) -> Verdict:
    missing = _without_predecessor(previous) if predecessor is None else None
    if missing:
        return missing
    if predecessor is None:
        return Verdict(NO_APLICA, f"No aplica: la meta no tiene antecesora en el periodo {previous.label}.")
    if resultado is None:
        why = "no tiene su promedio final" if predecessor.periodo in periods_with_results else f"no tiene los resultados del periodo {predecessor.periodo.label}"
        return Verdict(NO_VERIFICABLE, f"No se pudo verificar: el portal {why} de la meta antecesora, {label(predecessor)}.")
    grade = f"La meta antecesora, {label(predecessor)}, obtuvo un promedio de {numero(resultado.promedio)}"
    if resultado.promedio < PERFECT_GRADE:
        return Verdict(CUMPLE, f"{grade}, menor que 10.")
    if not same_terms(meta, predecessor):
        changed = []
        if normalise(meta.descripcion) != normalise(predecessor.descripcion):
            changed.append("la descripción")
        if meta.fields.get(NIVEL.name) != predecessor.fields.get(NIVEL.name):
            changed.append(f"el nivel esperado ({nivel_label(predecessor.fields.get(NIVEL.name), predecessor)} antes, {nivel_label(meta.fields.get(NIVEL.name), meta)} ahora)")
        return Verdict(CUMPLE, f"{grade}, y esta meta no la repite en los mismos términos: cambió {' y '.join(changed)}.")
    return _justified(meta, f"{grade} y esta meta la repite en los mismos términos (la misma descripción y el mismo nivel esperado).",
                      {"predecessor": label(predecessor), "promedio": numero(resultado.promedio)})


def _nivel(meta: Meta, previous, predecessor: Meta | None, resultado: Resultado | None) -> Verdict:
    missing = _without_predecessor(previous) if predecessor is None else None
    if missing:
        return missing
    if predecessor is None:
        return Verdict(NO_APLICA, f"No aplica: la meta no tiene antecesora en el periodo {previous.label}.")
    now = meta.fields.get(NIVEL.name)
    if now is None:
        return Verdict(NO_VERIFICABLE, "No se pudo verificar: la meta no indica su nivel esperado.")
    units = (meta.fields.get(NIVEL.unit), predecessor.fields.get(NIVEL.unit))
    if all(units) and _is_percent(meta) != _is_percent(predecessor):
        return Verdict(NO_VERIFICABLE, f"No se pudo verificar: la meta y su antecesora, {label(predecessor)}, miden el nivel en unidades distintas ({units[0]} y {units[1]}).")
    percent = _is_percent(meta) if units[0] else _is_percent(predecessor)  # the unit one of them states
    if resultado is not None and resultado.nivel_alcanzado is not None:
        before, basis, reason = resultado.nivel_alcanzado, f"el nivel alcanzado por la meta antecesora, {label(predecessor)}", "alcanzado"
    elif predecessor.fields.get(NIVEL.name) is not None:
        before, reason = predecessor.fields[NIVEL.name], "esperado"
        basis = f"el nivel esperado de la meta antecesora, {label(predecessor)}, porque el portal no tiene el nivel que alcanzó"
    else:
        return Verdict(NO_VERIFICABLE, f"No se pudo verificar: el portal no tiene el nivel alcanzado por la meta antecesora, {label(predecessor)}, ni su nivel esperado.")
    compared = f"Se comparó con {basis}: {nivel_label(now, meta)} ahora, {nivel_label(before, predecessor)} antes"
    if now > before:
        return Verdict(CUMPLE, f"{compared}; el nivel esperado es superior.")
    if percent and now == before == TOP_OF_PERCENT:
        return Verdict(MAXIMO, f"{compared}; el nivel esperado ya es el máximo de su escala y no puede ser superior.")
    return _justified(meta, f"{compared}; el nivel esperado no es superior.",
                      {"reason": reason, "predecessor": label(predecessor), "now": nivel_label(now, meta), "before": nivel_label(before, predecessor)})


def _cargo_changes(portal: Portal, links: dict, successors: dict) -> dict[str, CargoChanges]:
    changes = {}
    by_cargo: dict[str, list[Meta]] = defaultdict(list)
    for meta in portal.metas:
        if not meta.cancelada:
            for cargo in meta.cargos:
                by_cargo[cargo].append(meta)
    for cargo, metas in by_cargo.items():
        latest = max((m.periodo for m in metas), key=lambda p: (p.inicio, p.sistema))
        previous = previous_periodo(portal, latest)
        if previous is None:
            continue
        now = [m for m in metas if m.periodo == latest]
        continued = tuple(links[key(m)] for m in now if links[key(m)].predecessor is not None)
        new = tuple(m for m in now if links[key(m)].predecessor is None)
        ended = tuple(m for m in metas if m.periodo == previous and not any(cargo in s.cargos for s in successors.get(key(m), ())))
        changes[cargo] = CargoChanges(latest, previous, continued, new, ended)
    return changes


def findings(across: Continuity) -> list[Finding]:
    """The two rules of Considerando 2 a meta breaks, on its row (the verdicts say why, with the figures)."""
    found = []
    for link in across.links.values():
        meta = link.meta
        if link.repetida.breaks:
            found.append(finding("repite_meta_con_promedio_10", meta.file, meta.row, "descripcion", meta.descripcion, **link.repetida.figures))
        if link.nivel.breaks:
            found.append(finding("nivel_esperado_no_superior", meta.file, meta.row, NIVEL.name, numero(meta.fields[NIVEL.name]), **link.nivel.figures))
    return found
