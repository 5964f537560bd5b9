"""Reading a table at 1280 and 375 px: no word of 16 characters or fewer is broken across lines (issue 29: «Sistem/a»,
«INE/JGE186/20/22», «metas.cs/v», «10/3» at 1280 px, squeezed by the table of contents), and no caption of a table
turned into cards runs one word a line."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "acuerdos/", "acuerdos/ine-jge186-2022/", "areas/", "areas/deoe/", "cargos/", "datos/", "verificacion/",
         "verificacion/ine-jge186-2022/", "metas/ine-jge186-2022/", "metas/ine-jge186-2022/deoe-12/", "acerca/"]

BROKEN_WORDS = """() => {
  const broken = [];
  const top = (node, at) => {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const rect = [...range.getClientRects()].find((r) => r.width > 0);
    return rect ? Math.round(rect.top) : null;
  };
  for (const cell of document.querySelectorAll("article table td, article table th")) {
    if (cell.getBoundingClientRect().width <= 2) continue;  // a header kept for screen readers only (a table as cards)
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        if (match[0].length > 16) continue;  // an address or a long token may wrap at its punctuation
        for (let i = 1; i < match[0].length; i++) {
          const before = top(node, match.index + i - 1), after = top(node, match.index + i);
          // in prose a line may end after a hyphen or a dash («AAAA-MM-DD» in a sentence); a cell that is one value
          // (a date, a número: 2022-11-04, DEOE-12) never breaks
          const value = node.data.trim() === match[0];
          if (before !== null && after !== null && after > before && (value || !"-\u2013\u2014".includes(match[0][i - 1]))) {
            broken.push(match[0]);
            break;
          }
        }
      }
    }
  }
  return broken;
}"""

NARROW_CAPTIONS = """() => [...document.querySelectorAll("article table caption")]
  .filter((c) => c.offsetParent && c.textContent.trim().split(/\\s+/).length > 3)
  .filter((c) => c.getClientRects()[0] && c.getBoundingClientRect().width < 120)
  .map((c) => c.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("width", [1280, 375])
def test_no_short_word_is_broken_in_a_table_and_no_caption_is_one_word_a_line(browser, base_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        for path in PAGES:
            page.goto(base_url + path)
            assert page.evaluate(BROKEN_WORDS) == [], (path, width)
            assert page.evaluate(NARROW_CAPTIONS) == [], (path, width)
    finally:
        page.close()
