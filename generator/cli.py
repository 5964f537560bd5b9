"""`portal`: the command line. Turns the library's errors into messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.common.text import os_error
from generator.contract.findings import ERROR, Finding, OBSERVACION

EXIT_OK, EXIT_DATA, EXIT_BUILD = 0, 1, 1
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C
OFFLINE_SITE_DIR = "site-offline"


# argparse's own words (usage, help, errors), in Spanish: argparse looks each one up through its
# module-level `_` (gettext), so that name is pointed at this table for the command line.
ARGPARSE_SPANISH = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "orden u opción no válida: %(value)r (elija entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite un valor como máximo",
    "not allowed with argument %s": "no se admite junto con %s",
    "one of the arguments %s is required": "se requiere uno de estos argumentos: %s",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "can't open '%(filename)s': %(error)s": "no se puede abrir «%(filename)s»: %(error)s",
}


def _spanish(text: str) -> str:
    return ARGPARSE_SPANISH.get(text, text)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» no es un número entero") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"«{value}» debe ser 1 o más")
    return number


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» no es un número entero") from None


def main(argv: list[str] | None = None) -> int:
    argparse._ = _spanish
    parser = argparse.ArgumentParser(prog="portal", description="Portal de las metas del Servicio Profesional Electoral Nacional.")
    commands = parser.add_subparsers(dest="command", required=True, title="órdenes", metavar="ORDEN")

    check = commands.add_parser("validate", help="revisa los datos contra el contrato de entrada")
    check.add_argument("--data", metavar="CARPETA", default="data", type=Path, help="carpeta de datos (por omisión: data)")
    check.add_argument("--strict", action="store_true", help="también las observaciones hacen fallar")
    check.add_argument("--config", metavar="ARCHIVO", default=None, type=Path, help="archivo de configuración del sitio, para sus límites (por omisión: la de la carpeta actual o de la primera superior que la tenga)")
    check.add_argument("--against", metavar="SITIO", type=Path, default=None, help="carpeta de un sitio publicado: dice qué cambiaría al reemplazarlo, sin construir")

    build = commands.add_parser("build", help="valida, genera y construye el sitio")
    build.add_argument("--data", metavar="CARPETA", default="data", type=Path, help="carpeta de datos (por omisión: data)")
    build.add_argument("--site-dir", metavar="CARPETA", default=None, type=Path, help="carpeta del sitio (por omisión: la que indica la configuración)")
    build.add_argument("--config", metavar="ARCHIVO", default=None, type=Path, help="archivo de configuración del sitio (por omisión: la de la carpeta actual o de la primera superior que la tenga; nunca una de la carpeta de datos)")
    build.add_argument("--site-url", metavar="DIRECCIÓN", default=None, help="dirección pública del sitio (p. ej. https://portal.ejemplo.mx/metas-spen/): enlaces absolutos para citar, calendarios, canales y el mapa del sitio, y la página 404 bajo una subruta")
    build.add_argument("--offline", action="store_true", help=f"copia sin conexión, para abrir desde el disco (file://): cada página un archivo .html (por omisión en {OFFLINE_SITE_DIR}/)")

    synth = commands.add_parser("synth", help="crea un conjunto de datos ilustrativo de N metas")
    target = synth.add_mutually_exclusive_group(required=True)
    target.add_argument("--metas", metavar="N", type=_positive, help="número de metas de un conjunto completo (carpeta de datos)")
    target.add_argument("--acuerdo", metavar="ARCHIVO", type=Path, help="YAML de un acuerdo: escribe un anexo ilustrativo que concilia con su Cuadro")
    synth.add_argument("--out", metavar="DESTINO", type=Path, required=True, help="carpeta de datos, o archivo CSV con --acuerdo")
    synth.add_argument("--resultados", action="store_true", help="con --metas: también un periodo anterior y sus resultados (data/resultados/), para las reglas entre periodos")
    synth.add_argument("--seed", metavar="N", type=_integer, default=0, help="semilla: la misma da los mismos datos (por omisión: 0)")

    extract = commands.add_parser("extract-acuerdo", help="lee el texto publicado de un acuerdo e imprime sus datos en YAML")
    extract.add_argument("file", metavar="ARCHIVO", type=Path, help="texto del acuerdo (Markdown convertido del PDF)")

    anexo = commands.add_parser("extract-anexo", help="lee el anexo de un acuerdo como lo publica el INE (PDF o Word, un formulario por meta) y escribe la tabla de metas para revisarla")
    anexo.add_argument("file", metavar="ARCHIVO", type=Path, help="el anexo: PDF con texto o documento de Word (.docx)")
    anexo.add_argument("--acuerdo", metavar="CLAVE", required=True, help="clave del acuerdo que aprobó las metas (p. ej. INE/JGE186/2022)")
    anexo.add_argument("--out", metavar="ARCHIVO", type=Path, default=None, help="tabla que se escribe, .csv o .xlsx (por omisión: el CSV en la salida)")

    args = parser.parse_args(argv)
    try:
        return {"validate": _validate, "build": _build, "synth": _synth, "extract-acuerdo": _extract, "extract-anexo": _extract_anexo}[args.command](args)
    except KeyboardInterrupt:
        print("\nInterrumpido. Lo que se estaba construyendo se descartó; el sitio publicado queda como estaba.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _report(findings: list[Finding]) -> None:
    """The findings and their count: the command's output, on stdout (`portal validate | less` shows them all);
    stderr is for what stops the command itself."""
    for finding in findings:
        print(finding.describe())
    n_errors = sum(f.severity == ERROR for f in findings)
    n_obs = sum(f.severity == OBSERVACION for f in findings)
    print(f"{n_errors} error(es), {n_obs} observación(es).")


def _progress():
    """Where long validations say how they go: a line on the terminal, rewritten; nothing in a pipe."""
    if not sys.stderr.isatty():
        return None
    last = {"what": None, "percent": -1}

    def show(what: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if (what, percent) != (last["what"], last["percent"]):
            last.update(what=what, percent=percent)
            print(f"\rLeyendo {what}: {done:,}/{total:,} ({percent} %)", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return show


def _configuration(args) -> Path | None:
    """The site's configuration: `--config`, else the first one found from the current folder upward.

    Never looked for from the data folder: the data is input from clerks, and a configuration runs
    Python (`hooks:`), chooses folders and raises limits. One inside the data folder is refused.
    """
    from generator.build import builder

    config_file = getattr(args, "config", None) or builder.find_config(Path.cwd())
    data = args.data.resolve()
    inside = builder.configurations_in(args.data)
    if config_file is not None and Path(config_file).resolve().is_relative_to(data):
        inside = sorted({*inside, Path(config_file)})
    if inside:
        raise Refused(
            f"la carpeta de datos {args.data} contiene {_list_files(inside)}, que configuraría el sitio: "
            "los datos no configuran ni ejecutan nada. Quítelo de la carpeta de datos; la configuración del "
            f"portal es el {builder.DEFAULT_CONFIG} del proyecto (o la que indique --config)."
        )
    return Path(config_file) if config_file else None


def _list_files(paths: list[Path]) -> str:
    names = ", ".join(repr(str(p)) for p in paths)
    return f"el archivo {names}" if len(paths) == 1 else f"los archivos {names}"


class Refused(Exception):
    """What the command line refuses to do, said in Spanish."""


def _limits(config_file: Path | None):
    """The data limits of the configuration, when there is one (the defaults otherwise)."""
    from generator.build import builder

    return builder.configured_limits(config_file) if config_file else None


def _validate(args) -> int:
    from generator.build import builder
    from generator.model.pipeline import check

    try:
        limits = _limits(_configuration(args))
    except Refused as exc:
        print(f"No se validó: {exc}", file=sys.stderr)
        return EXIT_DATA
    except builder.BuildFailed as exc:
        print(f"La configuración del portal tiene un error: {exc}", file=sys.stderr)
        return EXIT_DATA
    prepared, findings = check(args.data, limits, _progress())
    _report(findings)
    if args.against and prepared is not None:
        _report_changes(args.against, prepared)
    if any(f.severity == ERROR for f in findings):
        return EXIT_DATA
    if args.strict and any(f.severity == OBSERVACION for f in findings):
        return EXIT_DATA
    return EXIT_OK


def _build(args) -> int:
    from generator.build import builder
    from generator.build import publish
    from generator.build import settings
    from generator.model.pipeline import check

    try:
        site_url = settings.site_url(args.site_url) if args.site_url else None
        config_file = _configuration(args)
    except (Refused, settings.InvalidSetting) as exc:
        print(f"No se construyó el sitio: {exc}", file=sys.stderr)
        return EXIT_BUILD
    if config_file is None or not config_file.is_file():
        if config_file is None and not args.data.is_dir():
            print(f"No existe la carpeta de datos {args.data.resolve()}: indique la carpeta con --data (por omisión, data de la carpeta actual).", file=sys.stderr)
        else:
            print(f"No se encontró la configuración del sitio ({config_file or builder.DEFAULT_CONFIG}) en la carpeta actual ({Path.cwd()}) ni en las superiores. Ejecute la orden desde la carpeta del proyecto o indíquela con --config.", file=sys.stderr)
        return EXIT_BUILD
    try:
        limits = _limits(config_file)
    except builder.BuildFailed as exc:
        print(f"La configuración del portal tiene un error: {exc}", file=sys.stderr)
        return EXIT_BUILD
    prepared, findings = check(args.data, limits, _progress())
    _report(findings)
    if prepared is None:
        print("No se publicó nada: el sitio anterior queda intacto.", file=sys.stderr)
        return EXIT_DATA
    try:
        if args.site_dir:
            site_dir = args.site_dir
        elif args.offline:
            site_dir = config_file.parent / OFFLINE_SITE_DIR
        else:
            site_dir = builder.configured_site_dir(config_file)
        sources = builder.configured_sources(config_file)
        publish.check_site_dir(site_dir, protected={
            "la carpeta del proyecto": config_file.parent,
            "la carpeta de datos": args.data,
            "la carpeta de las fuentes del sitio": sources,
            "la carpeta de documentación": config_file.parent / "docs",
        }, containers={
            "la carpeta de datos": args.data,
            "la carpeta de las fuentes del sitio": sources,
        })
        _report_changes(site_dir, prepared)
        publish.publish(site_dir, lambda staging: builder.build(prepared, config_file, staging, args.offline, site_url))
    except publish.Refused as exc:
        print(f"No se construyó el sitio: {exc}", file=sys.stderr)
        return EXIT_BUILD
    except (builder.BuildFailed, OSError) as exc:
        said = os_error(exc) if isinstance(exc, OSError) else exc
        print(f"Error al construir el sitio: {said}\nNo se publicó nada: el sitio anterior queda intacto.", file=sys.stderr)
        return EXIT_BUILD
    print(f"Sitio construido en {site_dir}")
    for warning in builder.harvest_warnings(config_file, site_url, args.offline):
        print(f"Observación: {warning}")
    _print_timings()
    return EXIT_OK


TIMINGS_ENV = "PORTAL_TIMINGS"


def _print_timings() -> None:
    """With PORTAL_TIMINGS=1, the wall time of each step, one "<step>: <seconds> s" line each (read by `make bench`)."""
    if os.environ.get(TIMINGS_ENV):
        from generator.common.timing import seconds

        for name, value in seconds.items():
            print(f"{name}: {value:.2f} s", file=sys.stderr)


def _report_changes(site_dir: Path, prepared) -> None:
    """What the new data changes against the published site, before it is replaced."""
    from generator.site import changes

    before = changes.published(site_dir)
    if before is None:
        print(f"{site_dir}: no hay un sitio publicado con el que comparar.")
        return
    for line in changes.describe(changes.compare(before, changes.current(prepared.portal))):
        print(line)


def _synth(args) -> int:
    from generator.tools.synth import synth, synth_annex, synth_with_results

    if args.acuerdo and args.resultados:
        print("--resultados va con --metas, no con --acuerdo.", file=sys.stderr)
        return EXIT_DATA
    if args.acuerdo:
        try:
            count = synth_annex(args.acuerdo, args.out, seed=args.seed)
        except (OSError, ValueError) as exc:
            print(f"No se pudo crear el anexo: {os_error(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
            return EXIT_DATA
    else:
        try:
            count = (synth_with_results if args.resultados else synth)(args.metas, args.out, seed=args.seed)
        except (OSError, ValueError) as exc:
            print(f"No se pudieron crear los datos: {os_error(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
            return EXIT_DATA
    print(f"{count} metas ilustrativas escritas en {args.out}")
    return EXIT_OK


def _extract(args) -> int:
    from generator.input.acuerdo_text import extract, read_text, to_yaml

    try:
        text = read_text(args.file)
    except ValueError as exc:
        print(f"No se pudo leer {args.file}: {exc}", file=sys.stderr)
        return EXIT_DATA
    extraction = extract(text)
    print(to_yaml(extraction), end="")
    for key in extraction.missing:
        print(f"No se encontró en el texto: {key}", file=sys.stderr)
    return EXIT_OK


def _extract_anexo(args) -> int:
    from generator.input import anexo_table
    from generator.input.anexo import AnexoError, read_anexo

    if args.out is not None and args.out.suffix.lower() not in anexo_table.SUFFIXES:
        print(f"No se escribió nada: la tabla debe ser .csv o .xlsx, no «{args.out.name}».", file=sys.stderr)
        return EXIT_DATA
    try:
        annex = read_anexo(args.file, acuerdo=args.acuerdo)
    except AnexoError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return EXIT_DATA
    for line in anexo_table.review(annex):
        print(line, file=sys.stderr)
    try:
        if args.out is None:
            sys.stdout.write(anexo_table.csv_text(annex))
        else:
            anexo_table.write(annex, args.out)
    except OSError as exc:
        print(f"No se pudo escribir {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA
    if args.out is not None:
        print(f"{len(annex.forms)} metas escritas en {args.out}: revíselas contra el anexo antes de publicarlas.", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
