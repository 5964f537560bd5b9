"""Findings about the input: errors stop a build, observaciones are published."""

from __future__ import annotations

from dataclasses import dataclass

from generator.common.text import header_key, shorten, show_escaped
from generator.contract.codes import AVISO, CODES, ERROR, message, OBSERVACION, SEVERITY_LABEL

__all__ = ["AVISO", "ERROR", "OBSERVACION", "SEVERITY_LABEL", "DataError", "Finding", "errors", "finding"]

ANNEX_SUFFIXES = (".pdf", ".docx")  # an annex as INE publishes it: a form per meta, its labels for columns
VALUE_LIMIT = 80  # characters of a value echoed in a message
MESSAGE_LIMIT = 1_500  # a message never carries a whole cell or file


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None
    column: str | None  # as the clerk wrote it (the header, or the YAML key)
    code: str
    message: str
    value: str | None = None
    severity: str | None = None  # None: the kind the catalogue declares for the code
    key: str | None = None  # the contract's name of the column, when it differs from the header
    place: str | None = None  # where in a document the row is, said in its words («página 7, meta DEOE-3»), in place of «fila N»

    def __post_init__(self):
        declared = CODES.get(self.code)
        if declared is None:  # a programming error: every code is declared once, in codes.py
            raise ValueError(f"finding code not declared in generator/contract/codes.py: {self.code!r}")
        if self.severity is None:
            object.__setattr__(self, "severity", declared.kind)
        if self.value is not None:
            # never a character that breaks a page or a terminal, never a whole file in a message
            object.__setattr__(self, "value", shorten(show_escaped(str(self.value)), VALUE_LIMIT))
        object.__setattr__(self, "message", shorten(show_escaped(self.message), MESSAGE_LIMIT))
        if self.column is not None:
            object.__setattr__(self, "column", shorten(show_escaped(str(self.column)), VALUE_LIMIT))
        if self.place is not None:
            object.__setattr__(self, "place", shorten(show_escaped(self.place), 2 * VALUE_LIMIT))
        object.__setattr__(self, "file", _one_line(show_escaped(str(self.file))))  # a file named «x\nError: …» forges no line

    def _sort_key(self):
        return (self.file, self.row if self.row is not None else -1, self.column or "", self.code, self.message, self.value or "")

    def __lt__(self, other: "Finding") -> bool:
        return self._sort_key() < other._sort_key()

    def __le__(self, other: "Finding") -> bool:
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: "Finding") -> bool:
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: "Finding") -> bool:
        return self._sort_key() >= other._sort_key()

    @property
    def column_word(self) -> str:
        """«clave» in a YAML, «columna» in a table or a text."""
        if self.file.lower().endswith(ANNEX_SUFFIXES):
            return "etiqueta"
        return "clave" if self.file.lower().endswith((".yml", ".yaml")) else "columna"

    @property
    def row_word(self) -> str:
        """«fila» in a table, «línea» in a YAML or a text."""
        return "línea" if self.file.lower().endswith((".yml", ".yaml", ".md", ".txt")) else "fila"

    def describe(self) -> str:
        """One line a person can act on: where, what was written, which rule."""
        where = [self.file]
        if self.place:
            where.append(_one_line(self.place))
        elif self.row is not None:
            where.append(f"{self.row_word} {self.row}")
        if self.column:
            contract = f" ({self.key})" if self.key and header_key(self.key) != header_key(self.column) else ""
            where.append(f"{self.column_word} «{_one_line(self.column)}»{contract}")
        value = f" valor «{_one_line(self.value)}»:" if self.value is not None else ""
        return f"{SEVERITY_LABEL[self.severity]}: {', '.join(where)}:{value} {_one_line(self.message)} [{self.code}]"


_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _one_line(text: str) -> str:
    """The text on one line: a line break or tab written as \\n, \\t."""
    return text.translate(_LINE_BREAKS)


def finding(code: str, file: str, row: int | None = None, column: str | None = None, value=None, key: str | None = None,
            place: str | None = None, **params) -> Finding:
    """A finding whose message is the catalogue's template for `code` (for a code with reasons, `reason`'s)."""
    return Finding(file, row, column, code, message(code, **params), None if value is None else str(value), None, key, place or None)


class DataError(Exception):
    """The data cannot be published; carries every error found in the run."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f.describe() for f in findings))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]
