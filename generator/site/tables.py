"""What every download is made of: `TableData`, a whole table as typed values beside its Table Schema
(schema.py's `Table`), and `Download`, a file of /datos/ (or any file the build writes beside a page);
and how each format writes a typed value (`cell` for CSV, `text_value`, `json_value`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from dataclasses import dataclass
from functools import cached_property

from generator.contract.schema import Table

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
SQLITE_TYPE = "application/vnd.sqlite3"
PARQUET_TYPE = "application/vnd.apache.parquet"
ZIP_TYPE = "application/zip"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, CSV injection



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


def text_value(value):
    """A typed value as the workbook, the database and Parquet write it: booleans as true or false, dates in ISO,
    lists joined by «; », numbers as numbers and text as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def cell(value):
    """A typed value as a CSV cell: numbers stay numbers, dates are ISO text, text is neutralised."""
    written = text_value(value)
    return neutralise(written) if isinstance(written, str) else written


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


