"""How to cite a page of the portal (a meta, an acuerdo): as text, BibTeX and CSL-JSON.

Where the build does not know the page's public address, and always for the day of reading, a citation
carries a token that the browser replaces (site_src/assets/js/pagina.js): builds stay deterministic."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from generator.common.text import fecha_larga

URL_TOKEN = "[dirección de esta página]"  # the browser puts the page's address there (pagina.js)
DATE_TOKEN = "[fecha de consulta]"  # … and the day of reading
CITED_BODY = "Junta General Ejecutiva del Instituto Nacional Electoral"
PORTAL_TITLE = "Metas del Servicio Profesional Electoral Nacional"


@dataclass(frozen=True)
class Citation:
    """How to cite a meta or an acuerdo, as text, BibTeX and CSL-JSON."""

    key: str
    title: str
    issued: dt.date
    url: str | None  # absolute when site_url is set; else the browser fills it in
    note: str | None = None

    @property
    def text(self) -> str:
        note = f" {self.note}." if self.note else ""
        return f"«{self.title}», {CITED_BODY}, {fecha_larga(self.issued)}. En: {PORTAL_TITLE}, {self.url or URL_TOKEN}. Consultado el {DATE_TOKEN}.{note}"

    @property
    def bibtex(self) -> str:
        def braced(value: str) -> str:
            return value.replace("\\", "").replace("{", "(").replace("}", ")")

        fields = [
            ("title", "{" + braced(self.title) + "}"), ("author", "{" + CITED_BODY + "}"), ("date", self.issued.isoformat()),
            ("howpublished", PORTAL_TITLE), ("url", self.url or URL_TOKEN), ("urldate", DATE_TOKEN),
        ] + ([("note", braced(self.note))] if self.note else [])
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    @property
    def csl_json(self) -> str:
        record = {
            "id": self.key, "type": "webpage", "title": self.title, "author": [{"literal": CITED_BODY}],
            "issued": {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]},
            "container-title": PORTAL_TITLE, "URL": self.url or URL_TOKEN, "accessed": {"raw": DATE_TOKEN},
        }
        if self.note:
            record["note"] = self.note
        return json.dumps(record, ensure_ascii=False, indent=1)
