"""Open data as harvesters and data users take it: data.json (DCAT), metas.sqlite in Datasette, metas.parquet
in pandas, metas-spen.zip with its LEEME, and the recipes of «Cómo usar los datos» run against a built site."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import html
import io
import json
import re
import sqlite3
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import DATA, REPO, build_site, serve
from generator.contract import schema
from generator.model import pipeline
from generator.site import exports, opendata

SITE_URL = "https://www.ine.mx/metas-spen/"
PUBLISHER = {"publisher": "Instituto Nacional Electoral", "contact": "metas.spen@ine.mx", "license_name": "CC-BY-4.0",
             "license_title": "Creative Commons Atribución 4.0 Internacional", "license_url": "https://creativecommons.org/licenses/by/4.0/deed.es"}
LICENSE = {"name": PUBLISHER["license_name"], "path": PUBLISHER["license_url"], "title": PUBLISHER["license_title"]}
GUIA_DATASET = ("identifier", "title", "description", "modified", "contactPoint", "mbox", "landingPage", "accrualPeriodicity")
GUIA_DISTRIBUTION = ("title", "downloadURL", "mediaType")
NEW_FILES = ("data.json", "datos/metas.sqlite", "datos/metadata.json", "datos/metas.parquet", "datos/metas-spen.zip")
RECIPE = re.compile(r'<code class="language-python" data-receta="python">(.*?)</code>', re.S)


@pytest.fixture(scope="module")
def prepared():
    return pipeline.prepare(DATA)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The portal built as its publisher would: with --site-url (here, where it is served) and the publisher's settings."""
    root = tmp_path_factory.mktemp("publicado")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "site_src")
    config["theme"]["custom_dir"] = str(REPO / "site_src" / "overrides")
    config["plugins"] = [{"portal": {"data_dir": str(DATA), **PUBLISHER}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = root / "site"
    server, base = serve(site)
    result = build_site(DATA, site, "--config", str(root / "mkdocs.yml"), "--site-url", base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no se puede cosechar" not in result.stdout  # everything a harvester needs is set
    yield site, base
    server.shutdown()


def catalogue_of(files) -> dict:
    return json.loads(next(f.content for f in files if f.path == "data.json"))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


# ---------------------------------------------------------------- data.json


def test_with_the_publisher_settings_the_catalogue_has_every_field_the_guia_requires(prepared):
    files = exports.build(prepared.portal, prepared.derived, LICENSE, SITE_URL, PUBLISHER["publisher"], PUBLISHER["contact"])
    paths = {f.path for f in files}
    catalogue = catalogue_of(files)
    assert catalogue["@type"] == "dcat:Catalog" and catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert catalogue["@id"] == SITE_URL + "data.json"
    identifiers = [d["identifier"] for d in catalogue["dataset"]]
    assert len(identifiers) == len(set(identifiers))
    assert {"metas-spen/metas", "metas-spen/metas-cargos", "metas-spen/acuerdos", "metas-spen/historial", "metas-spen/acuerdos/ine-jge186-2022"} <= set(identifiers)
    for dataset in catalogue["dataset"]:
        assert all(dataset.get(field) for field in GUIA_DATASET), dataset["identifier"]
        assert dataset["mbox"] == "metas.spen@ine.mx" and dataset["contactPoint"]["hasEmail"] == "mailto:metas.spen@ine.mx"
        assert dataset["publisher"]["name"] == "Instituto Nacional Electoral"
        assert dataset["license"] == PUBLISHER["license_url"]
        assert dataset["keyword"] and dataset["accrualPeriodicity"] == "irregular"
        dt.date.fromisoformat(dataset["modified"])
        start, end = dataset["temporal"].split("/")
        assert dt.date.fromisoformat(start) <= dt.date.fromisoformat(end)
        assert dataset["landingPage"].startswith(SITE_URL)
        for distribution in dataset["distribution"]:
            assert all(distribution.get(field) for field in GUIA_DISTRIBUTION), distribution
            assert distribution["downloadURL"].startswith(SITE_URL)
            assert distribution["downloadURL"].removeprefix(SITE_URL) in paths
    listed = {d["downloadURL"].removeprefix(SITE_URL) for dataset in catalogue["dataset"] for d in dataset["distribution"]}
    assert {"datos/metas.csv", "datos/metas.sqlite", "datos/metas.parquet", "datos/metas-spen.zip", "datos/metadata.json", "datos/SHA256SUMS"} <= listed
    assert opendata.harvest_warnings(SITE_URL, opendata.Publisher(PUBLISHER["publisher"], PUBLISHER["contact"], LICENSE)) == []


def test_every_download_url_of_the_published_catalogue_is_a_file_of_the_site(published):
    site, base = published
    catalogue = json.loads(fetch(base + "data.json"))
    assert catalogue["@id"] == base + "data.json"
    for dataset in catalogue["dataset"]:
        assert dataset["landingPage"].startswith(base) and fetch(dataset["landingPage"])
        assert dataset["license"] == PUBLISHER["license_url"]
        for distribution in dataset["distribution"]:
            url = distribution["downloadURL"]
            assert url.startswith(base), url
            assert fetch(url) == (site / url.removeprefix(base)).read_bytes(), url


def test_the_published_catalogue_names_the_publisher_and_its_contact(published):
    site, _ = published
    catalogue = json.loads((site / "data.json").read_text(encoding="utf-8"))
    for dataset in catalogue["dataset"]:
        assert dataset["publisher"]["name"] == PUBLISHER["publisher"] and dataset["mbox"] == PUBLISHER["contact"]


def test_without_settings_the_catalogue_invents_nothing_and_the_build_says_what_is_missing(site):
    catalogue = json.loads((site / "data.json").read_text(encoding="utf-8"))
    assert "@id" not in catalogue
    for dataset in catalogue["dataset"]:
        assert not {"publisher", "contactPoint", "mbox", "license"} & set(dataset), dataset["identifier"]
        if dataset["identifier"] != "metas-spen/acuerdos":  # the acuerdos are real; the metas of the sample are not
            assert "ILUSTRATIVOS" in dataset["description"] and "ilustrativos" in dataset["title"], dataset["identifier"]
        landing = dataset["landingPage"]
        assert not landing.startswith(("http", "/")) and (site / landing / "index.html").is_file()
        for distribution in dataset["distribution"]:
            assert (site / distribution["downloadURL"]).is_file(), distribution["downloadURL"]
    [warning] = opendata.harvest_warnings(None, opendata.Publisher())
    assert "no se puede cosechar" in warning
    assert all(name in warning for name in ("--site-url", "publisher", "contact", "license_url"))
    [warning] = opendata.harvest_warnings(SITE_URL, opendata.Publisher(PUBLISHER["publisher"], "https://www.ine.mx/contacto/", LICENSE))
    assert "correo electrónico de contacto (contact)" in warning and "--site-url" not in warning


# ---------------------------------------------------------------- metas.sqlite


def test_datasette_serves_the_database_and_its_search_ignores_accents(site):
    from datasette.app import Datasette

    metadata = json.loads((site / "datos" / "metadata.json").read_text(encoding="utf-8"))

    async def visit():
        datasette = Datasette([str(site / "datos" / "metas.sqlite")], metadata=metadata)
        found = await datasette.client.get("/metas/metas.json?_search=organizacion&_shape=array&_size=max")
        table = await datasette.client.get("/metas/metas")
        return found, table

    # A thread of its own: in a full run Playwright's sync API keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        found, table = worker.submit(asyncio.run, visit()).result()
    assert found.status_code == 200 and table.status_code == 200
    rows = found.json()
    assert rows
    texts = [" ".join(str(v) for v in row.values()) for row in rows]
    assert any("Organización" in text for text in texts) and not any("organizacion" in text.lower() for text in texts)
    assert 'name="_search"' in table.text  # Datasette found the full-text index by itself
    assert metadata["databases"]["metas"]["tables"]["metas"]["title"] in table.text


def test_the_database_has_types_keys_and_every_row_says_whether_it_is_illustrative(site):
    connection = sqlite3.connect(site / "datos" / "metas.sqlite")
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'metas_fts%' ORDER BY name")]
    assert tables == ["acuerdos", "cuadros", "escala_evaluacion", "historial", "metas", "metas_cargos"]
    for table in tables:
        columns = {row[1]: row for row in connection.execute(f"PRAGMA table_info({table})")}
        assert "datos_ilustrativos" in columns, table
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [row[5] for row in connection.execute("PRAGMA table_info(metas)") if row[5]] == [1, 2]  # acuerdo + numero_meta
    assert connection.execute("SELECT typeof(fecha_inicio), typeof(nivel_esperado), typeof(datos_ilustrativos) FROM metas WHERE nivel_esperado IS NOT NULL LIMIT 1").fetchone() == ("text", "real", "integer")
    indexed = {row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    assert any('"area_normativa"' in sql and "metas" in sql for sql in indexed) and any('"cargo_puesto"' in sql for sql in indexed)
    assert connection.execute("SELECT count(*) FROM metas").fetchone()[0] == len(pd.read_csv(site / "datos" / "metas.csv", encoding="utf-8-sig"))


# ---------------------------------------------------------------- metas.parquet


def test_pandas_reads_the_parquet_with_dates_numbers_and_lists_typed(site):
    frame = pd.read_parquet(site / "datos" / "metas.parquet")
    csv = pd.read_csv(site / "datos" / "metas.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == list(csv.columns) and len(frame) == len(csv)
    assert [d.isoformat() for d in frame["fecha_inicio"]] == list(csv["fecha_inicio"])
    assert all(isinstance(d, dt.date) for d in frame["fecha_termino"])
    assert pd.api.types.is_float_dtype(frame["nivel_esperado"]) and pd.api.types.is_bool_dtype(frame["datos_ilustrativos"])
    assert [list(c) for c in frame["cargos_puestos"]] == [c.split("; ") for c in csv["cargos_puestos"]]
    typed = pd.read_parquet(site / "datos" / "metas.parquet", dtype_backend="pyarrow")
    assert str(typed["fecha_inicio"].dtype) == "date32[day][pyarrow]"


def test_a_column_added_to_the_contract_reaches_the_database_and_the_parquet(prepared, monkeypatch):
    added = schema.Column("nivel_extra", "integer", "Nivel extra", "Una columna nueva del contrato.", "3")
    monkeypatch.setattr(schema, "METAS_COLUMNS", (*schema.METAS_COLUMNS, added))
    monkeypatch.setitem(schema.COLUMNS_BY_NAME, added.name, added)
    meta = prepared.portal.metas[0]
    monkeypatch.setitem(meta.fields, added.name, 3)
    files = {f.path: f.content for f in exports.build(prepared.portal, prepared.derived)}
    frame = pd.read_parquet(io.BytesIO(files["datos/metas.parquet"]), dtype_backend="pyarrow")
    assert str(frame["nivel_extra"].dtype) == "int64[pyarrow]" and frame["nivel_extra"].iloc[0] == 3
    database = sqlite3.connect(":memory:")
    database.deserialize(files["datos/metas.sqlite"])
    assert database.execute("SELECT nivel_extra, typeof(nivel_extra) FROM metas WHERE numero_meta = ?", (meta.numero,)).fetchone() == (3, "integer")
    columns = json.loads(files["datos/metadata.json"])["databases"]["metas"]["tables"]["metas"]["columns"]
    assert columns["nivel_extra"] == "Nivel extra. Una columna nueva del contrato."


def test_annex_columns_that_sqlite_would_confuse_keep_their_values_and_the_search(prepared, monkeypatch):
    """SQLite tells no case apart and a column named rowid hides the row's id: the annexes' own columns get a number."""
    first, second = prepared.portal.metas[:2]
    for meta, header, value in ((first, "Nota", "primera"), (second, "NOTA", "segunda"), (first, "rowid", "falso")):
        monkeypatch.setitem(meta.extra, header, value)
    files = {f.path: f.content for f in exports.build(prepared.portal, prepared.derived)}
    database = sqlite3.connect(":memory:")
    database.deserialize(files["datos/metas.sqlite"])
    assert database.execute('SELECT "Nota", "NOTA (2)", "rowid (2)" FROM metas WHERE numero_meta = ?', (first.numero,)).fetchone() == ("primera", None, "falso")
    assert database.execute('SELECT "NOTA (2)" FROM metas WHERE numero_meta = ?', (second.numero,)).fetchone() == ("segunda",)
    word = first.descripcion.split()[-1].strip(".,")
    found = database.execute("SELECT m.numero_meta FROM metas_fts JOIN metas m ON m.rowid = metas_fts.rowid WHERE metas_fts MATCH ?", (f'"{word}"',)).fetchall()
    assert (first.numero,) in found
    columns = json.loads(files["datos/metadata.json"])["databases"]["metas"]["tables"]["metas"]["columns"]
    assert {"Nota", "NOTA (2)", "rowid (2)"} <= set(columns)


# ---------------------------------------------------------------- metas-spen.zip


def test_the_zip_holds_every_whole_download_and_a_leeme(site, prepared):
    datos = site / "datos"
    with zipfile.ZipFile(datos / "metas-spen.zip") as archive:
        names = archive.namelist()
        whole = {p.name for p in datos.iterdir() if p.is_file()} - {"index.html", "SHA256SUMS", "metas-spen.zip"}
        assert names[0] == "LEEME.txt" and set(names[1:]) == whole
        for name in names[1:]:
            assert archive.read(name) == (datos / name).read_bytes(), name
        day = max(a.fecha_aprobacion for a in prepared.portal.acuerdos)
        assert {info.date_time for info in archive.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
        leeme = archive.read("LEEME.txt").decode("utf-8")
    assert "ATENCIÓN: contiene datos ILUSTRATIVOS" in leeme
    assert "Licencia" in leeme and "aún no ha indicado la licencia" in leeme
    assert "Cómo citar" in leeme and "datos abiertos al 28 de septiembre de 2022" in leeme
    assert f"Fecha de los datos: {day.isoformat()}" in leeme
    assert all(f"{name}:" in leeme for name in whole)
    files = {f.path: f.content for f in exports.build(prepared.portal, prepared.derived, LICENSE, SITE_URL)}
    with zipfile.ZipFile(io.BytesIO(files["datos/metas-spen.zip"])) as archive:
        leeme = archive.read("LEEME.txt").decode("utf-8")
    assert f"{LICENSE['title']} {LICENSE['path']}" in leeme and SITE_URL in leeme


# ---------------------------------------------------------------- the page and its recipes


def test_the_datos_page_links_the_catalogue_the_database_the_parquet_the_zip_and_the_recipes(site):
    page = (site / "datos" / "index.html").read_text(encoding="utf-8")
    for link in ("../data.json", "metas.sqlite", "metadata.json", "metas.parquet", "metas-spen.zip", "uso/"):
        assert f'href="{link}"' in page, link


def recipes(page: Path) -> list[str]:
    return [html.unescape(code) for code in RECIPE.findall(page.read_text(encoding="utf-8"))]


def run_recipe(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_python_recipes_run_on_the_downloaded_files(site):
    """pandas over the CSV and the Parquet; the recipes of R, Excel, DuckDB (not in the lock), jq and Datasette are not run."""
    page = site / "datos" / "uso" / "index.html"
    codes = recipes(page)
    assert len(codes) == 2 and "read_csv" in codes[0] and "read_parquet" in codes[1]
    text = page.read_text(encoding="utf-8")
    assert all(f'class="language-{language}"' in text for language in ("r", "sql", "sh"))
    assert "Desde texto/CSV" in text and "65001: Unicode (UTF-8)" in text
    metas = pd.read_csv(site / "datos" / "metas.csv", dtype=str, encoding="utf-8-sig")
    counted = [set(metas["area_normativa"]), {c for cargos in metas["cargos_puestos"] for c in cargos.split("; ")}]  # by área, then by cargo
    for code, names in zip(codes, counted):
        result = run_recipe(code, site / "datos")
        assert result.returncode == 0, code + result.stderr
        assert any(name in result.stdout for name in names), result.stdout


def test_the_python_recipes_read_the_published_site(published, tmp_path):
    site, base = published
    codes = recipes(site / "datos" / "uso" / "index.html")
    assert codes and all(base + "datos/" in code for code in codes)
    for code in codes:
        result = run_recipe(code, tmp_path)
        assert result.returncode == 0, code + result.stderr


# ---------------------------------------------------------------- same data, same bytes

HASHES = """
import hashlib
from generator.model import pipeline
from generator.site import exports
prepared = pipeline.prepare({data!r})
for f in exports.build(prepared.portal, prepared.derived):
    if f.path in {paths!r}:
        print(f.path, hashlib.sha256(f.content).hexdigest())
"""


def test_the_new_files_have_the_same_bytes_in_any_process():
    script = HASHES.format(data=str(DATA), paths=NEW_FILES)
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}) for seed in ("1", "2")]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr
    assert len(runs[0].stdout.splitlines()) == len(NEW_FILES)
    assert runs[0].stdout == runs[1].stdout
