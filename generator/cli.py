"""`portal`: the command line. Turns the library's errors into messages and exit codes."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from .findings import ERROR, OBSERVACION, Finding

EXIT_OK, EXIT_DATA, EXIT_BUILD = 0, 1, 1
OFFLINE_SITE_DIR = "site-offline"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="Portal de las metas del Servicio Profesional Electoral Nacional.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="revisa los datos contra el contrato de entrada")
    check.add_argument("--data", default="data", type=Path, help="carpeta de datos (por omisión: data)")
    check.add_argument("--strict", action="store_true", help="también las observaciones hacen fallar")

    build = commands.add_parser("build", help="valida, genera y construye el sitio con MkDocs")
    build.add_argument("--data", default="data", type=Path)
    build.add_argument("--site-dir", default=None, type=Path, help="carpeta del sitio (por omisión: la de mkdocs.yml)")
    build.add_argument("--config", default="mkdocs.yml", type=Path, help="archivo de configuración de MkDocs")
    build.add_argument("--offline", action="store_true", help=f"copia sin conexión, para abrir desde el disco (file://): cada página un archivo .html (por omisión en {OFFLINE_SITE_DIR}/)")

    synth = commands.add_parser("synth", help="crea un conjunto de datos ilustrativo de N metas")
    target = synth.add_mutually_exclusive_group(required=True)
    target.add_argument("--metas", type=int, help="número de metas de un conjunto completo (carpeta de datos)")
    target.add_argument("--acuerdo", type=Path, help="YAML de un acuerdo: escribe un anexo ilustrativo que concilia con su Cuadro")
    synth.add_argument("--out", type=Path, required=True, help="carpeta de datos, o archivo CSV con --acuerdo")
    synth.add_argument("--seed", type=int, default=0)

    extract = commands.add_parser("extract-acuerdo", help="lee el texto publicado de un acuerdo e imprime sus datos en YAML")
    extract.add_argument("file", type=Path, help="texto del acuerdo (Markdown convertido del PDF)")

    args = parser.parse_args(argv)
    return {"validate": _validate, "build": _build, "synth": _synth, "extract-acuerdo": _extract}[args.command](args)


def _report(findings: list[Finding]) -> None:
    for finding in findings:
        print(finding.describe(), file=sys.stderr if finding.severity == ERROR else sys.stdout)
    n_errors = sum(f.severity == ERROR for f in findings)
    n_obs = sum(f.severity == OBSERVACION for f in findings)
    print(f"{n_errors} error(es), {n_obs} observación(es).")


def _validate(args) -> int:
    from .pipeline import check

    _, findings = check(args.data)
    _report(findings)
    if any(f.severity == ERROR for f in findings):
        return EXIT_DATA
    if args.strict and any(f.severity == OBSERVACION for f in findings):
        return EXIT_DATA
    return EXIT_OK


def _build(args) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .pipeline import check

    prepared, findings = check(args.data)
    _report(findings)
    if prepared is None:
        print("No se publicó nada: el sitio anterior queda intacto.", file=sys.stderr)
        return EXIT_DATA
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.offline:
        config = load_config(str(args.config), use_directory_urls=False)
        site_dir = Path(args.site_dir or OFFLINE_SITE_DIR).resolve()
    else:
        config = load_config(str(args.config))
        site_dir = Path(args.site_dir or config.site_dir).resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    config.site_dir = str(staging)
    config.plugins["portal"].preloaded = prepared
    try:
        mkdocs_build(config)
        _swap(staging, site_dir)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Error al construir el sitio: {exc}\nNo se publicó nada: el sitio anterior queda intacto.", file=sys.stderr)
        return EXIT_BUILD
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"Sitio construido en {site_dir}")
    return EXIT_OK


def _swap(staging: Path, site_dir: Path) -> None:
    """Replace the published site in two renames, so readers never see half a build."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _synth(args) -> int:
    from .synth import synth, synth_annex

    if args.acuerdo:
        try:
            count = synth_annex(args.acuerdo, args.out, seed=args.seed)
        except (OSError, ValueError) as exc:
            print(f"No se pudo crear el anexo: {exc}", file=sys.stderr)
            return EXIT_DATA
    else:
        count = synth(args.metas, args.out, seed=args.seed)
    print(f"{count} metas ilustrativas escritas en {args.out}")
    return EXIT_OK


def _extract(args) -> int:
    from .acuerdo_text import extract, to_yaml

    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"No se pudo leer {args.file}: {exc}", file=sys.stderr)
        return EXIT_DATA
    extraction = extract(text)
    print(to_yaml(extraction), end="")
    for key in extraction.missing:
        print(f"No se encontró en el texto: {key}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
