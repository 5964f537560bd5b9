"""data.json: the portal's DCAT catalogue in the Project Open Data 1.1 shape, the one CKAN's harvesters
and datos.gob.mx read.

It carries the fields the «Guía de Implementación de la Política de Datos Abiertos» requires (per
dataset identifier, title, description, modified, contactPoint, mbox, landingPage,
accrualPeriodicity; per file title, downloadURL, mediaType). Who publishes, the contact and the
licence come from the publisher's settings and the absolute addresses from site_url: unset, the
catalogue leaves those fields out rather than invent them, its addresses are relative to the site's
root (where data.json is), and `harvest_warnings` says what is missing.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from generator.contract import urls

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
KEYWORDS = ("metas", "evaluación del desempeño", "Servicio Profesional Electoral Nacional", "SPEN", "Instituto Nacional Electoral", "INE", "Junta General Ejecutiva")
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "parquet": "Parquet", "sqlite": "SQLite", "zip": "ZIP"}
EMAIL = re.compile(r"^(?:mailto:)?([^@\s/:]+@[^@\s/]+\.[^@\s/]+)$")
# The datasets of the whole data, by the names of their files; any other whole file belongs to the last.
DATASETS = (
    ("metas", "Metas", "Las metas para la evaluación del desempeño del personal del Servicio Profesional Electoral Nacional: una fila por meta, también las canceladas.", ("metas.csv", "metas.xlsx", "metas.json", "metas.parquet")),
    ("metas-cargos", "Metas por cargo o puesto", "Una fila por cada meta y cada cargo o puesto del Servicio al que aplica.", ("metas_cargos.csv",)),
    ("acuerdos", "Acuerdos", "Los acuerdos de la Junta General Ejecutiva que aprueban, modifican o cancelan metas, y el Cuadro de metas por área normativa que declara cada uno.", ("acuerdos.csv", "cuadros.csv")),
    ("historial", "Historial de las metas", "Cada acto de cada meta: su alta, cada campo que cambió un acuerdo de modificación y su cancelación.", ("historial.csv",)),
    ("metas-spen", "Todos los datos", "Todas las tablas en una base de datos SQLite y en un ZIP, con su descripción (paquete de datos Frictionless, metadatos para Datasette) y sus huellas SHA-256.", ()),
)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the portal and on what terms (assemble.Settings), as the catalogue needs them."""

    name: str | None = None
    contact: str | None = None  # an e-mail address or a web address
    license: dict | None = None  # as datapackage.json names it: name, path, title

    @property
    def email(self) -> str | None:
        match = EMAIL.match((self.contact or "").strip())
        return match.group(1) if match else None

    @property
    def license_url(self) -> str | None:
        return (self.license or {}).get("path")


def harvest_warnings(site_url: str | None, publisher: Publisher) -> list[str]:
    """What keeps a harvester from taking the catalogue, in Spanish, for `portal build` to print (empty: nothing)."""
    missing = []
    if not site_url:
        missing.append("la dirección pública del sitio (--site-url, o site_url en la configuración): sin ella las direcciones del catálogo son relativas")
    if not publisher.name:
        missing.append("quién publica (publisher)")
    if not publisher.email:
        missing.append("un correo electrónico de contacto (contact)")
    if not publisher.license_url:
        missing.append("la licencia con su dirección (license_name y license_url)")
    if not missing:
        return []
    listed = missing[0] if len(missing) == 1 else "; ".join(missing[:-1]) + "; y " + missing[-1]
    return [f"El catálogo {urls.CATALOGUE} no se puede cosechar (datos.gob.mx) hasta que se indique en la configuración del portal: {listed}."]


def catalogue(portal, downloads, day, publisher: Publisher, site_url: str | None) -> bytes:
    """The catalogue of `downloads` (tables.Download): a dataset per part of the whole data, and one per acuerdo with metas."""
    def address(path: str) -> str:
        return urls.absolute(site_url, path) or path

    whole = [d for d in downloads if d.slice_of is None]
    by_name = {d.name: d for d in whole}
    claimed = {name for *_, names in DATASETS for name in names}
    periods = (min(a.periodo_inicio for a in portal.acuerdos), max(a.periodo_fin for a in portal.acuerdos))
    package = by_name.get("datapackage.json")
    datasets = []
    for identifier, title, description, names in DATASETS:
        files = [by_name[n] for n in names if n in by_name] if names else [d for d in whole if d.name not in claimed]
        notes = list(dict.fromkeys(d.notice for d in files if d.notice))
        datasets.append(_dataset(
            f"metas-spen/{identifier}", title + (" (datos ilustrativos)" if notes else ""), " ".join([description, *notes]), day,
            address(urls.DATOS), periods, files, publisher, address, package,
        ))
    slices = {d.path: d for d in downloads if d.slice_of == "acuerdos"}
    changed = {}  # acuerdo → the newest act on its metas
    for meta in portal.metas:
        for event in meta.history:
            changed[meta.acuerdo] = max(changed.get(meta.acuerdo, event.fecha), event.fecha)
    for acuerdo in portal.acuerdos:
        own = slices.get(urls.acuerdo_csv(acuerdo.clave))
        if own is None:
            continue
        datasets.append(_dataset(
            f"metas-spen/acuerdos/{acuerdo.slug}", own.title, f"Las metas del acuerdo {acuerdo.clave}: {acuerdo.titulo} {own.notice}".strip(), changed.get(acuerdo.clave, acuerdo.fecha_aprobacion),
            address(acuerdo.path), (acuerdo.periodo_inicio, acuerdo.periodo_fin), [own], publisher, address, package,
        ))
    document = {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        **({"@id": urls.absolute(site_url, urls.CATALOGUE)} if site_url else {}),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": datasets,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _dataset(identifier, title, description, modified, landing, period, files, publisher: Publisher, address, package) -> dict:
    email = publisher.email
    return {
        "@type": "dcat:Dataset",
        "identifier": identifier,
        "title": title,
        "description": description,
        "keyword": list(KEYWORDS),
        "modified": modified.isoformat(),
        **({"publisher": {"@type": "org:Organization", "name": publisher.name}} if publisher.name else {}),
        **({"contactPoint": {"@type": "vcard:Contact", "fn": publisher.name or email, "hasEmail": f"mailto:{email}"}, "mbox": email} if email else {}),
        "accessLevel": "public",
        "landingPage": landing,
        **({"license": publisher.license_url} if publisher.license_url else {}),
        "temporal": f"{period[0].isoformat()}/{period[1].isoformat()}",
        "accrualPeriodicity": "irregular",
        "language": ["es-MX"],
        "distribution": [_distribution(d, address, package) for d in files],
    }


def _distribution(download, address, package) -> dict:
    extension = posixpath.splitext(download.name)[1].lstrip(".")
    described = download.in_package and package is not None
    return {
        "@type": "dcat:Distribution",
        "title": download.title,
        "description": f"{download.description} {download.notice}".strip(),
        "downloadURL": address(download.path),
        "mediaType": download.media_type,
        "format": FORMATS.get(extension, "TXT"),
        **({"describedBy": address(package.path), "describedByType": package.media_type} if described else {}),
    }
