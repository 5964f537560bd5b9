"""Downloads for journalists: CSV, XLSX, JSON and a Frictionless data package; from the same typed
tables (`TableData`), the SQLite database (exports_sqlite), the Parquet (exports_parquet), the zip of
them all (bundle) and the DCAT catalogue (opendata).

The columns of every table come from schema.py through a `Table` (its Table Schema),
which both datapackage.json and the data dictionary on /datos/ read. Same data, same
bytes: nothing carries the build's time, and the XLSX is dated by the newest acuerdo.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter, defaultdict

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from generator.common.text import fecha_larga, header_key
from generator.contract import schema, urls
from generator.model.continuity import Link
from generator.model.derive import Derived
from generator.model.records import Meta, Portal
from generator.site import bundle, exports_parquet, exports_sqlite, opendata
from generator.site.tables import (
    cell, Download, FORMULA_STARTS, JSON_TYPE, json_value,
    neutralise, PARQUET_TYPE, SQLITE_TYPE, Table, TableData, text_value, XLSX_TYPE, ZIP_TYPE,
)

PORTAL_NAME = "Metas del Servicio Profesional Electoral Nacional"
DATABASE = "metas.sqlite"
DATABASE_METADATA = "metadata.json"  # for `datasette metas.sqlite -m metadata.json`
PARQUET = "metas.parquet"
BUNDLE = "metas-spen.zip"
ILLUSTRATIVE_TITLE = " (datos ilustrativos)"



def extra_columns(metas) -> dict[str, str]:
    """Unknown columns of the annexes, in order of first appearance: header as written → column name."""
    reserved = {schema.ESTADO.name, schema.URL.name, schema.ILLUSTRATIVE.name, *(f.name for f in schema.ACROSS_PERIODS)}
    headers = dict.fromkeys(name for meta in metas for name in meta.extra)
    return {h: neutralise(f"{h} (anexo)" if header_key(h) in reserved else h) for h in headers}


def meta_values(meta: Meta, extras: dict[str, str], site_url: str | None = None, link: Link | None = None) -> list:
    """A meta as typed values, in the order of metas.csv's columns; its url absolute when site_url is set;
    `link`: what the previous period says of it (continuity.Link)."""
    values = [meta.value(c) for c in schema.METAS_COLUMNS]
    return values + ["cancelada" if meta.cancelada else "vigente", urls.absolute(site_url, meta.path) or meta.path, meta.datos_ilustrativos, *_across_periods(link), *(meta.extra.get(h) for h in extras)]


def _across_periods(link: Link | None) -> tuple:
    if link is None:
        return (None, None, None, None)
    predecessor = f"{link.predecessor.acuerdo}:{link.predecessor.numero}" if link.predecessor else None
    return (predecessor, link.how if link.predecessor else None, link.repetida.status, link.nivel.status)


def build(portal: Portal, derived: Derived, license: dict | None = None, site_url: str | None = None, publisher: str | None = None, contact: str | None = None) -> list[Download]:
    """Every download: the whole-data files, datapackage.json that describes their CSVs, the database, the
    Parquet and the zip of them all, the slices, SHA256SUMS, each meta's record as JSON beside its page,
    and the DCAT catalogue (data.json). With `site_url`, every `url` is absolute."""
    extras = extra_columns(portal.metas)
    table = schema.metas_table(extras)
    across = derived.continuity
    values = [meta_values(meta, extras, site_url, across.link(meta) if across else None) for meta in portal.metas]
    rows = [[cell(v) for v in meta] for meta in values]
    note = _illustrative_note(portal.metas)
    title = _titled("Metas", note)
    day = max(a.fecha_aprobacion for a in portal.acuerdos)
    metas = TableData("metas", title, "Una fila por meta, también las canceladas (columna estado), con la dirección de su ficha.", table, values, note)
    tables = [
        metas,
        TableData("metas_cargos", _titled("Metas por cargo o puesto", note), "Una fila por cada meta y cada cargo o puesto al que aplica; se une a metas.csv por acuerdo y numero_meta.", schema.METAS_CARGOS, _metas_cargos_values(derived), note),
        TableData("acuerdos", "Acuerdos", "Una fila por acuerdo de la Junta General Ejecutiva: fechas, periodo, totales que declara y si sus metas en el portal son ilustrativas.", schema.ACUERDOS, _acuerdos_values(portal, site_url)),
        TableData("cuadros", "Cuadros de los acuerdos", "El Cuadro de cada acuerdo: metas por área normativa, ámbito y tipo, como las declara su texto.", schema.CUADROS, _cuadros_values(portal)),
        TableData("historial", _titled("Historial de las metas", note), "Cada acto de cada meta: su alta, cada campo que cambió un acuerdo de modificación (una fila por campo) y su cancelación.", schema.HISTORIAL, _historial_values(portal.metas), note),
    ]
    whole = [
        Download(urls.download("metas.csv"), _csv(table.header, rows), title, metas.description, len(rows), table=table, notice=note),
        Download(urls.download("metas.xlsx"), _xlsx(table, [[text_value(v) for v in meta] for meta in values], title, note, day), title, "Las mismas filas y columnas que metas.csv, en un libro de Excel con una hoja de diccionario.", len(rows), XLSX_TYPE, notice=note),
        Download(urls.download("metas.json"), _json([dict(zip(table.header, map(json_value, meta))) for meta in values], note), title, "Las mismas metas en JSON: listas como arreglos y el texto tal como se escribió.", len(rows), JSON_TYPE, notice=note),
        *(_table_csv(data) for data in tables[1:]),
    ]
    whole.append(_datapackage(portal, whole, note, day, license))
    scale = TableData("escala_evaluacion", _titled("Escala de evaluación", note), "Los atributos de oportunidad y calidad de cada meta: su ponderación y lo que pide cada nivel.", schema.ESCALA, _escala_values(portal.metas), note)
    about = {"title": _titled(PORTAL_NAME, note), "description": _description(day, ""), "notice": note, "license": license, "site_url": site_url}
    whole += [
        Download(urls.download(DATABASE), exports_sqlite.database([*tables, scale]), _titled("Base de datos SQLite", note), "Todas las tablas (metas, metas por cargo, acuerdos, cuadros, historial y escala de evaluación) con tipos, claves, índices y búsqueda de texto; se abre con Datasette, DB Browser for SQLite o cualquier cliente de SQLite.", media_type=SQLITE_TYPE, notice=note),
        Download(urls.download(DATABASE_METADATA), exports_sqlite.metadata([*tables, scale], about), "Metadatos para Datasette", f"Títulos, descripciones de columnas, licencia y fuente de {DATABASE}: «datasette {DATABASE} -m {DATABASE_METADATA}».", media_type=JSON_TYPE),
        Download(urls.download(PARQUET), exports_parquet.parquet(metas, schema.COLUMNS_BY_NAME), title, "Las mismas metas en Parquet, con tipos: fechas como fechas, números como números y listas como listas.", len(rows), PARQUET_TYPE, notice=note),
    ]
    whole.append(Download(urls.download(BUNDLE), bundle.zipped(whole, about | {"day": day, "citation": _citation(day, portal)}), _titled("Todo en un archivo", note), "Los archivos completos (CSV, XLSX, JSON, SQLite, Parquet y sus descripciones) en un ZIP, con un LEEME.txt: qué es cada archivo, la licencia, cómo citar y la fecha de los datos.", media_type=ZIP_TYPE, notice=note))
    files = whole + _slices(portal, table, rows)
    files = files + [_checksums(files)] + _records(portal, table.header, values)
    catalogue = opendata.catalogue(portal, files, day, opendata.Publisher(publisher, contact, license), site_url)
    return files + [Download(urls.CATALOGUE, catalogue, "Catálogo de datos abiertos (DCAT)", "Los conjuntos de datos del portal y sus archivos, como los leen los cosechadores de catálogos (datos.gob.mx, CKAN): formato data.json de Project Open Data 1.1.", media_type=JSON_TYPE, slice_of="catalogo")]


def _description(day: dt.date, note: str) -> str:
    return f"Metas para la evaluación del desempeño del personal del Servicio Profesional Electoral Nacional aprobadas por la Junta General Ejecutiva del Instituto Nacional Electoral, con datos al {day.isoformat()}. {note}".strip()


def _citation(day: dt.date, portal: Portal) -> str:
    """How to cite the data, as on /datos/ (without a licence nobody has set)."""
    claves = list(dict.fromkeys(m.acuerdo for m in portal.metas if m.datos_ilustrativos))
    text = f"{PORTAL_NAME}: metas para la evaluación del desempeño aprobadas por la Junta General Ejecutiva del Instituto Nacional Electoral, datos abiertos al {fecha_larga(day)}."
    return text + (f" Incluye datos ilustrativos que no son el anexo oficial ({', '.join(claves)})." if claves else "")


def _table_csv(data: TableData) -> Download:
    rows = [[cell(v) for v in row] for row in data.rows]
    return Download(urls.download(f"{data.name}.csv"), _csv(data.table.header, rows), data.title, data.description, len(rows), table=data.table, notice=data.notice)


def _checksums(downloads: list[Download]) -> Download:
    """SHA256SUMS: `sha256sum -c SHA256SUMS` in the folder of the downloads checks every file."""
    lines = "".join(f"{d.sha256}  {d.path.removeprefix(urls.DATOS)}\n" for d in downloads)
    return Download(urls.download("SHA256SUMS"), lines.encode("utf-8"), "Huellas SHA-256", "La huella de cada archivo de esta página: compruébelas con «sha256sum -c SHA256SUMS».", len(downloads), "text/plain")


def _records(portal: Portal, header: list[str], values: list[list]) -> list[Download]:
    """Each meta's record as JSON beside its page (metas/<acuerdo>/<número>.json), with its history."""
    records = []
    for meta, row in zip(portal.metas, values):
        record = dict(zip(header, map(json_value, row)))
        record["historial"] = [
            {"acuerdo": e.acuerdo, "fecha": e.fecha.isoformat(), "accion": e.accion, "cambios": [{"campo": c.campo, "anterior": json_value(c.anterior), "nuevo": json_value(c.nuevo)} for c in e.changes]}
            for e in meta.history
        ]
        content = (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        records.append(Download(urls.meta_record(meta.acuerdo, meta.numero), content, f"Meta {meta.numero}", "Su registro completo.", 1, JSON_TYPE, slice_of="fichas"))
    return records


def _illustrative_note(metas) -> str:
    claves = list(dict.fromkeys(m.acuerdo for m in metas if m.datos_ilustrativos))
    if not claves:
        return ""
    return f"ATENCIÓN: contiene datos ILUSTRATIVOS, no el anexo oficial: las metas de {', '.join(claves)} sirven para demostrar el portal."


def _titled(title: str, note: str) -> str:
    return title + (ILLUSTRATIVE_TITLE if note else "")


def _csv(header: list[str], rows) -> bytes:
    """UTF-8 with BOM (Excel in Spanish opens it right), comma, every field quoted (RFC 4180): no
    spreadsheet that splits on «;» or tabs can cut a cell in two (and start a formula mid-cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _json(metas: list[dict], note: str) -> bytes:
    """The metas under a header that says, once, whether any is illustrative (each also says it in its row)."""
    document = {"datos_ilustrativos": bool(note), "aviso": note or None, "metas": metas}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _xlsx(table: Table, rows: list[list], title: str, note: str, day: dt.date) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    moment = dt.datetime(day.year, day.month, day.day)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = PORTAL_NAME
    properties.created = properties.modified = moment
    properties.title = title
    properties.description = note or None
    bold = Font(bold=True)
    _readme(workbook, title, note, day, bold)
    sheet = workbook.create_sheet("metas")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.fields))}{len(rows) + 1}"
    sheet.append([_bold(sheet, name, bold) for name in table.header])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    dictionary = workbook.create_sheet("diccionario")
    dictionary.append([_bold(dictionary, name, bold) for name in ("columna", "título", "tipo", "descripción")])
    for field in table.fields:
        dictionary.append([_text_cell(dictionary, v) for v in (field.name, field.title, field.type_label, field.description)])  # an extra column's title is its header as written
    return _workbook_bytes(workbook, moment)


def _readme(workbook, title: str, note: str, day: dt.date, bold: Font) -> None:
    """The first sheet: what the workbook holds, whether it is illustrative, where it comes from."""
    sheet = workbook.create_sheet("Léame")
    sheet.append([_bold(sheet, title, bold)])
    if note:
        sheet.append([_bold(sheet, note, bold)])
        sheet.append(["Cada fila de la hoja «metas» lo dice también en su columna datos_ilustrativos (true = ilustrativa)."])
    sheet.append([f"Datos al {day.isoformat()}, fecha del acuerdo más reciente; fuente: los acuerdos de la Junta General Ejecutiva del INE."])
    sheet.append(["Hojas: «metas» (una fila por meta, también las canceladas) y «diccionario» (qué significa cada columna)."])


def _text_cell(sheet, value):
    """Text is a text cell, never a formula, whatever its first character: Excel shows it as written,
    without the apostrophe the CSV needs (the cell's quotePrefix style marks it as text)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    text = WriteOnlyCell(sheet, value=value)
    text.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        text.quotePrefix = True
    return text


def _bold(sheet, value, font: Font) -> WriteOnlyCell:
    heading = WriteOnlyCell(sheet, value=value)
    heading.font = font
    return heading


def _workbook_bytes(workbook, moment: dt.datetime) -> bytes:
    """openpyxl's save without the clock: save_workbook() stamps `modified` with now and zip entries carry the time."""
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6]), source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def _metas_cargos_values(derived: Derived) -> list[list]:
    frame = derived.metas_cargos
    estados = frame["cancelada"].map({True: "cancelada", False: "vigente"})
    columns = zip(frame.acuerdo, frame.numero, frame.cargo, frame.tipo, frame.area, frame.ambito, estados, frame.datos_ilustrativos)
    return [[*row[:-1], bool(row[-1])] for row in columns]


def _acuerdos_values(portal: Portal, site_url: str | None) -> list[list]:
    counts = Counter(meta.acuerdo for meta in portal.metas)
    rows = []
    for a in portal.acuerdos:
        comision = a.comision_servicio or {}
        totales = a.totales or {}
        rows.append([
            a.clave, a.titulo, a.organo, a.fecha_aprobacion, a.sesion, a.votacion, a.sistema, a.periodo_inicio, a.periodo_fin,
            a.tipo, a.bloque, a.antecedentes, comision.get("fecha"), comision.get("sesion"),
            totales.get("metas"), totales.get("individuales"), totales.get("colectivas"),
            a.url, a.datos_ilustrativos, counts[a.clave], urls.absolute(site_url, a.path) or a.path,
        ])
    return rows


def _cuadros_values(portal: Portal) -> list[list]:
    return [[a.clave, row["area"], *(row[c] for c in (*schema.CUADRO_COLUMNS, "total")), a.acuerdo_ilustrativo] for a in portal.acuerdos for row in a.cuadro]


def _historial_values(metas) -> list[list]:
    rows = []
    for meta in metas:
        for event in meta.history:
            start = [meta.acuerdo, meta.numero, event.acuerdo, event.fecha, event.accion]
            changes = [(c.campo, text_value(c.anterior), text_value(c.nuevo)) for c in event.changes] or [(None, None, None)]
            rows.extend(start + list(change) + [meta.datos_ilustrativos] for change in changes)
    return rows


def _escala_values(metas) -> list[list]:
    """Each meta's attributes (oportunidad, calidad), one row each, when the meta states any part of it."""
    rows = []
    for meta in metas:
        for atributo in schema.ATRIBUTOS:
            values = [meta.fields.get(f"ponderacion_{atributo}"), meta.fields.get(f"atributo_{atributo}"), *(meta.fields.get(f"{atributo}_{nivel}") for nivel in schema.NIVELES)]
            if any(v not in (None, "") for v in values):
                rows.append([meta.acuerdo, meta.numero, atributo, *values, meta.datos_ilustrativos])
    return rows


def _datapackage(portal: Portal, downloads: list[Download], note: str, day: dt.date, license: dict | None) -> Download:
    """datapackage.json; `licenses` only when the publisher set one (assemble.Settings): never a guess."""
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "metas-spen",
        "title": _titled(PORTAL_NAME, note),
        "description": _description(day, note),
        **({"licenses": [license]} if license else {}),
        "sources": [{"title": f"{a.clave}: {a.titulo}", **({"path": a.url} if a.url else {})} for a in portal.acuerdos],
        "resources": [_resource(d) for d in downloads if d.in_package],
    }
    return Download(
        urls.download("datapackage.json"), (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), "Paquete de datos",
        "Descripción Frictionless (Data Package v2) de los CSV completos: tipos, claves, licencia, fuentes, tamaños y huellas SHA-256.", media_type=JSON_TYPE,
    )


def _resource(download: Download) -> dict:
    return {
        "name": download.name.removesuffix(".csv"),
        "type": "table",
        "path": download.name,
        "title": download.title,
        "description": f"{download.description} {download.notice}".strip(),
        "format": "csv",
        "mediatype": download.media_type,
        "encoding": "utf-8-sig",
        "bytes": len(download.content),
        "hash": f"sha256:{download.sha256}",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": download.table.descriptor(),
    }


def _slices(portal: Portal, table: Table, rows: list[list]) -> list[Download]:
    """metas.csv cut by área, cargo and acuerdo: a file for each that has metas."""
    groups = {"areas": defaultdict(list), "cargos": defaultdict(list), "acuerdos": defaultdict(list)}
    for meta, row in zip(portal.metas, rows):
        groups["areas"][meta.area].append((meta, row))
        groups["acuerdos"][meta.acuerdo].append((meta, row))
        for cargo in meta.cargos:
            groups["cargos"][cargo].append((meta, row))
    places = (
        [("areas", a.slug, a.siglas, f"Metas del área normativa {a.siglas}") for a in portal.areas]
        + [("cargos", c.slug, c.nombre, f"Metas del cargo o puesto {c.nombre}") for c in portal.cargos]
        + [("acuerdos", a.slug, a.clave, f"Metas del acuerdo {a.clave}") for a in portal.acuerdos]
    )
    downloads = []
    for kind, slug, key, title in places:
        members = groups[kind][key]
        if not members:
            continue  # no file with only a header row: the page of an acuerdo without annex offers none
        note = _illustrative_note([meta for meta, _ in members])
        downloads.append(Download(
            urls.download(f"{kind}/{slug}.csv"), _csv(table.header, [row for _, row in members]), _titled(title, note),
            "Las filas de metas.csv que le corresponden, con sus mismas columnas.", len(members), table=table, slice_of=kind, notice=note,
        ))
    return downloads
