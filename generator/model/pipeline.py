"""Runs the steps in order — load → validate → history → model → derive — in one call for the CLI and the plugin."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.common.timing import step
from generator.contract.findings import DataError, errors, Finding
from generator.input.load import Limits, load_data_dir
from generator.input.validate import validate
from generator.model import addresses, derive, history, make, verify
from generator.model.records import Portal


@dataclass(frozen=True)
class Prepared:
    portal: Portal
    derived: derive.Derived
    findings: tuple[Finding, ...]  # observaciones and avisos (errors raise DataError)
    anexos: dict[str, bytes] = field(default_factory=dict, compare=False)  # clave → its annex as published (PDF or DOCX), to publish beside it


def check(data_dir: Path, limits: Limits | None = None, progress=None) -> tuple[Prepared | None, list[Finding]]:
    """Every finding of the data; the prepared portal when there is no error.

    `limits`: how much work the data may ask for (load.Limits); `progress(what, done, total)` is told
    how reading goes, for long validations."""
    with step("load"):
        raw = load_data_dir(Path(data_dir), limits, progress)
    with step("validate"):
        validated = validate(raw, progress=progress)
    findings = validated.findings
    if errors(findings):
        return None, _located(findings, raw)
    with step("model"):
        acuerdos = make.acuerdos(validated)
        metas = make.illustrative_through_history(history.apply(acuerdos, validated.rows, validated.catalogue.cargo_names, findings), acuerdos)
    if errors(findings):
        return None, _located(findings, raw)
    with step("model"):
        portal = make.portal(acuerdos, metas, validated, findings)
        findings = findings + addresses.collisions(portal)
    if errors(findings):
        return None, _located(findings, raw)
    with step("derive"):
        derived = derive.derive(portal, validated.resultados)
        derived = replace(derived, checks=tuple(verify.verify(portal, derived)))
    findings = _located(findings + derived.observaciones, raw)
    published = {table.relative: table.anexo for table in raw.tables if table.anexo is not None}
    anexos = {a.clave: published[a.metas_file] for a in portal.acuerdos if a.anexo_format and a.metas_file in published}
    return Prepared(portal, derived, tuple(findings), anexos), findings


def _located(findings: list[Finding], raw) -> list[Finding]:
    """Sorted, and each finding on a row of an annex read from its forms said where its form is (page, meta, label)."""
    annexes = {table.file: table for table in raw.tables if table.places}
    return sorted(annexes[f.file].locate(f) if f.file in annexes else f for f in findings)


def prepare(data_dir: Path, limits: Limits | None = None) -> Prepared:
    prepared, findings = check(data_dir, limits)
    if prepared is None:
        raise DataError(errors(findings))
    return prepared
