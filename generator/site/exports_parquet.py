"""metas.parquet: the metas with real types (dates as date32, numbers as numbers, lists as list<string>).

The columns are metas.csv's (schema.metas_table, from schema.py): a column added to the contract
reaches the file with its type and description. Same data, same bytes: the file carries no clock
(its `created_by` names the pinned pyarrow, nothing else) and no pandas metadata.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from generator.site.tables import TableData, text_value


ARROW_TYPES = {"string": pa.string(), "date": pa.date32(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
LIST_TYPE = pa.list_(pa.string())


def parquet(data: TableData, columns: dict) -> bytes:
    """The table as Parquet; `columns`: the contract's columns by name (schema.COLUMNS_BY_NAME), whose
    kind says which text columns are lists."""
    fields, arrays = [], []
    for index, field in enumerate(data.table.fields):
        is_list = field.name in columns and columns[field.name].kind == "list"
        arrow_type = LIST_TYPE if is_list else ARROW_TYPES[field.type]
        values = [_value(field.type, is_list, row[index]) for row in data.rows]
        fields.append(pa.field(field.name, arrow_type, nullable=not field.required, metadata={"title": field.title, "description": field.description}))
        arrays.append(pa.array(values, type=arrow_type))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"title": data.title, "description": f"{data.description} {data.notice}".strip()}))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True, write_statistics=True)
    return buffer.getvalue()


def _value(kind: str, is_list: bool, value):
    if value is None or value == "":
        return [] if is_list else None
    if is_list:
        return list(value)
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind in ("date", "boolean"):
        return value
    return str(text_value(value))
