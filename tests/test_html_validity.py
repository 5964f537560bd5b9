"""The Nu Html Checker (vnu.jar from the npm registry) over every generated page.

Errors that come from Material for MkDocs' own templates are listed here with the
reason they are left; anything else fails the test.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO
from sitecheck import pages

VNU = REPO / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_ERRORS = {
    # Material's drawer, search and TOC toggles are hidden checkboxes with autocomplete="off"
    # (Firefox would otherwise restore their state on reload).
    "Attribute “autocomplete” is only allowed when the input type is",
    # Material's overlay and navigation titles are <label for> those hidden toggles.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
}


def test_generated_pages_have_no_html_errors(site, tmp_path):
    if not VNU.exists():
        pytest.fail(f"{VNU} no está: `make test` lo instala (scripts/install-test-tools.sh)")
    sentinel = tmp_path / "invalida.html"  # a page the checker must fault: proof that it ran and read the pages
    sentinel.write_text('<!doctype html><html lang="es"><title>x</title><p><div></p></span>', encoding="utf-8")
    files = [str(p) for p in pages(site) if p.name != "404.html"] + [str(sentinel)]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True)
    output = result.stderr or result.stdout
    assert output.strip(), f"the checker printed nothing (exit {result.returncode})"
    messages = json.loads(output)["messages"]
    assert [m for m in messages if m.get("url", "").endswith("/invalida.html")], "the checker did not fault the invalid page"
    ours = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not m.get("url", "").endswith("/invalida.html") and not any(m["message"].startswith(known) for known in MATERIAL_ERRORS)]
    assert ours == []
