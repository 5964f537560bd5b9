"""What a page's metas are: how many are illustrative, and whether their acuerdos' own facts are real (the
notice every page carries, and the note its title ends with)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.records import Portal

ILLUSTRATIVE_TITLE = " (datos ilustrativos)"
SOME_ILLUSTRATIVE_TITLE = " (incluye datos ilustrativos)"


@dataclass(frozen=True)
class Provenance:
    """What a page's metas are: how many are illustrative, and whether their acuerdos' own facts are real."""

    total: int
    ilustrativas: int
    invented: tuple[str, ...]  # claves of invented acuerdos among theirs (examples)
    without_text: tuple[str, ...]  # claves of their acuerdos whose published text is not in the portal

    @property
    def all(self) -> bool:
        return self.total > 0 and self.ilustrativas == self.total

    @property
    def mixed(self) -> bool:
        return 0 < self.ilustrativas < self.total

    @property
    def title_note(self) -> str:
        return ILLUSTRATIVE_TITLE if self.all else SOME_ILLUSTRATIVE_TITLE if self.mixed else ""


def provenance(portal: Portal, metas) -> Provenance:
    illustrative = [m for m in metas if m.datos_ilustrativos]
    claves = list(dict.fromkeys(m.acuerdo for m in illustrative))
    acuerdos = [portal.acuerdo(c) for c in claves]
    return Provenance(
        len(metas), len(illustrative),
        tuple(a.clave for a in acuerdos if a.acuerdo_ilustrativo),
        tuple(a.clave for a in acuerdos if not a.acuerdo_ilustrativo and not a.texto),
    )
