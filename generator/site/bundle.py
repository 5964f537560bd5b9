"""metas-spen.zip: every whole-data file of /datos/ in one download, with a LEEME.txt beside them.

The LEEME says what each file is, the licence (or that none was set), how to cite, the date of
the data and, where there are, that some metas are illustrative. Same data, same bytes: every
entry is dated by the data (the newest acuerdo), in a fixed order, with fixed attributes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

README = "LEEME.txt"
ZIP_YEARS = (1980, 2107)  # what a ZIP entry's date can hold
UNIX = 3  # the system that made the entries, fixed: zipfile would write the running one's
FILE_MODE = 0o100644 << 16


def zipped(downloads, about: dict) -> bytes:
    """`downloads`: tables.Download of the whole-data files; `about`: title, description, license, site_url, day, notice, citation."""
    moment = entry_time(about["day"])
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in [(README, readme(downloads, about).encode("utf-8")), *((d.name, d.content) for d in downloads)]:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.create_system = UNIX
            info.external_attr = FILE_MODE
            archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


def entry_time(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """Midnight of the data's date, kept within the years a ZIP entry can say."""
    year = min(max(day.year, ZIP_YEARS[0]), ZIP_YEARS[1])
    return (year, day.month, day.day, 0, 0, 0) if year == day.year else (year, 1, 1, 0, 0, 0)


def readme(downloads, about: dict) -> str:
    license = about.get("license")
    lines = [about["title"], "=" * len(about["title"]), ""]
    if about["notice"]:
        lines += [about["notice"], "Cada fila lo dice también en su columna datos_ilustrativos (true = ilustrativa). No cite como oficial una fila ilustrativa.", ""]
    lines += [about["description"], "", f"Fecha de los datos: {about['day'].isoformat()} (la del acuerdo más reciente).", ""]
    if about.get("site_url"):
        lines += [f"Portal: {about['site_url']}", ""]
    lines += ["Archivos", "--------", ""]
    for download in downloads:
        lines += [f"{download.name}: {download.title}. {download.description}"]
    lines += ["", "Licencia", "--------", ""]
    if license:
        lines += [" ".join(filter(None, (license.get("title") or license["name"], license.get("path"))))]
    else:
        lines += ["Quien publica el portal aún no ha indicado la licencia de estos datos (vea la página «Acerca del portal» en el sitio)."]
    lines += ["", "Cómo citar", "----------", "", about["citation"], "", "La fuente oficial de cada meta es el acuerdo publicado que la aprobó.", ""]
    return "\r\n".join(lines)
