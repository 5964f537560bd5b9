"""metas.sqlite, the tables of /datos/ in one database, and metadata.json for `datasette metas.sqlite -m metadata.json`.

Every column comes from the tables' Table Schemas (exports.py, from schema.py): a column added
to the contract reaches the database with its type and description. Full-text search over the
metas' texts is an FTS5 table named metas_fts with content="metas", the shape Datasette detects by
itself (`?_search=`); `remove_diacritics 2` makes «organizacion» find «Organización».

Same data, same bytes: the database is built in memory with a fixed page size, rows in the order
of the data, no clock anywhere, then VACUUMed and serialised.
"""

from __future__ import annotations

import json
import sqlite3

from generator.contract import schema
from generator.site.tables import TableData, text_value

PAGE_SIZE = 4096
SQL_TYPES = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
SEARCHED_TABLE = "metas"
FTS_SUFFIX = "_fts"


def searched_columns(data: TableData) -> list[str]:
    """The metas' texts a search looks in: the contract's searched text and list columns (schema.py)."""
    columns = schema.COLUMNS_BY_NAME
    return [f.name for f in data.table.fields if f.name in columns and columns[f.name].searched and columns[f.name].kind in ("text", "list")]


def database(tables: list[TableData]) -> bytes:
    """The SQLite file: one table per TableData, in the given order (referenced tables need not come first)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        with connection:
            for data in tables:
                _write_table(connection, data)
            for data in tables:
                if data.name == SEARCHED_TABLE:
                    _write_search(connection, data)
        connection.execute("VACUUM")
        return connection.serialize()
    finally:
        connection.close()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


ROWID_NAMES = ("rowid", "oid", "_rowid_")  # a column of one of these names would hide the row's id (full-text search joins on it)


def column_names(data: TableData) -> list[str]:
    """The columns' names in SQLite, where case does not tell names apart: the annexes' own columns
    («Nota» in one file, «NOTA» in another) get a number when they would collide."""
    names, seen = [], set(ROWID_NAMES)
    for field in data.table.fields:
        name, number = field.name, 1
        while name.casefold() in seen:
            number += 1
            name = f"{field.name} ({number})"
        seen.add(name.casefold())
        names.append(name)
    return names


def _write_table(connection: sqlite3.Connection, data: TableData) -> None:
    table = data.table
    names = column_names(data)
    lines = [f"{_quoted(name)} {SQL_TYPES[f.type]}{' NOT NULL' if f.required else ''}" for name, f in zip(names, table.fields)]
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(map(_quoted, table.primary_key))})")
    for key in table.foreign_keys:
        lines.append(f"FOREIGN KEY ({', '.join(map(_quoted, key.fields))}) REFERENCES {_quoted(key.resource)} ({', '.join(map(_quoted, key.reference))})")
    connection.execute(f"CREATE TABLE {_quoted(data.name)} (\n  " + ",\n  ".join(lines) + "\n)")
    columns = ", ".join(map(_quoted, names))
    marks = ", ".join("?" * len(table.fields))
    types = [f.type for f in table.fields]
    connection.executemany(f"INSERT INTO {_quoted(data.name)} ({columns}) VALUES ({marks})", ([sql_value(t, v) for t, v in zip(types, row)] for row in data.rows))
    for columns in table.indexes:
        connection.execute(f"CREATE INDEX {_quoted('idx_' + data.name + '_' + '_'.join(columns))} ON {_quoted(data.name)} ({', '.join(map(_quoted, columns))})")


def _write_search(connection: sqlite3.Connection, data: TableData) -> None:
    """The FTS5 index Datasette finds: an external-content table over the metas' rowids."""
    columns = ", ".join(map(_quoted, searched_columns(data)))
    fts = _quoted(data.name + FTS_SUFFIX)
    connection.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content=\"{data.name}\", tokenize='unicode61 remove_diacritics 2')")
    connection.execute(f"INSERT INTO {fts} (rowid, {columns}) SELECT rowid, {columns} FROM {_quoted(data.name)} ORDER BY rowid")
    connection.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")


def sql_value(kind: str, value):
    """A typed value as SQLite stores it: dates as ISO text, lists joined by «; », booleans 0/1, empty as NULL."""
    if value is None or value == "" or value == ():
        return None
    if kind == "boolean":
        return int(bool(value))
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return str(text_value(value))


def metadata(tables: list[TableData], about: dict) -> bytes:
    """Datasette's metadata: titles, descriptions of tables and columns, licence and source when known.
    `about`: title, description, notice (of illustrative data), license (as datapackage.json names it), site_url."""
    license = about.get("license") or {}
    document = {
        "title": about["title"],
        "description": f"{about['description']} {about['notice']}".strip(),
        **({"license": license.get("title") or license["name"]} if license else {}),
        **({"license_url": license["path"]} if license.get("path") else {}),
        "source": "Acuerdos de la Junta General Ejecutiva del Instituto Nacional Electoral",
        **({"source_url": about["site_url"]} if about.get("site_url") else {}),
        "databases": {
            "metas": {
                "tables": {
                    data.name: {
                        "title": data.title,
                        "description": f"{data.description} {data.notice}".strip(),
                        "columns": {name: f"{f.title}. {f.description}" for name, f in zip(column_names(data), data.table.fields)},
                    }
                    for data in tables
                },
            },
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
