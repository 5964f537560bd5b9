"""security: no page carries script, whatever the data; every page carries the site's policy."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import REPO, build_site
from generator.site import pages, security
from generator import cli
from sitecheck import pages as site_pages
from sitecheck import parse

VALID = Path(__file__).parent / "data" / "valid"
# Attribute lists and links of Markdown, behind the character that once made MkDocs drop a page's
# front matter and render it as Markdown (U+0080), and ordinary mojibake («Ã» + U+0081).
ATTACK = "\u0080**Ejemplo**{: tabindex=0 autofocus=1 onfocus=alert(document.domain) } [x](javascript:alert(1))"
MOJIBAKE = "Ã\u0081rea {: onmouseover=alert(2) }"


@pytest.mark.parametrize("html, found", [
    ('<p onclick="x">', "<p onclick=…>"),
    ('<p  ONFOCUS = "x">', "<p onfocus=…>"),
    ('<img src=x onerror=alert(1)>', "<img onerror=…>"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "<a href=«jav\tascript:alert(1)»>"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a href=« JaVaScRiPt:alert(1)»>"),
    ('<svg><a xlink:href="javascript:alert(1)"></a></svg>', "<a xlink:href=«javascript:alert(1)»>"),
    ('<a href=javascript:alert(1)>x</a>', "<a href=«javascript:alert(1)»>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a href=«data:text/html;base64,PHNjcmlwdD4=»>"),
    ('<a href="javascript&colon;alert(1)">x</a>', "<a href=«javascript:alert(1)»>"),
    ('<a href="VBScript :msgbox(1)">x</a>', "<a href=«VBScript :msgbox(1)»>"),
    ("<form action='j&#97;vascript:alert(1)'></form>", "<form action=«javascript:alert(1)»>"),
    ('<a title="x"/href="java\nscript:alert(1)">x</a>', "<a href=«java\nscript:alert(1)»>"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "<animate to=«javascript:alert(1)»>"),
    ("<script>alert(1)</script>", "1 <script> en línea"),
])
def test_unsafe_markup_is_found(html, found):
    assert security.unsafe_markup(html) == [found]


@pytest.mark.parametrize("html", [
    "<p>onclick=alert(1) y javascript:alert(1) como texto &lt;script&gt;</p>",
    '<p title="O&#39;Brien">«javascript&#58;alert(1)» &#34;entre comillas&#34;</p><a href="?a=1&amp;b=2">x</a>',
    '<a href="../metas/x/">x</a><script src="a.js" defer></script><script type="application/json">{"a": 1}</script>',
    # pages whose slug begins with the letters of a scheme (a meta numbered «Javascript-1»): no colon, no scheme
    '<a href="javascript-1/">x</a><a href="VBScript-2/index.html">y</a><a href=javascripts>z</a>',
])
def test_text_and_safe_markup_pass(html):
    assert security.unsafe_markup(html) == []


def test_every_page_carries_the_policy_and_no_inline_script(site):
    for path in site_pages(site):
        html = path.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{security.CONTENT_SECURITY_POLICY}">' in html, path
        assert security.unsafe_markup(html) == [], path


def make_attacked_site(root: Path) -> Path:
    """The valid test data with attacks in a description, a cargo, a líder and the acuerdo's title, built."""
    data = root / "data"
    shutil.copytree(VALID, data)
    table = data / "metas" / "INE-JGE100-2023.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[0]["descripcion"] = ATTACK
    rows[0]["cargos_puestos"] = MOJIBAKE
    rows[1]["lider_equipo"] = "[clic](javascript:alert(3))"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    yml = data / "acuerdos" / "INE-JGE100-2023.yml"
    text = yml.read_text(encoding="utf-8").replace("titulo: Acuerdo de prueba por el que se aprueban metas para la evaluación del desempeño", 'titulo: "\\x80**T**{: onfocus=alert(4) } Acuerdo de prueba"')
    assert "onfocus" in text
    yml.write_text(text, encoding="utf-8")
    result = build_site(data, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    return make_attacked_site(tmp_path_factory.mktemp("ataque"))


def test_attribute_lists_and_script_links_in_the_data_stay_text(attacked_site):
    for path in site_pages(attacked_site):
        html = path.read_text(encoding="utf-8")
        assert security.unsafe_markup(html) == [], path
        assert "\u0080" not in html and "\u0081" not in html, path
    meta = parse(attacked_site / "metas" / "ine-jge100-2023" / "deoe-1" / "index.html")
    assert "**Ejemplo**{: tabindex=0 autofocus=1 onfocus=alert(document.domain) }" in meta.visible_text
    assert not [attrs for tag, attrs in meta.tags if "onfocus" in attrs or "autofocus" in attrs]


def test_a_page_that_would_carry_script_stops_the_build(tmp_path, monkeypatch):
    site = tmp_path / "site"
    render_all = pages.Renderer.render_all

    def with_handler(self):
        rendered = render_all(self)
        page = rendered[0]
        rendered[0] = type(page)(**{**page.__dict__, "html": page.html + '<p onmouseover="alert(1)">x</p>'})
        return rendered

    monkeypatch.setattr(pages.Renderer, "render_all", with_handler)
    monkeypatch.chdir(REPO)
    assert cli.main(["build", "--data", str(VALID), "--site-dir", str(site)]) == 1
    assert not site.exists()
