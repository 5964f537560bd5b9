"""Extract an acuerdo's metadata from its published text.

The text is Markdown as converted from the acuerdo's PDF. Sentences are matched on
a flattened copy (markup removed, lines joined, accents folded, lower case), so that
page breaks and bold markers do not matter; the title, the glossary and Cuadro 1
are read from the raw lines. Nothing is guessed: a value that is not found is
reported in ``Extraction.missing`` and left out of ``Extraction.values``.
"""

from __future__ import annotations

import calendar
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.common.text import os_error
from generator.contract.schema import CUADRO_COLUMNS

MAX_TEXT_BYTES = 8 * 1024 * 1024  # an acuerdo's text is 2,000,000 characters at most (load.Limits), UTF-8 at worst 4 bytes each

KEYS = (
    "clave", "titulo", "organo", "fecha_aprobacion", "sesion", "votacion", "sistema",
    "periodo_inicio", "periodo_fin", "tipo", "bloque", "antecedentes",
    "comision_servicio", "totales", "cuadro", "glosario",
)

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
}
ORDINALS = {
    "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
    "quinto": 5, "sexto": 6, "septimo": 7, "octavo": 8, "noveno": 9, "decimo": 10,
}
ORGANOS = {
    "junta general ejecutiva": "Junta General Ejecutiva",
    "consejo general": "Consejo General",
}
RESOLUTIVE_HEADINGS = {"acuerdo", "acuerdos", "acuerda", "seacuerda"}
EMPTY_CELLS = {"", "-", "\u2013", "\u2014"}
CUADRO_GROUPS = {"oficinas centrales": "oc", "organos desconcentrados": "od"}

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = (
    rf"(?:el )?(?:dia )?(?P<day>\d{{1,2}})(?:o|°)?\.? de (?P<month>{_MONTH}),? "
    rf"(?:de |del )?(?P<year>\d{{4}})"
)
_SESSION = r"(?P<sesion>ordinaria|extraordinaria)(?: urgente)?"

MARKUP_RE = re.compile(r"</?(?:b|strong)>|\*\*", re.IGNORECASE)
HEADING_MARK_RE = re.compile(r"^[ \t]*#+[ \t]*", re.MULTILINE)
HYPHEN_BREAK_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=[a-záéíóúüñ])")
SPACE_RE = re.compile(r"\s+")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")

# bounded repetitions: an unbounded one made "INE/" × 30,000 take 74 s (every start scanned to the end)
CLAVE_RE = re.compile(r"\b[A-Z]{2,10}/[A-Z]{1,10}(?:[-/][A-Z]{1,10}){0,4}[-/]?\d{1,4}/(?:19|20)\d{2}\b")
DOCUMENT_NOUN_RE = re.compile(
    r"\b(acuerdos?|oficios?|circular(?:es)?|memorandos?|memorandums?|expedientes?)\b"
)
DOCUMENT_NOUN_REACH = 150  # characters before a clave searched for the noun that introduces it
TITLE_RE = re.compile(r"acuerdo (?:de la|del) ")
ORGANO_RE = re.compile("|".join(ORGANOS))
# "fue aprobado [en lo general | por unanimidad] en sesión ... celebrada el ..."
APPROVAL_RE = re.compile(
    rf"fue aprobad[oa](?P<head>[^.]{{0,120}}?) en (?:la )?sesion {_SESSION}"
    rf"(?P<organo>[^.]{{0,200}}?) celebrada {_DATE}(?P<tail>[^.]{{0,80}})"
)
VOTE_RE = re.compile(r"\bpor (?:votacion )?(?P<vote>unanim|mayori)")
SISTEMA_RE = re.compile(
    r"\bsistema (?:(?P<ine>del instituto\b|ine\b)"
    r"|(?P<ople>(?:de los )?(?:organismos publicos locales|ople)\b))"
)
PERIOD_RE = re.compile(
    rf"\bperiodo (?:comprendido )?(?:de |del |entre )?(?P<m1>{_MONTH}) (?:de |del )?(?P<y1>\d{{4}})"
    rf" (?:a|al|y|-) (?P<m2>{_MONTH}) (?:de |del )?(?P<y2>\d{{4}})"
)
TIPO_RE = re.compile(r"\bse (?P<verb>aprueba|modifica|cancela|deja)n?\b(?P<rest>.{0,100})")
BLOQUE_RE = re.compile(rf"\b(?P<ordinal>{'|'.join(ORDINALS)}) bloque\b")
COMISION_RES = (  # "En sesión ordinaria celebrada el ..., la Comisión del Servicio conoció"
    re.compile(
        rf"\ben (?:su )?sesion {_SESSION},? celebrada {_DATE},? (?:la )?comision del servicio"
    ),
    re.compile(
        rf"\bcomision del servicio[^.]{{0,120}}? en (?:su )?sesion {_SESSION},?"
        rf"(?: celebrada)? {_DATE}"
    ),
    re.compile(rf"\b{_DATE},? en (?:su )?sesion {_SESSION},? la comision del servicio"),
)
_COUNT = r"(?P<{}>\d{{1,6}})(?: \([^)]{{0,60}}\))?"
TOTALES_RE = re.compile(
    rf"\bun total de {_COUNT.format('metas')}[^.\d]{{0,150}}?"
    rf"{_COUNT.format('individuales')} (?:son )?(?:metas )?individuales,? y "
    rf"{_COUNT.format('colectivas')} (?:son )?(?:metas )?colectivas"
)
GLOSSARY_ENTRY_RES = (
    re.compile(  # "<b>DEOE:</b>\tDirección ...", "**DEOE:** ...", "**DEOE**: ..."
        # the term starts with a letter and is at most 60 characters: linear in the line's length
        r"^\s*(?:<b>|\*\*)(?P<term>[^<*:\s][^<*:]{0,59}?)\s*(?::\s*(?:</b>|\*\*)|(?:</b>|\*\*)\s*:)"
        r"(?P<meaning>.*)$"
    ),
    re.compile(r"^\s*(?P<term>[^:\t*<\s][^:\t*<]{0,59}):\t(?P<meaning>.*)$"),  # "DEOE:\tDirección ..."
)


@dataclass(frozen=True)
class Extraction:
    """What was found in an acuerdo's text (in ``KEYS`` order) and what was not."""

    values: dict
    missing: tuple[str, ...]


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """A UTF-8 text file named on the command line, read no further than `limit` bytes (/dev/zero ends
    here, not when the kernel kills the process). ValueError in Spanish when it cannot be read."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # a pipe («/dev/stdin») is read within the limit too
                raise ValueError("no es un archivo de texto sino un dispositivo")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ValueError(os_error(exc)) from None
    if len(data) > limit:
        raise ValueError(f"el archivo pasa de {limit // (1024 * 1024)} MB; el texto de un acuerdo ocupa unos cientos de KB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("el archivo no está en UTF-8: guárdelo como «UTF-8» en su editor") from None


def extract(text: str) -> Extraction:
    """Extract the acuerdo's metadata from its Markdown text."""
    text = _normalize(text)
    flat = _flatten(text)
    folded = _fold(flat)
    title = _find_title(text)
    folded_title = _fold(title) if title else ""
    resolutive = _fold(_flatten(_resolutive_section(text)))
    own_clave = _find_clave(text)
    approval = APPROVAL_RE.search(folded)
    periodo = _find_periodo([folded_title, folded])
    cuadro = _parse_cuadro(text)

    found = {
        "clave": own_clave,
        "titulo": title,
        "organo": _find_organo(folded_title, approval),
        "fecha_aprobacion": _match_date(approval) if approval else None,
        "sesion": approval["sesion"] if approval else None,
        "votacion": _find_votacion(approval),
        "sistema": _first_in_scopes(_find_sistema, [folded_title, resolutive, folded]),
        "periodo_inicio": periodo[0] if periodo else None,
        "periodo_fin": periodo[1] if periodo else None,
        "tipo": _first_in_scopes(_find_tipo, [folded_title, resolutive]),
        "bloque": _first_in_scopes(_find_bloque, [folded_title, resolutive]),
        "antecedentes": _find_antecedentes(flat, own_clave),
        "comision_servicio": _find_comision(folded),
        "totales": _find_totales(folded),
        "cuadro": cuadro[0] if cuadro else None,
        "glosario": _parse_glosario(text),
    }
    values = {key: found[key] for key in KEYS if found[key] not in (None, [], {})}
    return Extraction(values=values, missing=tuple(key for key in KEYS if key not in values))


def cuadro(text: str) -> tuple[list[dict], dict | None] | None:
    """Cuadro 1 of the text: its rows by área and its Totales row (None when it has none); None without a Cuadro."""
    return _parse_cuadro(_normalize(text))


def to_yaml(extraction: Extraction) -> str:
    """The found values as YAML in the contract's keys; dates are written ISO (YYYY-MM-DD)."""
    return yaml.safe_dump(extraction.values, allow_unicode=True, sort_keys=False)


# --- text helpers -------------------------------------------------------------------


def _normalize(text: str) -> str:
    """Composed accents, no soft hyphens."""
    return unicodedata.normalize("NFC", text).replace("\u00ad", "")


def _strip_markup(text: str) -> str:
    """Remove bold markers and heading marks."""
    return HEADING_MARK_RE.sub("", MARKUP_RE.sub("", text))


def _flatten(text: str) -> str:
    """One line of text: hyphenated breaks rejoined, markup removed, whitespace collapsed."""
    return SPACE_RE.sub(" ", _strip_markup(HYPHEN_BREAK_RE.sub("", text))).strip()


def _fold(text: str) -> str:
    """Lower case without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _heading_word(line: str) -> str:
    """A heading's letters, so that "## **G L O S A R I O**" reads "glosario"."""
    return _fold(SPACE_RE.sub("", _strip_markup(line)))


def _match_date(match: re.Match) -> date:
    return date(int(match["year"]), MONTHS[match["month"]], int(match["day"]))


def _first_in_scopes(find: Callable[[str], Any], scopes: list[str]) -> Any:
    """The first value ``find`` gets from the scopes, tried in order."""
    for scope in scopes:
        value = find(scope) if scope else None
        if value is not None:
            return value
    return None


# --- finders ------------------------------------------------------------------------


def _find_clave(text: str) -> str | None:
    """The acuerdo's own clave: the first line that is nothing but a clave."""
    for line in text.splitlines():
        candidate = _strip_markup(line).strip()
        if CLAVE_RE.fullmatch(candidate):
            return candidate
    return None


def _find_title(text: str) -> str | None:
    """The first paragraph that starts "ACUERDO DE LA ..." / "ACUERDO DEL ...", as written."""
    for paragraph in PARAGRAPH_BREAK_RE.split(text):
        plain = SPACE_RE.sub(" ", _strip_markup(paragraph)).strip()
        if TITLE_RE.match(_fold(plain)):
            return plain
    return None


def _find_organo(folded_title: str, approval: re.Match | None) -> str | None:
    """The órgano named in the title ("ACUERDO DE LA JUNTA ..."), else in the approval sentence."""
    title_start = TITLE_RE.match(folded_title)
    if title_start:
        named = ORGANO_RE.match(folded_title, title_start.end())
        if named:
            return ORGANOS[named[0]]
    named = ORGANO_RE.search(approval["organo"]) if approval else None
    return ORGANOS[named[0]] if named else None


def _find_votacion(approval: re.Match | None) -> str | None:
    vote = VOTE_RE.search(f"{approval['head']} {approval['tail']}") if approval else None
    if not vote:
        return None
    return "unanimidad" if vote["vote"] == "unanim" else "mayoría"


def _find_sistema(scope: str) -> str | None:
    match = SISTEMA_RE.search(scope)
    if not match:
        return None
    return "INE" if match["ine"] else "OPLE"


def _find_periodo(scopes: list[str]) -> tuple[date, date] | None:
    """First and last day of the evaluation period ("periodo septiembre 2022 a agosto 2023")."""
    match = _first_in_scopes(PERIOD_RE.search, scopes)
    if not match:
        return None
    start_year, start_month = int(match["y1"]), MONTHS[match["m1"]]
    end_year, end_month = int(match["y2"]), MONTHS[match["m2"]]
    last_day = calendar.monthrange(end_year, end_month)[1]
    return date(start_year, start_month, 1), date(end_year, end_month, last_day)


def _find_tipo(scope: str) -> str | None:
    """What the acuerdo does to metas, from "POR EL QUE SE APRUEBA / MODIFICA / CANCELA ..."."""
    match = TIPO_RE.search(scope)
    if not match:
        return None
    verb, rest = match["verb"], match["rest"]
    if verb == "modifica":
        return "modificacion"
    if verb == "cancela":
        return "cancelacion"
    if verb == "deja":
        return "cancelacion" if rest.startswith(" sin efecto") else None
    approved = rest.split("metas")[0]  # "se aprueba la modificación de metas"
    if "modificacion" in approved:
        return "modificacion"
    if "cancelacion" in approved or "eliminacion" in approved:
        return "cancelacion"
    return "aprobacion"


def _find_bloque(scope: str) -> int | None:
    match = BLOQUE_RE.search(scope)
    return ORDINALS[match["ordinal"]] if match else None


def _find_antecedentes(flat: str, own_clave: str | None) -> list[str]:
    """Every acuerdo clave the text cites except its own, in order of first appearance."""
    cited = dict.fromkeys(
        match[0] for match in CLAVE_RE.finditer(flat) if _cites_acuerdo(flat, match.start())
    )
    cited.pop(own_clave, None)
    return list(cited)


def _cites_acuerdo(flat: str, start: int) -> bool:
    """False when the clave at ``start`` is introduced as an oficio, circular or expediente."""
    nouns = DOCUMENT_NOUN_RE.findall(_fold(flat[max(0, start - DOCUMENT_NOUN_REACH):start]))
    return not nouns or nouns[-1].startswith("acuerdo")


def _find_comision(folded: str) -> dict | None:
    """When the Comisión del Servicio saw the acuerdo: the last such sentence in the text."""
    matches = [match for pattern in COMISION_RES for match in pattern.finditer(folded)]
    if not matches:
        return None
    last = max(matches, key=lambda match: match.start())
    return {"fecha": _match_date(last), "sesion": last["sesion"]}


def _find_totales(folded: str) -> dict | None:
    """The totals the acuerdo declares; the last statement wins over antecedentes."""
    matches = list(TOTALES_RE.finditer(folded))
    if not matches:
        return None
    last = matches[-1]
    return {key: int(last[key]) for key in ("metas", "individuales", "colectivas")}


def _resolutive_section(text: str) -> str:
    """The text after the last "ACUERDO" heading (the resolutive points), or ""."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _heading_word(line) in RESOLUTIVE_HEADINGS]
    return "\n".join(lines[starts[-1] + 1:]) if starts else ""


# --- glossary and Cuadro 1 ---------------------------------------------------------


def _parse_glosario(text: str) -> dict[str, str]:
    """Term → meaning from the GLOSARIO section; entries without a meaning are skipped."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _heading_word(line) == "glosario"]
    if not starts:
        return {}
    glosario: dict[str, str] = {}
    for line in lines[starts[0] + 1:]:
        if not line.strip():
            continue
        entry = next((m for p in GLOSSARY_ENTRY_RES if (m := p.match(line))), None)
        if not entry:
            break
        meaning = SPACE_RE.sub(" ", _strip_markup(entry["meaning"])).strip().rstrip(".").strip()
        if meaning:
            glosario[SPACE_RE.sub(" ", entry["term"]).strip()] = meaning
    return glosario


def _cells(line: str) -> list[str]:
    return [SPACE_RE.sub(" ", _strip_markup(cell)).strip() for cell in line.split("\t")]


def _cuadro_columns(header: list[str], subheader: list[str]) -> dict[str, int] | None:
    """Tab position of each field, read from the two header lines; None if one is absent."""
    columns = {"area": 0}
    group = None
    for i in range(max(len(header), len(subheader))):
        top = _fold(header[i]) if i < len(header) else ""
        low = _fold(subheader[i]) if i < len(subheader) else ""
        if top:
            group = next((g for name, g in CUADRO_GROUPS.items() if top.startswith(name)), None)
        if top.startswith("total") or low.startswith("total"):
            columns["total"] = i
        elif group and low in ("individuales", "colectivas"):
            columns[f"{group}_{low}"] = i
    return columns if all(field in columns for field in (*CUADRO_COLUMNS, "total")) else None


def _cuadro_row(cells: list[str], columns: dict[str, int]) -> dict | None:
    """A row as a dict (empty cell = 0); None if a cell is no count or the total does not add up."""
    row = {"area": cells[0]}
    for field in (*CUADRO_COLUMNS, "total"):
        i = columns[field]
        cell = cells[i].replace(",", "") if i < len(cells) else ""
        if cell in EMPTY_CELLS:
            row[field] = 0
        elif cell.isdigit():
            row[field] = int(cell)
        else:
            return None
    if row["total"] != sum(row[field] for field in CUADRO_COLUMNS):
        return None
    return row


def _parse_cuadro(text: str) -> tuple[list[dict], dict | None] | None:
    """Cuadro 1 (metas by área normativa): its rows and its Totales row, or None.

    The header spans two tab-separated lines ("Área Normativa / Oficinas centrales /
    Órganos desconcentrados / Total" over "Individuales / Colectivas"); cells sit at
    tab positions, so empty cells keep every number in its column. A table whose
    cells cannot be read, or whose rows do not add up to their total, gives None.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines[:-1]):
        header = _cells(line)
        folded_header = "\t".join(_fold(cell) for cell in header)
        if not all(name in folded_header for name in CUADRO_GROUPS):
            continue
        columns = _cuadro_columns(header, _cells(lines[i + 1]))
        if not columns:
            return None
        rows, totales = [], None
        for row_line in lines[i + 2:]:
            if "\t" not in row_line:
                break
            row = _cuadro_row(_cells(row_line), columns)
            if row is None:
                return None
            if _fold(row["area"]).startswith("total"):
                totales = row
                break
            rows.append(row)
        return (rows, totales) if rows else None
    return None


# --- passages: where in the text a fact is read -------------------------------------

SENTENCE_START_RE = re.compile(r"(?:^|(?<=[.])\s|\n)")


def _fold_line(line: str) -> tuple[str, list[int]]:
    """A line folded as ``_fold`` does, with the position in ``line`` of each folded character."""
    out, origin = [], []
    markup = {i for match in MARKUP_RE.finditer(line) for i in range(match.start(), match.end())}
    for i, char in enumerate(line):
        if i in markup:
            continue  # bold markers are not text: "**celebrada** el" reads "celebrada el"
        for folded in _fold(char):
            out.append(folded)
            origin.append(i)
    return "".join(out), origin


def passages(text: str) -> dict[str, tuple[int, int]]:
    """Fact → (start, end) character span of the raw text where it is read, for the facts
    read from one sentence of one line: the approval (fecha_aprobacion, sesion, votacion),
    the Comisión del Servicio and the totales. The span runs from the sentence's start to
    the end of what was matched. The last such sentence of the text wins, as in ``extract``."""
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    patterns = {"fecha_aprobacion": [APPROVAL_RE], "comision_servicio": list(COMISION_RES), "totales": [TOTALES_RE]}
    for line in text.splitlines(keepends=True):
        if "\t" not in line and line.strip():
            folded, origin = _fold_line(line)
            for fact, regexes in patterns.items():
                for regex in regexes:
                    for match in regex.finditer(folded):
                        last = match.end("year") if "year" in regex.groupindex else match.end()
                        start, end = origin[match.start()], origin[last - 1] + 1
                        sentence = max((m.end() for m in SENTENCE_START_RE.finditer(line, 0, start + 1) if m.end() <= start), default=0)
                        while sentence < start and line[sentence] in " -*>#\t":
                            sentence += 1
                        found[fact] = (offset + sentence, offset + end)
        offset += len(line)
    return found


def periodo_basis(text: str, inicio: date, fin: date) -> str | None:
    """The text's months ("septiembre 2022 a agosto 2023") when the periodo's days are the ones
    inferred from them (first day of the first month, last of the last); else None."""
    text = _normalize(text)
    title = _find_title(text)
    scopes = [_fold(title) if title else "", _fold(_flatten(text))]
    if _find_periodo(scopes) != (inicio, fin):
        return None
    match = _first_in_scopes(PERIOD_RE.search, scopes)
    return f"{match['m1']} {match['y1']} a {match['m2']} {match['y2']}"


# A line that starts (after a list marker and a bold heading, if any) with the Junta's competence.
COMPETENCE_RE = re.compile(r"^(?:[-*]\s*)?(?:\*\*[^*]*\*\*\s*)?(Esta Junta es competente[^\n]*)", re.MULTILINE)


def competence(text: str) -> str | None:
    """The acuerdo's own sentence on why the Junta may approve it («Esta Junta es competente…»), as its
    text words it, bold markers removed; None when the text has no such line."""
    match = COMPETENCE_RE.search(text)
    return match.group(1).replace("**", "").strip() if match else None




def cuadro_totales_line(text: str) -> int | None:
    """The line (from 1) of Cuadro 1's Totales row in the text, or None."""
    in_cuadro = False
    for number, line in enumerate(_normalize(text).splitlines(), start=1):
        folded = _fold(line)
        if all(name in folded for name in CUADRO_GROUPS):
            in_cuadro = True
        elif in_cuadro and "\t" in line and _fold(_cells(line)[0]).startswith("total"):
            return number
    return None


def cuadro_totales_mismatches(text: str) -> list[tuple[str, int, int]]:
    """(column, printed, summed) for each column where Cuadro 1's Totales row differs from the sum of its rows."""
    read = cuadro(text)
    if not read or not read[1]:
        return []
    rows, totales = read
    return [(field, totales[field], summed) for field in (*CUADRO_COLUMNS, "total")
            if totales[field] != (summed := sum(row[field] for row in rows))]
