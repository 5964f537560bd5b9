"""Property-based: whatever a metas table holds, the build publishes it escaped or refuses it
with a contract error — never a traceback."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import build_site
from generator.common.text import clean_cell
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
    """What a page shows of a cell: read in NFC, without the characters no format can carry."""
    import unicodedata

    return " ".join(clean_cell(unicodedata.normalize("NFC", text)).split())


# A table that must build, hostile text and all: the test would otherwise pass with every table refused.
MUST_BUILD = [{"numero_meta": "DEOE-1", "descripcion": "<script>alert(1)</script> {{ x }} **x** =1+1", "cargos_puestos": "Vocal «<b>»; Técnico",
               "lider_equipo": "[a](b)", "fecha_inicio": "01/10/2023", "fecha_termino": "2024-06-30", "nivel_esperado": "95,5", "personas_evaluadas": "3"}]


# Each example is a whole build (seconds): no shrinking, the failing example is printed as found.
@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows_strategy())
@example(MUST_BUILD)
def test_any_table_builds_escaped_or_is_refused_with_a_contract_error(changes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = build_site(write_data(root, changes), root / "site")
        assert "Traceback" not in result.stderr + result.stdout
        assert result.returncode in (0, 1)
        if changes == MUST_BUILD:
            assert result.returncode == 0, result.stdout + result.stderr
        if result.returncode == 1:
            assert re.search(r"^Error: data/\S+.*\[[a-z_]+\]$", result.stdout, re.MULTILINE), result.stdout
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


# ---------------------------------------------------------------- fast: hundreds of examples through load and validate

from generator.common.text import FORBIDDEN  # noqa: E402
from generator.contract.siglas import Siglas  # noqa: E402
from generator.input.acuerdo_text import extract  # noqa: E402
from generator.input.document import to_html  # noqa: E402
from generator.input.load import Limits, load_data_dir  # noqa: E402
from generator.input.validate import validate  # noqa: E402

HOSTILE_CHARS = st.sampled_from(["\x80", "\x85", "\x9f", "\x00", "\x1b", "\ufffe", "\u202e", "\u2066", "\t", "\r", "\n", "Ã\x81", "\ud800", "\U0010ffff"])
YAML_PIECES = st.sampled_from([
    "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "\n", "\n  ", "\t", '"', "'", "\\x80", "\\u202e", "\\0", "!!python/object:os.system ",
    "? ", "---\n", "#", "clave", "titulo", "INE/JGE100/2023", "2023-13-45", "<<: *a", "~", "1e999", "|\n  ", ">-\n  ",
])
YAML_TEXT = st.lists(st.one_of(YAML_PIECES, ANY_TEXT, HOSTILE_CHARS), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
SMALL_LIMITS = Limits(max_rows=50, max_cell_chars=2_000, max_file_bytes=200_000)


def _judged(data: Path):
    raw = load_data_dir(data, limits=SMALL_LIMITS)
    validated = validate(raw)
    for finding in validated.findings:
        line = finding.describe()
        assert not FORBIDDEN.search(line), line
        assert finding.value is None or len(finding.value) <= 80
    return validated


def _clean_everywhere(validated) -> None:
    """No character that a format cannot carry survives reading, in any value."""
    def walk(value):
        if isinstance(value, str):
            assert not FORBIDDEN.search(value), repr(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, (list, tuple, set)):
            for v in value:
                walk(v)
    for acuerdo in validated.acuerdos:
        walk({k: v for k, v in acuerdo.items() if k != "lines"})
    for row in validated.rows:
        walk(row.values)
        walk(row.extra)
        walk(row.numero)


@FAST
@given(YAML_TEXT)
def test_any_acuerdo_yaml_is_read_or_refused_with_a_finding(text):
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
        (data / "acuerdos" / "INE-JGE100-2023.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
        _clean_everywhere(_judged(data))


@FAST
@given(st.lists(st.lists(st.one_of(ANY_TEXT, HOSTILE_CHARS, st.sampled_from([",", ";", '"', "\r\n", "DEOE-1", "2023-10-01"])), max_size=8).map("".join), min_size=1, max_size=6),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_csv_is_read_or_refused_with_a_finding(lines, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
        table = data / "metas" / "INE-JGE100-2023.csv"
        header = table.read_text(encoding="utf-8").splitlines()[0]
        table.write_bytes(("\n".join([header, *lines]) + "\n").encode(encoding, errors="replace"))
        _clean_everywhere(_judged(data))


@FAST
@given(rows_strategy())
def test_any_metas_row_through_load_and_validate(changes):
    with tempfile.TemporaryDirectory() as tmp:
        _clean_everywhere(_judged(write_data(Path(tmp), changes)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.lists(st.one_of(ANY_TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.none()), min_size=1, max_size=6), min_size=1, max_size=5),
       st.binary(max_size=64))
def test_any_xlsx_is_read_or_refused_with_a_finding(rows, garbage):
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(VALID, data, ignore=shutil.ignore_patterns("formatos"))
        (data / "metas" / "INE-JGE100-2023.csv").unlink()
        yml = data / "acuerdos" / "INE-JGE100-2023.yml"
        yml.write_text(yml.read_text(encoding="utf-8").replace(".csv", ".xlsx"), encoding="utf-8")
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["acuerdo", "numero_meta", "descripcion", "fecha_inicio", "personas_evaluadas", "cargos_puestos"])
        for row in rows:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        target = data / "metas" / "INE-JGE100-2023.xlsx"
        workbook.save(target)
        _clean_everywhere(_judged(data))
        target.write_bytes(target.read_bytes()[: len(garbage) * 40] + garbage)  # a damaged copy
        _judged(data)


DOC_PIECES = st.sampled_from([
    "# ", "## ", "**", "<b>", "</b>", "- ", "    ", "> ", "1. ", "\n", "\n\n", "\t", "<script>alert(1)</script>", "[x](javascript:alert(1))",
    "<https://ejemplo.org>", "{: onclick=alert(1) }", "<img src=x onerror=alert(1)>", "&amp;", "GLOSARIO", "DEOE:", "Cuadro 1", "Totales",
    "<!-- x -->", "![i](x)", "`code`", "| a | b |", " " * 50,
])
DOC_TEXT = st.lists(st.one_of(DOC_PIECES, ANY_TEXT), max_size=80).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOC_TEXT)
def test_any_documento_renders_without_markup_from_the_text(text):
    html = str(to_html(text, Siglas({"DEOE": "Dirección Ejecutiva de Organización Electoral"})))
    extract(text)
    lowered = html.lower()
    assert "<script" not in lowered and "<a " not in lowered and "<img" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered), html
    assert "javascript:" not in re.sub(r">[^<]*<", "><", lowered)  # only as text, never in a tag


# ---------------------------------------------------------------- through the pages, without a builder


class _Tags(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        kind = dict(attrs).get("type") or "text/javascript"
        self.in_script = tag == "script" and ("javascript" in kind or kind == "module")  # a JSON data island is data
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith(("javascript:", "data:text/html")):
                self.bad.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.bad.append("a script with data from the input")


def _pages_are_inert(data: Path) -> int:
    from generator.site.pages import Renderer
    from generator.model.pipeline import check

    prepared, findings = check(data)
    for finding in findings:
        assert not FORBIDDEN.search(finding.describe())
    if prepared is None:
        return 0
    pages = Renderer(prepared.portal, prepared.derived, prepared.findings).render_all()
    for page in pages:
        tags = _Tags()
        tags.feed(page.html)
        assert not tags.bad, (page.url, tags.bad)
        for text in (page.html, page.title, page.description or ""):
            assert not FORBIDDEN.search(text), (page.url, FORBIDDEN.findall(text)[:3])
    return len(pages)


def _yaml_escape(char: str) -> str:
    """A character inside a YAML double-quoted scalar: control characters as escapes ("\x80", "\ud800")."""
    if char in '"\\':
        return "\\" + char
    if char in "\n\r\t\x85\u2028\u2029" or FORBIDDEN.search(char):
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


NO_SURROGATES = re.compile("[\ud800-\udfff]")  # a UTF-8 file cannot hold a lone surrogate; YAML escapes can
HOSTILE_TEXT = st.lists(st.one_of(ANY_TEXT, MARKUP, HOSTILE_CHARS, st.sampled_from([
    "{: onfocus=alert(1) autofocus }", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\x80---\ntitle: x\n---",
])), min_size=1, max_size=5).map("".join)


def text_rows_strategy():
    """Rows whose identifiers, dates and numbers pass and whose texts are hostile: most examples reach the pages."""
    row = st.fixed_dictionaries({
        "descripcion": HOSTILE_TEXT.map(lambda t: t + " meta"),
        "cargos_puestos": HOSTILE_TEXT.map(lambda t: "Cargo " + t.replace(";", ",")),
        "lider_equipo": HOSTILE_TEXT,
        "nivel_esperado": st.sampled_from(["100", "95,5", "0"]),
    })
    return st.lists(row, min_size=1, max_size=4)


@settings(max_examples=80, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(text_rows_strategy(), HOSTILE_TEXT, DOC_TEXT)
def test_any_input_renders_pages_without_handlers_links_or_forbidden_characters(changes, titulo, documento):
    for change in changes:
        change["descripcion"] = change["descripcion"] + titulo[:40]
        change.update({k: NO_SURROGATES.sub("", v) for k, v in change.items()})
    with tempfile.TemporaryDirectory() as tmp:
        data = write_data(Path(tmp), changes)
        yml = data / "acuerdos" / "INE-JGE100-2023.yml"
        quoted = "".join(map(_yaml_escape, titulo))
        text = yml.read_text(encoding="utf-8").replace("titulo: Acuerdo de prueba", f'titulo: "{quoted} Acuerdo de prueba', 1)
        text = text.replace("evaluación del desempeño", 'evaluación del desempeño"', 1)
        (data / "documentos").mkdir()
        (data / "documentos" / "texto.md").write_text(NO_SURROGATES.sub("", documento), encoding="utf-8")
        yml.write_text(text.replace("metas: metas/", "documento: documentos/texto.md\nmetas: metas/", 1), encoding="utf-8")
        _pages_are_inert(data)


JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), ANY_TEXT),
                    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(["acuerdo", "numero_meta", "descripcion", "url", "x"]), children, max_size=4)),
                    max_leaves=20)


@FAST
@given(st.one_of(JSON, st.fixed_dictionaries({"metas": st.lists(JSON, max_size=5)})))
def test_any_published_record_is_compared_or_said_damaged(record):
    import json

    from generator.site import changes

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "datos").mkdir()
        (Path(tmp) / "datos" / "metas.json").write_text(json.dumps(record), encoding="utf-8")
        before = changes.published(Path(tmp))
        lines = changes.describe(changes.compare(before, {("A/1/2023", "X-1"): {"acuerdo": "A/1/2023", "numero_meta": "X-1"}}))
        assert all(isinstance(line, str) for line in lines)
