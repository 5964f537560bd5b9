"""builder: the one module that knows MkDocs, and what it must not change in the pages."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import DATA, REPO
from generator.contract import urls
from generator.model import pipeline
from generator.build import builder

GENERATOR = REPO / "generator"


def test_only_the_adapter_names_the_builder():
    """Moving to ProperDocs or another builder is a change of builder.py alone."""
    naming = sorted(
        str(path.relative_to(REPO))
        for path in GENERATOR.rglob("*.py")
        if re.search(r"mkdocs|material", path.read_text(encoding="utf-8"))  # as `grep -rn "mkdocs\|material"` does
    )
    assert naming == ["generator/build/builder.py"]


def test_no_template_or_script_spells_a_site_path():
    """Addresses come from the URL map (generator/contract/urls.py), never from a literal."""
    literal = re.compile(r"""rel\(\s*['"]|['"](?:datos|metas|acuerdos|areas|cargos|periodos|pagefind|explorador|buscar)/""")
    offenders = [
        f"{path.name}:{number}"
        for path in [*(GENERATOR / "site" / "templates").glob("*.j2"), *(REPO / "site_src" / "assets" / "js").glob("*.js"), *(REPO / "site_src" / "overrides").rglob("*.html")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if literal.search(line)
    ]
    assert offenders == []


def test_the_shared_theme_blocks_give_the_same_bytes_as_rendering_each_page(tmp_path, site):
    """If a Material upgrade made a shared block depend on the page, every meta page would be wrong: compare."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "site_src")
    config["theme"]["custom_dir"] = str(REPO / "site_src" / "overrides")
    config["plugins"] = [{"portal": {"data_dir": str(DATA), "shared_blocks": False, "search_index": False}}]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    fresh = tmp_path / "fresh"
    builder.build(pipeline.prepare(DATA), config_file, fresh)
    meta_pages = sorted((site / "metas").rglob("index.html"))
    assert len(meta_pages) > 100
    for page in meta_pages:
        assert (fresh / page.relative_to(site)).read_bytes() == page.read_bytes(), page.relative_to(site)


def test_titles_and_descriptions_reach_the_theme_escaped(site):
    """The adapter escapes what Material prints raw: a title is text, in <title> and in the header."""
    page = (site / urls.meta("INE/JGE186/2022", "DEOE-1") / "index.html").read_text(encoding="utf-8")
    assert "<title>DEOE-1 · INE/JGE186/2022 (datos ilustrativos) - " in page


def test_find_config_looks_upward_from_the_current_folder(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    folder = tmp_path / "proyecto" / "sub"
    folder.mkdir(parents=True)
    assert builder.find_config(folder) == tmp_path / "mkdocs.yml"
    assert builder.find_config(Path("/")) is None


def test_configurations_in_a_folder_are_found_at_any_depth_in_any_spelling(tmp_path):
    (tmp_path / "metas" / "sub").mkdir(parents=True)
    for name in ("mkdocs.yml", "metas/ProperDocs.yml", "metas/sub/mkdocs.yaml"):
        (tmp_path / name).write_text("hooks: [x.py]\n", encoding="utf-8")
    (tmp_path / "metas" / "notas.yml").write_text("x: 1\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in builder.configurations_in(tmp_path)] == ["metas/ProperDocs.yml", "metas/sub/mkdocs.yaml", "mkdocs.yml"]


