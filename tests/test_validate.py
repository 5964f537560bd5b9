"""Every rule of the contract, each with a broken data set in tests/data/invalid/<case>/.

Each case folder holds a data folder and `expect.yml`: the finding it must produce
(code, file, row, column, value, and severity when it is an observación).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

from generator.contract.findings import ERROR
from generator.model.pipeline import check

CASES = Path(__file__).parent / "data" / "invalid"
VALID = Path(__file__).parent / "data" / "valid"


def run(case_dir: Path, tmp_path: Path):
    """The valid data set with the case's files over it; a case's `make.py` may then change it
    (delete, link, write a file too large to keep in the repository)."""
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    for path in case_dir.rglob("*"):
        if path.is_file() and path.name not in ("expect.yml", "make.py") and "__pycache__" not in path.parts:
            target = data / path.relative_to(case_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    script = case_dir / "make.py"
    if script.exists():
        spec = importlib.util.spec_from_file_location(f"case_{case_dir.name}", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.make(data)
    return check(data), data


def test_the_valid_data_set_has_no_findings():
    prepared, findings = check(VALID)
    assert prepared is not None
    assert findings == [], [f.describe() for f in findings]
    assert len(prepared.portal.metas) == 4


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()), ids=str)
def test_broken_data_gives_its_finding(case, tmp_path):
    expect = yaml.safe_load((CASES / case / "expect.yml").read_text(encoding="utf-8"))
    (prepared, findings), data = run(CASES / case, tmp_path)
    expect["file"] = expect["file"].replace("{data}", str(data))
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
        assert f"{'línea' if expect['file'].endswith(('.yml', '.md')) else 'fila'} {expect['row']}" in described


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


# ---------------------------------------------------------------- clerk-proof messages (issue 16)


def broken(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    for relative, old, new in edits:
        path = data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


TABLE = "metas/INE-JGE100-2023.csv"
YAML = "acuerdos/INE-JGE100-2023.yml"


def test_an_area_typo_is_an_error_on_the_row_with_the_closest_siglas(tmp_path):
    data = broken(tmp_path, (TABLE, "DEOE-2,individual,DEOE,", "DEOE-2,individual,DEEO,"))
    (data / "acuerdos" / "INE-JGE100-2023.yml").write_text((data / YAML).read_text(encoding="utf-8").split("cuadro:")[0] + "metas: metas/INE-JGE100-2023.csv\n", encoding="utf-8")
    (data / "catalogos").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "catalogos" / "areas.csv", data / "catalogos")
    prepared, findings = check(data)
    assert prepared is None
    finding = next(f for f in findings if f.code == "area_desconocida")
    assert (finding.file, finding.row, finding.column, finding.value) == ("data/metas/INE-JGE100-2023.csv", 3, "area_normativa", "DEEO")
    assert "¿quiso decir DEOE?" in finding.message
    assert not [f for f in findings if f.code == "numero_de_otra_area"], "no cascade from an área already refused"


def test_without_a_catalogue_the_areas_of_the_cuadro_are_the_known_ones(tmp_path):
    data = broken(tmp_path, (TABLE, "DERFE-1,individual,DERFE,", "DERFE-1,individual,DEFRE,"))
    _, findings = check(data)
    assert "¿quiso decir DERFE?" in next(f for f in findings if f.code == "area_desconocida").message


def test_a_numero_whose_prefix_names_another_area_is_an_observacion(tmp_path):
    data = broken(tmp_path, (TABLE, "DERFE-1,individual,DERFE,", "DEOE-9,individual,DERFE,"))
    prepared, findings = check(data)
    finding = next(f for f in findings if f.code == "numero_de_otra_area")
    assert (finding.row, finding.column, finding.value, finding.severity) == (5, "numero_meta", "DEOE-9", "observacion")
    assert prepared is not None


def test_probable_spellings_of_one_cargo_with_their_rows_and_the_alias_line(tmp_path):
    data = broken(tmp_path, (TABLE, "Vocal de Organización Electoral de Junta Distrital Ejecutiva,Verificar", "Vocal de Organización Electoral de Junta Distrital,Verificar"))
    prepared, findings = check(data)
    assert prepared is not None
    finding = next(f for f in findings if f.code == "cargo_variante")
    assert finding.severity == "observacion"
    assert "«Vocal de Organización Electoral de Junta Distrital» (data/metas/INE-JGE100-2023.csv, fila 3)" in finding.message
    assert "«Vocal de Organización Electoral de Junta Distrital Ejecutiva» (data/metas/INE-JGE100-2023.csv, fila 4)" in finding.message
    assert (finding.row, finding.value) == (3, "Vocal de Organización Electoral de Junta Distrital")  # the spelling to fix, where it is
    assert finding.message.endswith("cree catalogos/cargos.csv con estas dos líneas: nombre,ambito,alias y Vocal de Organización Electoral de Junta Distrital Ejecutiva,organos_desconcentrados,Vocal de Organización Electoral de Junta Distrital")


def test_a_variant_in_another_file_is_reported_where_it_is_and_with_a_catalogue_the_line_to_add(tmp_path):
    """Issue 29: the observación pointed at a row of another file, and its line lacked the file's header."""
    data = broken(tmp_path)
    (data / "catalogos").mkdir()
    (data / "catalogos" / "cargos.csv").write_text("nombre,ambito,alias\nDirector de Estadística y Documentación Electoral,oficinas_centrales,\n", encoding="utf-8")
    (data / "metas" / "otra.csv").write_text(
        "acuerdo,numero_meta,tipo,area_normativa,ambito,cargos_puestos,descripcion,fecha_inicio,fecha_termino\n"
        "INE/JGE100/2023,DEOE-9,individual,DEOE,organos_desconcentrados,Vocala de Organización Electoral de Junta Distrital Ejecutiva,Verificar,2023-10-01,2024-05-31\n", encoding="utf-8")
    prepared, findings = check(data)
    variant = next(f for f in findings if f.code == "cargo_variante")
    assert (variant.file, variant.row) == ("data/metas/otra.csv", 2), variant.describe()
    assert "agregue a catalogos/cargos.csv la línea: " in variant.message and "nombre,ambito,alias" not in variant.message
    avisos = [f for f in findings if f.code == "cargo_fuera_de_catalogo"]
    assert len(avisos) == 1 and "cargos no están en catalogos/cargos.csv" in avisos[0].message, [f.describe() for f in avisos]


def test_a_missing_column_is_reported_on_the_header_row(tmp_path):
    data = broken(tmp_path)
    table = data / "metas" / "INE-JGE100-2023.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("fecha_termino")
    rows = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines]
    table.write_text("Anexo de metas\nBloque 1\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _prepared, findings = check(data)
    missing = next(f for f in findings if f.code == "columna_faltante")
    assert missing.row == 4, missing.describe()


def test_a_numero_naming_another_area_is_said_without_a_catalogue_of_areas(tmp_path):
    data = broken(tmp_path, (TABLE, "DEOE-2,individual,DEOE", "DERFE-9,individual,DEOE"))
    yml = data / YAML
    yml.write_text("\n".join(line for line in yml.read_text(encoding="utf-8").splitlines() if not line.startswith(("cuadro:", "  - {area"))) + "\n", encoding="utf-8")
    prepared, findings = check(data)
    assert any(f.code == "areas_sin_catalogo" for f in findings)  # no list of áreas at all
    found = [f for f in findings if f.code == "numero_de_otra_area"]
    assert found and found[0].value == "DERFE-9"


@pytest.mark.parametrize("one,other", [
    ("Vocal Ejecutivo de Junta Distrital Ejecutiva", "Vocal Ejecutiva o Ejecutivo de Junta Distrital Ejecutiva"),
    ("Director de Cartografía Electoral", "Directora de Cartografia Electoral"),
    ("Vocal Ejecutivo de Junta Distrital Ejecutiva", "Vocal Ejecutivo de JDE"),
    ("Vocal Ejecutivo de Junta Local Ejecutiva", "vocal ejecutivo, junta local"),
    ("Director(a) de Cartografía Electoral", "Director de Cartografía Electoral"),
])
def test_spellings_that_differ_only_in_form_are_one_cargo_key(one, other):
    from generator.input.cargos import cargo_key

    assert cargo_key(one) == cargo_key(other)


@pytest.mark.parametrize("one,other", [
    ("Vocal Ejecutivo de Junta Distrital Ejecutiva", "Vocal Secretario de Junta Distrital Ejecutiva"),
    ("Vocal Ejecutivo de Junta Distrital Ejecutiva", "Vocal Ejecutivo de Junta Local Ejecutiva"),
    ("Vocal Ejecutivo", "Vocal"),
])
def test_different_cargos_keep_different_keys(one, other):
    from generator.input.cargos import cargo_key

    assert cargo_key(one) != cargo_key(other)


def test_spellings_that_share_an_address_are_merged_and_listed(tmp_path):
    data = broken(tmp_path, (TABLE, "Director de Cartografía Electoral", "VOCAL-EJECUTIVO; Vocal (Ejecutivo)"),
                  (TABLE, "Director de Estadística y Documentación Electoral", "Vocal: ejecutivó"))
    prepared, findings = check(data)
    assert prepared is not None
    merged = [f for f in findings if f.code == "cargos_fusionados"]
    assert len(merged) == 1
    for spelling in ("«VOCAL-EJECUTIVO»", "«Vocal (Ejecutivo)»", "«Vocal: ejecutivó»"):
        assert spelling in merged[0].message
    published = [c.nombre for c in prepared.portal.cargos if c.slug == "vocal-ejecutivo"]
    assert len(published) == 1 and f"«{published[0]}»:" in merged[0].message


def test_a_word_in_an_integer_field_says_a_whole_number_is_expected(tmp_path):
    data = broken(tmp_path, (TABLE, ",300,", ",cinco,"))
    _, findings = check(data)
    finding = next(f for f in findings if f.column == "personas_evaluadas")
    assert finding.value == "cinco" and "se espera un número entero (p. ej. 32)" in finding.message


def test_dates_are_echoed_as_typed(tmp_path):
    data = broken(tmp_path, (TABLE, "2023-10-01,2024-05-31", "01/03/2024,15/02/2024"))
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "fechas_invertidas")
    assert finding.value == "15/02/2024" and "(01/03/2024)" in finding.message and "2024-03-01" not in finding.message


def test_a_tab_in_the_yaml_is_said_in_spanish_and_its_rows_are_not_reported_one_by_one(tmp_path):
    data = broken(tmp_path, (YAML, "sesion: ordinaria", "sesion:\n\tordinaria"))
    _, findings = check(data)
    yaml_error = next(f for f in findings if f.code == "yaml_invalido")
    assert "use espacios para sangrar" in yaml_error.message and "found" not in yaml_error.message
    assert not [f for f in findings if f.code == "acuerdo_inexistente"]
    blocked = [f for f in findings if f.code == "filas_bloqueadas"]
    assert len(blocked) == 1 and "4 filas del acuerdo INE/JGE100/2023 no se pudieron revisar" in blocked[0].message
    assert "data/acuerdos/INE-JGE100-2023.yml" in blocked[0].message


@pytest.mark.parametrize("yaml_text,said", [
    ("clave: INE/JGE100/2023\ntitulo: Acuerdo: de prueba\n", "entre comillas"),
    ('clave: INE/JGE100/2023\ntitulo: "Acuerdo\n', "comillas"),
    ("clave: INE/JGE100/2023\n  titulo: x\n organo: y\n", "sangría"),
    ("clave: [INE/JGE100/2023\n", "corchete"),
    ("clave: *nada\n", "ancla"),
])
def test_yaml_errors_say_what_to_do_in_spanish(tmp_path, yaml_text, said):
    data = broken(tmp_path)
    (data / YAML).write_text(yaml_text, encoding="utf-8")
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "yaml_invalido")
    assert said in finding.message, finding.message


def test_every_rule_runs_on_every_row_duplicates_included(tmp_path):
    data = broken(tmp_path, (TABLE, "DEOE-1,individual,DEOE,oficinas_centrales", "DEOE-1,grupal,DEOE,oficinas_centrales"),
                  (TABLE, "DEOE-2,individual,DEOE", "DEOE-1,individual,DEOE"),
                  (TABLE, "2023-10-01,2024-05-31", "2023-10-01,31/02/2024"))
    _, findings = check(data)
    codes = sorted((f.row, f.code) for f in findings)
    assert (2, "valor_invalido") in codes
    assert (3, "meta_duplicada") in codes and (3, "fecha_invalida") in codes


def test_columns_are_named_as_the_clerk_wrote_them_with_the_contracts_name(tmp_path):
    data = broken(tmp_path, (TABLE, "personas_evaluadas", "Número de personas evaluadas"), (TABLE, ",300,", ",cinco,"))
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "valor_invalido")
    assert finding.column == "Número de personas evaluadas"
    assert "columna «Número de personas evaluadas» (personas_evaluadas)" in finding.describe()


def test_a_clave_that_no_acuerdo_has_is_said_once_with_the_closest_clave(tmp_path):
    data = broken(tmp_path)
    table = data / TABLE
    table.write_text(table.read_text(encoding="utf-8").replace("INE/JGE100/2023,DEOE", "INE/JGE100/2032,DEOE"), encoding="utf-8")
    _, findings = check(data)
    orphans = [f for f in findings if f.code == "acuerdo_inexistente"]
    assert len(orphans) == 1 and orphans[0].row == 2
    assert "(también en las filas 3 y 4)" in orphans[0].message
    assert "¿quiso decir INE/JGE100/2023, de data/acuerdos/INE-JGE100-2023.yml?" in orphans[0].message


def test_a_date_written_month_first_says_so(tmp_path):
    data = broken(tmp_path, (TABLE, "2023-10-01,2024-05-31", "10/15/2023,2024-05-31"))
    _, findings = check(data)
    finding = next(f for f in findings if f.code == "fecha_invalida")
    assert finding.value == "10/15/2023" and "dd/mm/aaaa" in finding.message and "mes/día" in finding.message


def test_an_observacion_echoes_a_date_as_the_clerk_typed_it(tmp_path):
    """Issue 29: observaciones said «2032-03-01» when the clerk had typed «01/03/2032»."""
    data = broken(tmp_path, (TABLE, "2024-05-31", "01/03/2032"))
    prepared, findings = check(data)
    late = next(f for f in findings if f.code == "vigencia_fuera_de_periodo")
    assert late.value == "01/03/2032"
    assert late.message == "la vigencia termina fuera del periodo del acuerdo (del 1 de septiembre de 2023 al 31 de agosto de 2024)"
