"""An acuerdo's published text (Markdown converted from its PDF) → safe HTML for its page.

The text is data: raw HTML in it is shown as written, links are not followed, and
only the layout survives — headings, paragraphs, lists, bold, and the PDF's
tab-separated tables as real tables.
"""

from __future__ import annotations

import re
from html import escape

import markdown
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from markupsafe import Markup

from generator.contract.siglas import Siglas
from generator.input import acuerdo_text

BOLD_TAG = re.compile(r"</?b>", re.IGNORECASE)
LETTER_SPACED = re.compile(r"\b(?:[A-ZÁÉÍÓÚÑ] ){3,}[A-ZÁÉÍÓÚÑ]\b")
HEADING = re.compile(r"^(#{1,6})\s*")
UNSAFE_INLINE = ("link", "image_link", "autolink", "automail", "reference", "image_reference", "short_reference", "short_image_ref", "html")
TABLE_MARK = "@@tabla-del-pdf-{}@@"
PASSAGE_OPEN, PASSAGE_NAME_END, PASSAGE_CLOSE = "\ue000", "\ue001", "\ue002"  # private-use: stripped from the text first
PASSAGE_RE = re.compile("\ue000([a-z_]+)\ue001(.*?)\ue002", re.DOTALL)
PASSAGE_PREFIX = "pasaje-"  # a passage's id: pasaje-<fact>, the fact's link is #pasaje-<fact>
MAX_DEPTH = 20  # lists and quotes nested deeper are shown at this depth (a converted PDF never goes near it)
NESTING_PREFIX = re.compile(r"^(?:[ ]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ ]|$)))+")
_MARKER = re.compile(r"[ ]*(?:>|[-*+]|\d{1,9}[.)])")


def nesting(text: str, limit: int = MAX_DEPTH) -> tuple[int, int | None]:
    """The deepest nesting of lists and quotes in the text (indentation in steps of four
    spaces plus list and quote markers at the start of a line), and the first line that
    goes beyond `limit` (None when none does)."""
    deepest, where = 0, None
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            continue  # a row of a table from the PDF, never Markdown
        depth = _line_depth(line)
        deepest = max(deepest, depth)
        if depth > limit and where is None:
            where = number
    return deepest, where


def _line_depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" "))
    prefix = NESTING_PREFIX.match(line)
    markers = len(_MARKER.findall(prefix.group(0))) if prefix else 0
    return indent // 4 + markers


def _flatten(line: str) -> str:
    """A line nested beyond MAX_DEPTH, brought back to it (the validator has already said so)."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > 4 * MAX_DEPTH:
        line = " " * (4 * MAX_DEPTH) + line.lstrip(" ")
    prefix = NESTING_PREFIX.match(line)
    if prefix:
        markers = _MARKER.findall(prefix.group(0))
        room = max(1, MAX_DEPTH - min(indent, 4 * MAX_DEPTH) // 4)
        if len(markers) > room:
            line = line[: len(line) - len(line.lstrip(" "))] + " ".join(m.strip() for m in markers[-room:]) + line[prefix.end():]
    return line


def to_html(text: str, siglas: Siglas) -> Markup:
    """The whole text as HTML, its headings shifted below the page's own: the top level becomes h3."""
    text = _bold(_with_passages(text))
    levels = [len(m.group(1)) for m in map(HEADING.match, text.splitlines()) if m]
    shift = 3 - min(levels) if levels else 0
    lines: list[str] = []
    tables: list[list[str]] = []
    for line in _bounded_lines(text):
        if "\t" not in line:
            lines.append(_prepare_line(line, shift))
        elif lines and lines[-1] == TABLE_MARK.format(len(tables) - 1):
            tables[-1].append(line)  # the table goes on
        else:
            tables.append([line])
            lines += ["", TABLE_MARK.format(len(tables) - 1)]
    try:
        html = _renderer().convert("\n".join(lines))
    except RecursionError:  # whatever nesting slipped through: the text as plain paragraphs
        html = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip() and "\t" not in line)
    for index, rows in enumerate(tables):
        html = html.replace(f"<p>{TABLE_MARK.format(index)}</p>", _table(rows))
    return siglas.mark_html(_passage_marks(html))


def _with_passages(text: str) -> str:
    """The text with sentinels around each passage a fact is read from (see acuerdo_text.passages)."""
    text = re.sub("[\ue000-\ue002]", "", text)
    spans = sorted(acuerdo_text.passages(text).items(), key=lambda item: item[1][0], reverse=True)
    placed_start = len(text) + 1
    for fact, (start, end) in spans:
        if end > placed_start:
            continue  # overlaps a passage already placed
        text = f"{text[:start]}{PASSAGE_OPEN}{fact}{PASSAGE_NAME_END}{text[start:end]}{PASSAGE_CLOSE}{text[end:]}"
        placed_start = start
    return text


def _passage_marks(html: str) -> str:
    """Sentinels → <mark id="pasaje-<fact>">; a passage that crosses a tag is closed before it and reopened after."""
    def mark(match: re.Match) -> str:
        inner = re.sub(r"(<[^>]*>)", r'</mark>\1<mark class="pasaje">', match.group(2))
        return f'<mark class="pasaje" id="{PASSAGE_PREFIX}{match.group(1)}">{inner}</mark>'
    return re.sub("[\ue000-\ue002]", "", PASSAGE_RE.sub(mark, html))


MAX_BLOCK_LINES = 200  # a converted PDF's paragraphs have a dozen lines; the seed's longest has 13
MAX_LINE_CHARS = 5_000  # and a few hundred characters a line (the seed's longest: 1,537)


def _bounded_lines(text: str):
    """The text's lines, with a blank line where a block of lines or a line is far longer than any
    acuerdo has: Python-Markdown's block and inline processors are quadratic in a block's size
    (20,000 setext headings without a blank line took 34 s), linear once blocks are bounded."""
    run = 0
    for line in text.splitlines():
        if "\t" in line:  # a row of a table from the PDF: never given to Markdown
            run = 0
            yield line
            continue
        pieces = _cut(line) if len(line) > MAX_LINE_CHARS else (line,)
        for index, piece in enumerate(pieces):
            if index:
                yield ""
                run = 0
            run = run + 1 if piece.strip() else 0
            if run > MAX_BLOCK_LINES:
                yield ""
                run = 1
            yield piece


def _cut(line: str) -> list[str]:
    pieces = []
    while len(line) > MAX_LINE_CHARS:
        at = line.rfind(" ", MAX_LINE_CHARS // 2, MAX_LINE_CHARS)
        at = at if at > 0 else MAX_LINE_CHARS
        pieces.append(line[:at])
        line = line[at:].lstrip(" ")
    return pieces + [line]


class _CodeSpan(BacktickInlineProcessor):
    """A code span of a line _prepare_line() has escaped: Python-Markdown escapes its content again,
    so what was escaped is read back first (`a<b` shows as a<b, never &lt;)."""

    def handleMatch(self, m, data):
        element, start, end = super().handleMatch(m, data)
        if getattr(element, "tag", None) == "code" and element.text:
            prepared = _unescape(element.text.replace("&gt;", ">"))  # what _prepare_line() left
            element.text = markdown.util.AtomicString(markdown.util.code_escape(_unescape(prepared)))
        return element, start, end


def _unescape(text: str) -> str:
    """The reverse of _prepare_line()'s escaping of «&» and «<»."""
    return text.replace("&lt;", "<").replace("&amp;", "&")


def _renderer() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    for name in UNSAFE_INLINE:
        md.inlinePatterns.deregister(name, strict=False)
    md.inlinePatterns.register(_CodeSpan(BACKTICK_RE), "backtick", 190)
    md.preprocessors.deregister("html_block")
    # links are not followed, so a reference definition («[1]: http://…») is text like any other
    # line, never a line that vanishes
    md.parser.blockprocessors.deregister("reference")
    return md


def _bold(text: str) -> str:
    """<b>…</b> of the converted PDF as Markdown's **…**, paired within a paragraph (a table row or a
    blank line ends it): spaces inside the tags go outside the asterisks («<b>Primero: </b>texto» is
    «**Primero:** texto», never a stray «**»), and a tag without its pair is dropped."""
    if not BOLD_TAG.search(text):
        return text
    out: list[str] = []
    block: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or not line.strip():
            if block:
                out.append(_paired_bold("\n".join(block)))
                block = []
            out.append(line)
        else:
            block.append(line)
    if block:
        out.append(_paired_bold("\n".join(block)))
    return "\n".join(out)


def _paired_bold(block: str) -> str:
    pairs, opening = [], None
    for tag in BOLD_TAG.finditer(block):
        if tag.group(0)[1] != "/":
            opening = tag
        elif opening is not None:
            pairs.append((opening, tag))
            opening = None
    pieces, position = [], 0
    for opening, closing in pairs:
        pieces.append(BOLD_TAG.sub("", block[position:opening.start()]))
        inner = BOLD_TAG.sub("", block[opening.end():closing.start()])
        if inner.strip():
            lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
            pieces.append(f"{lead}**{inner.strip()}**{trail}")
        else:
            pieces.append(inner)
        position = closing.end()
    pieces.append(BOLD_TAG.sub("", block[position:]))
    return "".join(pieces)


def _prepare_line(line: str, shift: int) -> str:
    if _line_depth(line) > MAX_DEPTH:
        line = _flatten(line)
    line = LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)
    line = line.replace("&", "&amp;").replace("<", "&lt;")
    heading = HEADING.match(line)
    if heading:
        line = "#" * min(6, len(heading.group(1)) + shift) + " " + line[heading.end():].replace("**", "")
    return line


def _table(rows: list[str]) -> str:
    """Tab-separated rows as a table: rows before the first with a number are its header;
    a table without numbers (the glossary) has none, and its first column names each row."""
    cells = [[BOLD_TAG.sub("", c).strip() for c in row.split("\t")] for row in rows]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    numeric = [any(c.isdigit() for c in row) for row in cells]
    header_rows = numeric.index(True) if any(numeric) else 0
    head = "".join("<tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in row) + "</tr>" for row in cells[:header_rows])
    body = "".join("<tr>" + f'<th scope="row">{escape(row[0])}</th>' + "".join(f"<td>{escape(c)}</td>" for c in row[1:]) + "</tr>" for row in cells[header_rows:])
    return f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>{"<thead>" + head + "</thead>" if head else ""}<tbody>{body}</tbody></table></div></div>'
