"""The Table Schema of every table the portal publishes, and its values as each format writes them.

A contract column (schema.py) becomes a `Field` here; a `Table` is the schema of a CSV, which
datapackage.json, the data dictionary, the database and the Parquet all read. `TableData` is a whole
table as typed values; `Download` is a file of /datos/ (or any file the build writes beside a page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from dataclasses import dataclass
from functools import cached_property

from generator.contract import schema

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
SQLITE_TYPE = "application/vnd.sqlite3"
PARQUET_TYPE = "application/vnd.apache.parquet"
ZIP_TYPE = "application/zip"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, CSV injection

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


@dataclass(frozen=True)
class Download:
    path: str  # under the site root, e.g. urls.download("metas.csv")
    content: bytes
    title: str
    description: str
    rows: int | None = None
    media_type: str = CSV_TYPE
    table: Table | None = None  # the Table Schema of a CSV
    slice_of: str | None = None  # "areas", "cargos" or "acuerdos": the rows of metas.csv of one of them; "fichas", "catalogo": not a table
    notice: str = ""  # the warning of illustrative data it contains, for the data package and the workbook

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def in_package(self) -> bool:
        """A resource of datapackage.json: the whole-data CSVs, not the slices."""
        return self.table is not None and self.slice_of is None

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size_label(self) -> str:
        return human_size(len(self.content))


def human_size(size: int) -> str:
    """12,3 kB (decimal units)."""
    if size < 1000:
        return f"{size} B"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 999.95 or unit == "GB":
            return f"{size:.1f} {unit}".replace(".", ",")
    raise AssertionError(size)


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def column_field(column: schema.Column) -> Field:
    """A contract column of schema.py as a Table Schema field."""
    kind = schema.KINDS[column.kind]
    return Field(column.name, kind.type, column.title, column.description, column.example, column.required, kind.enum, kind.minimum, kind.maximum)


def cell(value):
    """A typed value as a CSV or XLSX cell: numbers stay numbers, dates are ISO text, text is neutralised."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        value = "; ".join(value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def text_value(value):
    """A typed value as text written as it is (the workbook, the database, Parquet): like `cell`, without the apostrophe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class TableData:
    """A whole table as typed values (dates, numbers, booleans, tuples for lists), for the database and Parquet."""

    name: str  # the table's name in metas.sqlite, and its resource in datapackage.json
    title: str
    description: str
    table: Table
    rows: list[list]
    notice: str = ""


