"""Every rule of the contract, each with a broken data set in tests/data/invalid/<case>/.

Each case folder holds a data folder and `expect.yml`: the finding it must produce
(code, file, row, column, value, and severity when it is an observación).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.findings import ERROR
from generator.pipeline import check

CASES = Path(__file__).parent / "data" / "invalid"
VALID = Path(__file__).parent / "data" / "valid"


def run(case_dir: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    for path in case_dir.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            target = data / path.relative_to(case_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return check(data)


def test_the_valid_data_set_has_no_findings():
    prepared, findings = check(VALID)
    assert prepared is not None
    assert findings == []
    assert len(prepared.portal.metas) == 4


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()), ids=str)
def test_broken_data_gives_its_finding(case, tmp_path):
    expect = yaml.safe_load((CASES / case / "expect.yml").read_text(encoding="utf-8"))
    prepared, findings = run(CASES / case, tmp_path)
    matching = [f for f in findings if f.code == expect["code"]]
    assert matching, f"no {expect['code']} among {[f.describe() for f in findings]}"
    finding = matching[0]
    assert finding.file == expect["file"]
    assert finding.row == expect["row"]
    assert finding.column == expect["column"]
    if "value" in expect:
        assert finding.value == expect["value"]
    severity = expect.get("severity", ERROR)
    assert finding.severity == severity
    if severity == ERROR:
        assert prepared is None, "data with an error must not be prepared for publishing"
    else:
        assert prepared is not None, "an observación must not stop the build"
        assert not [f for f in findings if f.severity == ERROR]
    described = finding.describe()
    assert expect["file"] in described and expect["code"] in described
    if expect["row"]:
        assert f"fila {expect['row']}" in described


def test_all_errors_of_a_run_are_reported_together(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    table = data / "metas" / "INE-JGE100-2023.csv"
    text = table.read_text(encoding="utf-8").replace(",individual,DEOE,", ",grupal,DEOE,").replace("2024-08-31", "31/13/2024")
    table.write_text(text, encoding="utf-8")
    _, findings = check(data)
    codes = sorted(f.code for f in findings if f.severity == ERROR)
    assert codes == ["fecha_invalida", "valor_invalido", "valor_invalido"]


SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "documentos" / "INE-JGE186-2022.md"


def acuerdo_with_document(tmp_path: Path, yaml_text: str) -> Path:
    data = tmp_path / "data"
    (data / "acuerdos").mkdir(parents=True)
    (data / "documentos").mkdir()
    shutil.copy(SEED_TEXT, data / "documentos" / "acuerdo.md")
    (data / "acuerdos" / "INE-JGE186-2022.yml").write_text(yaml_text, encoding="utf-8")
    return data


def test_missing_keys_come_from_the_acuerdo_text(tmp_path):
    data = acuerdo_with_document(tmp_path, "clave: INE/JGE186/2022\ndocumento: documentos/acuerdo.md\n")
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    acuerdo = prepared.portal.acuerdos[0]
    assert (acuerdo.fecha_aprobacion.isoformat(), acuerdo.sesion, acuerdo.votacion, acuerdo.bloque) == ("2022-09-28", "extraordinaria", "unanimidad", 2)
    assert acuerdo.totales == {"metas": 103, "individuales": 77, "colectivas": 26}
    assert [row["area"] for row in acuerdo.cuadro] == ["DECEYEC", "DEOE", "DEPPP", "DERFE", "DEA", "VEL", "UTVOPL"]
    assert prepared.portal.glosario["SIISPEN"] == "Sistema Integral de Información del Servicio Profesional Electoral Nacional"


def test_a_key_that_disagrees_with_the_text_is_an_error_naming_both_values(tmp_path):
    data = acuerdo_with_document(tmp_path, "clave: INE/JGE186/2022\ndocumento: documentos/acuerdo.md\nfecha_aprobacion: 2022-09-27\n")
    prepared, findings = check(data)
    assert prepared is None
    finding = next(f for f in findings if f.code == "documento_discrepante")
    assert (finding.file, finding.row, finding.column, finding.value) == ("data/acuerdos/INE-JGE186-2022.yml", 3, "fecha_aprobacion", "2022-09-27")
    assert "2022-09-28" in finding.message
