"""Property-based: whatever a metas table holds, the build publishes it escaped or refuses it
with a contract error — never a traceback."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import build_site
from generator.text import clean_cell
from sitecheck import parse

VALID = Path(__file__).parent / "data" / "valid"
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=0, max_size=120)
MARKUP = st.sampled_from(["<script>alert(1)</script>", "**x**", "{{ x }}", "{% if %}", "[a](b)", "<!--portal-bloque-0-->", "\n\n# título\n\n", "&amp;", "=1+1", "|a|b|"])
LONG_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40).map(lambda t: (t + " ") * 150)
TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(ANY_TEXT, MARKUP), min_size=1, max_size=4).map("".join), LONG_TEXT)
DATES = st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.text(max_size=12), st.sampled_from(["2023-02-30", "31/04/2024", "", "0000-01-01"]))
NUMBERS = st.one_of(st.integers(-10**9, 10**12).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str), st.sampled_from(["", "95,5", "10%", "1e3", "٣"]))


def mostly(valid, anything):
    """Mostly values that pass, so most examples reach the pages; sometimes anything at all."""
    return st.one_of(valid, valid, valid, anything)


def rows_strategy():
    row = st.fixed_dictionaries({
        "numero_meta": mostly(st.sampled_from(["DEOE-1", "DEOE - 1", "x", "<b>1</b>"]), ANY_TEXT),
        "descripcion": TEXT,
        "cargos_puestos": mostly(st.lists(ANY_TEXT.filter(lambda t: t.strip(" ;\t\n\r")), min_size=1, max_size=3).map("; ".join), TEXT),
        "lider_equipo": TEXT,
        "fecha_inicio": mostly(st.sampled_from(["2023-10-01", "01/10/2023", "2023-9-15"]), DATES),
        "fecha_termino": mostly(st.sampled_from(["2024-06-30", "30/06/2024"]), DATES),
        "nivel_esperado": mostly(st.sampled_from(["100", "95,5", "0", "-5"]), NUMBERS),
        "personas_evaluadas": mostly(st.sampled_from(["", "3", "300"]), NUMBERS),
    })
    return st.lists(row, min_size=1, max_size=3)


def write_data(root: Path, changes: list[dict]) -> Path:
    data = root / "data"
    shutil.copytree(VALID, data)
    table = data / "metas" / "INE-JGE100-2023.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    for row, change in zip(rows, changes):
        row.update(change)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    return data


def visible(text: str) -> str:
    return " ".join(clean_cell(text).split())


# Each example is a whole build (seconds): no shrinking, the failing example is printed as found.
@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows_strategy())
def test_any_table_builds_escaped_or_is_refused_with_a_contract_error(changes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = build_site(write_data(root, changes), root / "site")
        assert "Traceback" not in result.stderr + result.stdout
        assert result.returncode in (0, 1)
        if result.returncode == 1:
            assert re.search(r"^Error: data/\S+.*\[[a-z_]+\]$", result.stderr, re.MULTILINE), result.stderr
            assert not (root / "site").exists()
            return
        pages = {p.parent.name: parse(p) for p in (root / "site" / "metas" / "ine-jge100-2023").glob("*/index.html")}
        texts = " ".join(page.visible_text for page in pages.values())
        for change in changes:
            description = visible(change["descripcion"])
            if description:
                assert description in texts
        for page in pages.values():
            assert not any("alert(1)" in script for script in page.scripts)
