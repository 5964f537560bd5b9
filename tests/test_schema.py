"""schema: one descriptor per column, which the contract's page, the downloads and the explorer read."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import json

import openpyxl
import pandas as pd

from conftest import DATA, REPO
from generator.contract import schema

CONTRACT = REPO / "docs" / "data-contract.md"
BLOCK = re.compile(r"<!-- columns:start -->\n(.*?)<!-- columns:end -->", re.DOTALL)


def test_the_contract_page_shows_the_descriptor_s_columns():
    block = BLOCK.search(CONTRACT.read_text(encoding="utf-8"))
    assert block, "docs/data-contract.md has no <!-- columns:start --> … <!-- columns:end --> block"
    assert block.group(1) == schema.markdown_table(), "regenerate it with `python -m generator.contract.schema`"
    assert [line.split(" | ")[0].removeprefix("| ") for line in block.group(1).splitlines()[2:]] == [c.name for c in schema.ALL_COLUMNS]


def test_every_kind_and_attribute_a_column_names_exists():
    from generator.model.records import Meta

    attributes = set(Meta.__dataclass_fields__)
    for column in schema.ALL_COLUMNS:
        assert column.kind in schema.KINDS, column.name
        assert column.attribute is None or column.attribute in attributes, column.name
    keys = [c.explorer for c in schema.ALL_COLUMNS if c.explorer]
    assert len(keys) == len(set(keys))


def test_a_column_copied_in_the_descriptor_is_published_everywhere(tmp_path):
    """Issue 27's measure: copying the entry of soporte_documental under another name, title and description (without
    INE's spellings) is the only code edit for a column to reach the meta page, the downloads and the dictionary."""
    code = tmp_path / "code"
    shutil.copytree(REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    descriptor = code / "generator" / "contract" / "schema.py"
    source = descriptor.read_text(encoding="utf-8")
    entry = next(line for line in source.splitlines() if line.startswith('    Column("soporte_documental"'))
    copy = (
        entry.replace('"soporte_documental"', '"evidencia_adicional"')
        .replace('"Soporte documental", "Documentos que acreditan el cumplimiento."', '"Pruebas complementarias", "Pruebas que complementan el soporte documental."')
    )
    copy = re.sub(r"(headers|labels)=\([^)]*\)", r"\1=()", copy)
    assert copy != entry and "evidencia_adicional" in copy and "Pruebas complementarias" in copy
    descriptor.write_text(source.replace(entry, entry + "\n" + copy), encoding="utf-8")

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    annex = data / "metas" / "INE-JGE186-2022.csv"
    frame = pd.read_csv(annex, dtype=str, keep_default_na=False)
    frame["evidencia_adicional"] = [f"Bitácora de campo {i}" for i in range(len(frame))]
    frame.to_csv(annex, index=False)
    site = tmp_path / "site"
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", tmp_path / "site_src")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--data", str(data), "--site-dir", str(site)],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    numero = frame.loc[0, "numero_meta"]

    page = (site / "metas" / "ine-jge186-2022" / numero.lower() / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt[^>]*>Pruebas complementarias</dt><dd[^>]*>Bitácora de campo 0</dd>", page)
    metas = pd.read_csv(site / "datos" / "metas.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert metas.loc[metas["numero_meta"] == numero, "evidencia_adicional"].tolist() == ["Bitácora de campo 0"]
    sheet = openpyxl.load_workbook(site / "datos" / "metas.xlsx", read_only=True)["metas"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if "evidencia_adicional" in row)
    assert "Bitácora de campo 0" in [row[header.index("evidencia_adicional")] for row in rows]
    whole = json.loads((site / "datos" / "metas.json").read_text(encoding="utf-8"))
    assert whole["metas"][0]["evidencia_adicional"] == "Bitácora de campo 0"
    record = json.loads((site / "metas" / "ine-jge186-2022" / f"{numero.lower()}.json").read_text(encoding="utf-8"))
    assert record["evidencia_adicional"] == "Bitácora de campo 0"
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for r in package["resources"] if r["name"] == "metas" for f in r["schema"]["fields"] if f["name"] == "evidencia_adicional")
    assert (field["title"], field["description"]) == ("Pruebas complementarias", "Pruebas que complementan el soporte documental.")
    dictionary = (site / "datos" / "index.html").read_text(encoding="utf-8")
    assert "Pruebas complementarias" in dictionary and "Pruebas que complementan el soporte documental." in dictionary
