"""Writes the annex fixtures as INE makes its annexes: Word documents of forms, printed to PDF by LibreOffice.

    .venv/bin/python tests/data/anexos/make_fixtures.py            # the committed fixtures, in this folder
    .venv/bin/python tests/data/anexos/make_fixtures.py --big 360 --out /tmp/x   # a long annex, to time the reader

Every meta here is invented (each form says «Datos ilustrativos»); none is an INE meta. Both layouts
(2019–2020 with «Descripción de la meta», 2020–2021 with «Objetivo») by generator.tools.anexo_docx; the
first again without ruled borders; and the second as a clerk may type it in Word's default template
(landscape, heading rows not merged and in capitals, a cargo per line without spacing, the mark
only under the title). The expected rows, the script's own input in the contract's columns, are written
beside each annex as CSV. The
broken files: a scan (the first page as an image only), an encrypted PDF (`qpdf --encrypt`, with a
user password), a PDF and a DOCX cut in half, an empty file, and a DOCX and its PDF that are not annexes.

Needs LibreOffice (`apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-dejavu`)
and qpdf; the generated files are committed, so the tests do not.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from generator.contract.schema import LAYOUT_DESCRIPCION, LAYOUT_OBJETIVO  # noqa: E402
from generator.input.anexo import ANEXO_COLUMNS  # noqa: E402
from generator.tools.anexo_docx import write_anexo_docx  # noqa: E402

AREAS = {
    "DECEYEC": "Dirección Ejecutiva de Capacitación Electoral y Educación Cívica",
    "DEOE": "Dirección Ejecutiva de Organización Electoral",
    "DERFE": "Dirección Ejecutiva del Registro Federal de Electores",
    "UTVOPL": "Unidad Técnica de Vinculación con los Organismos Públicos Locales",
}
TITLE = ("Metas individuales y colectivas para la Evaluación del Desempeño de los miembros del Servicio Profesional Electoral "
         "Nacional del sistema del Instituto del periodo septiembre {0} a agosto {1}")

CARGOS = {
    ("DECEyEC", "OC"): ["Director Ejecutivo / Directora Ejecutiva de Capacitación Electoral y Educación Cívica",
                        "Director / Directora de Capacitación Electoral", "Subdirector / Subdirectora de Educación Cívica",
                        "Jefe / Jefa de Departamento de Materiales Didácticos y Apoyos a la Capacitación"],
    ("DECEyEC", "OD"): ["Vocal Ejecutivo / Vocal Ejecutiva de Junta Local Ejecutiva",
                        "Vocal de Capacitación Electoral y Educación Cívica de Juntas Locales y Distritales Ejecutivas",
                        "Vocal Secretario / Vocal Secretaria de Junta Distrital Ejecutiva", "Coordinador / Coordinadora de Educación Cívica"],
    ("DEOE", "OC"): ["Director / Directora de Operación Regional", "Subdirector / Subdirectora de Procedimientos Electorales",
                     "Jefe / Jefa de Departamento de Documentación Electoral"],
    ("DEOE", "OD"): ["Vocal de Organización Electoral de Junta Local Ejecutiva", "Vocal de Organización Electoral de Junta Distrital Ejecutiva",
                     "Técnico / Técnica de Organización Electoral"],
    ("DERFE", "OC"): ["Director / Directora de Cartografía Electoral", "Jefe / Jefa de Departamento de Actualización Cartográfica"],
    ("DERFE", "OD"): ["Vocal del Registro Federal de Electores de Junta Local Ejecutiva",
                      "Vocal del Registro Federal de Electores de Junta Distrital Ejecutiva", "Jefe / Jefa de Oficina de Cartografía Estatal"],
    ("UTVOPL", "OPLE"): ["Coordinador / Coordinadora de Organización Electoral del Organismo Público Local"],
}
EVALUA = {
    "DECEyEC": "Director Ejecutivo / Directora Ejecutiva de Capacitación Electoral y Educación Cívica",
    "DEOE": "Director Ejecutivo / Directora Ejecutiva de Organización Electoral",
    "DERFE": "Director Ejecutivo / Directora Ejecutiva del Registro Federal de Electores",
    "UTVOPL": "Titular de la Unidad Técnica de Vinculación con los Organismos Públicos Locales",
}
VERBOS = ("Elaborar un informe ejemplar sobre", "Dar seguimiento ficticio a", "Integrar un expediente de práctica sobre", "Supervisar, a modo de ensayo,")
OBJETOS = ("las sesiones de un círculo de lectura imaginario", "los simulacros de un ejercicio cívico inventado",
           "el inventario de materiales didácticos de muestra", "las visitas de verificación de un programa hipotético",
           "la ruta de entrega de paquetes de un ejercicio de mesa", "la actualización de un croquis de prueba")
FINES = ("medir el avance de un programa que no existe", "probar la lectura automática de este anexo",
         "ilustrar cómo se redacta una meta con varias líneas de texto que obligan a la celda a ocupar más de un renglón")
TEMAS = ("Participación ciudadana de ejemplo", "Capacitación electoral simulada", "Cartografía de prueba")


def _fecha(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _meta(rng: random.Random, layout: str, area: str, codigo: str, tipo: str, numero: str, periodo: tuple[dt.date, dt.date]) -> dict:
    ambito_key = "OC" if codigo == "OC" else ("OPLE" if codigo == "OPLE" else "OD")
    pool = CARGOS[(area, ambito_key)]
    cargos = rng.sample(pool, k=min(len(pool), 2 if tipo == "colectiva" else 1))
    inicio = periodo[0] + dt.timedelta(days=rng.randint(0, 90))
    termino = inicio + dt.timedelta(days=rng.randint(60, 200))
    alto, medio = termino - dt.timedelta(days=10), termino
    texto = f"Ejemplo ilustrativo: {rng.choice(VERBOS)} {rng.choice(OBJETOS)}, con el fin de {rng.choice(FINES)}, conforme al calendario que comunique el área normativa."
    criterios = rng.random() < 0.8
    row = {
        "numero_meta": numero, "tipo": tipo, "area_normativa": area, "ambito": codigo,
        "cargos_puestos": "; ".join(cargos), "fecha_inicio": inicio.isoformat(), "fecha_termino": termino.isoformat(),
        "puesto_que_evalua": EVALUA[area], "lider_equipo": rng.choice(CARGOS[(area, ambito_key)]) if tipo == "colectiva" else "",
        "nivel_esperado": rng.choice((90, 95, 100)),
        "ponderacion_oportunidad": rng.choice((10, 15, 20)), "ponderacion_calidad": rng.choice((10, 15, 20)),
        "oportunidad_alto": f"Se entrega el informe a más tardar el {_fecha(alto)}.",
        "oportunidad_medio": f"Se entrega el informe entre el {_fecha(alto + dt.timedelta(days=1))} y el {_fecha(medio)}.",
        "oportunidad_bajo": f"Se entrega el informe después del {_fecha(medio)}.",
        "calidad_alto": "Se cumple con todos los criterios de calidad establecidos en el apartado de observaciones.",
        "calidad_medio": "Se cumple con dos de los criterios de calidad establecidos en el apartado de observaciones.",
        "calidad_bajo": "Se cumple con uno o ninguno de los criterios de calidad establecidos en el apartado de observaciones.",
        "observaciones": ("Criterios de calidad:\n1. El informe señala las actividades de ejemplo realizadas.\n"
                          "2. Incluye la evidencia inventada de cada actividad.\n3. Se entrega en el formato de muestra.") if criterios else "",
        "soporte_documental": "Informe de ejemplo en formato PDF enviado por correo institucional ficticio.",
    }
    if layout == LAYOUT_DESCRIPCION:
        row["descripcion"] = texto
        row["unidad_medida"] = "Porcentaje de actividades de ejemplo realizadas"
    else:
        row["tema_prioritario"] = rng.choice(TEMAS)
        row["objetivo"] = texto
        row["formula_calculo"] = "(Número de actividades de ejemplo realizadas / Número de actividades de ejemplo programadas) * 100"
        row["linea_base"] = rng.choice(("No aplica, meta de ejemplo de nueva creación.", "92% en un periodo anterior imaginario."))
        row["indicador_eficacia"] = "Porcentaje de actividades de ejemplo realizadas"
    return row


def plan(layout: str, seed: int) -> list[dict]:
    """The invented metas of one annex: two áreas, every kind, JL, JD and «JL y JD», a número written `DECEyEC - 30`."""
    rng = random.Random(seed)
    if layout == LAYOUT_DESCRIPCION:
        periodo = (dt.date(2019, 9, 1), dt.date(2020, 8, 31))
        groups = [("DECEyEC", "OC", "individual", 3), ("DECEyEC", "OC", "colectiva", 2), ("DECEyEC", "JD", "individual", 2),
                  ("DECEyEC", "JL y JD", "colectiva", 3), ("DEOE", "OC", "individual", 2), ("DEOE", "JL", "colectiva", 2)]
    else:
        periodo = (dt.date(2020, 9, 1), dt.date(2021, 8, 31))
        groups = [("DECEyEC", "OC", "individual", 3), ("DECEyEC", "JL", "individual", 3), ("DECEyEC", "JL y JD", "colectiva", 3),
                  ("DERFE", "OC", "individual", 2), ("DERFE", "JD", "colectiva", 3), ("UTVOPL", "OPLE", "individual", 1)]
    rows, counters = [], {}
    for area, codigo, tipo, count in groups:
        for _ in range(count):
            counters[area] = counters.get(area, 0) + 1
            number = counters[area]
            numero = f"{area} - {number + 20}" if area == "DECEyEC" and number >= 10 else f"{area}-{number}"
            rows.append(_meta(rng, layout, area, codigo, tipo, numero, periodo))
    return rows


def expected(rows: list[dict], layout: str) -> list[dict]:
    """What the reader must give: the contract's ámbito, no description in the 2020–2021 layout (its objetivo stands for it), lines joined."""
    ambitos = {"OC": "oficinas_centrales", "JL": "organos_desconcentrados", "JD": "organos_desconcentrados",
               "JL y JD": "organos_desconcentrados", "OPLE": "ople"}
    out = []
    for row in rows:
        values = {c: "" for c in ANEXO_COLUMNS}
        values.update({k: (" ".join(str(v).split("\n")) if isinstance(v, str) else v) for k, v in row.items()})
        values["ambito"] = ambitos[row["ambito"]]
        values["datos_ilustrativos"] = "true"
        if layout == LAYOUT_OBJETIVO:
            values["descripcion"] = ""  # the form has none: its «Objetivo» is the meta's description
        out.append(values)
    return out


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANEXO_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def to_pdf(docx: Path) -> Path:
    """LibreOffice prints the document to PDF beside it (its own profile folder, so it runs beside another office)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(docx.parent), str(docx)], check=True, capture_output=True, timeout=600)
    return docx.with_suffix(".pdf")


def annex(layout: str, out: Path, name: str, seed: int, years: tuple[int, int], bordes: bool = True) -> None:
    rows = plan(layout, seed)
    docx = out / f"{name}.docx"
    write_anexo_docx(rows, docx, titulo=TITLE.format(*years), layout=layout, areas=AREAS,
                     unnamed_atributos_every=4 if layout == LAYOUT_OBJETIVO else 0, bordes=bordes)
    to_pdf(docx)
    write_csv(expected(rows, layout), out / f"{name}.csv")


def clerk_copy(out: Path, name: str, seed: int) -> None:
    """The 2020–2021 layout typed without the writer: python-docx's default template and habits of its own."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from generator.contract.schema import FORM_LAYOUTS
    from generator.tools.anexo_docx import AREA_CODE, kind_heading

    rows = plan(LAYOUT_OBJETIVO, seed)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = "Anexo único de un acuerdo de ejemplo"
    section.footer.paragraphs[0].text = "Documento de prueba del portal"
    document.add_heading(TITLE.format(2020, 2021), 0)
    document.add_paragraph("Datos ilustrativos: documento de prueba; ninguna meta es real.")
    area = kind = None
    for row in rows:
        if row["area_normativa"] != area:
            area, kind = row["area_normativa"], None
            document.add_heading(f"{AREAS[area.upper()]} ({area})", 1)
        if kind_heading(row["ambito"], row["tipo"]) != kind:
            kind = kind_heading(row["ambito"], row["tipo"])
            document.add_heading(kind, 2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for line in FORM_LAYOUTS[LAYOUT_OBJETIVO]:
            label, value = table.add_row().cells
            label.text = line.label if line.column else line.label.upper()
            if line.column == "cargos_puestos":
                paragraphs = row["cargos_puestos"].split("; ")
            elif line.column == "ambito":
                paragraphs = [AREA_CODE.get(row["ambito"], row["ambito"])]
            elif line.column in ("fecha_inicio", "fecha_termino"):
                paragraphs = [dt.date.fromisoformat(row[line.column]).strftime("%d/%m/%Y")]
            elif line.column in ("nivel_esperado", "ponderacion_oportunidad", "ponderacion_calidad"):
                paragraphs = [f"{row[line.column]} %"]
            else:
                paragraphs = str(row.get(line.column, "") if line.column else "").split("\n")
            value.text = paragraphs[0]
            for text in paragraphs[1:]:
                value.add_paragraph(text)
        document.add_paragraph()
    docx = out / f"{name}.docx"
    document.save(docx)
    to_pdf(docx)
    write_csv(expected(rows, LAYOUT_OBJETIVO), out / f"{name}.csv")


def broken(out: Path) -> None:
    import pypdfium2
    from docx import Document

    good = out / "anexo-2019-2020.pdf"
    data = good.read_bytes()
    (out / "cortado.pdf").write_bytes(data[: len(data) // 2])
    (out / "cortado.docx").write_bytes((out / "anexo-2019-2020.docx").read_bytes()[:4000])
    (out / "vacio.pdf").write_bytes(b"")
    subprocess.run(["qpdf", "--encrypt", "clave-de-usuario", "clave-de-propietario", "256", "--", str(good), str(out / "cifrado.pdf")], check=True)
    page = pypdfium2.PdfDocument(str(good))[0]
    image = page.render(scale=1.0).to_pil().convert("L")
    image.save(out / "escaneado.pdf", "PDF", resolution=72.0, quality=60)

    letter = Document()
    letter.add_paragraph("Directorio de enlaces de una oficina imaginaria")
    letter.add_paragraph("Este documento es una lista de contactos de ejemplo; no contiene metas.")
    table = letter.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for nombre, extension in (("Nombre", "Extensión"), ("Persona de ejemplo uno", "1001"), ("Persona de ejemplo dos", "1002"), ("Persona de ejemplo tres", "1003")):
        left, right = table.add_row().cells
        left.text, right.text = nombre, extension
    not_annex = out / "no-es-anexo.docx"
    letter.save(not_annex)
    to_pdf(not_annex)


def big(count: int, out: Path) -> Path:
    """A long annex (the 2019–2020 layout repeated), to time the reader: `count` forms."""
    template = plan(LAYOUT_DESCRIPCION, 7)
    rows = []
    for i in range(count):
        row = dict(template[i % len(template)])
        row["numero_meta"] = f"{row['area_normativa']}-{i + 1}"
        rows.append(row)
    docx = out / "grande.docx"
    write_anexo_docx(rows, docx, titulo=TITLE.format(2019, 2020), layout=LAYOUT_DESCRIPCION, areas=AREAS)
    return to_pdf(docx)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--big", type=int, help="write only a long annex of this many forms")
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("Falta LibreOffice (soffice): apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-dejavu")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.big:
        print(big(args.big, args.out))
        return
    annex(LAYOUT_DESCRIPCION, args.out, "anexo-2019-2020", 2019, (2019, 2020))
    annex(LAYOUT_OBJETIVO, args.out, "anexo-2020-2021", 2020, (2020, 2021))
    annex(LAYOUT_DESCRIPCION, args.out, "anexo-sin-bordes", 2021, (2019, 2020), bordes=False)
    clerk_copy(args.out, "anexo-copia", 99)
    broken(args.out)


if __name__ == "__main__":
    main()
