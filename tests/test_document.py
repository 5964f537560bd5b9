"""The acuerdo's text on its page: layout kept, markup from the text never interpreted."""

from __future__ import annotations

from pathlib import Path

from generator.contract.siglas import Siglas
from generator.input.document import to_html

SEED = Path(__file__).resolve().parents[1] / "data" / "documentos" / "INE-JGE186-2022.md"
GLOSARIO = {"DEOE": "Dirección Ejecutiva de Organización Electoral", "DESPEN": "Dirección Ejecutiva del Servicio Profesional Electoral Nacional", "Junta": "Junta General Ejecutiva"}


def test_seed_headings_glossary_and_cuadro_become_html():
    html = to_html(SEED.read_text(encoding="utf-8"), Siglas(GLOSARIO))
    assert "<h3>ANTECEDENTES</h3>" in html and "<h3>ACUERDO</h3>" in html
    assert "<h4>1. Competencia.</h4>" in html
    assert "<strong>GLOSARIO</strong>" in html
    assert '<th scope="row"><strong>' not in html
    assert "<td>Dirección Ejecutiva de Administración.</td>" in html
    cuadro = html.split("Cuadro 1.", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Oficinas centrales</th>' in cuadro
    assert '<tr><th scope="row">DECEYEC</th><td>5</td><td>3</td><td>4</td><td></td><td>12</td></tr>' in cuadro
    assert '<tr><th scope="row">Totales</th><td>64</td><td>19</td><td>13</td><td>7</td><td>103</td></tr>' in cuadro


def test_raw_html_and_links_in_the_text_are_shown_as_written():
    text = "Párrafo con <script>alert(1)</script> y [un enlace](javascript:alert(2)) y <https://ejemplo.org> & más.\n"
    html = to_html(text, Siglas({}))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<a " not in html
    assert "&amp; más" in html


def test_siglas_are_explained_once_focusable_and_never_inside_tags():
    siglas = Siglas(GLOSARIO)
    html = siglas.mark("La DEOE y la DESPEN; otra vez DEOE-12. Junta no es sigla. <b>DEOE</b>")
    assert html.count('<abbr title="Dirección Ejecutiva de Organización Electoral" tabindex="0">DEOE</abbr>') == 1
    assert html.count('<abbr title="Dirección Ejecutiva de Organización Electoral">DEOE</abbr>') == 2
    assert "&lt;b&gt;" in html
    assert "Junta no" in html and 'title="Junta' not in html
    marked_twice = siglas.mark_html(str(html))
    assert marked_twice.count("<abbr") == 4


def test_marking_does_not_slow_down_with_the_size_of_the_glossary():
    import time

    glosario = {f"S{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676 % 26)}X": "sigla" for i in range(17_000)}
    siglas = Siglas({**glosario, **GLOSARIO})
    text = "La DEOE y la DESPEN en DEOE-12, DEOEs y ÁDEOE; SAAAX. " * 2_000
    started = time.perf_counter()
    html = siglas.mark(text)
    assert time.perf_counter() - started < 1
    assert html.count(">DEOE</abbr>") == 4_000 and "DEOEs" in html and "ÁDEOE" in html
    assert html.count('<abbr title="sigla"') == 2_000


def test_a_code_span_is_escaped_once():
    html = to_html("Use `a<b & c>d` y `&lt;` aquí", Siglas({}))
    assert "<code>a&lt;b &amp; c&gt;d</code>" in html  # shows a<b & c>d
    assert "<code>&amp;lt;</code>" in html  # shows &lt;, as written
    assert "&amp;amp;" not in html


def test_bold_tags_close_right_even_with_spaces_inside_or_without_a_pair():
    assert "<p><strong>Primero:</strong> texto</p>" in to_html("<b>Primero: </b>texto", Siglas({}))
    html = to_html("<b> Acuerdo </b> y <b>otro</b>", Siglas({}))
    assert "<strong>Acuerdo</strong>" in html and "<strong>otro</strong>" in html
    for unpaired in ("texto con <b>negritas sin cierre", "a </b> b", "<b>uno\n\ndos</b>"):
        html = to_html(unpaired, Siglas({}))
        assert "**" not in html and "&lt;b" not in html and "&lt;/b" not in html, html


def test_a_reference_definition_is_shown_as_text_not_dropped():
    html = to_html('Ver [el anexo][1].\n\n[1]: http://evil.example/ "t"\n[otro]: javascript:alert(1)', Siglas({}))
    assert "[1]: http://evil.example/" in html and "[otro]: javascript:alert(1)" in html
    assert "<a " not in html and "href" not in html
