"""`make bench`: how the portal scales, measured, printed as tables (never asserted).

For each N it writes an illustrative data set (`portal synth`), builds it in a child
process (the generator's steps timed apart from MkDocs; peak memory), measures the
site (size, files, page sizes), and opens it in headless Chromium (a first search,
the first visit to three pages, the explorer). In the same run it builds a
hand-made MkDocs + Material site of N plain record pages kept out of the nav, so
the ratio portal / hand-made holds on a noisy machine.

    python scripts/bench.py [--sizes 300,1000,3000,10000] [--out bench-out]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SEARCH_TERM = "organizacion"
VISITORS = 5  # the browser figures are medians over this many new visitors (fresh contexts)
FIRST_ROW_AT = """new MutationObserver((_, observer) => {
  if (document.querySelector("[data-filas] tr")) { window.firstRowAt = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });"""


def child_build(data: str, site: str) -> None:
    """Runs in its own process: build, then print the step timings and peak memory as JSON."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from generator import cli, timing

    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        code = cli.main(["build", "--data", data, "--site-dir", site])
        sys.stdout = stdout
    total = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"code": code, "total": total, "steps": dict(timing.seconds), "peak_kb": max(own, children)}))


def run_child(data: Path, site: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", str(data), str(site)], cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def handmade_site(n: int, folder: Path) -> float:
    """A plain MkDocs + Material site of n record pages out of the nav; returns its build time."""
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    (docs / "registros").mkdir(parents=True)
    (docs / "index.md").write_text("# Registros\n\nSitio de comparación.\n", encoding="utf-8")
    for i in range(n):
        (docs / "registros" / f"r{i}.md").write_text(
            f"# Registro {i}\n\nMeta de ejemplo número {i}: verificar el equipamiento de las bodegas electorales conforme al calendario aprobado.\n\n"
            "| Campo | Valor |\n|---|---|\n| Tipo | Individual |\n| Área | DEOE |\n| Vigencia | 1 de octubre de 2022 al 31 de julio de 2023 |\n",
            encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Comparación\ntheme:\n  name: material\n  language: es\n  font: false\nnav:\n  - index.md\nnot_in_nav: |\n  /registros/**\nplugins: []\n",
        encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    metas = [p.stat().st_size for p in pages if "metas" in p.relative_to(site).parts]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "size_mb": sum(p.stat().st_size for p in files) / 1e6,
        "files": len(files),
        "largest_page_kb": largest.stat().st_size / 1e3,
        "largest_page": largest.relative_to(site).as_posix(),
        "median_page_kb": statistics.median(p.stat().st_size for p in pages) / 1e3,
        "median_meta_kb": statistics.median(metas) / 1e3 if metas else 0,
    }


def start_server(site: Path) -> tuple[subprocess.Popen, str]:
    """A static server in its own process, so that it never waits on the measuring one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/"


def browser_figures(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = start_server(site)
    cargo = next(p for p in sorted((site / "cargos").iterdir()) if p.is_dir()).name
    meta = next((site / "metas").rglob("index.html")).parent.relative_to(site).as_posix()
    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def visit(path: str, until=None) -> tuple[int, float, object]:
            context = browser.new_context()
            page = context.new_page()
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            received = []
            session.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
            start = time.perf_counter()
            page.goto(base + path, wait_until="load")
            if until:
                until(page)
            elapsed = time.perf_counter() - start
            page.wait_for_timeout(200)
            total = sum(received)
            context.close()
            return total, elapsed, page

        for name, path in (("home", ""), ("cargo", f"cargos/{cargo}/"), ("meta", f"{meta}/")):
            figures[f"first_visit_{name}_kb"] = visit(path)[0] / 1e3

        # A first search, by new visitors (the median is printed): the search page opens and
        # settles (it loads Pagefind meanwhile, as a visitor reads it), then the query is typed.
        # Timed from the typing; counted: every file of Pagefind's the page fetched, from its opening.
        times, sizes = [], []
        for _ in range(VISITORS):
            context = browser.new_context()
            page = context.new_page()
            fetched = []
            page.on("response", lambda r, fetched=fetched: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
            page.goto(base + "buscar/", wait_until="networkidle")
            page.wait_for_selector(".pagefind-ui__search-input")
            start = time.perf_counter()
            page.fill(".pagefind-ui__search-input", SEARCH_TERM)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
            times.append(time.perf_counter() - start)
            page.wait_for_timeout(300)
            sizes.append(sum(fetched) / 1e3)
            context.close()
        figures["search_first_result_s"] = statistics.median(times)
        figures["search_range_s"] = (min(times), max(times))
        figures["search_kb"] = max(sizes)

        # The explorer, for new visitors (medians printed): first rows drawn (timed in the page,
        # from the start of navigation), then one facet clicked until redrawn.
        renders, filters = [], []
        for _ in range(VISITORS):
            context = browser.new_context()
            context.add_init_script(FIRST_ROW_AT)
            page = context.new_page()
            page.goto(base + "explorador/", wait_until="load")
            page.wait_for_function("() => window.firstRowAt", timeout=60_000)
            renders.append(page.evaluate("() => window.firstRowAt") / 1000)
            page.wait_for_timeout(1000)
            filters.append(page.evaluate("""async () => {
                const start = performance.now();
                document.querySelector("[data-facetas] input[type=checkbox]").click();
                await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
                return performance.now() - start;
            }""") / 1000)
            context.close()
        figures["explorer_first_render_s"] = statistics.median(renders)
        figures["explorer_filter_s"] = statistics.median(filters)
        browser.close()
    server.terminate()
    server.wait()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="300,1000,3000,10000")
    parser.add_argument("--out", default="bench-out", type=Path)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        return child_build(*args.child)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        data, site = args.out / f"data-{n}", args.out / f"site-{n}"
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)  # as for the hand-made site: a build from nothing, no old site to delete
        subprocess.run([sys.executable, "-m", "generator.cli", "synth", "--metas", str(n), "--out", str(data)], cwd=REPO, check=True, capture_output=True)
        build = run_child(data, site)
        handmade = handmade_site(n, args.out / f"handmade-{n}")
        row = {"n": n, **build, "handmade": handmade, **site_figures(site), **browser_figures(site)}
        rows.append(row)
        print_row(row)
    print_summary(rows)


def print_row(row: dict) -> None:
    steps = row["steps"]
    ours = sum(steps.values())
    print(f"\n== {row['n']:,} metas ==")
    print(f"build total            {row['total']:8.1f} s   (hand-made MkDocs site, same page count: {row['handmade']:.1f} s; ratio {row['total'] / row['handmade']:.2f})")
    for name in ("load", "validate", "model", "derive", "render"):
        print(f"  {name:20} {steps.get(name, 0):8.1f} s")
    # Both run beside the rest (another process each); what counts is the wait for them.
    print(f"  {'exports (wait)':20} {steps.get('exports', 0):8.1f} s   made in a child process while the pages render")
    print(f"  {'search index (wait)':20} {steps.get('search index', 0):8.1f} s   Pagefind indexes each page as MkDocs writes it, then writes the index")
    print(f"  {'MkDocs':20} {row['total'] - ours:8.1f} s")
    print(f"peak memory            {row['peak_kb'] / 1024:8.0f} MB")
    print(f"site                   {row['size_mb']:8.1f} MB in {row['files']:,} files")
    print(f"largest page           {row['largest_page_kb']:8.1f} KB ({row['largest_page']})")
    print(f"median page / meta     {row['median_page_kb']:8.1f} KB / {row['median_meta_kb']:.1f} KB")
    low, high = row["search_range_s"]
    print(f"first search           {row['search_first_result_s']:8.2f} s (median of {VISITORS} visitors; {low:.2f}–{high:.2f} s), {row['search_kb']:.0f} KB («{SEARCH_TERM}»)")
    print(f"first visit            home {row['first_visit_home_kb']:.0f} KB, cargo {row['first_visit_cargo_kb']:.0f} KB, meta {row['first_visit_meta_kb']:.0f} KB")
    print(f"explorer               first render {row['explorer_first_render_s']:.2f} s, one filter {row['explorer_filter_s'] * 1000:.0f} ms (medians of {VISITORS} visitors)")


def print_summary(rows: list[dict]) -> None:
    print("\n   N   build s  hand-made s  ratio  peak MB  largest KB  meta KB  search s  search KB")
    for r in rows:
        print(f"{r['n']:>6,} {r['total']:8.1f} {r['handmade']:11.1f} {r['total'] / r['handmade']:6.2f} {r['peak_kb'] / 1024:8.0f} {r['largest_page_kb']:11.1f} {r['median_meta_kb']:8.1f} {r['search_first_result_s']:9.2f} {r['search_kb']:10.0f}")
    by_n = {r["n"]: r["total"] for r in rows}
    if 1000 in by_n and 10000 in by_n:
        print(f"growth: build(10,000) / build(1,000) = {by_n[10000] / by_n[1000]:.1f}")


if __name__ == "__main__":
    main()
