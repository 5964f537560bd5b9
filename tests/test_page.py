"""page: a page of the neutral site as data, its table of contents read from its HTML."""

from __future__ import annotations

from generator.site.page import Heading, headings_of, tidy


def test_headings_nest_as_a_table_of_contents():
    html = (
        '<h1>Datos</h1><h2 id="uno">Uno<a class="headerlink" href="#uno" title="x">&para;</a></h2>'
        '<h3 id="a">A &amp; B<a class="headerlink" href="#a" title="x">&para;</a></h3>'
        '<h3>Sin enlace</h3><h2 id="dos">Dos<a class="headerlink" href="#dos" title="x">&para;</a></h2>'
    )
    assert headings_of(html) == (Heading(2, "uno", "Uno", (Heading(3, "a", "A &amp; B"),)), Heading(2, "dos", "Dos"))


def test_tidy_folds_blank_lines():
    assert tidy("\n<p>uno</p>\n\n  \n<p>dos</p>\n\n") == "<p>uno</p>\n<p>dos</p>\n"
