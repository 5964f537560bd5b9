"""Illustrative data sets shaped like the real thing, deterministic for a seed.

Two uses: the demonstration annex of an acuerdo whose official annex is not
available (it reconciles exactly with the acuerdo's Cuadro), and data sets of any
size for the benchmark. Every acuerdo written here says `datos_ilustrativos: true`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from pathlib import Path

import yaml

from generator.common.text import fecha_larga, os_error, show_escaped
from generator.contract import schema
from generator.contract.codes import message
from generator.contract.schema import CUADRO_COLUMNS

ENTIDADES = (
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas", "Chihuahua",
    "Ciudad de México", "Coahuila", "Colima", "Durango", "Estado de México", "Guanajuato", "Guerrero",
    "Hidalgo", "Jalisco", "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro",
    "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz",
    "Yucatán", "Zacatecas",
)

# Cargos and puestos of the Servicio, as INE names them, by área and ámbito.
CARGOS = {
    "DECEYEC": {
        "oc": ["Director de Capacitación Electoral", "Subdirector de Educación Cívica", "Jefe de Departamento de Capacitación Electoral"],
        "od": ["Vocal de Capacitación Electoral y Educación Cívica de Junta Local Ejecutiva", "Vocal de Capacitación Electoral y Educación Cívica de Junta Distrital Ejecutiva", "Coordinador de Educación Cívica"],
    },
    "DEOE": {
        "oc": ["Director de Estadística y Documentación Electoral", "Director de Operación Regional", "Subdirector de Circunscripción Plurinominal Electoral", "Jefe de Departamento de Procedimientos Electorales", "Jefe de Departamento de Documentación Electoral"],
        "od": ["Vocal de Organización Electoral de Junta Local Ejecutiva", "Vocal de Organización Electoral de Junta Distrital Ejecutiva", "Coordinador de Organización Electoral", "Técnico de Organización Electoral"],
    },
    "DEPPP": {
        "oc": ["Director de Partidos Políticos y Financiamiento", "Subdirector de Registro", "Jefe de Departamento de Monitoreo de Medios"],
        "od": ["Vocal Secretario de Junta Local Ejecutiva", "Vocal Secretario de Junta Distrital Ejecutiva"],
    },
    "DERFE": {
        "oc": ["Director de Cartografía Electoral", "Subdirector de Depuración al Padrón Electoral", "Jefe de Departamento de Actualización Cartográfica", "Jefe de Departamento de Operación en Campo"],
        "od": ["Vocal del Registro Federal de Electores de Junta Local Ejecutiva", "Vocal del Registro Federal de Electores de Junta Distrital Ejecutiva", "Jefe de Oficina de Cartografía Estatal", "Jefe de Monitoreo a Módulos", "Jefe de Oficina de Seguimiento y Análisis"],
    },
    "DEA": {
        "oc": ["Subdirector de Recursos Materiales", "Jefe de Departamento de Control Presupuestal"],
        "od": ["Vocal Ejecutivo de Junta Local Ejecutiva", "Vocal Secretario de Junta Local Ejecutiva", "Vocal Secretario de Junta Distrital Ejecutiva"],
    },
    "VEL": {
        "oc": ["Coordinador de Vinculación Local"],
        "od": ["Vocal Ejecutivo de Junta Local Ejecutiva", "Vocal Ejecutivo de Junta Distrital Ejecutiva"],
    },
    "UTVOPL": {
        "oc": ["Director de Vinculación y Coordinación con Organismos Públicos Locales", "Jefe de Departamento de Seguimiento a Organismos Públicos Locales"],
        "od": ["Vocal Ejecutivo de Junta Local Ejecutiva", "Vocal Secretario de Junta Local Ejecutiva"],
    },
    "DESPEN": {
        "oc": ["Subdirector de Evaluación del Desempeño", "Jefe de Departamento de Profesionalización"],
        "od": ["Vocal Ejecutivo de Junta Distrital Ejecutiva", "Vocal Secretario de Junta Distrital Ejecutiva"],
    },
}
OPLE_CARGOS = {
    "oc": ["Coordinador de Organización Electoral del OPLE", "Coordinador de Educación Cívica del OPLE", "Coordinador de Participación Ciudadana del OPLE", "Coordinador de Prerrogativas y Partidos Políticos del OPLE", "Coordinador de Vinculación con el INE del OPLE"],
    "od": ["Jefe de Departamento de Organización Electoral del OPLE", "Jefe de Departamento de Educación Cívica del OPLE", "Técnico de Organización Electoral del OPLE", "Técnico de Educación Cívica del OPLE", "Técnico de Participación Ciudadana del OPLE"],
}
TEMAS = {
    "DECEYEC": ("capacitación de las personas funcionarias de mesa directiva de casilla", "las actividades de educación cívica del programa anual", "la difusión de la convocatoria a supervisores y capacitadores"),
    "DEOE": ("la ubicación e instalación de casillas", "el equipamiento de las bodegas electorales", "los mecanismos de recolección de paquetes electorales", "los simulacros del sistema de información de la jornada electoral"),
    "DEPPP": ("el monitoreo de las transmisiones de radio y televisión", "la verificación del padrón de afiliados de los partidos políticos"),
    "DERFE": ("la actualización de la cartografía electoral", "la atención ciudadana en los módulos", "la depuración del padrón electoral", "la verificación nacional muestral"),
    "DEA": ("el control del ejercicio del presupuesto asignado", "el inventario de bienes muebles"),
    "VEL": ("la coordinación de las juntas distritales de la entidad", "el seguimiento a los acuerdos del consejo local"),
    "UTVOPL": ("la coordinación con el organismo público local", "el seguimiento al calendario del proceso electoral local"),
    "DESPEN": ("la evaluación del desempeño del personal del Servicio", "el programa de formación del Servicio"),
}
VERBOS = ("Verificar", "Dar seguimiento a", "Elaborar un informe sobre", "Supervisar", "Integrar la documentación de", "Coordinar")
CALIDAD = ("Sin observaciones.", "Con observaciones subsanadas.", "Con observaciones no subsanadas.")  # niveles alto, medio, bajo
ILLUSTRATIVE_MARK = "sí"  # the datos_ilustrativos column of every row written here: the file itself says it is invented

RESULTS_HEADER = ("acuerdo", "numero_meta", "promedio", "nivel_alcanzado")  # data/resultados/


def synth_annex(acuerdo_file: Path, out: Path, seed: int = 0) -> int:
    """The illustrative annex of an acuerdo whose official annex is not available.

    ValueError in Spanish for what the person asked that cannot be done: an acuerdo that cannot be
    read (a YAML tag such as !!python is refused, never run), an output that is not a CSV file."""
    from generator.input.acuerdo_text import read_text
    from generator.input.load import DEFAULT_LIMITS, TextDatesLoader, yaml_problem
    from generator.contract.schema import SISTEMAS
    from generator.input.values import parse_choice, parse_clave, parse_cuadro, parse_date

    out = Path(out)
    if out.suffix.lower() not in (".csv", ".docx") or out.is_dir() or out.is_symlink():
        raise ValueError(f"«{show_escaped(str(out))}» no es un archivo .csv ni .docx: indique con --out el archivo del anexo que se escribirá")
    try:
        text = read_text(acuerdo_file, DEFAULT_LIMITS.max_yaml_bytes)
    except ValueError as exc:
        raise ValueError(f"{show_escaped(str(acuerdo_file))}: {exc}") from None
    try:
        acuerdo = yaml.load(text, Loader=TextDatesLoader)  # noqa: S506 (a safe loader: tags such as !!python are refused)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ValueError(f"{show_escaped(str(acuerdo_file))}{f', línea {mark.line + 1}' if mark else ''}: {message('yaml_invalido', reason=yaml_problem(exc, text))}") from None
    missing = [key for key in ("clave", "fecha_aprobacion", "sistema", "periodo_inicio", "periodo_fin", "cuadro") if not isinstance(acuerdo, dict) or not acuerdo.get(key)]
    if missing:
        raise ValueError(f"{show_escaped(str(acuerdo_file))}: al acuerdo le falta {', '.join(f'«{key}»' for key in missing)}")
    periodo = (parse_date(acuerdo["periodo_inicio"]), parse_date(acuerdo["periodo_fin"]))
    sistema = parse_choice(acuerdo["sistema"], SISTEMAS, "sistema")
    rows = annex_for_cuadro(parse_clave(acuerdo["clave"]), parse_cuadro(acuerdo["cuadro"]), periodo, parse_date(acuerdo["fecha_aprobacion"]), seed, sistema)
    if out.suffix.lower() == ".docx":  # as INE lays its annex out: a form per meta, each saying it is illustrative
        from generator.tools.anexo_docx import write_anexo_docx

        titulo = f"Metas individuales y colectivas para la Evaluación del Desempeño del periodo {fecha_larga(periodo[0])} al {fecha_larga(periodo[1])} (acuerdo {acuerdo['clave']})"
        glosario = acuerdo.get("glosario") if isinstance(acuerdo.get("glosario"), dict) else {}
        _writing(out, lambda: write_anexo_docx(rows, out, titulo=titulo, areas={str(k).upper(): str(v) for k, v in glosario.items()}, ilustrativo=True))
    else:
        _writing(out, lambda: write_csv(rows, out))
    return len(rows)


def _writing(out: Path, write) -> None:
    """write(), its operating system errors said in Spanish (a full disk, a folder without permission)."""
    try:
        write()
    except OSError as exc:
        raise ValueError(f"no se pudo escribir en «{show_escaped(str(out))}»: {os_error(exc)}") from None


def annex_for_cuadro(clave: str, cuadro: list[dict], periodo: tuple[dt.date, dt.date], aprobacion: dt.date, seed: int = 0, sistema: str = "INE") -> list[dict]:
    """Metas whose counts by área, ámbito and tipo are exactly the Cuadro's."""
    rng = random.Random(f"{clave}:{seed}")
    rows = []
    for entry in cuadro:
        area = entry["area"]
        number = 0
        for column in CUADRO_COLUMNS:
            ambito, tipo = column.split("_")
            for _ in range(int(entry.get(column) or 0)):
                number += 1
                rows.append(_meta(rng, clave, f"{area}-{number}", area, ambito, tipo, periodo, aprobacion, sistema))
    return rows


def _meta(rng, clave, numero, area, ambito, tipo, periodo, aprobacion, sistema) -> dict:
    tipo = "individual" if tipo.startswith("individual") else "colectiva"
    pool = (OPLE_CARGOS if sistema == "OPLE" else CARGOS.get(area, CARGOS["DEOE"]))[ambito]
    cargos = rng.sample(pool, k=min(len(pool), rng.randint(2, 3))) if tipo == "colectiva" else [rng.choice(pool)]
    start = max(periodo[0], aprobacion + dt.timedelta(days=rng.randint(1, 20)))
    inicio = start + dt.timedelta(days=rng.randint(0, 120))
    termino = min(periodo[1], inicio + dt.timedelta(days=rng.randint(30, 240)))
    tema = rng.choice(TEMAS.get(area, TEMAS["DEOE"]))
    verbo = rng.choice(VERBOS)
    entrega = termino - dt.timedelta(days=10)
    entidades = "; ".join(sorted(rng.sample(ENTIDADES, k=rng.randint(2, 6)))) if ambito == "od" and rng.random() < 0.4 else ""
    return {
        "acuerdo": clave,
        "numero_meta": numero,
        "tipo": tipo,
        "area_normativa": area,
        "ambito": "oficinas_centrales" if ambito == "oc" else "organos_desconcentrados",
        "cargos_puestos": "; ".join(cargos),
        "descripcion": f"Ejemplo ilustrativo: {_contracted(f'{verbo} {tema}')} en el ámbito de {'la entidad' if ambito == 'od' else 'la dirección'}, conforme al calendario aprobado, del {fecha_larga(inicio)} al {fecha_larga(termino)}.",
        "fecha_inicio": inicio.isoformat(),
        "fecha_termino": termino.isoformat(),
        "puesto_que_evalua": pool[0] if pool[0] not in cargos else "Titular del área normativa",
        "lider_equipo": cargos[0] if tipo == "colectiva" else "",
        "personas_evaluadas": str(rng.randint(3, 300)) if tipo == "colectiva" else "",
        "entidades": entidades,
        "tema_prioritario": tema[0].upper() + tema[1:],
        "indicador_eficacia": f"Porcentaje de actividades cumplidas sobre {tema}",
        "nivel_esperado": str(rng.choice((90, 95, 100))),
        "unidad_medida": "Porcentaje",
        "ponderacion_oportunidad": "10",
        "oportunidad_alto": f"Se entrega el informe a más tardar el {entrega:%d/%m/%Y}.",
        "oportunidad_medio": f"Se entrega el informe entre el {entrega + dt.timedelta(days=1):%d/%m/%Y} y el {termino:%d/%m/%Y}.",
        "oportunidad_bajo": f"Se entrega el informe después del {termino:%d/%m/%Y}.",
        "ponderacion_calidad": "10",
        "calidad_alto": CALIDAD[0],
        "calidad_medio": CALIDAD[1],
        "calidad_bajo": CALIDAD[2],
        "soporte_documental": "Informe registrado en el SIISPEN (ejemplo)",
        "datos_ilustrativos": ILLUSTRATIVE_MARK,
    }


def _contracted(text: str) -> str:
    """«de el» → «del», «a el» → «al», as Spanish writes them («Dar seguimiento a el equipamiento» is not Spanish)."""
    return re.sub(r"\b(de|a) el\b", lambda m: "del" if m.group(1) == "de" else "al", text)


def write_csv(rows: list[dict], path: Path, header: tuple[str, ...] | None = None) -> None:
    """`header`: by default the contract's columns the rows fill, in the contract's order (schema.py)."""
    filled = set().union(*rows) if rows else set()
    header = header or tuple(c.name for c in schema.ALL_COLUMNS if c.name in filled)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def cuadro_of(rows: list[dict]) -> list[dict]:
    counts: dict[str, dict] = {}
    for row in rows:
        column = ("oc" if row["ambito"] == "oficinas_centrales" else "od") + "_" + ("individuales" if row["tipo"] == "individual" else "colectivas")
        entry = counts.setdefault(row["area_normativa"], {"area": row["area_normativa"], **{c: 0 for c in CUADRO_COLUMNS}})
        entry[column] += 1
    for entry in counts.values():
        entry["total"] = sum(entry[c] for c in CUADRO_COLUMNS)
    return [counts[a] for a in sorted(counts)]


def synth(n: int, out: Path, seed: int = 0) -> int:
    """A data folder of n metas: a period a year, both systems, two blocks and an amendment each.
    ValueError in Spanish when `out` is not a folder that can be written."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"«{show_escaped(str(out))}» ya existe y no es una carpeta: indique con --out una carpeta nueva o vacía para los datos")
    _writing(out, lambda: _synth(n, out, seed))
    return n


def synth_with_results(n: int, out: Path, seed: int = 0, continued: float = 0.5) -> int:
    """Like synth(), with at least two periods, a share `continued` of each period's metas continuing a meta
    of the previous period of their sistema (the same terms, a higher nivel esperado, or its dates a year on),
    and the results of every closed period in resultados/ (a promedio of 10 for about a third of the metas):
    the data of the two rules across periods (continuity.py) at any scale."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"«{show_escaped(str(out))}» ya existe y no es una carpeta: indique con --out una carpeta nueva o vacía para los datos")
    _writing(out, lambda: _write_results(out, _synth(n, out, seed, continued=continued, min_periods=2), seed))
    return n


def _synth(n: int, out: Path, seed: int, continued: float = 0.0, min_periods: int = 1) -> list[tuple[str, tuple[dt.date, dt.date], list[dict]]]:
    """Writes the data folder; returns each approving acuerdo's (sistema, periodo, rows)."""
    rng = random.Random(seed)
    periods = max(min_periods, min(8, n // 400 + 1))
    first_year = 2024 - periods
    systems = ("INE", "OPLE")
    slots = [(year, sistema, block) for year in range(first_year, first_year + periods) for sistema in systems for block in (1, 2)]
    share = [n // len(slots) + (1 if i < n % len(slots) else 0) for i in range(len(slots))]
    areas = list(CARGOS)
    written = []
    earlier: dict[str, list[dict]] = {}  # sistema → the metas of its previous period
    current: dict[str, list[dict]] = {}
    for (year, sistema, block), count in zip(slots, share):
        if block == 1:
            earlier[sistema], current[sistema] = current.get(sistema, []), []
        periodo = (dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
        aprobacion = dt.date(year, 8, 31) if block == 1 else dt.date(year, 9, 28)
        number = 100 + (year - 2000) * 10 + block + (5 if sistema == "OPLE" else 0)
        clave = f"EJEMPLO/JGE{number}/{year}"
        rows = []
        for i in range(count):
            area = areas[i % len(areas)] if sistema == "INE" else rng.choice(("DEOE", "DECEYEC", "UTVOPL"))
            ambito = "oc" if rng.random() < 0.4 else "od"
            tipo = "colectiva" if rng.random() < 0.25 else "individual"
            if continued and earlier[sistema] and rng.random() < continued:
                rows.append(_continued(rng, rng.choice(earlier[sistema]), clave, i + 1, periodo, aprobacion))
                continue
            rows.append(_meta(rng, clave, f"{area}-{i + 1}", area, ambito, tipo, periodo, aprobacion, sistema))
        current[sistema].extend(rows)
        written.append((sistema, periodo, rows))
        slug = clave.replace("/", "-")
        write_csv(rows, out / "metas" / f"{slug}.csv")
        _write_acuerdo(out, clave, sistema, periodo, aprobacion, block, rows, "aprobacion")
        if block == 2 and len(rows) >= 4:
            _write_amendment(out, rng, clave, sistema, periodo, aprobacion, rows)
    return written


def _continued(rng, before: dict, clave: str, number: int, periodo: tuple[dt.date, dt.date], aprobacion: dt.date) -> dict:
    """A meta of the next period that continues `before`: the same terms, a higher nivel esperado, or its dates a year on."""
    row = dict(before, acuerdo=clave, numero_meta=f"{before['area_normativa']}-{number}")
    for column in ("fecha_inicio", "fecha_termino"):
        day = dt.date.fromisoformat(before[column])
        row[column] = min(max(day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else day + dt.timedelta(days=365), periodo[0], aprobacion + dt.timedelta(days=1)), periodo[1]).isoformat()
    if row["fecha_inicio"] > row["fecha_termino"]:
        row["fecha_inicio"] = row["fecha_termino"]
    way = rng.random()
    if way < 0.3:
        row["nivel_esperado"] = str(min(100, int(before["nivel_esperado"]) + 5))
    elif way < 0.6:
        row["descripcion"] = re.sub(r"\b(20\d\d)\b", lambda year: str(int(year.group(1)) + 1), before["descripcion"])
    return row


def _write_results(out: Path, written: list[tuple[str, tuple[dt.date, dt.date], list[dict]]], seed: int) -> None:
    """resultados/<acuerdo>.csv for every acuerdo of a closed period (every period but the latest of its sistema)."""
    rng = random.Random(f"resultados:{seed}")
    latest = {}
    for sistema, periodo, _ in written:
        latest[sistema] = max(latest.get(sistema, periodo), periodo)
    for sistema, periodo, rows in written:
        if periodo == latest[sistema] or not rows:
            continue
        graded = []
        for row in rows:
            promedio = 10 if rng.random() < 0.35 else round(rng.uniform(7, 9.9), 1)
            reached = min(100, int(row["nivel_esperado"]) + rng.randint(-8, 6))
            graded.append({"acuerdo": row["acuerdo"], "numero_meta": row["numero_meta"], "promedio": str(promedio), "nivel_alcanzado": str(reached)})
        write_csv(graded, out / "resultados" / f"{rows[0]['acuerdo'].replace('/', '-')}.csv", RESULTS_HEADER)


def _write_acuerdo(out, clave, sistema, periodo, aprobacion, block, rows, tipo, metas_path=None):
    slug = clave.replace("/", "-")
    verbo = {"aprobacion": "SE APRUEBA EL " + ("PRIMER" if block == 1 else "SEGUNDO") + " BLOQUE DE", "modificacion": "SE MODIFICAN"}[tipo]
    acuerdo = {
        "clave": clave,
        "titulo": f"Acuerdo ilustrativo de la Junta General Ejecutiva por el que {verbo.lower()} metas para la evaluación del desempeño del personal del Servicio del sistema {'del Instituto' if sistema == 'INE' else 'de los OPLE'}, periodo septiembre {periodo[0].year} a agosto {periodo[1].year}",
        "organo": "Junta General Ejecutiva",
        "fecha_aprobacion": aprobacion,
        "sesion": "extraordinaria",
        "sistema": sistema,
        "periodo_inicio": periodo[0],
        "periodo_fin": periodo[1],
        "tipo": tipo,
        "datos_ilustrativos": True,
        "metas": metas_path or f"metas/{slug}.csv",
    }
    if tipo == "aprobacion":
        acuerdo["bloque"] = block
        acuerdo["totales"] = {"metas": len(rows), "individuales": sum(r["tipo"] == "individual" for r in rows), "colectivas": sum(r["tipo"] == "colectiva" for r in rows)}
        acuerdo["cuadro"] = cuadro_of(rows)
    path = out / "acuerdos" / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(acuerdo, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _write_amendment(out, rng, origen, sistema, periodo, aprobacion, rows):
    fecha = aprobacion + dt.timedelta(days=60)
    clave = origen.replace("/JGE", "/JGE9", 1)
    picks = rng.sample(rows, k=max(2, len(rows) // 50))
    changes = []
    for i, row in enumerate(picks):
        base = {"acuerdo": clave, "numero_meta": row["numero_meta"], "acuerdo_origen": origen}
        if i % 2:
            changes.append(base | {"accion": "cancela"})
        else:
            termino = dt.date.fromisoformat(row["fecha_termino"])
            nuevo = min(periodo[1], max(termino, fecha) + dt.timedelta(days=30))
            changes.append(base | {"accion": "modifica", "fecha_termino": nuevo.isoformat(), "nivel_esperado": "100"})
    slug = clave.replace("/", "-")
    write_csv(changes, out / "metas" / f"{slug}.csv")
    _write_acuerdo(out, clave, sistema, periodo, fecha, None, changes, "modificacion")
