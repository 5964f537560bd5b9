"""The offline copy (`portal build --offline`): every page a file, every link to a file, no server needed."""

from __future__ import annotations

import json

from sitecheck import pages, parse, resolve

from conftest import DATA
from generator.contract import urls
from generator.model.pipeline import prepare
from generator.site import explorer


def test_every_link_names_a_file_never_a_folder(offline_site):
    """From the file system a link to a folder opens a file listing: none may point to one."""
    broken = []
    reached = set()
    for path in pages(offline_site):
        if path.name == "404.html":
            continue  # only a server shows it
        page = parse(path)
        for href in page.links + page.resources:
            target = resolve(offline_site, path, href, folders=False)
            if target is None:
                continue
            file, anchor = target
            reached.add(file)
            if not file.is_file() or (anchor and file.suffix == ".html" and anchor not in parse(file).ids):
                broken.append((path.relative_to(offline_site).as_posix(), href))
    assert broken == []
    assert [p for p in pages(offline_site) if p not in reached and p.name != "404.html"] == []  # every page is reached


def test_the_same_pages_as_the_online_site(site, offline_site):
    online = {p.relative_to(site).as_posix() for p in pages(site)}
    expected = set()
    for page in online:
        folder = page.removesuffix("index.html")
        is_section = urls.is_index(folder)
        expected.add(page if is_section or page == "404.html" else folder.rstrip("/") + ".html")
    assert {p.relative_to(offline_site).as_posix() for p in pages(offline_site)} == expected


def test_search_goes_to_the_explorer_without_a_search_index(offline_site):
    assert not (offline_site / "pagefind").exists()  # Pagefind fetches its index, which the file system refuses
    home = parse(offline_site / "index.html")
    header_form = next(attrs for tag, attrs in home.tags if tag == "form" and attrs.get("role") == "search")
    assert header_form["action"] == "./explorador/index.html"
    assert "data-buscar-js" not in header_form  # no results page drawn in place: it would need Pagefind
    search_page = parse(offline_site / "buscar" / "index.html")
    assert "pagefind" not in " ".join(search_page.resources)
    assert "En esta copia sin conexión, la búsqueda recorre las metas en el explorador" in search_page.visible_text


def test_the_explorer_data_is_a_script_whose_links_are_files(offline_site):
    script = (offline_site / "assets" / "explorador" / "metas.js").read_text(encoding="utf-8")
    prefix = f"window.{explorer.SCRIPT_GLOBAL} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    document = json.loads(script.removeprefix(prefix).removesuffix(";\n"))
    assert len(document["metas"]) == len(prepare(DATA).portal.metas)
    assert all((offline_site / record["u"]).is_file() and record["u"].endswith(".html") for record in document["metas"])
    assert not (offline_site / "assets" / "explorador" / "metas.json").exists()
    explorer_page = parse(offline_site / "explorador" / "index.html")
    assert "../assets/explorador/metas.js" in [attrs.get("data-src") for tag, attrs in explorer_page.tags]
