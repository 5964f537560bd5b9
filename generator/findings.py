"""Findings about the input: errors stop a build, observaciones are published."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
OBSERVACION = "observacion"
AVISO = "aviso"  # a note for whoever builds (e.g. a cargo outside the catalogue)

SEVERITY_LABEL = {ERROR: "Error", OBSERVACION: "Observación", AVISO: "Aviso"}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    row: int | None
    column: str | None
    code: str
    message: str
    value: str | None = None
    severity: str = ERROR

    def describe(self) -> str:
        """One line a person can act on: where, what was written, which rule."""
        where = [self.file]
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.column:
            where.append(f"columna «{self.column}»")
        value = f" valor «{self.value}»:" if self.value is not None else ""
        return f"{SEVERITY_LABEL[self.severity]}: {', '.join(where)}:{value} {self.message} [{self.code}]"


class DataError(Exception):
    """The data cannot be published; carries every error found in the run."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f.describe() for f in findings))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]
