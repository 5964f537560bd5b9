"""Every column, described once: the contract's (what a clerk's table or INE's annex holds: each column's
kind, title, description, INE's spellings, where it is shown), the acuerdos' YAML keys, INE's annex form,
and the published tables of /datos/ (their Table Schema).

Load, validate, the model, the pages, the downloads (CSV, XLSX, JSON, the database, Parquet,
datapackage.json, the dictionary), the explorer and docs/data-contract.md's column table all read it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.common.text import words_key


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # clave | text | tipo | area | ambito | list | date | integer | number | percent | accion | boolean
    title: str
    description: str
    example: str
    required: bool = False
    # Whether the site's search finds a meta by this value. Not the cargo that evaluates it (a search for a
    # cargo's name finds the metas that cargo carries out; its own page lists those it evaluates), nor the
    # scale it is evaluated on (levels, weights, expected values), which most metas share word for word.
    searched: bool = True
    # The other spellings of INE's annexes and everyday spreadsheets: table headers (as text.words_key spells
    # them) and the labels of the annex's forms (as printed). The readers match both folding case and accents.
    headers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    # The attribute of Meta (model/records.py) that holds it; None: it is in Meta.fields under its own name.
    attribute: str | None = None
    # Its key in the explorer's records (site/explorer.py writes them, explorador.js reads the spec); None: the
    # explorer does not carry it. Short, so the explorer's data at 10,000 metas stays small.
    explorer: str | None = None
    # What the contract says a value must be, beyond its kind (docs/data-contract.md, the column table's «rule»).
    rule: str = ""
    # The column that gives this number's unit (a nivel esperado of 100 is a percentage when its unit says so).
    unit: str | None = None


METAS_COLUMNS: tuple[Column, ...] = (
    Column("acuerdo", "clave", "Acuerdo", "Clave del acuerdo de la Junta General Ejecutiva que aprobó la meta.", "INE/JGE186/2022", True, headers=("clave_acuerdo", "acuerdo_aprobacion", "acuerdo_jge", "no_acuerdo", "numero_acuerdo"), attribute="acuerdo", explorer="a", rule="an acuerdo in `data/acuerdos/`; may be left out of an annex read from its forms (the acuerdo naming the file gives it)"),
    Column("numero_meta", "text", "Número de meta", "Identificador de la meta, único dentro de su acuerdo.", "DEOE-12", True, headers=("no_meta", "num_meta", "n_meta", "nro_meta", "numero", "no", "clave_meta", "id_meta", "meta_no", "meta_numero", "numero_meta_evaluacion"), labels=("Número de la meta", "Número de meta", "No. de meta", "Núm. de meta", "Número", "Clave de la meta"), attribute="numero", explorer="n", rule="unique within its acuerdo; `DEOE - 12` is read as `DEOE-12`"),
    Column("tipo", "tipo", "Tipo de meta", "individual o colectiva.", "individual", True, headers=("tipo_meta", "individual_colectiva"), attribute="tipo", explorer="t", rule="any case or accent"),
    Column("area_normativa", "area", "Área normativa", "Siglas del área que diseñó la meta.", "DEOE", True, headers=("area", "area_responsable", "unidad_responsable", "area_normativa_responsable", "unidad_normativa"), labels=("Área normativa que propone la meta", "Área normativa", "Unidad responsable que propone la meta", "Unidad responsable"), attribute="area", explorer="r", rule="`DECEyEC` = `DECEYEC`; one of `catalogos/areas.csv` (without a catalogue: of the acuerdos' Cuadro or glosario), the closest suggested otherwise. Observación: a `numero_meta` whose prefix (`DEOE-`) names another área"),
    Column("ambito", "ambito", "Ámbito", "oficinas_centrales u organos_desconcentrados (ople en un acuerdo del sistema OPLE).", "organos_desconcentrados", True, headers=("ambito_aplicacion", "ambito_meta"), labels=("Área: JL, OC, JD, OPLE", "Área", "Ámbito"), attribute="ambito", explorer="m", rule="also `OC` / `OD`; `JL`, `JD` or `JL y JD` mean organos_desconcentrados; `ople` only in an acuerdo of sistema OPLE (error `ambito_de_otro_sistema`)"),
    Column("cargos_puestos", "list", "Cargos o puestos", "Cargos o puestos del Servicio a los que aplica, separados por «; ».", "Vocal de Organización Electoral de Junta Distrital Ejecutiva", True, headers=("cargo_puesto", "cargos", "cargo", "puesto", "puestos", "cargo_puesto_evaluado", "cargos_puestos_evaluados", "cargo_puesto_evaluar", "cargos_puestos_evaluar"), labels=("Cargo/Puesto a evaluar", "Cargo o puesto a evaluar", "Cargos/Puestos a evaluar", "Cargos o puestos a evaluar", "Cargo/Puesto", "Cargo a evaluar", "Puesto a evaluar", "Cargos/Puestos"), attribute="cargos", explorer="c", rule="each is a cargo or puesto of the Servicio"),
    Column("descripcion", "text", "Descripción", "La meta tal como se aprobó. Vacía cuando el anexo no la tiene (el formato de 2020–2021): entonces su objetivo es la descripción de la meta, y la página lo dice.", "Verificar el equipamiento de las bodegas electorales…", True, headers=("descripcion_meta", "meta_descripcion"), labels=("Descripción de la meta", "Descripción"), attribute="descripcion", explorer="d", rule="the meta as approved; may be empty when `objetivo` is given (a 2020–2021 annex, whose objetivo describes the meta)"),
    Column("fecha_inicio", "date", "Fecha de inicio", "Inicio de la vigencia de la meta (AAAA-MM-DD).", "2022-10-01", True, headers=("inicio", "fecha_inicio_vigencia", "inicio_vigencia", "vigencia_inicio", "fecha_inicial", "fecha_comienzo"), labels=("Fecha de inicio de la meta", "Fecha de inicio"), attribute="fecha_inicio", explorer="i", rule="a real date. Observación: outside the acuerdo's period, or before the acuerdo's approval"),
    Column("fecha_termino", "date", "Fecha de término", "Fin de la vigencia de la meta (AAAA-MM-DD).", "2023-07-31", True, headers=("fecha_fin", "fecha_final", "termino", "fin", "fecha_termino_vigencia", "termino_vigencia", "fin_vigencia", "vigencia_fin", "fecha_conclusion", "fecha_terminacion", "fecha_cierre"), labels=("Fecha de término de la meta", "Fecha de término", "Fecha de conclusión de la meta", "Fecha de conclusión", "Fecha de fin"), attribute="fecha_termino", explorer="f", rule="a real date, not before `fecha_inicio`. Observación: outside the acuerdo's period"),
    Column("puesto_que_evalua", "text", "Puesto que evalúa", "Cargo o puesto de quien evalúa la meta.", "Vocal Ejecutivo de Junta Distrital Ejecutiva", searched=False, headers=("puesto_evalua", "cargo_que_evalua", "puesto_evaluador", "evaluador", "quien_evalua"), labels=("Puesto que evalúa la meta", "Cargo/Puesto que evalúa la meta", "Cargo que evalúa la meta", "Puesto que evalúa"), rule="who evaluates"),
    Column("lider_equipo", "text", "Líder de equipo", "Cargo de quien encabeza el equipo de una meta colectiva.", "Vocal Ejecutivo de Junta Local Ejecutiva", headers=("lider", "lider_equipo_trabajo"), labels=("Líder de equipo", "Líder del equipo"), rule="the team leader's cargo; observación: a colectiva without one"),
    Column("personas_evaluadas", "integer", "Personas evaluadas", "Número de personas a las que aplica la meta.", "32", headers=("numero_personas_evaluadas", "no_personas_evaluadas", "num_personas_evaluadas", "total_personas_evaluadas", "personas"), rule="observación: a colectiva for fewer than 3 people"),
    Column("entidades", "list", "Entidades", "Entidades federativas a las que aplica, separadas por «; »; vacío = todas.", "Coahuila; Estado de México", headers=("entidad", "entidad_federativa", "entidades_federativas"), explorer="e", rule="empty = all; metas differ for states with an electoral process"),
    Column("tema_prioritario", "text", "Tema prioritario", "Tema prioritario aprobado por el área normativa.", "Proceso electoral local 2022-2023", headers=("tema",), labels=("Tema prioritario",)),
    Column("objetivo", "text", "Objetivo", "Objetivo institucional al que contribuye.", "Garantizar la instalación de casillas", headers=("objetivo_institucional",), labels=("Objetivo", "Objetivo de la meta")),
    Column("indicador_eficacia", "text", "Indicador de eficacia", "Qué se mide para saber si la meta se cumplió.", "Porcentaje de bodegas verificadas", labels=("Indicador", "Nombre del indicador")),
    Column("nivel_esperado", "number", "Nivel esperado", "Valor esperado del indicador de eficacia.", "100", searched=False, labels=("Nivel esperado",), unit="unidad_medida"),
    Column("unidad_medida", "text", "Unidad de medida", "Unidad del nivel esperado.", "Porcentaje", searched=False, headers=("unidad",), labels=("Unidad de medida del nivel esperado", "Unidad de medida")),
    Column("formula_calculo", "text", "Fórmula de cálculo", "Cómo se calcula el indicador.", "(Bodegas verificadas / bodegas instaladas) × 100", headers=("formula",), labels=("Fórmula de cálculo", "Fórmula")),
    Column("linea_base", "text", "Línea base", "Valor de referencia de periodos anteriores.", "95 % en 2021", searched=False, labels=("Línea base", "Línea de base")),
    Column("atributo_oportunidad", "text", "Atributo de oportunidad", "Niveles alto, medio y bajo de oportunidad, como se escribieron.", "Alto: antes del 15 de mayo", searched=False, rule="the niveles alto/medio/bajo in one cell, as older tables wrote them (shown when the six level columns are not given)"),
    Column("atributo_calidad", "text", "Atributo de calidad", "Niveles alto, medio y bajo de calidad, como se escribieron.", "Alto: sin observaciones", searched=False, rule="as `atributo_oportunidad`"),
    Column("ponderacion_oportunidad", "percent", "Ponderación de oportunidad", "Peso del atributo de oportunidad, en porcentaje.", "10", searched=False),
    Column("ponderacion_calidad", "percent", "Ponderación de calidad", "Peso del atributo de calidad, en porcentaje.", "10", searched=False),
    Column("oportunidad_alto", "text", "Oportunidad: nivel alto", "Lo que se califica como nivel alto del atributo de oportunidad, como lo imprime el anexo.", "Se entrega el informe a más tardar el 12/05/2023.", searched=False, rule="the evaluation scale as INE prints it, level by level (the six columns `oportunidad_*`, `calidad_*`); the meta's page shows it as a table (atributo × nivel, with each ponderación)"),
    Column("oportunidad_medio", "text", "Oportunidad: nivel medio", "Lo que se califica como nivel medio del atributo de oportunidad.", "Se entrega el informe entre el 13/05/2023 y el 22/05/2023.", searched=False),
    Column("oportunidad_bajo", "text", "Oportunidad: nivel bajo", "Lo que se califica como nivel bajo del atributo de oportunidad.", "Se entrega el informe después del 22/05/2023.", searched=False),
    Column("calidad_alto", "text", "Calidad: nivel alto", "Lo que se califica como nivel alto del atributo de calidad, como lo imprime el anexo.", "Se cumple con todos los criterios de calidad establecidos en el apartado de observaciones.", searched=False),
    Column("calidad_medio", "text", "Calidad: nivel medio", "Lo que se califica como nivel medio del atributo de calidad.", "Se cumple con dos de los criterios de calidad.", searched=False),
    Column("calidad_bajo", "text", "Calidad: nivel bajo", "Lo que se califica como nivel bajo del atributo de calidad.", "Se cumple con uno o ninguno de los criterios de calidad.", searched=False),
    Column("referencia_planeacion", "text", "Referencia de planeación", "Referencia a la planeación institucional.", "Plan Integral y Calendario del PEL"),
    Column("observaciones", "text", "Observaciones", "Observaciones del área normativa.", "", headers=("observacion",), labels=("Observaciones",)),
    Column("soporte_documental", "text", "Soporte documental", "Documentos que acreditan el cumplimiento.", "Informe en el SIISPEN", headers=("soporte", "evidencia"), labels=("Soporte documental", "Soporte documental de la meta")),
    # The two rules across periods (Considerando 2; continuity.py): a meta's predecessor, and the exception they allow.
    Column("meta_anterior", "text", "Meta anterior", "La meta del periodo anterior que esta continúa, como CLAVE:NÚMERO (la clave del acuerdo que la aprobó y su número). Vacía: el portal la busca por área normativa, cargo o puesto y descripción.", "INE/JGE177/2022:DEOE-3", searched=False, rule="the meta of an earlier period this one continues (section 8)"),
    Column("justificacion", "text", "Justificación", "La justificación válida para repetir en los mismos términos una meta que obtuvo un promedio de 10, o para un nivel esperado que no supera el alcanzado el año anterior (o el juicio de la DESPEN sobre su diferenciación).", "En 2024 cambia el procedimiento de cómputo: el nivel alcanzado en 2023 no es comparable.", rule="the exception to the two rules across periods (section 8)"),
)

AMENDMENT_COLUMNS: tuple[Column, ...] = (
    Column("accion", "accion", "Acción", "alta, modifica o cancela (solo en acuerdos de modificación o cancelación).", "modifica", rule="required in an acuerdo of `tipo: modificacion` or `cancelacion`"),
    Column("acuerdo_origen", "clave", "Acuerdo de origen", "Clave del acuerdo que aprobó la meta por primera vez.", "INE/JGE186/2022", headers=("acuerdo_original", "origen"), rule="the clave that first approved the meta; required with `modifica` and `cancela`"),
)

# Read from a metas table and never published as a column of its own: every download already says, row
# by row, whether the meta is illustrative (ILLUSTRATIVE, below), from this mark and the acuerdo's.
MARK_COLUMNS: tuple[Column, ...] = (
    Column("datos_ilustrativos", "boolean", "Datos ilustrativos", "sí (o true) en cada fila de datos inventados, como los que escribe portal synth: la fila se publica como ilustrativa aunque el YAML del acuerdo no lo diga (y el desacuerdo es una observación).", "sí", rule="the row is invented (what `portal synth` writes); see above"),
)

def markdown_table() -> str:
    """The contract's table of columns, one line per column, as docs/data-contract.md shows it."""
    lines = ["| column | required | type | rule |", "|---|---|---|---|"]
    for column in ALL_COLUMNS:
        kind = KINDS[column.kind].doc + (f", e.g. `{column.example}`" if column.example and column.kind in ("text", "clave", "list") and "e.g." not in KINDS[column.kind].doc else "")
        lines.append(f"| {column.name} | {'yes' if column.required else 'no'} | {kind} | {column.rule} |")
    return "\n".join(lines) + "\n"


# The evaluation scale as INE prints it: each atributo, its ponderación and its three levels.
SCALE = (
    ("Oportunidad", "ponderacion_oportunidad", ("oportunidad_alto", "oportunidad_medio", "oportunidad_bajo"), "atributo_oportunidad"),
    ("Calidad", "ponderacion_calidad", ("calidad_alto", "calidad_medio", "calidad_bajo"), "atributo_calidad"),
)
SCALE_LEVELS = ("Alto", "Medio", "Bajo")

ALL_COLUMNS = METAS_COLUMNS + AMENDMENT_COLUMNS + MARK_COLUMNS
COLUMNS_BY_NAME = {c.name: c for c in ALL_COLUMNS}
# Every spelling of a column's header (as text.words_key spells it) → the column.
_HEADERS = {words_key(c.name): c.name for c in ALL_COLUMNS}
_HEADERS.update({alias: c.name for c in ALL_COLUMNS for alias in c.headers})


def column_of_header(header: str) -> str:
    """The contract's name of a header (`Cargo o puesto` → `cargos_puestos`); unknown ones keep their words."""
    key = words_key(header)
    return _HEADERS.get(key, key)


def closest_column(header: str) -> str | None:
    """The contract column a header not recognised most probably meant."""
    key = words_key(header)
    match = difflib.get_close_matches(key, list(_HEADERS), n=1, cutoff=0.6)
    return _HEADERS[match[0]] if match else None


REQUIRED_COLUMNS = tuple(c.name for c in METAS_COLUMNS if c.required)
AMENDMENT_REQUIRED = ("acuerdo", "accion", "acuerdo_origen", "numero_meta")

# Values of the contract's lists, keyed by their folded spelling.
TIPOS_META = {"individual": "individual", "individuales": "individual", "colectiva": "colectiva", "colectivas": "colectiva"}
AMBITOS = {
    "oficinas_centrales": "oficinas_centrales", "oc": "oficinas_centrales",
    "organos_desconcentrados": "organos_desconcentrados", "od": "organos_desconcentrados",
    "jl": "organos_desconcentrados", "jd": "organos_desconcentrados", "jl_y_jd": "organos_desconcentrados",
    "ople": "ople",  # a meta of the OPLE system (its annexes say «Área: OPLE»); only in an acuerdo of sistema OPLE
}
ACCIONES = {"alta": "alta", "modifica": "modifica", "modificacion": "modifica", "cancela": "cancela", "cancelacion": "cancela"}
TIPOS_ACUERDO = {"aprobacion": "aprobacion", "modificacion": "modificacion", "cancelacion": "cancelacion"}
SESIONES = {"ordinaria": "ordinaria", "extraordinaria": "extraordinaria"}
SISTEMAS = {"ine": "INE", "ople": "OPLE"}


@dataclass(frozen=True)
class Kind:
    """What a kind of column holds: its Table Schema type and constraints, and how the contract describes a cell of it."""

    type: str  # Frictionless: string | date | integer | number | boolean
    doc: str  # docs/data-contract.md, the column table's «type»
    values: dict | None = None  # a closed list: folded spelling → value
    minimum: int | None = None
    maximum: int | None = None

    @property
    def enum(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.values.values())) if self.values else ()


KINDS = {
    "clave": Kind("string", "clave, e.g. `INE/JGE186/2022`"),
    "text": Kind("string", "text"),
    "tipo": Kind("string", "`individual` / `colectiva`", TIPOS_META),
    "area": Kind("string", "siglas (DECEYEC, DEOE, DEPPP, DERFE, DEA, UTVOPL, VEL, …)"),
    "ambito": Kind("string", "`oficinas_centrales` / `organos_desconcentrados` / `ople`", AMBITOS),
    "list": Kind("string", "one or more names separated by `;`"),
    "date": Kind("date", "date, ISO or `dd/mm/aaaa`"),
    "integer": Kind("integer", "whole number ≥ 1", minimum=1),
    "number": Kind("number", "number"),
    "percent": Kind("number", "percent, `10%` or `10`", minimum=0, maximum=100),
    "accion": Kind("string", "`alta` / `modifica` / `cancela`", ACCIONES),
    "boolean": Kind("boolean", "`sí` / `no` (also true, false)"),
    # kinds of the acuerdos' YAML keys that reach a table (acuerdos.csv)
    "sesion": Kind("string", "`ordinaria` / `extraordinaria`", SESIONES),
    "sistema": Kind("string", "`INE` / `OPLE`", SISTEMAS),
    "tipo_acuerdo": Kind("string", "`aprobacion` / `modificacion` / `cancelacion`", TIPOS_ACUERDO),
    "claves": Kind("string", "claves separated by `;`"),
    "url": Kind("string", "address"),
}

TIPO_LABEL = {"individual": "Individual", "colectiva": "Colectiva"}
AMBITO_LABEL = {"oficinas_centrales": "Oficinas centrales", "organos_desconcentrados": "Órganos desconcentrados", "ople": "OPLE"}
ACCION_LABEL = {"alta": "Alta", "modifica": "Modificación", "cancela": "Cancelación"}
TIPO_ACUERDO_LABEL = {"aprobacion": "Aprobación", "modificacion": "Modificación", "cancelacion": "Cancelación"}


# ---------------------------------------------------------------------------------------------
# INE's annex as it publishes it: a form per meta, label left and value right (input/anexo.py reads
# it, tools/anexo_docx.py writes it). Each column's other spellings of its label are its `labels`.

# Each layout is named by the column that describes the meta in it.
LAYOUT_DESCRIPCION = "descripcion"  # 2019–2020: «Descripción de la meta»
LAYOUT_OBJETIVO = "objetivo"  # 2020–2021: Tema prioritario, Objetivo, Fórmula de cálculo, Línea base


@dataclass(frozen=True)
class FormLine:
    """One row of INE's form: a heading across the form (column None) or a label and its column."""

    label: str
    column: str | None = None


def _heading(label: str) -> FormLine:
    return FormLine(label)


FORM_IDENTITY = (
    _heading("Identificador de la meta"),
    FormLine("Cargo/Puesto a evaluar", "cargos_puestos"),
    FormLine("Área: JL, OC, JD, OPLE", "ambito"),
    FormLine("Área normativa que propone la meta", "area_normativa"),
    FormLine("Puesto que evalúa la meta", "puesto_que_evalua"),
    FormLine("Líder de equipo", "lider_equipo"),
    FormLine("Número de la meta", "numero_meta"),
)
_PERIODO = (
    _heading("Periodo de ejecución"),
    FormLine("Fecha de inicio de la meta dd/mm/aaaa", "fecha_inicio"),
    FormLine("Fecha de término de la meta dd/mm/aaaa", "fecha_termino"),
)
_EFICIENCIA = (
    _heading("Indicador de Eficiencia"),
    _heading("Atributo de oportunidad"),
    FormLine("Ponderación", "ponderacion_oportunidad"),
    FormLine("Nivel alto", "oportunidad_alto"),
    FormLine("Nivel medio", "oportunidad_medio"),
    FormLine("Nivel bajo", "oportunidad_bajo"),
    _heading("Atributo de calidad"),
    FormLine("Ponderación", "ponderacion_calidad"),
    FormLine("Nivel alto", "calidad_alto"),
    FormLine("Nivel medio", "calidad_medio"),
    FormLine("Nivel bajo", "calidad_bajo"),
    FormLine("Observaciones", "observaciones"),
    FormLine("Soporte documental", "soporte_documental"),
)
# The forms as INE's annexes of 2019–2020 and 2020–2021 lay them out (docs/data-contract.md, section 2).
FORM_LAYOUTS: dict[str, tuple[FormLine, ...]] = {
    LAYOUT_DESCRIPCION: FORM_IDENTITY + (_heading("Meta"), FormLine("Descripción de la meta", "descripcion")) + _PERIODO + (
        _heading("Indicador de eficacia"),
        FormLine("Nivel esperado", "nivel_esperado"),
        FormLine("Unidad de medida del nivel esperado", "unidad_medida"),
    ) + _EFICIENCIA,
    LAYOUT_OBJETIVO: FORM_IDENTITY + _PERIODO + (
        FormLine("Tema prioritario", "tema_prioritario"),
        FormLine("Objetivo", "objetivo"),
        FormLine("Fórmula de cálculo", "formula_calculo"),
        FormLine("Línea base", "linea_base"),
        _heading("Indicador de eficacia"),
        FormLine("Nivel esperado", "nivel_esperado"),
        FormLine("Indicador", "indicador_eficacia"),
    ) + _EFICIENCIA,
}
# Headings that, with a value beside them, are a label (a form that puts the description beside «Meta»).
FORM_HEADING_AS_LABEL = {"meta": "descripcion", "eficacia": "indicador_eficacia"}


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # clave | text | date | sesion | sistema | tipo_acuerdo | integer | claves | comision | totales | cuadro | path | url | boolean | glosario
    title: str
    required: bool = False


ACUERDO_KEYS: tuple[Key, ...] = (
    Key("clave", "clave", "Clave", True),
    Key("titulo", "text", "Título", True),
    Key("organo", "text", "Órgano", True),
    Key("fecha_aprobacion", "date", "Fecha de aprobación", True),
    Key("sesion", "sesion", "Sesión"),
    Key("votacion", "text", "Votación"),
    Key("sistema", "sistema", "Sistema", True),
    Key("periodo_inicio", "date", "Inicio del periodo", True),
    Key("periodo_fin", "date", "Fin del periodo", True),
    Key("tipo", "tipo_acuerdo", "Tipo de acuerdo", True),
    Key("bloque", "integer", "Bloque"),
    Key("antecedentes", "claves", "Antecedentes"),
    Key("comision_servicio", "comision", "Comisión del Servicio"),
    Key("totales", "totales", "Totales declarados"),
    Key("cuadro", "cuadro", "Cuadro por área normativa"),
    Key("documento", "path", "Documento"),
    Key("url", "url", "Publicación oficial"),
    Key("metas", "path", "Tabla de metas"),
    Key("datos_ilustrativos", "boolean", "Datos ilustrativos"),
    Key("acuerdo_ilustrativo", "boolean", "Acuerdo ilustrativo"),  # the acuerdo itself is invented: clave, dates, rows
    Key("glosario", "glosario", "Glosario"),
)
ACUERDO_KEYS_BY_NAME = {k.name: k for k in ACUERDO_KEYS}
CUADRO_COLUMNS = ("oc_individuales", "oc_colectivas", "od_individuales", "od_colectivas")
TOTALES_KEYS = ("metas", "individuales", "colectivas")


# ---------------------------------------------------------------------------------------------
# The published tables: the Table Schema of every CSV of /datos/ (site/exports.py writes them), which
# datapackage.json, the data dictionary, the workbook, the database and the Parquet all read.

CUADRO_LABELS = {
    "oc_individuales": "Oficinas centrales, individuales",
    "oc_colectivas": "Oficinas centrales, colectivas",
    "od_individuales": "Órganos desconcentrados, individuales",
    "od_colectivas": "Órganos desconcentrados, colectivas",
    "total": "Total",
}
TYPE_LABELS = {"string": "texto", "date": "fecha (AAAA-MM-DD)", "integer": "número entero", "number": "número", "boolean": "true o false"}


@dataclass(frozen=True)
class Field:
    """One column of a Table Schema, and of the data dictionary."""

    name: str
    type: str  # Frictionless: string | date | integer | number | boolean
    title: str
    description: str
    example: str = ""
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    format: str | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    def descriptor(self) -> dict:
        descriptor = {"name": self.name, "type": self.type, "title": self.title, "description": self.description}
        if self.format:
            descriptor["format"] = self.format
        if self.example:
            descriptor["example"] = self.example
        constraints = {"required": True} if self.required else {}
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """The Table Schema of a CSV."""

    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()  # what people filter by: an index each in metas.sqlite

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def descriptor(self) -> dict:
        descriptor = {"fields": [f.descriptor() for f in self.fields], "missingValues": [""]}
        if self.primary_key:
            descriptor["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            descriptor["foreignKeys"] = [{"fields": list(k.fields), "reference": {"resource": k.resource, "fields": list(k.reference)}} for k in self.foreign_keys]
        return descriptor


def column_field(column: Column) -> Field:
    """A contract column as a Table Schema field."""
    kind = KINDS[column.kind]
    return Field(column.name, kind.type, column.title, column.description, column.example, column.required, kind.enum, kind.minimum, kind.maximum)


ESTADOS = ("vigente", "cancelada")


def _key_field(name: str, description: str, example: str, **overrides) -> Field:
    """A key of the acuerdos' YAML (ACUERDO_KEYS) as a Table Schema field."""
    key = ACUERDO_KEYS_BY_NAME[name]
    kind = KINDS[key.kind]
    values = dict(type=kind.type, title=key.title, description=description, example=example, required=key.required, enum=kind.enum)
    return Field(name, **(values | overrides))


ESTADO = Field("estado", "string", "Estado", "vigente, o cancelada por un acuerdo posterior (la meta se conserva con su historial).", "vigente", True, ESTADOS)
URL = Field("url", "string", "Ficha en el portal", "Dirección de la ficha de la meta: completa cuando el portal conoce su dirección pública; si no, relativa a la raíz del portal.", "https://portal.ejemplo.mx/metas/ine-jge186-2022/deoe-12/", True)
ILLUSTRATIVE = Field("datos_ilustrativos", "boolean", "Datos ilustrativos", "true si la fila es ilustrativa (sirve para demostrar el portal y no es el anexo oficial): cuando alguno de los acuerdos de la historia de la meta lo es. No cite como oficial una fila con true.", "false", True)
TO_METAS = ForeignKey(("acuerdo", "numero_meta"), "metas", ("acuerdo", "numero_meta"))
TO_ACUERDOS = ForeignKey(("acuerdo",), "acuerdos", ("clave",))

METAS_CARGOS = Table(
    (
        column_field(COLUMNS_BY_NAME["acuerdo"]),
        column_field(COLUMNS_BY_NAME["numero_meta"]),
        Field("cargo_puesto", "string", "Cargo o puesto", "Uno de los cargos o puestos a los que aplica la meta: una fila por cargo.", COLUMNS_BY_NAME["cargos_puestos"].example, True),
        column_field(COLUMNS_BY_NAME["tipo"]),
        column_field(COLUMNS_BY_NAME["area_normativa"]),
        column_field(COLUMNS_BY_NAME["ambito"]),
        ESTADO,
        ILLUSTRATIVE,
    ),
    primary_key=("acuerdo", "numero_meta", "cargo_puesto"),
    foreign_keys=(TO_METAS,),
    indexes=(("cargo_puesto",), ("area_normativa",)),
)

ACUERDOS = Table(
    (
        _key_field("clave", "Clave del acuerdo.", "INE/JGE186/2022"),
        _key_field("titulo", "Título completo del acuerdo.", "ACUERDO DE LA JUNTA GENERAL EJECUTIVA… POR EL QUE SE APRUEBA EL SEGUNDO BLOQUE DE METAS…"),
        _key_field("organo", "Órgano que lo aprobó.", "Junta General Ejecutiva"),
        _key_field("fecha_aprobacion", "Día en que el órgano lo aprobó.", "2022-09-28"),
        _key_field("sesion", "Tipo de sesión: ordinaria o extraordinaria.", "extraordinaria"),
        _key_field("votacion", "Resultado de la votación.", "unanimidad"),
        _key_field("sistema", "Sistema del Servicio al que pertenecen las metas: INE u OPLE.", "INE"),
        _key_field("periodo_inicio", "Inicio del periodo de evaluación.", "2022-09-01"),
        _key_field("periodo_fin", "Fin del periodo de evaluación.", "2023-08-31"),
        _key_field("tipo", "Qué hace con las metas: aprobacion, modificacion o cancelacion.", "aprobacion"),
        _key_field("bloque", "Número de bloque de metas del periodo.", "2"),
        _key_field("antecedentes", "Claves de los acuerdos que cita, separadas por «; ».", "INE/JGE174/2022; INE/JGE177/2022"),
        Field("comision_servicio_fecha", "date", "Fecha de la Comisión del Servicio", "Día en que la Comisión del Servicio Profesional Electoral Nacional conoció el acuerdo.", "2022-09-14"),
        Field("comision_servicio_sesion", "string", "Sesión de la Comisión del Servicio", "Tipo de sesión de la Comisión en que lo conoció.", "ordinaria"),
        Field("totales_metas", "integer", "Total de metas declarado", "Número de metas que el acuerdo declara aprobar.", "103", minimum=0),
        Field("totales_individuales", "integer", "Metas individuales declaradas", "Número de metas individuales que el acuerdo declara.", "77", minimum=0),
        Field("totales_colectivas", "integer", "Metas colectivas declaradas", "Número de metas colectivas que el acuerdo declara.", "26", minimum=0),
        _key_field("url", "Dirección de la publicación oficial del acuerdo.", "https://repositoriodocumental.ine.mx/", format="uri"),
        _key_field("datos_ilustrativos", "true si las metas de su anexo en el portal son ilustrativas (no son el anexo oficial).", "false", required=True),
        Field("metas_en_portal", "integer", "Metas en el portal", "Número de metas de su anexo que publica el portal (0 si el anexo no está disponible).", "103", True, minimum=0),
        Field("url_portal", "string", "Ficha en el portal", "Dirección de la ficha del acuerdo: completa cuando el portal conoce su dirección pública; si no, relativa a la raíz del portal.", "https://portal.ejemplo.mx/acuerdos/ine-jge186-2022/", True),
    ),
    primary_key=("clave",),
    indexes=(("fecha_aprobacion",), ("tipo",)),
)

CUADROS = Table(
    (
        Field("acuerdo", "string", "Acuerdo", "Clave del acuerdo que declara el Cuadro.", "INE/JGE186/2022", True),
        Field("area", "string", "Área normativa", "Siglas del área normativa.", "DEOE", True),
        *(Field(name, "integer", CUADRO_LABELS[name], f"Metas que el acuerdo declara en esta área: {CUADRO_LABELS[name].lower()}.", "5", True, minimum=0) for name in (*CUADRO_COLUMNS, "total")),
        Field("datos_ilustrativos", "boolean", "Datos ilustrativos", "true si el acuerdo es ficticio, un ejemplo: su Cuadro no proviene de un acuerdo publicado. No cite como oficial una fila con true.", "false", True),
    ),
    primary_key=("acuerdo", "area"),
    foreign_keys=(TO_ACUERDOS,),
)

HISTORIAL = Table(
    (
        Field("acuerdo_origen", "string", COLUMNS_BY_NAME["acuerdo_origen"].title, "Clave del acuerdo que aprobó la meta (su columna acuerdo en metas.csv).", "INE/JGE186/2022", True),
        column_field(COLUMNS_BY_NAME["numero_meta"]),
        Field("acuerdo", "string", "Acuerdo que actúa", "Clave del acuerdo que aprobó, modificó o canceló la meta.", "INE/JGE186/2022", True),
        Field("fecha", "date", "Fecha", "Fecha de aprobación de ese acuerdo.", "2022-09-28", True),
        Field("accion", "string", COLUMNS_BY_NAME["accion"].title, "alta, modifica o cancela.", "alta", True, KINDS["accion"].enum),
        Field("campo", "string", "Campo", "Columna de metas.csv que cambió (vacío en alta y cancela).", "fecha_termino"),
        Field("valor_anterior", "string", "Valor anterior", "Valor del campo antes del cambio, como texto.", "2023-07-31"),
        Field("valor_nuevo", "string", "Valor nuevo", "Valor del campo después del cambio, como texto.", "2023-08-15"),
        ILLUSTRATIVE,
    ),
    foreign_keys=(ForeignKey(("acuerdo_origen", "numero_meta"), "metas", ("acuerdo", "numero_meta")), TO_ACUERDOS),
    indexes=(("acuerdo_origen", "numero_meta"), ("acuerdo",), ("accion",)),
)


ATRIBUTOS = ("oportunidad", "calidad")
# The levels of an attribute that the contract has columns for (<atributo>_<nivel>, e.g. oportunidad_alto).
NIVELES = tuple(n for n in ("alto", "medio", "bajo") if all(f"{a}_{n}" in COLUMNS_BY_NAME for a in ATRIBUTOS))

ESCALA = Table(
    (
        column_field(COLUMNS_BY_NAME["acuerdo"]),
        column_field(COLUMNS_BY_NAME["numero_meta"]),
        Field("atributo", "string", "Atributo", "Atributo de la meta que se evalúa: oportunidad o calidad.", "oportunidad", True, ATRIBUTOS),
        Field("ponderacion", "number", "Ponderación", "Peso del atributo, en porcentaje (columnas ponderacion_oportunidad y ponderacion_calidad de metas).", "10", minimum=0, maximum=100),
        Field("niveles", "string", "Niveles", "Niveles alto, medio y bajo del atributo como se escribieron (columnas atributo_oportunidad y atributo_calidad de metas).", COLUMNS_BY_NAME["atributo_oportunidad"].example),
        *(Field(f"nivel_{nivel}", KINDS[COLUMNS_BY_NAME[f"oportunidad_{nivel}"].kind].type, f"Nivel {nivel}", f"Lo que pide el nivel {nivel} del atributo (columnas oportunidad_{nivel} y calidad_{nivel} de metas).", COLUMNS_BY_NAME[f"oportunidad_{nivel}"].example) for nivel in NIVELES),
        ILLUSTRATIVE,
    ),
    primary_key=("acuerdo", "numero_meta", "atributo"),
    foreign_keys=(TO_METAS,),
    indexes=(("atributo",),),
)


# What the previous period says of each meta (continuity.py): its predecessor and the Lineamientos' two rules.
ACROSS_PERIODS = (
    Field("meta_antecesora", "string", "Meta antecesora", "La meta del periodo anterior que esta continúa, como CLAVE:NÚMERO; vacía cuando no continúa ninguna (o no hay periodo anterior en el portal).", "INE/JGE177/2022:DEOE-3"),
    Field("antecesora_por", "string", "Antecesora según", "Cómo se decidió la antecesora: meta_anterior (la indicó el anexo) o similitud (misma área, un cargo en común y una descripción casi igual).", "similitud", enum=("meta_anterior", "similitud")),
    Field("verificacion_promedio_10", "string", "Verificación: promedio de 10", "Qué dice la regla de los Lineamientos sobre repetir en los mismos términos una meta que obtuvo un promedio de 10: observación, justificada, cumple, no aplica o no se pudo verificar.", "cumple"),
    Field("verificacion_nivel_esperado", "string", "Verificación: nivel esperado", "Qué dice la regla de los Lineamientos sobre un nivel esperado superior al alcanzado el año anterior.", "no se pudo verificar"),
)


def metas_table(extras: dict[str, str]) -> Table:
    """metas.csv: the contract's columns, estado, url, the comparison with the previous period, then the annexes' unknown columns."""
    return Table(
        (
            *(column_field(c) for c in METAS_COLUMNS),
            ESTADO,
            URL,
            ILLUSTRATIVE,
            *ACROSS_PERIODS,
            *(Field(name, "string", header, "Columna del anexo que el contrato no define; se publica como se escribió.") for header, name in extras.items()),
        ),
        primary_key=("acuerdo", "numero_meta"),
        foreign_keys=(TO_ACUERDOS,),
        indexes=(("tipo",), ("area_normativa",), ("ambito",), ("estado",), ("fecha_inicio",), ("fecha_termino",)),
    )


if __name__ == "__main__":
    print(markdown_table(), end="")
