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


def test_generated_pages_have_no_html_errors(site):
    if not VNU.exists():
        pytest.fail(f"{VNU} no está: `make test` lo instala (scripts/install-test-tools.sh)")
    files = [str(p) for p in pages(site) if p.name != "404.html"]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    ours = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not any(m["message"].startswith(known) for known in MATERIAL_ERRORS)]
    assert ours == []
