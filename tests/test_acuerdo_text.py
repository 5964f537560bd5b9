"""Tests for generator.input.acuerdo_text: the acuerdo's text → metadata and Cuadro 1."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.input.acuerdo_text import competence, cuadro, extract, KEYS, to_yaml

SEED = Path(__file__).parents[1] / "data" / "documentos" / "INE-JGE186-2022.md"  # the seed text, as published
VARIANTS = Path(__file__).parent / "data" / "acuerdo_texts"


def row(area, oc_individuales, oc_colectivas, od_individuales, od_colectivas, total):
    return {
        "area": area,
        "oc_individuales": oc_individuales,
        "oc_colectivas": oc_colectivas,
        "od_individuales": od_individuales,
        "od_colectivas": od_colectivas,
        "total": total,
    }


def variant(name: str) -> str:
    return (VARIANTS / name).read_text(encoding="utf-8")


def title_text(title: str) -> str:
    """A minimal acuerdo: a clave and a bold title."""
    return f"**INE/JGE1/2024**\n\n**{title}**\n"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --- the seed acuerdo, INE/JGE186/2022, checked by hand -----------------------------


def test_seed_scalar_values(seed_text):
    values = extract(seed_text).values
    assert values["clave"] == "INE/JGE186/2022"
    assert values["titulo"] == (
        "ACUERDO DE LA JUNTA GENERAL EJECUTIVA DEL INSTITUTO NACIONAL ELECTORAL POR EL QUE "
        "SE APRUEBA EL SEGUNDO BLOQUE DE METAS PARA LA EVALUACIÓN DEL DESEMPEÑO DEL PERSONAL "
        "DEL SERVICIO PROFESIONAL ELECTORAL NACIONAL DEL SISTEMA DEL INSTITUTO NACIONAL "
        "ELECTORAL, CORRESPONDIENTES AL PERIODO SEPTIEMBRE 2022 A AGOSTO 2023"
    )
    assert values["organo"] == "Junta General Ejecutiva"
    assert values["fecha_aprobacion"] == date(2022, 9, 28)
    assert values["sesion"] == "extraordinaria"
    assert values["votacion"] == "unanimidad"
    assert values["sistema"] == "INE"
    assert values["periodo_inicio"] == date(2022, 9, 1)
    assert values["periodo_fin"] == date(2023, 8, 31)
    assert values["tipo"] == "aprobacion"
    assert values["bloque"] == 2


def test_seed_antecedentes_in_order_of_first_appearance(seed_text):
    assert extract(seed_text).values["antecedentes"] == [
        "INE/JGE174/2022",  # cited first in the glossary (Lineamientos)
        "INE/CG162/2020",
        "INE/CG23/2022",
        "INE/CG691/2020",
        "INE/JGE177/2022",
    ]


def test_seed_comision_and_totales(seed_text):
    values = extract(seed_text).values
    assert values["comision_servicio"] == {"fecha": date(2022, 9, 14), "sesion": "ordinaria"}
    assert values["totales"] == {"metas": 103, "individuales": 77, "colectivas": 26}


def test_seed_cuadro_rows_and_totales(seed_text):
    assert extract(seed_text).values["cuadro"] == [
        row("DECEYEC", 5, 3, 4, 0, 12),
        row("DEOE", 36, 6, 4, 5, 51),
        row("DEPPP", 3, 0, 1, 0, 4),
        row("DERFE", 19, 10, 0, 0, 29),
        row("DEA", 0, 0, 1, 1, 2),
        row("VEL", 0, 0, 2, 0, 2),
        row("UTVOPL", 1, 0, 1, 1, 3),
    ]
    assert cuadro(seed_text)[1] == row("Totales", 64, 19, 13, 7, 103)


def test_seed_glosario(seed_text):
    glosario = extract(seed_text).values["glosario"]
    assert glosario["DEOE"] == "Dirección Ejecutiva de Organización Electoral"
    assert glosario["DESPEN"] == "Dirección Ejecutiva del Servicio Profesional Electoral Nacional"
    assert glosario["UTVOPL"] == (
        "Unidad Técnica de Vinculación con los Organismos Públicos Locales"
    )
    assert glosario["SIISPEN"] == (
        "Sistema Integral de Información del Servicio Profesional Electoral Nacional"
    )
    # the conversion of the PDF put the definition of «Personal del Servicio» after OPLE's; the text is
    # read as converted, and the acuerdo's YAML corrects both entries (tests/test_traceability.py)
    assert glosario["OPLE"].startswith("Organismo Público Local Electoral. Se integra")
    assert "Personal del Servicio" not in glosario
    assert len(glosario) == 19  # 20 entries, "Personal del Servicio:" has no meaning


def test_seed_finds_everything_in_key_order(seed_text):
    extraction = extract(seed_text)
    assert extraction.missing == ()
    assert tuple(extraction.values) == KEYS


# --- variant texts -------------------------------------------------------------------


def test_primer_bloque_with_bold_markdown_and_broken_approval_sentence():
    extraction = extract(variant("jge45_2024_primer_bloque.md"))
    values = extraction.values
    assert extraction.missing == ()
    assert values["clave"] == "INE/JGE45/2024"
    assert values["titulo"].startswith("ACUERDO DE LA JUNTA GENERAL EJECUTIVA DEL INSTITUTO")
    assert values["titulo"].endswith("AL PERIODO SEPTIEMBRE DE 2023 A AGOSTO DE 2024")
    assert values["organo"] == "Junta General Ejecutiva"
    assert values["fecha_aprobacion"] == date(2024, 3, 15)
    assert values["sesion"] == "ordinaria"
    assert values["votacion"] == "mayoría"
    assert values["sistema"] == "INE"
    assert values["periodo_inicio"] == date(2023, 9, 1)
    assert values["periodo_fin"] == date(2024, 8, 31)
    assert values["tipo"] == "aprobacion"
    assert values["bloque"] == 1
    assert values["antecedentes"] == ["INE/JGE60/2023", "INE/JGE186/2022"]  # not the oficios
    assert values["comision_servicio"] == {"fecha": date(2024, 3, 8), "sesion": "extraordinaria"}
    # the antecedente restates INE/JGE186/2022's totals; the acuerdo's own come later
    assert values["totales"] == {"metas": 40, "individuales": 30, "colectivas": 10}
    assert values["glosario"] == {
        "DEOE": "Dirección Ejecutiva de Organización Electoral",
        "DERFE": "Dirección Ejecutiva del Registro Federal de Electores",
        "DESPEN": "Dirección Ejecutiva del Servicio Profesional Electoral Nacional",
        "SIISPEN": "Sistema Integral de Información del Servicio Profesional Electoral Nacional",
        "Lineamientos": "Lineamientos para la evaluación del desempeño del personal del "
        "Servicio, aprobados mediante Acuerdo INE/JGE60/2023",
    }


def test_cuadro_with_empty_first_column_and_bold_cells():
    text = variant("jge45_2024_primer_bloque.md")
    assert extract(text).values["cuadro"] == [
        row("DEOE", 0, 4, 20, 6, 30),
        row("DERFE", 2, 0, 3, 1, 6),
        row("DESPEN", 3, 1, 0, 0, 4),
    ]
    assert cuadro(text)[1] == row("Totales", 5, 5, 23, 7, 40)


def test_modificacion_without_comision_cuadro_or_totales():
    extraction = extract(variant("jge_modificacion.md"))
    values = extraction.values
    assert extraction.missing == ("bloque", "comision_servicio", "totales", "cuadro")
    for key in extraction.missing:
        assert key not in values
    assert values["clave"] == "INE/JGE210/2022"
    assert values["tipo"] == "modificacion"
    assert values["fecha_aprobacion"] == date(2022, 10, 26)
    assert values["sesion"] == "ordinaria"
    assert values["votacion"] == "unanimidad"
    assert values["antecedentes"] == ["INE/JGE177/2022", "INE/JGE186/2022"]
    assert values["glosario"] == {"DEA": "Dirección Ejecutiva de Administración"}
    assert cuadro(variant("jge_modificacion.md")) is None


def test_ople_system_without_accents_and_total_column_first():
    text = variant("ople_tercer_bloque.md")
    extraction = extract(text)
    values = extraction.values
    assert extraction.missing == ("glosario",)
    assert values["clave"] == "INE/JGE12/2023"
    assert values["sistema"] == "OPLE"
    assert values["bloque"] == 3
    assert values["tipo"] == "aprobacion"
    assert values["periodo_inicio"] == date(2022, 9, 1)  # "periodo setiembre 2022"
    assert values["periodo_fin"] == date(2023, 8, 31)
    assert values["fecha_aprobacion"] == date(2023, 2, 1)
    assert values["sesion"] == "extraordinaria"
    assert values["votacion"] == "unanimidad"
    assert values["antecedentes"] == [
        "IEEM/CG/12/2022", "IECM/ACU-CG-012/2022", "INE/CG23/2022",
    ]
    assert values["comision_servicio"] == {"fecha": date(2023, 1, 20), "sesion": "ordinaria"}
    assert values["totales"] == {"metas": 2, "individuales": 2, "colectivas": 0}
    # the row's trailing tabs are missing: the cells it lacks are empty
    assert values["cuadro"] == [row("UTVOPL", 2, 0, 0, 0, 2)]
    assert cuadro(text)[1] == row("Totales", 2, 0, 0, 0, 2)


def test_misaligned_cuadro_row_is_not_read_and_nothing_is_guessed():
    text = variant("jge_sin_efecto.md")
    extraction = extract(text)
    assert extraction.values["tipo"] == "cancelacion"
    assert extraction.values["comision_servicio"] == {
        "fecha": date(2023, 5, 10), "sesion": "ordinaria",
    }
    assert "cuadro" not in extraction.values
    assert cuadro(text) is None
    assert extraction.missing == (
        "fecha_aprobacion", "sesion", "votacion", "bloque", "antecedentes", "totales", "cuadro",
        "glosario",
    )


@pytest.mark.parametrize(
    ("what_it_does", "tipo"),
    [
        ("SE APRUEBAN METAS", "aprobacion"),
        ("SE MODIFICA UNA META", "modificacion"),
        ("SE APRUEBA LA MODIFICACIÓN DE METAS", "modificacion"),
        ("SE CANCELAN METAS", "cancelacion"),
        ("SE DEJA SIN EFECTOS UNA META", "cancelacion"),
    ],
)
def test_tipo_from_title(what_it_does, tipo):
    title = f"ACUERDO DE LA JUNTA GENERAL EJECUTIVA POR EL QUE {what_it_does}"
    assert extract(title_text(title)).values["tipo"] == tipo


@pytest.mark.parametrize(
    ("title_start", "organo"),
    [
        ("ACUERDO DEL CONSEJO GENERAL DEL INSTITUTO NACIONAL ELECTORAL", "Consejo General"),
        ("Acuerdo de la Junta General Ejecutiva del Instituto", "Junta General Ejecutiva"),
    ],
)
def test_organo_from_title(title_start, organo):
    title = f"{title_start} POR EL QUE SE APRUEBAN METAS"
    assert extract(title_text(title)).values["organo"] == organo


@pytest.mark.parametrize(
    ("sentence", "organo", "fecha", "sesion", "votacion"),
    [
        (
            "El presente Acuerdo fue aprobado en lo general en sesión extraordinaria del "
            "Consejo\n\nGeneral celebrada el 3 de diciembre de 2021, por votación mayoritaria "
            "de las y los Consejeros Electorales.",
            "Consejo General", date(2021, 12, 3), "extraordinaria", "mayoría",
        ),
        (
            "EL PRESENTE ACUERDO FUE APROBADO POR UNANIMIDAD DE VOTOS EN SESION ORDINARIA DE LA "
            "JUNTA GENERAL EJECUTIVA CELEBRADA EL DIA 5 DE JULIO DE 2023.",
            "Junta General Ejecutiva", date(2023, 7, 5), "ordinaria", "unanimidad",
        ),
    ],
)
def test_approval_sentence_without_title(sentence, organo, fecha, sesion, votacion):
    values = extract(sentence).values
    assert values["organo"] == organo  # no title: read from the approval sentence
    assert values["fecha_aprobacion"] == fecha
    assert values["sesion"] == sesion
    assert values["votacion"] == votacion


def test_periodo_ends_on_the_last_day_of_its_month():
    values = extract("Metas del periodo septiembre de 2021 a febrero de 2024.").values
    assert values["periodo_inicio"] == date(2021, 9, 1)
    assert values["periodo_fin"] == date(2024, 2, 29)


def test_empty_text_finds_nothing():
    extraction = extract("")
    assert extraction.values == {}
    assert extraction.missing == KEYS


# --- YAML ----------------------------------------------------------------------------


def test_competence_is_the_junta_s_own_sentence_as_the_text_words_it(seed_text):
    assert competence(seed_text).startswith("Esta Junta es competente para aprobar las metas")
    assert competence("Considerando\n\n- **1. Competencia.** Esta Junta es competente **para aprobarlas**.\n") == "Esta Junta es competente para aprobarlas."
    assert competence("Se dice que Esta Junta es competente a mitad de una línea.") is None  # only a line that starts with it
    assert competence("") is None


def test_to_yaml_round_trips_with_dates_as_date_objects(seed_text):
    extraction = extract(seed_text)
    dumped = to_yaml(extraction)
    assert "fecha_aprobacion: 2022-09-28\n" in dumped
    assert "organo: Junta General Ejecutiva\n" in dumped
    assert dumped.index("clave:") < dumped.index("titulo:") < dumped.index("glosario:")
    loaded = yaml.safe_load(dumped)
    assert loaded == extraction.values
    assert loaded["comision_servicio"]["fecha"] == date(2022, 9, 14)


def test_to_yaml_keeps_accents_and_leaves_missing_keys_out():
    extraction = extract(variant("jge_modificacion.md"))
    dumped = to_yaml(extraction)
    assert "Dirección Ejecutiva de Administración" in dumped
    assert yaml.safe_load(dumped) == extraction.values
    assert "cuadro" not in yaml.safe_load(dumped)


# Patterns stay linear in the text's length: each of these took from 17 s to 74 s with an unbounded repetition.
ADVERSARIAL = {
    "glossary line of spaces": "# GLOSARIO\n\n**" + " " * 60_000 + "\n",
    "clave prefix repeated": "INE/" * 30_000,
    "clave with hyphens": "INE/JGE-" * 30_000,
    "count without closing parenthesis": "un total de 1 (" * 20_000,
    "glossary term without colon": "# GLOSARIO\n\n<b>" + " a" * 30_000 + "\n",
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_extraction_is_linear_in_the_length_of_the_text(text):
    import time

    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < 2
