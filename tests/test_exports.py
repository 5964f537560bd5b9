"""The downloads as a journalist gets them: files read back with pandas, openpyxl and frictionless."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import DATA, build_site
from generator.common.text import fecha_larga
from generator.contract import schema
from generator.model import pipeline
from generator.model.records import Meta
from generator.site import exports, tables

FIXTURES = Path(__file__).parent / "data" / "exports"
METAS_HEADER = [c.name for c in schema.METAS_COLUMNS] + ["estado", "url", "datos_ilustrativos", "meta_antecesora", "antecesora_por", "verificacion_promedio_10", "verificacion_nivel_esperado"]


@pytest.fixture(scope="module")
def portal():
    return pipeline.prepare(DATA).portal


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def expected_cell(value) -> str:
    """What a spreadsheet user reads: the model's text, with "'" before a text that could run as a formula."""
    text = as_text(value)
    return "'" + text if isinstance(value, (str, tuple)) and text.startswith(("=", "+", "-", "@")) else text


def model_record(meta: Meta) -> dict:
    record = {c.name: meta.value(c) or None for c in schema.METAS_COLUMNS}
    return record | {"estado": "cancelada" if meta.cancelada else "vigente", "url": meta.path, "datos_ilustrativos": "true" if meta.datos_ilustrativos else "false"}


def assert_metas_csv_matches_model(site_dir: Path, data_dir: Path) -> pd.DataFrame:
    """metas.csv has the model's metas, in order, every cell as the model has it (neutralised where it must)."""
    model = pipeline.prepare(data_dir).portal
    frame = read_csv(site_dir / "datos" / "metas.csv")
    assert list(frame.columns[: len(METAS_HEADER)]) == METAS_HEADER
    extras = list(frame.columns[len(METAS_HEADER):])
    assert len(frame) == len(model.metas)
    for meta, (_, row) in zip(model.metas, frame.iterrows()):
        for column, value in model_record(meta).items():
            assert row[column] == expected_cell(value), (meta.numero, column)
        assert {k: row[k] for k in extras if row[k]} == {extra_name(k): expected_cell(v) for k, v in meta.extra.items()}
    return frame


def extra_name(header: str) -> str:
    """An unknown column keeps its name, unless it clashes with a column the export adds."""
    return f"{header} (anexo)" if header.lower() in ("estado", "url", "datos_ilustrativos") else header


def frictionless(datapackage: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frictionless", "validate", str(datapackage)], capture_output=True, text=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the demo site


def test_metas_csv_reads_back_as_the_model(site):
    raw = (site / "datos" / "metas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(f'"{name}"' for name in METAS_HEADER).encode() + b"\r\n")  # every field quoted
    assert_metas_csv_matches_model(site, DATA)


def test_every_cell_the_clerk_wrote_reaches_metas_csv_as_written(site):
    """The sample annex is written as the contract spells its values: each of its cells is in metas.csv unchanged
    (whatever attribute of the model holds it), and only the illustrative mark is spelled as the downloads spell it."""
    annex = read_csv(DATA / "metas" / "INE-JGE186-2022.csv")
    published = read_csv(site / "datos" / "metas.csv")
    published = published[published["acuerdo"] == "INE/JGE186/2022"].reset_index(drop=True)
    assert set(annex.columns) <= set(published.columns)
    for column in annex.columns:
        expected = annex[column].map({"sí": "true"}) if column == "datos_ilustrativos" else annex[column]
        assert published[column].tolist() == expected.tolist(), column


def test_datapackage_is_valid_and_describes_the_files(site, portal):
    result = frictionless(site / "datos" / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"metas", "metas_cargos", "acuerdos", "cuadros", "historial"}
    for resource in resources.values():
        path = site / "datos" / resource["path"]
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == "sha256:" + sha256(path)
    metas = resources["metas"]
    assert [f["name"] for f in metas["schema"]["fields"]] == METAS_HEADER
    assert metas["schema"]["primaryKey"] == ["acuerdo", "numero_meta"]
    assert {f["name"]: f["type"] for f in metas["schema"]["fields"]}["fecha_inicio"] == "date"
    assert {f["name"]: f["type"] for f in metas["schema"]["fields"]}["nivel_esperado"] == "number"
    # INE/JGE186/2022's annex in data/ is illustrative: the resources with its metas say so.
    for name in ("metas", "metas_cargos", "historial"):
        assert "ilustrativos" in resources[name]["title"] and "ILUSTRATIVOS" in resources[name]["description"]
    assert "ilustrativos" not in resources["cuadros"]["title"]
    assert "licenses" not in package  # the portal declares no licence the publisher has not set
    assert [s["title"].split(":")[0] for s in package["sources"]] == [a.clave for a in portal.acuerdos]


def test_xlsx_has_the_rows_and_columns_of_the_csv(site, portal):
    frame = read_csv(site / "datos" / "metas.csv")
    workbook = openpyxl.load_workbook(site / "datos" / "metas.xlsx")
    rows = list(workbook["metas"].iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert [["" if v is None else str(v) for v in row] for row in rows[1:]] == frame.values.tolist()
    assert isinstance(rows[1][list(frame.columns).index("nivel_esperado")], (int, float))
    newest = portal.acuerdos[0].fecha_aprobacion
    assert workbook.properties.created == workbook.properties.modified == dt.datetime(newest.year, newest.month, newest.day)


def test_json_keeps_lists_and_numbers(site, portal):
    metas = json.loads((site / "datos" / "metas.json").read_text(encoding="utf-8"))["metas"]
    assert len(metas) == len(portal.metas)
    for record, meta in zip(metas, portal.metas):
        assert (record["acuerdo"], record["numero_meta"], record["descripcion"]) == (meta.acuerdo, meta.numero, meta.descripcion)
        assert record["cargos_puestos"] == list(meta.cargos)
        assert record["entidades"] == list(meta.entidades)
        assert record["fecha_termino"] == meta.fecha_termino.isoformat()
        assert record["nivel_esperado"] == meta.fields.get("nivel_esperado")


def test_slices_add_up_to_the_whole(site, portal):
    whole = read_csv(site / "datos" / "metas.csv")

    def keys(frame):
        return sorted(zip(frame["acuerdo"], frame["numero_meta"]))

    members = {
        "areas": {a.slug: lambda m, a=a: m.area == a.siglas for a in portal.areas},
        "cargos": {c.slug: lambda m, c=c: c.nombre in m.cargos for c in portal.cargos},
        "acuerdos": {a.slug: lambda m, a=a: m.acuerdo == a.clave for a in portal.acuerdos},
    }
    for kind, every in members.items():
        slugs = {slug: rule for slug, rule in every.items() if any(rule(m) for m in portal.metas)}  # no file with only a header
        assert sorted(p.stem for p in (site / "datos" / kind).iterdir()) == sorted(slugs)
        slices = {slug: read_csv(site / "datos" / kind / f"{slug}.csv") for slug in slugs}
        for slug, frame in slices.items():
            assert list(frame.columns) == list(whole.columns)
            assert keys(frame) == sorted((m.acuerdo, m.numero) for m in portal.metas if slugs[slug](m)), (kind, slug)
        if kind != "cargos":  # each meta has one área and one acuerdo: their files add up to metas.csv
            assert sorted(k for frame in slices.values() for k in keys(frame)) == keys(whole)
    assert not (site / "datos" / "acuerdos" / "ine-jge177-2022.csv").exists()  # no annex: no file with only a header
    assert "ine-jge177-2022.csv" not in (site / "acuerdos" / "ine-jge177-2022" / "index.html").read_text(encoding="utf-8")


def test_metas_cargos_has_a_row_per_meta_and_cargo(site, portal):
    frame = read_csv(site / "datos" / "metas_cargos.csv")
    assert sorted(zip(frame["acuerdo"], frame["numero_meta"], frame["cargo_puesto"])) == sorted((m.acuerdo, m.numero, c) for m in portal.metas for c in m.cargos)


def test_historial_has_one_alta_per_meta(site, portal):
    frame = read_csv(site / "datos" / "historial.csv")
    altas = frame[frame["accion"] == "alta"]
    assert sorted(zip(altas["acuerdo_origen"], altas["numero_meta"])) == sorted((m.acuerdo, m.numero) for m in portal.metas)
    assert (altas["acuerdo"] == altas["acuerdo_origen"]).all()
    assert (altas["campo"] == "").all()
    assert list(altas["fecha"]) == [portal.acuerdo(m.acuerdo).fecha_aprobacion.isoformat() for m in portal.metas]
    assert len(frame) == sum(max(len(e.changes), 1) for m in portal.metas for e in m.history)


def test_acuerdos_and_cuadros(site, portal):
    acuerdos = read_csv(site / "datos" / "acuerdos.csv").set_index("clave")
    assert list(acuerdos.index) == [a.clave for a in portal.acuerdos]
    assert acuerdos.loc["INE/JGE186/2022", "metas_en_portal"] == str(sum(m.acuerdo == "INE/JGE186/2022" for m in portal.metas))
    assert acuerdos.loc["INE/JGE186/2022", "datos_ilustrativos"] == "true"
    assert acuerdos.loc["INE/JGE177/2022", "metas_en_portal"] == "0"
    assert acuerdos.loc["INE/JGE177/2022", "totales_metas"] == "198"
    cuadros = read_csv(site / "datos" / "cuadros.csv")
    deoe = cuadros[(cuadros["acuerdo"] == "INE/JGE186/2022") & (cuadros["area"] == "DEOE")].iloc[0]
    assert (deoe["oc_individuales"], deoe["total"]) == ("36", "51")


def test_datos_page_lists_every_file(site, portal):
    page = (site / "datos" / "index.html").read_text(encoding="utf-8")
    files = sorted(p for p in (site / "datos").rglob("*") if p.is_file() and p.name != "index.html")
    assert len(files) > 8
    sums = dict(reversed(line.split("  ", 1)) for line in (site / "datos" / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    for path in files:
        relative = path.relative_to(site / "datos").as_posix()
        assert f'href="{relative}"' in page, relative
        if relative != "SHA256SUMS":
            assert sums[relative] == sha256(path), relative  # `sha256sum -c SHA256SUMS` passes
    assert set(sums) == {p.relative_to(site / "datos").as_posix() for p in files} - {"SHA256SUMS"}
    size = (site / "datos" / "metas.csv").stat().st_size
    assert tables.human_size(size) in page
    shown = page.replace("<wbr>", "")  # a column's name may wrap after its underscores
    for column in schema.METAS_COLUMNS:
        assert f"<code>{column.name}</code>" in shown
    newest = portal.acuerdos[0].fecha_aprobacion
    assert f"datos abiertos al {fecha_larga(newest)}" in page  # the citation: the date of the data, not of the build
    assert "Los archivos contienen datos ilustrativos" in page
    assert "CC BY" not in page and "aún no ha indicado la licencia" in page  # no licence the publisher has not set, not even in the citation


def test_two_builds_give_identical_files(site, tmp_path):
    again = tmp_path / "site"
    result = build_site(DATA, again)
    assert result.returncode == 0, result.stdout + result.stderr
    first = sorted(p.relative_to(site / "datos") for p in (site / "datos").rglob("*") if p.is_file())
    second = sorted(p.relative_to(again / "datos") for p in (again / "datos").rglob("*") if p.is_file())
    assert first == second
    for relative in first:
        assert (site / "datos" / relative).read_bytes() == (again / "datos" / relative).read_bytes(), relative


# ---------------------------------------------------------------- built from changed data


def test_formulas_are_neutralised_and_numbers_stay_numbers(fresh_copy, tmp_path):
    annex = fresh_copy / "metas" / "INE-JGE186-2022.csv"
    frame = pd.read_csv(annex, dtype=str, keep_default_na=False)
    cells = {"DECEYEC-1": '=HYPERLINK("http://x")', "DECEYEC-2": "+1", "DECEYEC-3": "-cmd", "DECEYEC-4": "@SUM(A1)"}
    for numero, text in cells.items():
        frame.loc[frame["numero_meta"] == numero, "descripcion"] = text
    frame.loc[frame["numero_meta"] == "DECEYEC-5", "nivel_esperado"] = "-5"
    frame["Estado"] = ""  # an unknown column whose name clashes with the export's own `estado`
    frame.loc[frame["numero_meta"] == "DECEYEC-6", "Estado"] = "=1+1"
    frame.to_csv(annex, index=False)
    site = tmp_path / "site"
    result = build_site(fresh_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr

    metas = assert_metas_csv_matches_model(site, fresh_copy).set_index("numero_meta")
    for numero, text in cells.items():
        assert metas.loc[numero, "descripcion"] == "'" + text
    assert metas.loc["DECEYEC-5", "nivel_esperado"] == "-5"
    assert metas.loc["DECEYEC-6", "Estado (anexo)"] == "'=1+1"
    raw = (site / "datos" / "metas.csv").read_text(encoding="utf-8-sig")
    assert next(line for line in raw.split("\r\n") if ',"DECEYEC-5",' in line).count(',"-5",') == 1  # a number, without the apostrophe

    workbook = openpyxl.load_workbook(site / "datos" / "metas.xlsx")
    rows = list(workbook["metas"].iter_rows())
    header = [c.value for c in rows[0]]
    by_numero = {row[header.index("numero_meta")].value: row for row in rows[1:]}
    for numero, text in cells.items():
        descripcion = by_numero[numero][header.index("descripcion")]
        # Text, not a formula, shown as written: the cell's type and its quotePrefix style, no apostrophe.
        assert (descripcion.value, descripcion.data_type, descripcion.quotePrefix) == (text, "s", True)
    nivel = by_numero["DECEYEC-5"][header.index("nivel_esperado")]
    assert nivel.value == -5 and nivel.data_type == "n"
    assert by_numero["DECEYEC-6"][header.index("Estado (anexo)")].value == "=1+1"
    assert by_numero["DECEYEC-6"][header.index("Estado (anexo)")].data_type == "s"

    records = {m["numero_meta"]: m for m in json.loads((site / "datos" / "metas.json").read_text(encoding="utf-8"))["metas"]}
    assert records["DECEYEC-1"]["descripcion"] == cells["DECEYEC-1"]  # JSON keeps the text as written
    assert records["DECEYEC-5"]["nivel_esperado"] == -5
    result = frictionless(site / "datos" / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("text", ["=1+1", "+1", "-cmd", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_prefixes_formula_starts(text):
    assert tables.neutralise(text) == "'" + text
    assert tables.cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "a=1", "1-2", "Señal", "'=1 ya con apóstrofo"])
def test_neutralise_leaves_other_text(text):
    assert tables.neutralise(text) == text


def test_cells_keep_numbers_and_write_dates_and_lists_as_text():
    assert tables.cell(-5) == -5
    assert tables.cell(-2.5) == -2.5
    assert tables.cell(dt.date(2023, 8, 31)) == "2023-08-31"
    assert tables.cell(("-uno", "dos")) == "'-uno; dos"
    assert tables.cell(None) is None
    assert tables.cell(True) == "true"


@pytest.mark.parametrize(("size", "label"), [(0, "0 B"), (999, "999 B"), (12_345, "12,3 kB"), (999_960, "1,0 MB"), (1_500_000, "1,5 MB")])
def test_human_size(size, label):
    assert tables.human_size(size) == label


def test_historial_of_modified_and_cancelled_metas(fresh_copy, tmp_path):
    for part in ("acuerdos", "metas"):
        for path in (FIXTURES / "modificacion" / part).iterdir():
            shutil.copy(path, fresh_copy / part / path.name)
    site = tmp_path / "site"
    result = build_site(fresh_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr

    historial = read_csv(site / "datos" / "historial.csv")
    deoe1 = historial[(historial["numero_meta"] == "DEOE-1") & (historial["acuerdo_origen"] == "INE/JGE186/2022")]
    assert deoe1[["acuerdo", "fecha", "accion", "campo", "valor_anterior", "valor_nuevo"]].values.tolist() == [
        ["INE/JGE186/2022", "2022-09-28", "alta", "", "", ""],
        ["INE/JGE200/2022", "2022-11-30", "modifica", "descripcion", "Ejemplo ilustrativo: Integrar la documentación del equipamiento de las bodegas electorales en el ámbito de la dirección, conforme al calendario aprobado, del 1 de febrero de 2023 al 4 de marzo de 2023.", "Integrar la documentación del equipamiento de las bodegas electorales"],
        ["INE/JGE200/2022", "2022-11-30", "modifica", "fecha_termino", "2023-03-04", "2023-04-15"],
        ["INE/JGE200/2022", "2022-11-30", "modifica", "nivel_esperado", "100", "95"],
    ]
    deoe2 = historial[(historial["numero_meta"] == "DEOE-2") & (historial["acuerdo_origen"] == "INE/JGE186/2022")]
    assert deoe2[["acuerdo", "accion", "campo"]].values.tolist() == [["INE/JGE186/2022", "alta", ""], ["INE/JGE200/2022", "cancela", ""]]
    nueva = historial[historial["numero_meta"] == "DEOE-90"]
    assert nueva[["acuerdo_origen", "acuerdo", "accion"]].values.tolist() == [["INE/JGE200/2022", "INE/JGE200/2022", "alta"]]

    metas = assert_metas_csv_matches_model(site, fresh_copy).set_index(["acuerdo", "numero_meta"])
    assert metas.loc[("INE/JGE186/2022", "DEOE-2"), "estado"] == "cancelada"
    assert metas.loc[("INE/JGE186/2022", "DEOE-1"), "fecha_termino"] == "2023-04-15"
    cargos = read_csv(site / "datos" / "metas_cargos.csv")
    assert set(cargos[cargos["numero_meta"] == "DEOE-2"]["estado"]) == {"cancelada"}
    own = read_csv(site / "datos" / "acuerdos" / "ine-jge200-2022.csv")
    assert own["numero_meta"].tolist() == ["DEOE-90"]  # the metas it approved; its changes are in historial.csv
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    assert {"title": "INE/JGE200/2022: Acuerdo de prueba por el que se modifican metas para la evaluación del desempeño", "path": "https://example.org/acuerdos/INE-JGE200-2022"} in package["sources"]
    result = frictionless(site / "datos" / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_licence_is_the_one_the_publisher_set(portal):
    from generator.model import pipeline

    prepared = pipeline.prepare(DATA)
    license = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/deed.es", "title": "Creative Commons Atribución 4.0 Internacional"}
    downloads = {d.path: d for d in exports.build(prepared.portal, prepared.derived, license)}
    package = json.loads(downloads["datos/datapackage.json"].content)
    assert package["licenses"] == [license]
