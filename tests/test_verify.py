"""The checks of /verificacion/: each rule met and broken, on small data sets; the demo data; the page."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import yaml

from generator.contract import urls
from generator.model import verify
from generator.model.pipeline import check, prepare
from generator.site import pages
from generator.site.page_kinds import verification

REPO = Path(__file__).resolve().parents[1]
VALID = REPO / "tests" / "data" / "valid"
CLAVE = "INE/JGE100/2023"
ACUERDO_FILE = "acuerdos/INE-JGE100-2023.yml"
METAS_FILE = "metas/INE-JGE100-2023.csv"


def data_set(tmp_path: Path) -> Path:
    """A copy of the valid 4-meta data set: DEOE-1..3 (DEOE-3 colectiva, 300 people) and DERFE-1."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


def edit_metas(data: Path, change, path: str = METAS_FILE) -> None:
    """Rewrite a metas CSV: `change(rows)` edits the list of dicts in place."""
    with open(data / path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(data / path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def edit_acuerdo(data: Path, change, path: str = ACUERDO_FILE) -> None:
    acuerdo = yaml.safe_load((data / path).read_text(encoding="utf-8"))
    change(acuerdo)
    (data / path).write_text(yaml.safe_dump(acuerdo, allow_unicode=True, sort_keys=False), encoding="utf-8")


def row(rows, numero):
    return next(r for r in rows if r["numero_meta"] == numero)


def add_meta(rows, numero, descripcion, like="DEOE-1", **values):
    rows.append({**row(rows, like), "numero_meta": numero, "descripcion": descripcion, **values})


def run(data: Path):
    prepared, findings = check(data)
    assert prepared is not None, [f.describe() for f in findings]
    return prepared, verify.verify(prepared.portal, prepared.derived)


def checks_of(data: Path) -> list[verify.Check]:
    return run(data)[1]


def the(checks, name, acuerdo=CLAVE) -> verify.Check:
    [found] = [c for c in checks if c.name == name and c.acuerdo == acuerdo]
    return found


def numeros(metas) -> set[str]:
    return {m.numero for m in metas}


# ---------------------------------------------------------------- a. colectivas for three people or more


def test_colectiva_for_three_people_or_more_cumple(tmp_path):
    result = the(checks_of(data_set(tmp_path)), verify.COLECTIVAS)
    assert result.status == verify.CUMPLE
    assert "de 300 a 300" in result.detail


def test_colectiva_for_fewer_than_three_people_no_cumple(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: row(rows, "DEOE-3").update(personas_evaluadas="2"))
    result = the(checks_of(data), verify.COLECTIVAS)
    assert result.status == verify.NO_CUMPLE
    assert numeros(result.metas) == {"DEOE-3"}


def test_colectivas_without_personas_evaluadas_no_verificable(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: row(rows, "DEOE-3").update(personas_evaluadas=""))
    assert the(checks_of(data), verify.COLECTIVAS).status == verify.NO_VERIFICABLE


# ---------------------------------------------------------------- b. duplicated and nearly duplicated metas


def test_no_duplicates_cumple(tmp_path):
    checks = checks_of(data_set(tmp_path))
    assert the(checks, verify.DUPLICADAS).status == verify.CUMPLE
    assert the(checks, verify.CASI_IDENTICAS).status == verify.CUMPLE


def test_same_description_after_normalising_no_cumple(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: add_meta(rows, "DEOE-4", "  INTEGRAR la estadistica de la elección. "))
    checks = checks_of(data)
    result = the(checks, verify.DUPLICADAS)
    assert result.status == verify.NO_CUMPLE
    assert [(p.first.numero, p.second.numero) for p in result.pairs] == [("DEOE-1", "DEOE-4")]
    assert the(checks, verify.CASI_IDENTICAS).pairs == ()  # an exact duplicate is not listed twice


def test_same_description_for_another_cargo_is_no_duplicate(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: add_meta(rows, "DEOE-4", "Integrar la estadística de la elección", cargos_puestos="Director de Operación Regional"))
    assert the(checks_of(data), verify.DUPLICADAS).status == verify.CUMPLE


def test_nearly_the_same_description_no_cumple_with_its_score(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: add_meta(rows, "DEOE-4", "Integrar la estadística de la elección federal"))
    checks = checks_of(data)
    result = the(checks, verify.CASI_IDENTICAS)
    assert result.status == verify.NO_CUMPLE
    [pair] = result.pairs
    assert (pair.first.numero, pair.second.numero, pair.score_label) == ("DEOE-1", "DEOE-4", "0.92")
    assert "0.92" in result.detail
    assert the(checks, verify.DUPLICADAS).status == verify.CUMPLE


def test_near_duplicate_in_an_earlier_acuerdo_of_the_period_is_found(tmp_path):
    data = data_set(tmp_path)
    (data / "acuerdos" / "INE-JGE101-2023.yml").write_text(
        (data / ACUERDO_FILE).read_text(encoding="utf-8").replace("INE/JGE100/2023", "INE/JGE101/2023").replace("2023-08-30", "2023-09-20").replace("INE-JGE100-2023.csv", "INE-JGE101-2023.csv"),
        encoding="utf-8",
    )
    with open(data / METAS_FILE, encoding="utf-8") as handle:
        header, first = handle.readline(), handle.readline()
    (data / "metas" / "INE-JGE101-2023.csv").write_text(header + first.replace("INE/JGE100/2023", "INE/JGE101/2023").replace("Integrar la estadística de la elección", "Integrar la estadística de la elección federal").replace("2023-09-15", "2023-09-25"), encoding="utf-8")
    checks = checks_of(data)
    [pair] = the(checks, verify.CASI_IDENTICAS, "INE/JGE101/2023").pairs
    assert (pair.first.acuerdo, pair.second.acuerdo) == (CLAVE, "INE/JGE101/2023")
    assert the(checks, verify.CASI_IDENTICAS).status == verify.CUMPLE  # reported once, with the later acuerdo


def test_normalise_ignores_case_accents_spaces_and_punctuation():
    assert verify.normalise("  Instalar, las CASILLAS   aprobadas (según el INE). ") == "instalar las casillas aprobadas segun el ine"


# ---------------------------------------------------------------- c. vigencia


def test_vigencia_inside_period_after_approval_cumple(tmp_path):
    assert the(checks_of(data_set(tmp_path)), verify.VIGENCIA).status == verify.CUMPLE


def test_vigencia_before_approval_or_after_period_no_cumple(tmp_path):
    data = data_set(tmp_path)

    def change(rows):
        row(rows, "DEOE-1").update(fecha_inicio="2023-08-15")  # before approval and period
        row(rows, "DERFE-1").update(fecha_termino="2024-09-30")  # after the period

    edit_metas(data, change)
    result = the(checks_of(data), verify.VIGENCIA)
    assert result.status == verify.NO_CUMPLE
    assert numeros(result.metas) == {"DEOE-1", "DERFE-1"}


# ---------------------------------------------------------------- d. three metas per área in the period


def test_three_metas_per_area_cumple(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: [add_meta(rows, f"DERFE-{n}", f"Actualizar la cartografía electoral, sección {n}", like="DERFE-1") for n in (2, 3)])
    result = the(checks_of(data), verify.TRES_POR_AREA, None)
    assert result.status == verify.CUMPLE
    assert result.periodo == "septiembre 2023 – agosto 2024 (INE)"


def test_area_with_fewer_than_three_metas_no_cumple(tmp_path):
    result = the(checks_of(data_set(tmp_path)), verify.TRES_POR_AREA, None)
    assert result.status == verify.NO_CUMPLE
    assert "DERFE (1)" in result.detail and "DEOE" not in result.detail
    assert numeros(result.metas) == {"DERFE-1"}


def test_cancelled_metas_are_not_counted_in_force(tmp_path):
    data = data_set(tmp_path)
    edit_metas(data, lambda rows: [add_meta(rows, f"DERFE-{n}", f"Actualizar la cartografía electoral, sección {n}", like="DERFE-1") for n in (2, 3)])
    (data / "acuerdos" / "INE-JGE150-2023.yml").write_text(
        "clave: INE/JGE150/2023\ntitulo: Acuerdo de prueba que cancela una meta\norgano: Junta General Ejecutiva\n"
        "fecha_aprobacion: 2023-11-15\nsistema: INE\nperiodo_inicio: 2023-09-01\nperiodo_fin: 2024-08-31\n"
        "tipo: cancelacion\nmetas: metas/INE-JGE150-2023.csv\n",
        encoding="utf-8",
    )
    (data / "metas" / "INE-JGE150-2023.csv").write_text("acuerdo,accion,acuerdo_origen,numero_meta\nINE/JGE150/2023,cancela,INE/JGE100/2023,DEOE-1\n", encoding="utf-8")
    checks = checks_of(data)
    result = the(checks, verify.TRES_POR_AREA, None)
    assert result.status == verify.NO_CUMPLE
    assert "DEOE (2)" in result.detail
    assert "Metas canceladas, que no se cuentan: 1." in the(checks, verify.VIGENCIA).detail
    assert not [c for c in checks if c.acuerdo == "INE/JGE150/2023"]  # it approves no metas


# ---------------------------------------------------------------- e. reconciliation with totales and Cuadro


def test_reconciliation_cumple(tmp_path):
    assert the(checks_of(data_set(tmp_path)), verify.CONCILIACION).status == verify.CUMPLE


def test_reconciliation_mismatch_no_cumple(tmp_path):
    data = data_set(tmp_path)

    def change(acuerdo):  # the DERFE meta declared as órganos desconcentrados: still adds up
        acuerdo["cuadro"][1].update(oc_individuales=0, od_individuales=1)

    edit_acuerdo(data, change)
    checks = checks_of(data)
    result = the(checks, verify.CONCILIACION)
    assert result.status == verify.NO_CUMPLE
    assert "DERFE, oficinas centrales, individuales: declara 0, el anexo tiene 1" in result.detail
    assert the(checks, verify.ARITMETICA).status == verify.CUMPLE


def test_reconciliation_without_annex_no_verificable(tmp_path):
    data = data_set(tmp_path)
    edit_acuerdo(data, lambda acuerdo: acuerdo.pop("metas"))
    (data / METAS_FILE).unlink()
    checks = checks_of(data)
    assert the(checks, verify.CONCILIACION).status == verify.NO_VERIFICABLE
    assert the(checks, verify.COLECTIVAS).status == verify.NO_VERIFICABLE
    assert the(checks, verify.ARITMETICA).status == verify.CUMPLE  # the Cuadro needs no annex


# ---------------------------------------------------------------- f. arithmetic of the Cuadro


def test_cuadro_arithmetic_cumple(tmp_path):
    prepared, checks = run(data_set(tmp_path))
    assert verify.cuadro_arithmetic(prepared.portal.acuerdo(CLAVE)) == []
    result = the(checks, verify.ARITMETICA)
    assert result.status == verify.CUMPLE
    assert "individuales 2 + 1 = 3" in result.detail


def test_cuadro_row_that_does_not_add_up_no_cumple(tmp_path):
    data = data_set(tmp_path)
    edit_acuerdo(data, lambda acuerdo: acuerdo["cuadro"][0].update(total=4))
    prepared, checks = run(data)
    problems = verify.cuadro_arithmetic(prepared.portal.acuerdo(CLAVE))
    assert any(p.startswith("DEOE: 1 + 0 + 1 + 1 = 3") for p in problems)
    assert any(p.startswith("metas:") for p in problems)  # the Total column now sums 5, not 4
    assert the(checks, verify.ARITMETICA).status == verify.NO_CUMPLE


def test_cuadro_columns_that_do_not_add_up_to_totales_no_cumple(tmp_path):
    data = data_set(tmp_path)
    edit_acuerdo(data, lambda acuerdo: acuerdo["totales"].update(individuales=4, metas=5))
    prepared, checks = run(data)
    assert verify.cuadro_arithmetic(prepared.portal.acuerdo(CLAVE)) == [
        "individuales: el Cuadro suma 2 + 1 = 3, pero el acuerdo declara 4",
        "metas: la columna Total del Cuadro suma 4, pero el acuerdo declara 5",
    ]
    assert the(checks, verify.ARITMETICA).status == verify.NO_CUMPLE


def test_totales_without_cuadro_no_verificable_unless_they_contradict_themselves(tmp_path):
    data = data_set(tmp_path)
    edit_acuerdo(data, lambda acuerdo: acuerdo.pop("cuadro"))
    assert the(checks_of(data), verify.ARITMETICA).status == verify.NO_VERIFICABLE
    edit_acuerdo(data, lambda acuerdo: acuerdo["totales"].update(metas=5))
    prepared, checks = run(data)
    assert verify.cuadro_arithmetic(prepared.portal.acuerdo(CLAVE)) == ["totales: 3 individuales + 1 colectivas = 4, pero el acuerdo declara 5 metas"]
    assert the(checks, verify.ARITMETICA).status == verify.NO_CUMPLE


# ---------------------------------------------------------------- g. the rules across periods (more in test_continuity.py)


def test_without_an_earlier_period_the_rules_across_periods_could_not_be_made(tmp_path):
    checks = checks_of(data_set(tmp_path))
    for name in (verify.REPETIDA_10, verify.NIVEL_SUPERIOR):
        result = the(checks, name)
        assert result.status == verify.NO_VERIFICABLE and result.metas == ()
        assert result.detail == "No se pudo hacer: el portal no tiene metas de un periodo anterior del sistema INE con las que comparar las de este acuerdo."


def test_the_rules_across_periods_quote_considerando_2():
    for name, passage in ((verify.REPETIDA_10, "no podrá ser asignada para un nuevo periodo en los mismos términos"), (verify.NIVEL_SUPERIOR, "deberá implicar resultados superiores a los alcanzados en el año anterior")):
        assert "Considerando 2 («Marco normativo»)" in verify.DESCRIPTIONS[name] and passage in verify.DESCRIPTIONS[name]
        text = (REPO / "data" / "documentos" / "INE-JGE186-2022.md").read_text(encoding="utf-8")
        quoted = verify.DESCRIPTIONS[name].split("«")[2].split("»")[0]
        assert quoted in text, "the quotation is the acuerdo's own words"


# ---------------------------------------------------------------- the repository's demonstration data


def test_demo_data():
    prepared = prepare(REPO / "data")
    checks = verify.verify(prepared.portal, prepared.derived)
    assert the(checks, verify.ARITMETICA, "INE/JGE186/2022").status == verify.CUMPLE
    assert "64 + 13 = 77" in the(checks, verify.ARITMETICA, "INE/JGE186/2022").detail
    assert the(checks, verify.CONCILIACION, "INE/JGE186/2022").status == verify.CUMPLE
    assert the(checks, verify.CONCILIACION, "INE/JGE177/2022").status == verify.NO_VERIFICABLE
    assert the(checks, verify.ARITMETICA, "INE/JGE177/2022").status == verify.NO_VERIFICABLE
    assert the(checks, verify.NIVEL_SUPERIOR, "INE/JGE186/2022").detail.startswith("No se pudo hacer")  # one period only


# ---------------------------------------------------------------- the page


def verification_pages(prepared, checks) -> dict[str, str]:
    """The verification pages as the site renders them, for these checks: address → HTML."""
    derived = dataclasses.replace(prepared.derived, checks=tuple(checks))
    renderer = pages.Renderer(prepared.portal, derived, prepared.findings)
    described = [verification.summary(derived), *verification.of_acuerdos(prepared.portal, derived, renderer.metas_by_acuerdo)]
    return {page.url: renderer.render(page).html for page in described}


def render(prepared, checks) -> str:
    """/verificacion/ (the summaries) followed by the page of the acuerdo's checks."""
    rendered = verification_pages(prepared, checks)
    return rendered[urls.VERIFICATION] + rendered[urls.verification_of(CLAVE)]


def test_each_acuerdo_has_its_own_verification_page_linked_from_the_summary(tmp_path):
    prepared, checks = run(data_set(tmp_path))
    summary = verification_pages(prepared, checks)[urls.VERIFICATION]
    assert '<a class="clave" href="ine-jge100-2023/">INE/JGE100/2023</a>' in summary
    assert "<h3>" not in summary.split("Resumen por periodo")[0]  # the acuerdo's checks are on its own page


def official(data: Path) -> Path:
    """The data set's annex taken as the official one."""
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("datos_ilustrativos: true", "datos_ilustrativos: false"), encoding="utf-8")
    return data


def test_page_shows_status_word_and_sign_and_links_the_metas(tmp_path):
    data = official(data_set(tmp_path))
    edit_metas(data, lambda rows: row(rows, "DEOE-3").update(personas_evaluadas="2"))
    prepared, checks = run(data)
    page = render(prepared, checks)
    assert "<h1>Verificación metodológica</h1>" in page
    assert '<span aria-hidden="true">✘</span> No cumple' in page
    assert '<span aria-hidden="true">✔</span> Cumple' in page
    assert '<a href="../../metas/ine-jge100-2023/deoe-3/">DEOE-3</a>' in page
    assert "Sin verificar: datos ilustrativos" not in page


def test_checks_on_illustrative_metas_give_no_verdict_on_the_acuerdo(tmp_path):
    data = data_set(tmp_path)  # its annex says datos_ilustrativos: true
    edit_metas(data, lambda rows: row(rows, "DEOE-3").update(personas_evaluadas="2"))
    prepared, checks = run(data)
    failing = the(checks, verify.COLECTIVAS, CLAVE)
    assert failing.status == verify.NO_CUMPLE and failing.ilustrativo and failing.verdict == "datos ilustrativos"
    assert not the(checks, verify.ARITMETICA, CLAVE).ilustrativo  # the Cuadro's arithmetic reads the real text
    page = render(prepared, checks)
    summary = page.split("Resumen por acuerdo", 1)[1].split("</table>", 1)[0]
    assert "No cumple" not in summary and "Sin verificar: datos ilustrativos" in summary
    assert "no dice nada de las metas que aprobó la Junta" in page and "el resultado sería «no cumple»" in page


def test_page_lists_at_most_50_metas_of_a_check(tmp_path):
    prepared, checks = run(data_set(tmp_path))
    meta = prepared.portal.metas[0]
    many = verify.Check(CLAVE, "periodo", verify.VIGENCIA, "regla", verify.NO_CUMPLE, "detalle", (meta,) * 60)
    page = render(prepared, [many])
    assert page.count(f'href="../../{meta.path}"') == 50
    assert "y 10 más" in page
