"""pages: HTML kept out of Markdown's way, and put back."""

from __future__ import annotations

from generator.pages import Page, restore_html, set_aside_html

FRONT = '---\ntitle: "DEOE-1"\n---\n\n'


def test_runs_of_html_become_one_placeholder_and_come_back():
    markdown = FRONT + "<h1>Meta</h1>\n\n<p>uno</p>\n\n\n\n<dl>dos</dl>\n\n## Ficha\n\n<table>tres</table>\n\nTexto **suelto**"
    content, blocks = set_aside_html(markdown)
    assert content == FRONT + "<!--portal-bloque-0-->\n\n## Ficha\n\n<!--portal-bloque-1-->\n\nTexto **suelto**"
    assert blocks == ("<h1>Meta</h1>\n\n<p>uno</p>\n\n<dl>dos</dl>", "<table>tres</table>")
    rendered = "<!--portal-bloque-0-->\n<h2>Ficha</h2>\n<!--portal-bloque-1-->\n<p>Texto <strong>suelto</strong></p>"
    assert restore_html(rendered, blocks) == "<h1>Meta</h1>\n\n<p>uno</p>\n\n<dl>dos</dl>\n<h2>Ficha</h2>\n<table>tres</table>\n<p>Texto <strong>suelto</strong></p>"


def test_a_page_all_html_is_known_before_markdown():
    meta = Page("metas/a/deoe-1.md", *set_aside_html(FRONT + "<h1>Meta</h1>\n\n<p>uno</p>"))
    assert meta.html == "<h1>Meta</h1>\n\n<p>uno</p>"
    listing = Page("cargos/vocal.md", *set_aside_html(FRONT + "<h1>Vocal</h1>\n\n## Periodo 2022\n\n<p>uno</p>"))
    assert listing.html is None
