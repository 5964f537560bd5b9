"""Metas across periods: each meta and its predecessor, the two rules of Considerando 2, what changed for a cargo.

The data: the valid data set (INE/JGE100/2023, September 2023 – August 2024) and an earlier
acuerdo, INE/JGE90/2022 (September 2022 – August 2023), whose metas the later ones continue,
change or drop; results of that period passed as the results table would give them.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import with_example
from generator.input.validated import Resultado
from generator.model import continuity, derive, verify
from generator.model.pipeline import check

VALID = Path(__file__).resolve().parent / "data" / "valid"
NOW, BEFORE = "INE/JGE100/2023", "INE/JGE90/2022"
DIRECTOR = "Director de Estadística y Documentación Electoral"
VOCAL = "Vocal de Organización Electoral de Junta Distrital Ejecutiva"
VOCAL_EJECUTIVO = "Vocal Ejecutivo de Junta Distrital Ejecutiva"

# The earlier period. DEOE-1 is DEOE-1 of 2023 in the same terms; DEOE-5 is DEOE-2 of 2023 with
# a lower nivel esperado; DEOE-6 is DEOE-3 of 2023 (a cargo in common); DEOE-8 has the description of
# DEOE-2 of 2023 for another cargo (no predecessor of it); DERFE-4 ends; DERFE-1 of 2023 is new.
EARLIER = [
    ("DEOE-1", "individual", "oficinas_centrales", DIRECTOR, "Integrar la estadística de la elección", "100"),
    ("DEOE-5", "individual", "organos_desconcentrados", VOCAL, "Verificar las bodegas electorales.", "90"),
    ("DEOE-6", "colectiva", "organos_desconcentrados", VOCAL_EJECUTIVO, "Instalar las casillas aprobadas por los consejos", "90"),
    ("DEOE-8", "individual", "oficinas_centrales", "Director de Operación Regional", "Verificar las bodegas electorales", "80"),
    ("DERFE-4", "individual", "oficinas_centrales", "Director de Cartografía Electoral", "Depurar el padrón electoral", "90"),
]


def two_periods(tmp_path: Path, unidad: str = "Porcentaje") -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    acuerdo = yaml.safe_load((data / "acuerdos" / "INE-JGE100-2023.yml").read_text(encoding="utf-8"))
    acuerdo.update(clave=BEFORE, fecha_aprobacion="2022-08-30", periodo_inicio="2022-09-01", periodo_fin="2023-08-31", metas="metas/INE-JGE90-2022.csv")
    for key in ("totales", "cuadro"):
        acuerdo.pop(key)
    (data / "acuerdos" / "INE-JGE90-2022.yml").write_text(yaml.safe_dump(acuerdo, allow_unicode=True), encoding="utf-8")
    header = ["acuerdo", "numero_meta", "tipo", "area_normativa", "ambito", "cargos_puestos", "descripcion", "fecha_inicio", "fecha_termino", "lider_equipo", "personas_evaluadas", "nivel_esperado", "unidad_medida"]
    with open(data / "metas" / "INE-JGE90-2022.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for numero, tipo, ambito, cargos, descripcion, nivel in EARLIER:
            lider, personas = (VOCAL_EJECUTIVO, "30") if tipo == "colectiva" else ("", "")
            writer.writerow([BEFORE, numero, tipo, numero.split("-")[0], ambito, cargos, descripcion, "2022-10-01", "2023-06-30", lider, personas, nivel, unidad])
    edit_metas(data, lambda rows: [r.update(unidad_medida=unidad) for r in rows])
    return data


def edit_metas(data: Path, change, name: str = "INE-JGE100-2023.csv") -> None:
    path = data / "metas" / name
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    change(rows)
    header = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def result(numero: str, promedio: float, nivel_alcanzado: float | None = None) -> Resultado:
    return Resultado(BEFORE, numero, promedio, nivel_alcanzado)


def prepared(data: Path, fields: dict | None = None):
    """The portal of the data, with optional column values put on metas: {número of 2023: {column: value}}."""
    ready, findings = check(data)
    assert ready is not None, [f.describe() for f in findings]
    portal = ready.portal
    if fields:
        portal = replace(portal, metas=tuple(replace(m, fields={**m.fields, **fields.get(m.numero, {})}) if m.acuerdo == NOW else m for m in portal.metas))
    return portal


def compared(data: Path, resultados=(), fields=None):
    portal = prepared(data, fields)
    derived = derive.derive(portal, resultados)
    return portal, derived.continuity, verify.verify(portal, derived)


def link(found: continuity.Continuity, numero: str, acuerdo: str = NOW) -> continuity.Link:
    return found.links[(acuerdo, numero)]


def the(checks, name, acuerdo=NOW) -> verify.Check:
    [found] = [c for c in checks if c.name == name and c.acuerdo == acuerdo]
    return found


def predecessor(found, numero):
    meta = link(found, numero).predecessor
    return meta and meta.numero


RESULTS = [result("DEOE-1", 10, 100), result("DEOE-5", 10, 97), result("DEOE-8", 10, 100), result("DERFE-4", 9.2)]


# ---------------------------------------------------------------- the predecessor


def test_predecessor_by_area_cargo_and_description(tmp_path):
    _, found, _ = compared(two_periods(tmp_path))
    assert predecessor(found, "DEOE-1") == "DEOE-1"
    assert predecessor(found, "DEOE-2") == "DEOE-5"  # not DEOE-8: the same words, but for another cargo
    assert link(found, "DEOE-2").how == continuity.SIMILAR and link(found, "DEOE-2").score == 1.0
    assert predecessor(found, "DEOE-3") is None  # «Instalar las casillas aprobadas» against «… por los consejos»: 0.75
    assert predecessor(found, "DERFE-1") is None


def test_a_near_identical_description_is_the_same_meta(tmp_path):
    data = two_periods(tmp_path)
    edit_metas(data, lambda rows: next(r for r in rows if r["numero_meta"] == "DEOE-3").update(descripcion="Instalar las casillas aprobadas por los consejos distritales"), "INE-JGE100-2023.csv")
    _, found, _ = compared(data)
    assert predecessor(found, "DEOE-3") == "DEOE-6"
    assert round(link(found, "DEOE-3").score, 2) == 0.93


def test_meta_anterior_names_the_predecessor_first(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), fields={"DERFE-1": {"meta_anterior": f"{BEFORE}:DERFE-4"}, "DEOE-2": {"meta_anterior": f"{BEFORE}:DEOE-8"}})
    assert predecessor(found, "DERFE-1") == "DERFE-4" and link(found, "DERFE-1").how == continuity.EXPLICIT
    assert predecessor(found, "DEOE-2") == "DEOE-8"  # named: even for another cargo


def test_the_same_terms_fold_case_accents_spacing_and_punctuation_and_need_the_same_nivel(tmp_path):
    _, found, _ = compared(two_periods(tmp_path))
    assert continuity.same_terms(link(found, "DEOE-1").meta, link(found, "DEOE-1").predecessor)
    assert not continuity.same_terms(link(found, "DEOE-2").meta, link(found, "DEOE-2").predecessor)  # «Verificar las bodegas electorales.» at 90, now at 95


def test_parse_reference():
    assert continuity.parse_reference(" INE/JGE177/2022 : DEOE-3 ") == ("INE/JGE177/2022", "DEOE-3")
    assert continuity.parse_reference("INE/JGE177/2022 DEOE-3") is None
    assert continuity.parse_reference(":DEOE-3") is None


# ---------------------------------------------------------------- rule 1: a meta that averaged 10, in the same terms


def test_repeating_a_meta_that_averaged_10_in_the_same_terms_is_an_observacion(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS)
    assert link(found, "DEOE-1").repetida.status == continuity.OBSERVACION
    assert link(found, "DEOE-2").repetida.status == continuity.CUMPLE  # averaged 10, but its nivel changed
    assert "cambió el nivel esperado (90\u00a0% antes, 95\u00a0% ahora)" in link(found, "DEOE-2").repetida.detail
    assert link(found, "DERFE-1").repetida.status == continuity.NO_APLICA
    rule = the(checks, verify.REPETIDA_10)
    assert rule.status == verify.NO_CUMPLE
    assert [m.numero for m in rule.metas] == ["DEOE-1"]


def test_a_justificacion_lifts_the_observacion(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS, {"DEOE-1": {"justificacion": "La elección de 2024 es concurrente."}})
    verdict = link(found, "DEOE-1").repetida
    assert verdict.status == continuity.JUSTIFICADA and "«La elección de 2024 es concurrente»." in verdict.detail
    rule = the(checks, verify.REPETIDA_10)
    assert rule.status == verify.CUMPLE and "Metas que lo justifican: 1." in rule.detail


def test_a_grade_below_10_keeps_the_rule(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), [result("DEOE-1", 9.8, 100)])
    assert link(found, "DEOE-1").repetida.status == continuity.CUMPLE
    assert "promedio de 9.8, menor que 10" in link(found, "DEOE-1").repetida.detail


def test_without_results_rule_1_could_not_be_verified(tmp_path):
    _, found, checks = compared(two_periods(tmp_path))
    verdict = link(found, "DEOE-1").repetida
    assert verdict.status == continuity.NO_VERIFICABLE
    assert verdict.detail.startswith("No se pudo verificar: el portal no tiene los resultados del periodo")
    rule = the(checks, verify.REPETIDA_10)
    assert rule.status == verify.NO_VERIFICABLE and rule.detail.startswith("No se pudo verificar")


def test_a_predecessor_missing_from_the_results_could_not_be_verified(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), [result("DEOE-5", 9)])
    assert "no tiene su promedio final de la meta antecesora, INE/JGE90/2022:DEOE-1" in link(found, "DEOE-1").repetida.detail
    rule = the(checks, verify.REPETIDA_10)
    assert rule.status == verify.CUMPLE and "Metas que no se pudieron verificar: 1." in rule.detail


# ---------------------------------------------------------------- rule 2: above the level reached the year before


def test_a_nivel_not_above_the_level_reached_is_an_observacion(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS)
    verdict = link(found, "DEOE-2").nivel
    assert verdict.status == continuity.OBSERVACION
    assert "nivel alcanzado por la meta antecesora, INE/JGE90/2022:DEOE-5: 95\u00a0% ahora, 97\u00a0% antes" in verdict.detail
    rule = the(checks, verify.NIVEL_SUPERIOR)
    assert rule.status == verify.NO_CUMPLE and [m.numero for m in rule.metas] == ["DEOE-2"]


def test_a_nivel_above_the_level_reached_cumple(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), [result("DEOE-5", 8, 92.5)])
    assert link(found, "DEOE-2").nivel.status == continuity.CUMPLE


def test_100_percent_expected_after_100_percent_reached_is_the_top_of_the_scale(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS)
    verdict = link(found, "DEOE-1").nivel
    assert verdict.status == continuity.MAXIMO and "máximo de su escala" in verdict.detail
    assert "Con un nivel esperado del 100 %, el máximo de su escala, como el de su antecesora: 1." in the(checks, verify.NIVEL_SUPERIOR).detail


def test_100_of_a_count_is_no_top_of_a_scale(tmp_path):
    _, found, _ = compared(two_periods(tmp_path, unidad="Casillas"), RESULTS)
    assert link(found, "DEOE-1").nivel.status == continuity.OBSERVACION


def test_levels_in_different_units_could_not_be_compared_but_a_unit_stated_once_is_enough(tmp_path):
    data = two_periods(tmp_path)
    edit_metas(data, lambda rows: [r.update(unidad_medida="Bodegas" if r["numero_meta"] == "DEOE-2" else "") for r in rows])
    _, found, _ = compared(data, RESULTS)
    assert link(found, "DEOE-2").nivel.detail == "No se pudo verificar: la meta y su antecesora, INE/JGE90/2022:DEOE-5, miden el nivel en unidades distintas (Bodegas y Porcentaje)."
    assert link(found, "DEOE-1").nivel.status == continuity.MAXIMO  # no unit now, «Porcentaje» before: 100 after 100 %


def test_a_justificacion_lifts_the_nivel_observacion(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS, {"DEOE-2": {"justificacion": "La DESPEN juzgó satisfactoria su diferenciación."}})
    assert link(found, "DEOE-2").nivel.status == continuity.JUSTIFICADA
    assert the(checks, verify.NIVEL_SUPERIOR).status == verify.CUMPLE


def test_without_results_rule_2_compares_with_last_years_nivel_esperado_and_says_so(tmp_path):
    _, found, checks = compared(two_periods(tmp_path))
    verdict = link(found, "DEOE-2").nivel
    assert verdict.status == continuity.CUMPLE
    assert "nivel esperado de la meta antecesora, INE/JGE90/2022:DEOE-5, porque el portal no tiene el nivel que alcanzó: 95\u00a0% ahora, 90\u00a0% antes" in verdict.detail
    rule = the(checks, verify.NIVEL_SUPERIOR)
    assert rule.status == verify.CUMPLE and "Comparadas con el nivel esperado del año anterior, a falta del alcanzado: 2." in rule.detail


def test_a_result_without_nivel_alcanzado_falls_back_to_the_nivel_esperado(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), [result("DEOE-5", 10)])
    assert "porque el portal no tiene el nivel que alcanzó" in link(found, "DEOE-2").nivel.detail


def test_a_meta_without_nivel_esperado_could_not_be_verified(tmp_path):
    data = two_periods(tmp_path)
    edit_metas(data, lambda rows: next(r for r in rows if r["numero_meta"] == "DEOE-2").update(nivel_esperado=""))
    _, found, _ = compared(data, RESULTS)
    assert link(found, "DEOE-2").nivel.status == continuity.NO_VERIFICABLE


# ---------------------------------------------------------------- without an earlier period


def test_without_an_earlier_period_neither_rule_could_be_made_never_cumple(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    _, found, checks = compared(data, RESULTS)
    for rule in (verify.REPETIDA_10, verify.NIVEL_SUPERIOR):
        assert the(checks, rule).status == verify.NO_VERIFICABLE
        assert the(checks, rule).detail.startswith("No se pudo hacer: el portal no tiene metas de un periodo anterior del sistema INE")
    assert {link.repetida.status for link in found.links.values()} == {continuity.NO_HECHA}
    assert {link.nivel.status for link in found.links.values()} == {continuity.NO_HECHA}
    assert found.cargos == {}


def test_the_earliest_period_has_no_period_before_it(tmp_path):
    _, found, checks = compared(two_periods(tmp_path), RESULTS)
    assert the(checks, verify.REPETIDA_10, BEFORE).status == verify.NO_VERIFICABLE
    assert link(found, "DEOE-1", BEFORE).repetida.status == continuity.NO_HECHA


def test_a_period_of_the_other_sistema_is_no_earlier_period(tmp_path):
    data = two_periods(tmp_path)
    path = data / "acuerdos" / "INE-JGE90-2022.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("sistema: INE", "sistema: OPLE"), encoding="utf-8")
    _, found, _ = compared(data, RESULTS)
    assert link(found, "DEOE-1").previous is None and link(found, "DEOE-1").predecessor is None


# ---------------------------------------------------------------- what changed for a cargo


def test_a_cargo_sees_what_continued_what_is_new_and_what_ended(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), fields={"DERFE-1": {}})
    vocal = found.cargos[VOCAL]
    assert [(l.predecessor.numero, l.meta.numero) for l in vocal.continued] == [("DEOE-5", "DEOE-2")]
    assert [m.numero for m in vocal.new] == ["DEOE-3"]
    assert vocal.ended == ()
    cartografia = found.cargos["Director de Cartografía Electoral"]
    assert [m.numero for m in cartografia.new] == ["DERFE-1"] and [m.numero for m in cartografia.ended] == ["DERFE-4"]
    ejecutivo = found.cargos[VOCAL_EJECUTIVO]
    assert [m.numero for m in ejecutivo.ended] == ["DEOE-6"]
    assert found.successors_of(link(found, "DEOE-2").predecessor) == (link(found, "DEOE-2").meta,)
    assert "Director de Operación Regional" not in found.cargos  # its latest period has no period before it


@pytest.mark.parametrize("cancelled", ["DEOE-2"])
def test_a_cancelled_meta_continues_nothing(tmp_path, cancelled):
    portal = prepared(two_periods(tmp_path))
    portal = replace(portal, metas=tuple(replace(m, cancelada=True) if (m.acuerdo, m.numero) == (NOW, cancelled) else m for m in portal.metas))
    found = continuity.compare(portal)
    assert (NOW, cancelled) not in found.links
    assert [m.numero for m in found.cargos[VOCAL].ended] == ["DEOE-5"]


# ---------------------------------------------------------------- what pages and the explorer show


def rendered(data: Path, resultados=(), fields=None) -> dict:
    from generator.site.pages import Renderer

    portal = prepared(data, fields)
    derived = derive.derive(portal, resultados)
    derived = replace(derived, checks=tuple(verify.verify(portal, derived)))
    return {page.url: page for page in Renderer(portal, derived, ()).render_all()}


def visible(page) -> tuple[str, list[str]]:
    from sitecheck import PageParser

    parser = PageParser()
    parser.feed(page.html)
    return parser.visible_text, parser.links


def test_the_cargo_page_shows_what_continued_what_is_new_and_what_ended_with_links(tmp_path):
    pages = rendered(two_periods(tmp_path), RESULTS)
    text, links = visible(pages["cargos/director-de-cartografia-electoral/"])
    assert "Respecto del periodo anterior: 0 metas continúan, 1 es nueva y 1 ya no se asigna." in text
    assert "Cambios respecto del periodo anterior" in text and "en el periodo septiembre 2023 – agosto 2024 (INE), comparadas con las del periodo septiembre 2022 – agosto 2023 (INE)" in text
    assert "Nuevas (1) ¶ Meta Descripción DERFE-1 Actualizar la cartografía electoral" in text
    assert "Ya no asignadas (1)" in text and "DERFE-4 Depurar el padrón electoral INE/JGE90/2022" in text
    assert "../../metas/ine-jge90-2022/derfe-4/" in links and "../../metas/ine-jge100-2023/derfe-1/" in links
    text, links = visible(pages["cargos/vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva/"])
    assert "DEOE-2 Verificar las bodegas electorales DEOE-5 (INE/JGE90/2022) Ver la observación 90 % → 95 %" in text
    assert "../../metas/ine-jge100-2023/deoe-2/#periodo-anterior" in links and "../../metas/ine-jge90-2022/deoe-5/" in links


def test_a_cargo_without_an_earlier_period_has_no_comparison(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
    text, _ = visible(rendered(data)["cargos/director-de-cartografia-electoral/"])
    assert "periodo anterior" not in text


def test_verificacion_shows_both_rules_with_the_passage_they_come_from(tmp_path):
    pages = rendered(two_periods(tmp_path), RESULTS)
    text, _ = visible(pages["verificacion/"])
    assert "«una meta que en un periodo de evaluación previo haya obtenido un promedio de 10 en su calificación final, no podrá ser asignada para un nuevo periodo en los mismos términos, a menos que se presente una justificación válida»" in text
    assert "Considerando 2 («Marco normativo»)" in text
    assert "«cada año el nivel esperado de las metas deberá implicar resultados superiores a los alcanzados en el año anterior" in text
    own, _ = visible(next(p for url, p in pages.items() if url.startswith("verificacion/") and "jge100" in url))
    assert "Metas con promedio de 10 no repetidas en los mismos términos" in own and "DEOE-1" in own


def test_the_explorer_carries_the_predecessor_and_the_verdicts(tmp_path):
    import json

    from generator.site import explorer

    portal = prepared(two_periods(tmp_path))
    found = continuity.compare(portal, RESULTS)
    records = {(r["a"], r["n"]): r for r in json.loads(explorer.index(portal, continuity=found))["metas"]}
    assert (records[(NOW, "DEOE-2")]["o"], records[(NOW, "DEOE-2")]["g"], records[(NOW, "DEOE-2")]["v"]) == (f"{BEFORE}:DEOE-5", continuity.CUMPLE, continuity.OBSERVACION)
    assert "o" not in records[(NOW, "DERFE-1")] and "g" not in records[(NOW, "DERFE-1")]


def test_a_verdict_reads_with_its_status_first_once(tmp_path):
    _, found, _ = compared(two_periods(tmp_path), RESULTS)
    assert link(found, "DEOE-1").repetida.text.startswith("Observación. La meta antecesora, INE/JGE90/2022:DEOE-1, obtuvo un promedio de 10")
    assert link(found, "DERFE-1").nivel.text.startswith("No aplica: la meta no tiene antecesora")


# ---------------------------------------------------------------- from the data folder: data/resultados/ and the two columns


def write_results(data: Path, rows: str, name: str = "2022-2023.csv") -> None:
    (data / "resultados").mkdir(exist_ok=True)
    (data / "resultados" / name).write_text("acuerdo,numero_meta,promedio,nivel_alcanzado\n" + rows, encoding="utf-8")


def observaciones(data: Path) -> set[tuple[str, int, str]]:
    ready, findings = check(data)
    assert ready is not None, [f.describe() for f in findings]
    return {(Path(f.file).name, f.row, f.code) for f in findings if f.code in ("repite_meta_con_promedio_10", "nivel_esperado_no_superior")}


def test_each_rule_fires_on_the_metas_that_break_it_and_on_no_other(tmp_path):
    data = two_periods(tmp_path)
    write_results(data, "INE/JGE90/2022,DEOE-1,10,100\nINE/JGE90/2022,DEOE - 5,10,97\nINE/JGE90/2022,DEOE-8,10,100\nINE/JGE90/2022,DERFE-4,9.2,\n")
    assert observaciones(data) == {("INE-JGE100-2023.csv", 2, "repite_meta_con_promedio_10"), ("INE-JGE100-2023.csv", 3, "nivel_esperado_no_superior")}


def test_the_justificacion_column_lifts_both_rules(tmp_path):
    data = two_periods(tmp_path)
    write_results(data, "INE/JGE90/2022,DEOE-1,10,100\nINE/JGE90/2022,DEOE-5,10,97\n")
    edit_metas(data, lambda rows: [r.update(justificacion="La DESPEN juzgó satisfactoria su diferenciación." if r["numero_meta"] in ("DEOE-1", "DEOE-2") else "") for r in rows])
    assert observaciones(data) == set()


def test_the_meta_anterior_column_names_the_predecessor(tmp_path):
    data = two_periods(tmp_path)
    write_results(data, "INE/JGE90/2022,DERFE-4,10,100\n")
    edit_metas(data, lambda rows: [r.update(meta_anterior="ine/jge90/2022 : derfe - 4" if r["numero_meta"] == "DERFE-1" else "") for r in rows])
    ready, _ = check(data)
    found = ready.derived.continuity
    assert predecessor(found, "DERFE-1") == "DERFE-4" and link(found, "DERFE-1").how == continuity.EXPLICIT
    assert link(found, "DERFE-1").repetida.status == continuity.CUMPLE and "cambió la descripción" in link(found, "DERFE-1").repetida.detail
    assert link(found, "DERFE-1").nivel.status == continuity.OBSERVACION  # 98.5 % now, 100 % reached


def test_a_meta_anterior_of_the_same_period_is_refused(tmp_path):
    data = two_periods(tmp_path)
    edit_metas(data, lambda rows: [r.update(meta_anterior="INE/JGE100/2023:DEOE-2" if r["numero_meta"] == "DEOE-1" else "") for r in rows])
    _, findings = check(data)
    [found] = [f for f in findings if f.code == "meta_anterior_no_anterior"]
    assert (found.row, found.column, found.value) == (2, "meta_anterior", "INE/JGE100/2023:DEOE-2")
    assert "debe ser de un periodo anterior del sistema INE" in found.message


def test_results_are_read_from_a_workbook_too(tmp_path):
    import openpyxl

    data = two_periods(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Acuerdo", "Número de meta", "Promedio", "Nivel alcanzado"])
    sheet.append(["INE/JGE90/2022", "DEOE-5", 9.5, 99])
    (data / "resultados").mkdir()
    book.save(data / "resultados" / "resultados.xlsx")
    ready, _ = check(data)
    assert link(ready.derived.continuity, "DEOE-2").resultado.nivel_alcanzado == 99
    assert link(ready.derived.continuity, "DEOE-2").nivel.status == continuity.OBSERVACION


def test_a_results_file_of_another_format_or_for_an_unknown_acuerdo_is_refused(tmp_path):
    data = two_periods(tmp_path)
    write_results(data, "INE/JGE80/2021,DEOE-1,10,\nINE/JGE90/2022,DEOE-1,diez,\nINE/JGE90/2022,DEOE-5,9,noventa\n")
    (data / "resultados" / "notas.docx").write_bytes(b"PK")
    ready, findings = check(data)
    assert ready is None
    described = {(Path(f.file).name, f.row, f.column, f.code, f.value) for f in findings}
    assert ("2022-2023.csv", 2, "numero_meta", "resultado_sin_meta", "DEOE-1") in described
    assert ("2022-2023.csv", 3, "promedio", "valor_invalido", "diez") in described
    assert ("2022-2023.csv", 4, "nivel_alcanzado", "valor_invalido", "noventa") in described
    assert any(f.code == "formato_no_admitido" and f.file.endswith("resultados/notas.docx") for f in findings)
    assert all("Traceback" not in f.describe() for f in findings)


# ---------------------------------------------------------------- the illustrative example (examples/periodo-anterior)


def test_the_example_earlier_period_fires_each_rule_where_its_readme_says(tmp_path):
    ready, findings = check(with_example(tmp_path / "data"))
    assert ready is not None, [f.describe() for f in findings]
    fired = {(f.code, next(m.numero for m in ready.portal.metas if (m.file, m.row) == (f.file, f.row))) for f in findings if f.code in ("repite_meta_con_promedio_10", "nivel_esperado_no_superior")}
    assert fired == {("repite_meta_con_promedio_10", "DEOE-53"), ("nivel_esperado_no_superior", "DEOE-44")}
    found = ready.derived.continuity
    assert link(found, "DEOE-54", "EJEMPLO/JGE1/2023").repetida.status == continuity.JUSTIFICADA
    assert link(found, "DEOE-48", "INE/JGE186/2022").nivel.status == continuity.MAXIMO
    assert link(found, "DEOE-50", "INE/JGE186/2022").repetida.status == continuity.NO_VERIFICABLE
    assert all(m.datos_ilustrativos for m in ready.portal.metas if m.acuerdo == "EJEMPLO/JGE2/2021")
    assert ready.portal.acuerdo("EJEMPLO/JGE2/2021").acuerdo_ilustrativo


def test_the_downloads_carry_the_predecessor_and_both_verdicts(tmp_path):
    import csv
    import io

    from generator.site import exports

    ready, _ = check(with_example(tmp_path / "data"))
    downloads = {d.path: d for d in exports.build(ready.portal, ready.derived)}
    rows = {(r["acuerdo"], r["numero_meta"]): r for r in csv.DictReader(io.StringIO(downloads["datos/metas.csv"].content.decode("utf-8-sig")))}
    repeated = rows[("EJEMPLO/JGE1/2023", "DEOE-53")]
    assert repeated["meta_antecesora"].startswith("EJEMPLO/JGE2/2021:") and repeated["antecesora_por"] in ("meta_anterior", "similitud")
    assert repeated["verificacion_promedio_10"] == continuity.OBSERVACION
    assert rows[("INE/JGE186/2022", "DEOE-44")]["verificacion_nivel_esperado"] == continuity.OBSERVACION
    earliest = next(r for (clave, _), r in rows.items() if clave == "EJEMPLO/JGE2/2021")
    assert earliest["meta_antecesora"] == "" and earliest["verificacion_promedio_10"] == continuity.NO_HECHA
    dictionary = json.loads(downloads["datos/datapackage.json"].content)
    fields = {f["name"] for r in dictionary["resources"] if r["name"] == "metas" for f in r["schema"]["fields"]}
    assert {"meta_antecesora", "antecesora_por", "verificacion_promedio_10", "verificacion_nivel_esperado"} <= fields


def test_the_meta_page_links_its_predecessor_and_successor_with_both_rules(tmp_path):
    pages = rendered(two_periods(tmp_path), RESULTS)
    text, links = visible(pages["metas/ine-jge100-2023/deoe-2/"])
    assert "Continúa la meta DEOE-5 del acuerdo INE/JGE90/2022 (periodo septiembre 2022 – agosto 2023 (INE)): misma área normativa, un cargo o puesto en común y la misma descripción. Nivel esperado: 90 % antes, 95 % ahora; la meta anterior obtuvo un promedio de 10." in text
    assert "Nivel esperado superior al alcanzado el año anterior : Observación. Se comparó con el nivel alcanzado" in text
    assert "../../ine-jge90-2022/deoe-5/" in links
    text, links = visible(pages["metas/ine-jge90-2022/deoe-5/"])
    assert "La continúa en un periodo posterior: DEOE-2 (INE/JGE100/2023, periodo septiembre 2023 – agosto 2024 (INE))." in text
    assert "../../ine-jge100-2023/deoe-2/" in links
    text, _ = visible(pages["metas/ine-jge100-2023/derfe-1/"])
    assert "Meta nueva: no continúa ninguna meta del periodo septiembre 2022 – agosto 2023 (INE)." in text


def test_synth_makes_an_earlier_period_and_its_results_at_any_scale(tmp_path):
    from generator.tools.synth import synth_with_results

    data = tmp_path / "data"
    synth_with_results(80, data)
    ready, findings = check(data)
    assert ready is not None, [f.describe() for f in findings if f.severity == "error"]
    periods = {(p.sistema, p.inicio.year) for p in ready.portal.periodos}
    assert periods == {("INE", 2022), ("INE", 2023), ("OPLE", 2022), ("OPLE", 2023)}
    graded = {m.acuerdo for m in ready.portal.metas if (m.acuerdo, m.numero) in {(l.predecessor.acuerdo, l.predecessor.numero) for l in ready.derived.continuity.links.values() if l.resultado}}
    assert graded and all(ready.portal.acuerdo(clave).periodo.inicio.year == 2022 for clave in graded)
    assert sorted(p.name for p in (data / "resultados").iterdir()) == ["EJEMPLO-JGE321-2022.csv", "EJEMPLO-JGE322-2022.csv", "EJEMPLO-JGE326-2022.csv", "EJEMPLO-JGE327-2022.csv"]
    continued = [l for l in ready.derived.continuity.links.values() if l.predecessor is not None]
    assert len(continued) >= 10 and all(l.meta.periodo.inicio.year == 2023 for l in continued)
    assert all(m.datos_ilustrativos for m in ready.portal.metas)
