"""Downloads for journalists. (Being written.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    path: str  # under the site root, e.g. "datos/metas.csv"
    content: bytes
    title: str
    description: str
    rows: int | None = None


def build(portal, derived) -> list[Download]:
    return []
