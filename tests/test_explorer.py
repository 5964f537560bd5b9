"""explorer.index: the JSON that /explorador/ reads, one record per meta."""

from __future__ import annotations

import json

import pytest

from generator.contract import schema
from generator.model.pipeline import prepare
from generator.site import explorer


@pytest.fixture(scope="module")
def prepared(example_data):
    return prepare(example_data)  # with the example amendment: a cancelled meta


@pytest.fixture(scope="module")
def document(prepared):
    return json.loads(explorer.index(prepared.portal))


def test_one_record_per_meta_in_the_models_order(prepared, document):
    metas = prepared.portal.metas
    assert [(r["a"], r["n"]) for r in document["metas"]] == [(m.acuerdo, m.numero) for m in metas]


def test_each_record_carries_the_metas_fields(prepared, document):
    for meta, record in zip(prepared.portal.metas, document["metas"]):
        assert record["p"] == meta.periodo.slug
        assert (record["t"], record["r"], record["m"]) == (meta.tipo, meta.area, meta.ambito)
        assert record["c"] == list(meta.cargos)
        assert record.get("e", []) == list(meta.entidades)
        assert record["d"] == meta.descripcion
        assert (record["i"], record["f"]) == (meta.fecha_inicio.isoformat(), meta.fecha_termino.isoformat())
        assert record["u"] == meta.path
        assert record.get("x") == (1 if meta.cancelada else None)


def test_cancelled_metas_are_kept_and_marked(prepared, document):
    cancelled = [m.numero for m in prepared.portal.metas if m.cancelada]
    assert cancelled, "the example data has a cancelled meta"
    assert [r["n"] for r in document["metas"] if r.get("x") == 1] == cancelled


def test_tables_for_the_facets(prepared, document):
    portal = prepared.portal
    assert list(document["periodos"]) == [p.slug for p in portal.periodos]
    assert document["periodos"][portal.periodos[0].slug] == {"etiqueta": portal.periodos[0].label, "sistema": portal.periodos[0].sistema}
    assert document["acuerdos"] == [a.clave for a in portal.acuerdos]
    assert document["areas"] == {a.siglas: a.nombre or "" for a in portal.areas}
    assert document["tipos"] == schema.TIPO_LABEL and document["ambitos"] == schema.AMBITO_LABEL
    assert {r["p"] for r in document["metas"]} <= set(document["periodos"])
    assert {r["a"] for r in document["metas"]} <= set(document["acuerdos"])


def test_text_is_kept_as_written_and_the_file_is_compact(prepared):
    raw = explorer.index(prepared.portal)
    assert "Organización".encode() in raw  # UTF-8, not \u escapes
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()  # no spaces, no indent


def test_the_first_rows_are_the_first_page_of_metas_in_the_datas_order(prepared):
    rows = explorer.first_rows(prepared.portal)
    assert [r.meta for r in rows] == list(prepared.portal.metas[: explorer.PAGE])
    first = rows[0]
    months = ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.")
    for shown, day in ((first.inicio, first.meta.fecha_inicio), (first.termino, first.meta.fecha_termino)):
        assert shown == f"{day.day} {months[day.month - 1]} {day.year}"  # as every listing of the site writes a date
    assert first.cargos == "; ".join(first.meta.cargos)
    assert first.tipo == schema.TIPO_LABEL[first.meta.tipo] and first.ambito == schema.AMBITO_LABEL[first.meta.ambito]


@pytest.mark.parametrize("text, shown", [
    ("a" * explorer.DESCRIPTION_CUT, "a" * explorer.DESCRIPTION_CUT),  # as long as the cut: whole
    ("a" * (explorer.DESCRIPTION_CUT - 4) + " bcdef", "a" * (explorer.DESCRIPTION_CUT - 4) + "…"),  # the space before the cut is dropped
    ("é" * (explorer.DESCRIPTION_CUT + 1), "é" * (explorer.DESCRIPTION_CUT - 3) + "…"),  # characters, not bytes
])
def test_long_descriptions_are_cut_with_an_ellipsis(text, shown):
    assert explorer.shown_description(text) == shown
