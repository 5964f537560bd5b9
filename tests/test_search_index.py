"""search_index.SearchIndex: pages handed to Pagefind's service become a search bundle."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from conftest import DATA
from generator.contract.schema import AMBITO_LABEL
from generator.model.pipeline import prepare
from generator.build.search_index import SearchIndex


def fragments(bundle) -> dict[str, dict]:
    found = {}
    for path in (bundle / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[record["url"]] = record
    return found


def test_pages_written_or_known_in_advance_are_both_indexed(tmp_path):
    bundle = tmp_path / "pagefind"
    index = SearchIndex(bundle)
    index.add_article("/metas/a/deoe-1/", '<h1>Meta DEOE-1</h1><p>Verificar la organización de las bodegas.</p><p data-pagefind-ignore>Aviso</p>')
    index.add("/cargos/vocal/", '<html lang="es"><body><nav>Menú</nav><article><h1>Vocal de Organización</h1><p>Cinco metas.</p></article></body></html>')
    index.write_soon()
    index.finish()
    assert json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["es"]["page_count"] == 2
    found = fragments(bundle)
    assert found["/metas/a/deoe-1/"]["meta"]["title"] == "Meta DEOE-1"
    assert "bodegas" in found["/metas/a/deoe-1/"]["content"] and "Aviso" not in found["/metas/a/deoe-1/"]["content"]
    assert found["/cargos/vocal/"]["meta"]["title"] == "Vocal de Organización"
    assert "Menú" not in found["/cargos/vocal/"]["content"]  # only the article is indexed


def test_closing_without_finishing_writes_nothing(tmp_path):
    index = SearchIndex(tmp_path / "pagefind")
    index.add_article("/metas/a/deoe-1/", "<h1>Meta DEOE-1</h1>")
    index.close()
    assert not (tmp_path / "pagefind").exists()


# What the built portal's pages give Pagefind (issue 29, item 8): the fragments are what a result is drawn from.

@pytest.fixture(scope="module")
def indexed(site) -> dict[str, dict]:
    return fragments(site / "pagefind")


@pytest.fixture(scope="module")
def portal():
    return prepare(DATA).portal


def test_a_meta_s_result_is_its_description_and_says_whether_it_is_illustrative(indexed, portal):
    for meta in portal.metas:
        record = indexed["/" + meta.path]
        assert record["meta"]["title"] == f"Meta {meta.numero}"
        assert record["meta"]["extracto"] == meta.descripcion
        assert record["meta"]["ficha"].startswith(f"Área normativa: {meta.area}") and all(c in record["meta"]["ficha"] for c in meta.cargos)
        assert record["meta"].get("ilustrativo") == ("Datos ilustrativos" if meta.datos_ilustrativos else None)
    assert any(m.datos_ilustrativos for m in portal.metas)


COUNTED = re.compile(r"(Una meta en el portal, (?:individual|colectiva)|(\d+) metas en el portal(?:: \d+ individual(?:es)? y \d+ colectivas?|, todas (?:individuales|colectivas)))(?: \(sin contar [^)]+\))?, por periodo y acuerdo\.")


def test_an_area_s_and_a_cargo_s_results_read_as_prose(indexed, portal):
    for area in portal.areas:
        record = indexed["/" + area.path]
        assert record["meta"]["title"] == area.siglas + (f" · {area.nombre}" if area.nombre else "")
        if area.nombre:
            assert record["content"].count(area.nombre) == 1, record["content"]  # not its title again, hidden
        current = [m for m in portal.metas if m.area == area.siglas and not m.cancelada]
        excerpt = record["meta"]["extracto"]
        if current:
            counted = COUNTED.fullmatch(excerpt)
            assert counted and int(counted[2] or 1) == len(current), excerpt
        else:
            assert excerpt == "El portal no tiene metas de esta área."
    for cargo in portal.cargos:
        record = indexed["/" + cargo.path]
        assert not record["content"].rstrip(".").endswith("Gráficas"), record["content"]  # a heading over charts left out
        current = [m for m in portal.metas if cargo.nombre in m.cargos and not m.cancelada]
        counted = COUNTED.fullmatch(record["meta"]["extracto"].removeprefix(f"Ámbito: {AMBITO_LABEL.get(cargo.ambito)}. "))
        assert counted and int(counted[2] or 1) == len(current), record["meta"]["extracto"]


def test_the_home_page_is_left_out_of_the_results(indexed):
    assert "/" not in indexed
    assert "/acuerdos/" in indexed  # the other pages that only point elsewhere are still searched
