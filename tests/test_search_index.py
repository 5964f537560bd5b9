"""search_index.SearchIndex: pages handed to Pagefind's service become a search bundle."""

from __future__ import annotations

import gzip
import json

from generator.search_index import SearchIndex


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
