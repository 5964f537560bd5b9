"""An acuerdo's YAML and the facts its published text states, merged: a key the YAML leaves out comes from
the text; a key in both must say the same (case, accents, spacing and list order aside), else an error.
"""

from __future__ import annotations

import re

from generator.common.text import fold, shorten
from generator.contract import schema
from generator.contract.findings import Finding, finding
from generator.input import acuerdo_text
from generator.input.load import RawAcuerdo, RawData
from generator.input.values import Invalid, parse_key, shown_value


def merge_document(clean: dict, text: str, source: RawAcuerdo, raw: RawData, findings: list[Finding]) -> bool:
    """Keys missing from the YAML come from the acuerdo's text; a key in both must agree."""
    extracted = acuerdo_text.extract(text).values
    ok = True
    documento = f"{source.file.split('/', 1)[0]}/{clean['documento']}"
    for field, printed, summed in acuerdo_text.cuadro_totales_mismatches(text):
        findings.append(finding("cuadro_totales_discrepantes", documento, acuerdo_text.cuadro_totales_line(text), schema.CUADRO_LABELS[field], printed, printed=printed, summed=summed))
    for name, value in extracted.items():
        key = schema.ACUERDO_KEYS_BY_NAME[name]
        try:
            from_text = parse_key(key, value, raw)
        except Invalid:
            continue  # what the text says in a form the contract does not take is not used
        if name not in clean:
            clean[name] = from_text
        elif name == "glosario":
            clean["glosario_correcciones"] = _glosario_corrections(clean[name], from_text, text)
            clean[name] = {**from_text, **clean[name]}
        elif _comparable(clean[name]) != _comparable(from_text):
            findings.append(finding("documento_discrepante", source.file, source.lines.get(name), name, shown_value(clean[name]), documento=clean["documento"], texto=shorten(shown_value(from_text))))
            ok = False
    return ok


def _glosario_corrections(given: dict, from_text: dict, text: str) -> dict[str, str]:
    """Term → what the text's glossary said ("" when it left the term without meaning), for each
    YAML entry that corrects the conversion of the text."""
    corrections = {}
    for term, meaning in given.items():
        said = from_text.get(term)
        if said is None and not re.search(rf"^\s*(?:<b>|\*\*)?{re.escape(term)}\s*:", text, re.MULTILINE):
            continue  # a term the text's glossary does not have: an addition, not a correction
        if said is None or _comparable(said) != _comparable(meaning):
            corrections[term] = said or ""
    return corrections


def _comparable(value):
    """Equal when a person would say they say the same: case, accents, spacing and order of lists aside."""
    if isinstance(value, str):
        return " ".join(fold(value).replace(".", " ").split())
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return sorted(tuple(sorted(row.items())) for row in value)
    if isinstance(value, tuple):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if v is not None}
    return value
