"""explorer.index: the JSON that /explorador/ reads, one record per meta, and the description of its fields."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest

from generator.contract import schema, urls
from generator.model.pipeline import prepare
from generator.site import explorer



@pytest.fixture(scope="module")
def prepared(example_data):
    return prepare(example_data)  # with the example amendment (a cancelled meta) and an earlier period


@pytest.fixture(scope="module")
def document(prepared):
    return json.loads(explorer.index(prepared.portal, continuity=prepared.derived.continuity))


def readable(document) -> list[dict]:
    """The records as explorador.js `prepare` reads them: by the document's own description of its fields (text unless
    a field says otherwise; a field that another decides, from the value the description gives for the other's)."""
    empty = {"text": "", "date": "", "list": []}

    def value(field, record):
        kind = field.get("tipo", "text")
        return field["valores"][record.get(field["clave"]) == 1] if kind == "flag" else record.get(field["clave"], empty[kind])

    metas = []
    for record in document["metas"]:
        meta = {f["nombre"]: value(f, record) for f in document["campos"] if "segun" not in f}
        metas.append(meta | {f["nombre"]: f["por"][meta[f["segun"]]] for f in document["campos"] if "segun" in f})
    return metas


def explorer_columns() -> list[schema.Column]:
    return [c for c in schema.METAS_COLUMNS if c.explorer]


def test_one_record_per_meta_in_the_models_order(prepared, document):
    metas = prepared.portal.metas
    assert [(m["acuerdo"], m["numero_meta"]) for m in readable(document)] == [(m.acuerdo, m.numero) for m in metas]


def test_each_record_carries_the_contract_columns_the_schema_gives_a_key(prepared, document):
    columns = explorer_columns()
    assert columns, "the schema gives some columns an explorer key"
    for meta, shown in zip(prepared.portal.metas, readable(document)):
        for column in columns:
            value = meta.value(column)
            expected = list(value) if column.kind == "list" else value.isoformat() if column.kind == "date" else value or ""
            assert shown[column.name] == expected, column.name


def test_and_the_explorers_own_fields(prepared, document):
    continuity = prepared.derived.continuity
    for meta, shown in zip(prepared.portal.metas, readable(document)):
        assert shown["periodo"] == meta.periodo.slug
        assert shown["url"] == meta.path
        assert shown["estado"] == ("cancelada" if meta.cancelada else "vigente")
        assert shown["datos_ilustrativos"] is meta.datos_ilustrativos
        link = continuity.link(meta)
        predecessor = link.predecessor if link else None
        assert shown["meta_antecesora"] == (f"{predecessor.acuerdo}:{predecessor.numero}" if predecessor else "")
        assert (shown["verificacion_promedio_10"], shown["verificacion_nivel_esperado"]) == ((link.repetida.status, link.nivel.status) if predecessor else ("", ""))
    assert any(m["meta_antecesora"] for m in readable(document)), "the example's earlier period gives some metas a predecessor"


def test_the_periodo_is_given_once_per_acuerdo_not_in_each_record(prepared, document):
    """10,000 metas stay small: the periodo, which the acuerdo decides, is said once for each acuerdo."""
    periodo = next(f for f in document["campos"] if f["nombre"] == "periodo")
    assert periodo["segun"] == "acuerdo"
    assert periodo["por"] == {a.clave: a.periodo.slug for a in prepared.portal.acuerdos if any(m.acuerdo == a.clave for m in prepared.portal.metas)}
    assert len(set(periodo["por"].values())) >= 2, "the example data has two periods"
    assert not any(periodo["clave"] in record for record in document["metas"])


def test_a_field_that_its_column_does_not_decide_is_a_programming_error(prepared):
    meta = prepared.portal.metas[0]
    shifted = dataclasses.replace(meta, periodo=next(p for p in prepared.portal.periodos if p != meta.periodo))
    portal = dataclasses.replace(prepared.portal, metas=(*prepared.portal.metas, shifted))
    with pytest.raises(ValueError, match=f"acuerdo «{meta.acuerdo}» gives periodo"):
        explorer.index(portal)


def test_the_offline_copy_links_to_the_html_files(prepared):
    document = json.loads(explorer.index(prepared.portal, offline=True))
    assert all(m["url"].endswith(".html") for m in readable(document))


def test_a_record_leaves_out_what_is_empty(document):
    assert all(value not in ("", [], None, 0) for record in document["metas"] for value in record.values())
    assert any("e" not in r for r in document["metas"]) and any(r.get("e") for r in document["metas"])  # entidades: absent means todas


def test_cancelled_metas_are_kept_and_marked(prepared, document):
    cancelled = [m.numero for m in prepared.portal.metas if m.cancelada]
    assert cancelled, "the example data has a cancelled meta"
    assert [m["numero_meta"] for m in readable(document) if m["estado"] == "cancelada"] == cancelled


def test_the_fields_say_how_metas_csv_names_and_titles_them(document):
    fields = {f["nombre"]: f for f in document["campos"]}
    for column in explorer_columns():
        assert fields[column.name]["clave"] == column.explorer
        assert fields[column.name].get("buscado", False) == (column.searched and column.kind != "date")  # dates: the vigencia filter
    assert {f.get("tipo", "text") for f in document["campos"]} <= {"text", "list", "date", "flag"}
    keys = [f["clave"] for f in document["campos"]]
    assert len(set(keys)) == len(keys) and all(len(k) <= 2 for k in keys)  # short: the spec is said once, records stay small
    assert {k for r in document["metas"] for k in r} <= set(keys)
    published = schema.metas_table({}).header
    names = [fields_by_key["nombre"] for key in document["csv"]["columnas"] for fields_by_key in document["campos"] if fields_by_key["clave"] == key]
    assert names == [n for n in published if n in names]  # the CSV of a selection: columns of metas.csv, in its order
    assert {"acuerdo", "numero_meta", "descripcion", "estado", "url", "datos_ilustrativos"} <= set(names)


def test_a_column_given_an_explorer_key_reaches_the_records_the_search_and_the_csv(prepared, monkeypatch):
    """A contract column with a key, and the explorer carries it: no other change (explorador.js reads the spec)."""
    tema = schema.COLUMNS_BY_NAME["tema_prioritario"]
    assert tema.explorer is None and tema.attribute is None and tema.searched  # a text of Meta.fields
    columns = tuple(dataclasses.replace(c, explorer="tp") if c is tema else c for c in schema.METAS_COLUMNS)
    monkeypatch.setattr(schema, "METAS_COLUMNS", columns)
    document = json.loads(explorer.index(prepared.portal))
    field = next(f for f in document["campos"] if f["clave"] == "tp")
    assert field == {"clave": "tp", "nombre": "tema_prioritario", "buscado": True}
    assert "tp" in document["csv"]["columnas"]
    temas = [(m.fields.get("tema_prioritario"), r.get("tp")) for m, r in zip(prepared.portal.metas, document["metas"])]
    assert any(value for value, _ in temas) and all(shown == value for value, shown in temas)


def test_what_the_page_shows_for_a_fields_values(prepared, document):
    """Labels (in their order), names and order, by the column's kind (explorer.SHOWN), and the periodos' labels."""
    portal = prepared.portal
    fields = {f["nombre"]: f for f in document["campos"]}
    assert fields["periodo"]["etiquetas"] == {p.slug: p.label for p in portal.periodos}
    assert fields["acuerdo"]["orden"] == [a.clave for a in portal.acuerdos]
    assert fields["area_normativa"]["nombres"] == {a.siglas: a.nombre or "" for a in portal.areas}
    assert fields["tipo"]["etiquetas"] == schema.TIPO_LABEL and fields["ambito"]["etiquetas"] == schema.AMBITO_LABEL
    assert not any(key in fields[name] for name in ("numero_meta", "descripcion", "cargos_puestos") for key in ("etiquetas", "nombres", "orden"))
    assert {m["periodo"] for m in readable(document)} <= set(fields["periodo"]["etiquetas"])
    assert {m["acuerdo"] for m in readable(document)} <= set(fields["acuerdo"]["orden"])


def test_the_fields_the_page_needs_for_their_meaning_from_the_descriptor(document):
    """explorador.js finds a meta's full record in datos/metas.json by its identity, and knows an illustrative one."""
    assert document["papeles"] == {"identidad": ["acuerdo", "numero_meta"], "ilustrativa": "datos_ilustrativos"}
    assert document["papeles"]["identidad"] == list(schema.metas_table({}).primary_key)
    names = {f["nombre"] for f in document["campos"]}
    assert set(document["papeles"]["identidad"]) | {document["papeles"]["ilustrativa"]} <= names


def test_the_page_declares_which_field_each_facet_column_and_filter_uses(site):
    """explorador.js names no field: the page says which field of the data each facet filters, each column shows and the
    vigencia runs between (explorador.html.j2). The facets' names in the address are public (shared links) and stay."""
    page = (site / "explorador" / "index.html").read_text(encoding="utf-8")
    fields = {f["nombre"]: f for f in json.loads((site / urls.EXPLORER_DATA).read_bytes())["campos"]}
    facets = json.loads(html.unescape(re.search(r"data-facetas='([^']*)'", page).group(1)))
    assert [f["clave"] for f in facets] == ["periodo", "acuerdo", "area", "ambito", "tipo", "cargo", "entidad"]
    assert {f["campo"] for f in facets} <= set(fields)
    columns = re.findall(r'<th scope="col" data-columna="(\w+)" data-campo="([^"]+)"', page)
    assert [key for key, _ in columns] == ["numero", "acuerdo", "area", "tipo", "cargos", "descripcion", "vigencia"]
    assert {name for _, names in columns for name in names.split()} <= set(fields)
    vigencia = re.search(r'data-desde="(\w+)" data-hasta="(\w+)"', page).groups()
    assert [fields[name]["tipo"] for name in vigencia] == ["date", "date"]


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
