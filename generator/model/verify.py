"""The checks the acuerdo says DESPEN made (its "Motivos", III), repeated with the data at hand.

Pure functions over the model: every check says whether the rule is met
("cumple"), broken ("no cumple") or cannot be checked with the data available
("no verificable"), and why, with numbers. Cancelled metas are not in force and
are left out of the counts; the detail says how many were left out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from generator.common.text import fecha_larga, numero
from generator.contract.schema import CUADRO_COLUMNS
from generator.model import continuity as continuity_module
from generator.model.derive import Derived, ends_outside_period, starts_before_approval, starts_outside_period, too_few_people
from generator.model.records import Acuerdo, Meta, Portal
from generator.model.similarity import normalise, SIMILARITY_THRESHOLD, WordCounts

CUMPLE = "cumple"
NO_CUMPLE = "no cumple"
NO_VERIFICABLE = "no verificable"

COLECTIVAS = "Metas colectivas para al menos tres personas"
DUPLICADAS = "Sin metas duplicadas"
CASI_IDENTICAS = "Sin metas casi idénticas"
VIGENCIA = "Vigencia dentro del periodo y después de la aprobación"
CONCILIACION = "Conciliación con los totales y el Cuadro 1"
ARITMETICA = "Aritmética del Cuadro 1"
TRES_POR_AREA = "Al menos tres metas por área normativa"
REPETIDA_10 = "Metas con promedio de 10 no repetidas en los mismos términos"
NIVEL_SUPERIOR = "Nivel esperado superior al alcanzado el año anterior"

PREDECESSOR = f"Cada meta vigente se compara con su antecesora en el periodo anterior del mismo sistema: la que indica su columna «meta anterior» (clave del acuerdo y número de meta) o, sin ella, la meta vigente de la misma área normativa, con al menos un cargo o puesto en común y la descripción más parecida, con una similitud de {SIMILARITY_THRESHOLD:.2f} o más (la medida de «Sin metas casi idénticas»)."

DESCRIPTIONS = {
    COLECTIVAS: "Los Lineamientos, citados en las consideraciones del acuerdo: «Cada meta colectiva deberá aplicar al menos a tres personas evaluadas que obtendrán la misma calificación». La DESPEN dice haberlo comprobado («Motivos», III). Se verifica con la columna «personas evaluadas» del anexo.",
    DUPLICADAS: "La DESPEN debe asegurar que «se evite la redundancia o duplicidad entre las mismas» (Lineamientos, artículo 8, citado en las consideraciones del acuerdo) y dice haberlo verificado («Motivos», III). Aquí, dos metas vigentes del mismo periodo, área normativa y cargo o puesto son duplicadas si su descripción es la misma sin contar mayúsculas, acentos, espacios ni puntuación. Se comparan también con las metas de acuerdos anteriores del mismo periodo.",
    CASI_IDENTICAS: f"Complemento de la regla anterior: pares de metas vigentes del mismo periodo, área normativa y cargo o puesto cuyas descripciones son casi iguales: una similitud de {SIMILARITY_THRESHOLD:.2f} o más, en una escala de 0 a 1 que mide la proporción de palabras que comparten en el mismo orden. Pueden ser duplicadas o diferir solo en una cifra o una fecha: conviene revisarlas.",
    VIGENCIA: "La vigencia de cada meta debe quedar dentro del periodo de evaluación del acuerdo, y los Lineamientos, citados en las consideraciones del acuerdo, permiten presentar metas «con posterioridad al inicio del periodo a evaluar, siempre y cuando la vigencia de la meta inicie después de su aprobación por la Junta».",
    CONCILIACION: "Las metas del anexo, contadas por tipo, ámbito y área normativa, deben coincidir con los totales que declara el acuerdo y con su Cuadro 1 de metas procedentes metodológicamente («Motivos», IV y V). Se cuentan las metas como se aprobaron, incluidas las que después se cancelaron.",
    ARITMETICA: "En el Cuadro 1 del acuerdo, las cuatro columnas de cada área normativa (oficinas centrales y órganos desconcentrados, individuales y colectivas) deben sumar su total, y las columnas deben sumar los totales que declara el acuerdo. Solo usa el texto del acuerdo: se verifica aunque el anexo no esté disponible.",
    TRES_POR_AREA: "Los Lineamientos, citados en las consideraciones del acuerdo: «Las áreas normativas deberán diseñar un mínimo de tres metas, incluyendo individuales y colectivas para todos los cargos o puestos del Servicio en su ámbito de competencia». La regla vale para todo el periodo y para todos los cargos o puestos del área, no para cada bloque: aquí se cuentan las metas vigentes de todos los acuerdos del periodo que están en el portal, por área normativa, y el resultado es una señal para revisar, no la comprobación de cada cargo o puesto.",
    REPETIDA_10: "El acuerdo recoge de los Lineamientos, en su Considerando 2 («Marco normativo»): «una meta que en un periodo de evaluación previo haya obtenido un promedio de 10 en su calificación final, no podrá ser asignada para un nuevo periodo en los mismos términos, a menos que se presente una justificación válida», y la DESPEN dice haberlo revisado («Motivos», III). " + PREDECESSOR + " La repite «en los mismos términos» si tiene la misma descripción, sin contar mayúsculas, acentos, espacios ni puntuación, y el mismo nivel esperado. Hace falta el promedio final de la antecesora, de la tabla de resultados del periodo; sin él, no se pudo verificar. Una justificación en la columna «justificación» de la meta levanta la observación.",
    NIVEL_SUPERIOR: "El acuerdo recoge de los Lineamientos, en su Considerando 2 («Marco normativo»): «cada año el nivel esperado de las metas deberá implicar resultados superiores a los alcanzados en el año anterior, a menos que se presente una justificación válida para que no sea así, o que el nivel de diferenciación de la meta resulte satisfactorio a juicio de la DESPEN». " + PREDECESSOR + " Su nivel esperado se compara con el nivel que alcanzó la antecesora, de la tabla de resultados del periodo; sin ese dato, con el nivel esperado de la antecesora, y el resultado lo dice. Un nivel esperado que ya es el máximo de su escala (100 %) cuando la antecesora alcanzó el 100 % no puede ser superior: se dice así, sin observación. La columna «justificación» de la meta (una justificación válida o el juicio de la DESPEN sobre la diferenciación) levanta la observación.",
}
NO_ANNEX = "El anexo de metas de este acuerdo no está disponible en el portal."


@dataclass(frozen=True)
class Pair:
    """Two metas with (almost) the same description; `first` was approved first."""

    first: Meta
    second: Meta
    score: float  # SequenceMatcher ratio of the normalised descriptions; 1.0 when equal

    @property
    def score_label(self) -> str:
        """Two decimals, rounded down so that 0.999 never reads as "1.00"."""
        return f"{math.floor(self.score * 100) / 100:.2f}"


@dataclass(frozen=True)
class Check:
    acuerdo: str | None  # None for a check of the whole periodo
    periodo: str  # Periodo.label
    name: str
    description: str
    status: str  # CUMPLE | NO_CUMPLE | NO_VERIFICABLE
    detail: str
    metas: tuple[Meta, ...] = ()
    pairs: tuple[Pair, ...] = ()  # for the duplicate and near-duplicate checks
    ilustrativo: bool = False  # it rests on illustrative metas: it says nothing of the official annex
    across_periods: str = ""  # for the rules across periods, the continuity.Link verdict it sums up: repetida | nivel

    @property
    def verdict(self) -> str:
        """The result as the summary shows it: no verdict on a real acuerdo from invented metas."""
        return "datos ilustrativos" if self.ilustrativo else self.status


def verify(portal: Portal, derived: Derived) -> list[Check]:
    """Every check of every acuerdo that approves metas (newest first), then of every periodo."""
    by_acuerdo: dict[str, list[Meta]] = defaultdict(list)
    for meta in portal.metas:
        by_acuerdo[meta.acuerdo].append(meta)
    approving = [a for a in portal.acuerdos if a.tipo == "aprobacion" or by_acuerdo[a.clave]]
    exact, near = similar_pairs(portal)
    checks = []
    for acuerdo in approving:
        metas = by_acuerdo[acuerdo.clave]

        def check(name, status, detail, involved=(), pairs=()):
            on_metas = name != ARITMETICA  # the Cuadro's arithmetic reads the acuerdo's text alone
            ilustrativo = on_metas and any(m.datos_ilustrativos for m in (*metas, *involved))
            checks.append(Check(acuerdo.clave, acuerdo.periodo.label, name, DESCRIPTIONS[name], status, detail, tuple(involved), tuple(pairs), ilustrativo))

        check(COLECTIVAS, *_colectivas(metas))
        check(DUPLICADAS, *_duplicates(metas, exact[acuerdo.clave], duplicated=True))
        check(CASI_IDENTICAS, *_duplicates(metas, near[acuerdo.clave], duplicated=False))
        check(VIGENCIA, *_vigencia(acuerdo, metas))
        check(CONCILIACION, *_reconciliation(acuerdo, derived))
        check(ARITMETICA, *_arithmetic(acuerdo))
        if derived.continuity is not None:
            for name, rule in ((REPETIDA_10, "repetida"), (NIVEL_SUPERIOR, "nivel")):
                status, detail, involved, links = _across_periods(metas, derived.continuity, rule)
                ilustrativo = any(m.datos_ilustrativos for link in links for m in (link.meta, link.predecessor) if m is not None)
                checks.append(Check(acuerdo.clave, acuerdo.periodo.label, name, DESCRIPTIONS[name], status, detail, tuple(involved), ilustrativo=ilustrativo, across_periods=rule))
    for periodo in portal.periodos:
        acuerdos = [a for a in approving if a.periodo == periodo]
        if acuerdos:
            status, detail, involved = _three_per_area(acuerdos, by_acuerdo)
            considered = [m for a in acuerdos for m in by_acuerdo[a.clave]]
            checks.append(Check(None, periodo.label, TRES_POR_AREA, DESCRIPTIONS[TRES_POR_AREA], status, detail, tuple(involved), ilustrativo=any(m.datos_ilustrativos for m in considered)))
    return checks


def cuadro_arithmetic(acuerdo: Acuerdo) -> list[str]:
    """What does not add up in the acuerdo's Cuadro 1 and totales, in Spanish; empty when all does."""
    problems = []
    for row in acuerdo.cuadro:
        cells = [row[c] for c in CUADRO_COLUMNS]
        if sum(cells) != row["total"]:
            problems.append(f"{row['area']}: {' + '.join(map(str, cells))} = {sum(cells)}, pero el Cuadro dice {row['total']}")
    totales = acuerdo.totales or {}
    if acuerdo.cuadro:
        sums = {c: sum(row[c] for row in acuerdo.cuadro) for c in (*CUADRO_COLUMNS, "total")}
        expected = {
            "individuales": (sums["oc_individuales"], sums["od_individuales"]),
            "colectivas": (sums["oc_colectivas"], sums["od_colectivas"]),
        }
        for key, (oc, od) in expected.items():
            if key in totales and oc + od != totales[key]:
                problems.append(f"{key}: el Cuadro suma {oc} + {od} = {oc + od}, pero el acuerdo declara {totales[key]}")
        if "metas" in totales and sums["total"] != totales["metas"]:
            problems.append(f"metas: la columna Total del Cuadro suma {sums['total']}, pero el acuerdo declara {totales['metas']}")
    if {"metas", "individuales", "colectivas"} <= set(totales) and totales["individuales"] + totales["colectivas"] != totales["metas"]:
        problems.append(f"totales: {totales['individuales']} individuales + {totales['colectivas']} colectivas = {totales['individuales'] + totales['colectivas']}, pero el acuerdo declara {totales['metas']} metas")
    return problems


def similar_pairs(portal: Portal) -> tuple[dict[str, list[Pair]], dict[str, list[Pair]]]:
    """Duplicated and nearly duplicated metas in force, by the acuerdo of the later meta of each pair.

    Only metas of the same periodo, área and cargo are compared. Similarity is
    SequenceMatcher's ratio over the words of the normalised descriptions: over
    characters it is some 15 times slower, and two descriptions that differ in the
    verb and both dates still score 0.9.
    """
    rank = {a.clave: i for i, a in enumerate(reversed(portal.acuerdos))}  # oldest first
    groups: dict[tuple, list[tuple[tuple[int, int], list[str], Meta]]] = defaultdict(list)
    for position, meta in enumerate(portal.metas):
        if meta.cancelada:
            continue
        member = ((rank[meta.acuerdo], position), normalise(meta.descripcion).split(), meta)
        for cargo in meta.cargos:
            groups[(portal.acuerdo(meta.acuerdo).periodo, meta.area, cargo)].append(member)
    compared: set[tuple] = set()
    found: list[tuple[tuple, Pair]] = []
    matcher = SequenceMatcher(autojunk=False)
    for members in groups.values():
        members.sort(key=lambda member: member[0])
        counts = WordCounts([words for _, words, _ in members])
        for i, (key_a, words_a, meta_a) in enumerate(members[:-1]):
            candidates = np.flatnonzero(counts.bounds(i, slice(i + 1, None)) >= SIMILARITY_THRESHOLD)
            if candidates.size:
                matcher.set_seq2(words_a)  # SequenceMatcher caches what it learns about seq2
            for j in candidates:
                key_b, words_b, meta_b = members[i + 1 + j]
                if (key_a, key_b) in compared:
                    continue  # the two metas share another cargo
                compared.add((key_a, key_b))
                matcher.set_seq1(words_b)
                score = matcher.ratio()  # exactly 1.0 for the same words
                if score >= SIMILARITY_THRESHOLD:
                    found.append(((key_b, key_a), Pair(meta_a, meta_b, score)))
    exact: dict[str, list[Pair]] = defaultdict(list)
    near: dict[str, list[Pair]] = defaultdict(list)
    for _, pair in sorted(found, key=lambda item: item[0]):
        (exact if pair.score == 1.0 else near)[pair.second.acuerdo].append(pair)
    return exact, near


def _cancelled_note(metas: list[Meta]) -> str:
    cancelled = sum(m.cancelada for m in metas)
    return f" Metas canceladas, que no se cuentan: {numero(cancelled)}." if cancelled else ""


def _in_force(metas: list[Meta]):
    """(metas in force, None), or (None, the no verificable result) when there are none."""
    vigentes = [m for m in metas if not m.cancelada]
    if not metas:
        return None, (NO_VERIFICABLE, NO_ANNEX)
    if not vigentes:
        return None, (NO_VERIFICABLE, "Todas las metas del acuerdo están canceladas.")
    return vigentes, None


def _colectivas(metas: list[Meta]):
    vigentes, missing = _in_force(metas)
    if missing:
        return missing
    note = _cancelled_note(metas)
    colectivas = [m for m in vigentes if m.tipo == "colectiva"]
    counted = [m for m in colectivas if m.fields.get("personas_evaluadas") is not None]
    if not colectivas:
        return NO_VERIFICABLE, "El anexo no tiene metas colectivas vigentes." + note
    if not counted:
        return NO_VERIFICABLE, f"Ninguna de las metas colectivas vigentes ({numero(len(colectivas))}) indica a cuántas personas evaluadas aplica." + note
    unstated = f" Metas colectivas que no lo indican: {numero(len(colectivas) - len(counted))}." if len(counted) < len(colectivas) else ""
    stated = f"Metas colectivas vigentes que indican a cuántas personas evaluadas aplican: {numero(len(counted))}"
    few = [m for m in counted if too_few_people(m)]
    if few:
        return NO_CUMPLE, f"{stated}; de ellas aplican a menos de tres personas: {numero(len(few))}." + unstated + note, few
    people = [m.fields["personas_evaluadas"] for m in counted]
    return CUMPLE, f"{stated}; todas aplican a tres personas o más (de {numero(min(people))} a {numero(max(people))})." + unstated + note


def _duplicates(metas: list[Meta], pairs: list[Pair], duplicated: bool):
    vigentes, missing = _in_force(metas)
    if missing:
        return missing
    note = _cancelled_note(metas)
    if not pairs:
        what = "la misma descripción" if duplicated else f"una descripción con similitud de {SIMILARITY_THRESHOLD:.2f} o más"
        return CUMPLE, f"Metas vigentes comparadas: {numero(len(vigentes))}, y las de acuerdos anteriores del periodo; ninguna tiene {what} que otra de su área y cargo." + note
    involved = list({id(m): m for p in pairs for m in (p.first, p.second)}.values())
    if duplicated:
        detail = f"Pares de metas con la misma descripción, área y cargo: {numero(len(pairs))} ({numero(len(involved))} metas)."
    else:
        scores = [p.score_label for p in pairs]
        detail = f"Pares de metas de la misma área y cargo con descripciones casi idénticas: {numero(len(pairs))} ({numero(len(involved))} metas; similitud de {min(scores)} a {max(scores)})."
    return NO_CUMPLE, detail + note, involved, pairs


def _vigencia(acuerdo: Acuerdo, metas: list[Meta]):
    vigentes, missing = _in_force(metas)
    if missing:
        return missing
    note = _cancelled_note(metas)
    outside = [m for m in vigentes if starts_outside_period(m, acuerdo) or ends_outside_period(m, acuerdo)]
    early = [m for m in vigentes if starts_before_approval(m, acuerdo)]
    period = f"del {fecha_larga(acuerdo.periodo_inicio)} al {fecha_larga(acuerdo.periodo_fin)}"
    approval = fecha_larga(acuerdo.fecha_aprobacion)
    if not outside and not early:
        return CUMPLE, f"Metas vigentes: {numero(len(vigentes))}; todas empiezan y terminan dentro del periodo ({period}) y ninguna empieza antes de la aprobación del acuerdo ({approval})." + note
    parts = [f"Metas vigentes: {numero(len(vigentes))}"]
    if outside:
        parts.append(f"con vigencia fuera del periodo ({period}): {numero(len(outside))}")
    if early:
        parts.append(f"que empiezan antes de la aprobación del acuerdo ({approval}): {numero(len(early))}")
    involved = list({id(m): m for m in outside + early}.values())
    return NO_CUMPLE, "; ".join(parts) + "." + note, involved


def _reconciliation(acuerdo: Acuerdo, derived: Derived):
    reconciliation = derived.reconciliations[acuerdo.clave]
    if not reconciliation.annex_available:
        declared = f" El acuerdo declara {numero(acuerdo.totales['metas'])} metas." if "metas" in (acuerdo.totales or {}) else ""
        return NO_VERIFICABLE, NO_ANNEX + declared
    if not reconciliation.declared_anything:
        return NO_VERIFICABLE, "El acuerdo no declara totales ni Cuadro con los que comparar su anexo."
    if reconciliation.ok:
        compared = []
        if reconciliation.totales:
            compared.append("los totales que declara el acuerdo (" + ", ".join(f"{c.label.lower()}: {numero(c.declared)}" for c in reconciliation.totales) + ")")
        if reconciliation.cuadro:
            compared.append(f"cada columna de las {numero(len(reconciliation.cuadro))} áreas del Cuadro 1")
        return CUMPLE, f"El anexo coincide con {' y con '.join(compared)}."
    mismatches = [f"{c.label.lower()}: declara {numero(c.declared)}, el anexo tiene {numero(c.annex)}" for c in reconciliation.totales if not c.ok]
    mismatches += [f"{area}, {c.label.lower()}: declara {numero(c.declared)}, el anexo tiene {numero(c.annex)}" for area, row in reconciliation.cuadro for c in row if not c.ok]
    return NO_CUMPLE, f"Cifras que no coinciden: {numero(len(mismatches))}. " + "; ".join(mismatches) + "."


def _arithmetic(acuerdo: Acuerdo):
    problems = cuadro_arithmetic(acuerdo)
    if problems:
        return NO_CUMPLE, "No suma: " + "; ".join(problems) + "."
    totales = acuerdo.totales or {}
    if not acuerdo.cuadro:
        consistent = ""
        if {"metas", "individuales", "colectivas"} <= set(totales):
            consistent = f" Sus totales sí son coherentes: {numero(totales['individuales'])} individuales + {numero(totales['colectivas'])} colectivas = {numero(totales['metas'])} metas."
        return NO_VERIFICABLE, "El acuerdo no tiene Cuadro por área normativa en el portal." + consistent
    sums = {c: sum(row[c] for row in acuerdo.cuadro) for c in (*CUADRO_COLUMNS, "total")}
    parts = [f"cada una de sus {numero(len(acuerdo.cuadro))} filas suma su total"]
    if "individuales" in totales:
        parts.append(f"individuales {numero(sums['oc_individuales'])} + {numero(sums['od_individuales'])} = {numero(totales['individuales'])}")
    if "colectivas" in totales:
        parts.append(f"colectivas {numero(sums['oc_colectivas'])} + {numero(sums['od_colectivas'])} = {numero(totales['colectivas'])}")
    if "metas" in totales:
        parts.append(f"la columna Total suma {numero(totales['metas'])} metas, como declara el acuerdo")
    else:
        parts.append(f"la columna Total suma {numero(sums['total'])} metas (el acuerdo no declara el total con el que compararla)")
    return CUMPLE, "Cuadro 1: " + "; ".join(parts) + "."


RULE_BROKEN = {
    "repetida": "repiten en los mismos términos una meta que obtuvo un promedio de 10, sin justificación",
    "nivel": "tienen un nivel esperado que no es superior al del año anterior, sin justificación",
}
RULE_KEPT = {
    "repetida": "ninguna repite en los mismos términos, sin justificación, una meta que obtuvo un promedio de 10",
    "nivel": "ninguna tiene, sin justificación, un nivel esperado que no sea superior al del año anterior",
}
RULE_UNVERIFIABLE = {
    "repetida": "el portal no tiene el promedio final de ninguna de sus antecesoras (la tabla de resultados del periodo anterior)",
    "nivel": "ninguna de las metas con antecesora tiene un nivel esperado que pueda compararse con el de su antecesora",
}


def _across_periods(metas: list[Meta], continuity, rule: str):
    """One of the two rules across periods over an acuerdo's metas in force: (status, detail, metas that break it, their links)."""
    vigentes, missing = _in_force(metas)
    if missing:
        return (*missing, [], [])
    links = [continuity.link(m) for m in vigentes]
    previous = links[0].previous
    if previous is None:
        return NO_VERIFICABLE, f"No se pudo hacer: el portal no tiene metas de un periodo anterior del sistema {vigentes[0].periodo.sistema} con las que comparar las de este acuerdo.", [], links
    linked = [link for link in links if link.predecessor is not None]
    verdicts = [getattr(link, rule) for link in linked]
    broken = [link.meta for link, verdict in zip(linked, verdicts) if verdict.status == continuity_module.OBSERVACION]
    tally = {status: sum(v.status == status for v in verdicts) for status in (continuity_module.JUSTIFICADA, continuity_module.NO_VERIFICABLE, continuity_module.MAXIMO)}
    verified = len(linked) - tally[continuity_module.NO_VERIFICABLE]
    head = f"Metas vigentes: {numero(len(vigentes))}; con antecesora en el periodo {previous.label}: {numero(len(linked))}"
    notes = ""
    if rule == "nivel":
        reached = sum(link.resultado is not None and link.resultado.nivel_alcanzado is not None for link, v in zip(linked, verdicts) if v.status != continuity_module.NO_VERIFICABLE)
        bases = [f"con el nivel alcanzado: {numero(reached)}"] if reached else []
        bases += [f"con el nivel esperado del año anterior, a falta del alcanzado: {numero(verified - reached)}"] if verified - reached else []
        if bases:
            notes += " Comparadas " + "; ".join(bases) + "."
        if tally[continuity_module.MAXIMO]:
            notes += f" Con un nivel esperado del 100 %, el máximo de su escala, como el de su antecesora: {numero(tally[continuity_module.MAXIMO])}."
    if tally[continuity_module.JUSTIFICADA]:
        notes += f" Metas que lo justifican: {numero(tally[continuity_module.JUSTIFICADA])}."
    if verified and tally[continuity_module.NO_VERIFICABLE]:
        notes += f" Metas que no se pudieron verificar: {numero(tally[continuity_module.NO_VERIFICABLE])}."
    note = _cancelled_note(metas)
    if broken:
        return NO_CUMPLE, f"{head}; de ellas {RULE_BROKEN[rule]}: {numero(len(broken))}." + notes + note, broken, links
    if not linked:
        return CUMPLE, f"{head}: todas son nuevas, ninguna continúa una meta anterior." + note, [], links
    if not verified:
        return NO_VERIFICABLE, f"No se pudo verificar: {RULE_UNVERIFIABLE[rule]}. {head}." + note, [], links
    return CUMPLE, f"{head}; verificadas: {numero(verified)}; {RULE_KEPT[rule]}." + notes + note, [], links


def _three_per_area(acuerdos: list[Acuerdo], by_acuerdo: dict[str, list[Meta]]):
    metas = [m for a in acuerdos for m in by_acuerdo[a.clave]]
    counts = {row["area"]: 0 for a in acuerdos for row in a.cuadro}
    counts.update({m.area: 0 for m in metas})
    for meta in metas:
        if not meta.cancelada:
            counts[meta.area] += 1
    if not counts:
        return NO_VERIFICABLE, "Ningún acuerdo del periodo tiene su anexo de metas ni un Cuadro por área en el portal.", []
    note = _cancelled_note(metas)
    without_annex = ", ".join(a.clave for a in acuerdos if not by_acuerdo[a.clave])
    few = {area: n for area, n in sorted(counts.items()) if n < 3}
    if not few:
        missing = f" (No están en el portal los anexos de {without_annex}.)" if without_annex else ""
        return CUMPLE, f"Áreas normativas con metas en el periodo: {numero(len(counts))}; todas tienen tres o más metas vigentes (de {numero(min(counts.values()))} a {numero(max(counts.values()))}).{missing}" + note, []
    listed = ", ".join(f"{area} ({n})" for area, n in few.items())
    involved = [m for m in metas if m.area in few and not m.cancelada]
    if without_annex:
        return NO_VERIFICABLE, f"Con las metas disponibles, {numero(len(few))} de {numero(len(counts))} áreas normativas tienen menos de tres metas vigentes: {listed}; pero faltan en el portal los anexos de {without_annex}, que podrían completarlas." + note, involved
    return NO_CUMPLE, f"Áreas normativas con menos de tres metas vigentes en el periodo: {numero(len(few))} de {numero(len(counts))}: {listed}." + note, involved
