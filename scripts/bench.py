"""`make bench`: the portal's figures as its visitors and its publishers live them, printed (never asserted).

For each size N (1,000, 10,000 and 30,000 metas by default) the benchmark:

- writes an illustrative data set (`python -m generator.cli synth --metas N --seed 0`);
- builds the portal through its command line (`python -m generator.cli build`), from
  nothing, in rounds alternating with two other builds timed the same way: the peer,
  a hand-made MkDocs + Material site with Material's `search` plugin on, with as many
  HTML pages as the portal, each carrying the text of the portal's page at the same
  address; and the floor, the same meta pages rendered by one small Jinja2 template
  and written to disk. Wall time (the best round) and CPU time are printed;
- samples every process of each build every 50 ms (psutil) and keeps the peak of
  their summed memory (the main process, the downloads child and Pagefind at once);
- builds the portal and the peer again while a busy-loop child keeps one core busy;
- measures the site (size, files, the largest page, the median meta page);
- opens it in Chromium, each visitor a new browser profile, served by a static server
  in its own process: a first search as a visitor makes it (the home page, a click
  in the header's search box, the word typed, Enter, the first result on /buscar/;
  its bytes from the click, when the portal starts preparing the search), a shared
  search link opened, the explorer, and the bytes of a first visit to the home page
  gzipped, charts included;
- with `--baseline REV`, builds the same data with the code of REV too (a git
  worktree, run with the same venv), alternating with this checkout's build, for
  before/after figures at 10,000 metas (or the largest size below it);
- first, on the sample site (data/) served gzipped by Debian's nginx with the deploy recipe
  (deploy/nginx): Lighthouse (pinned in scripts/bench-tools/, installed by
  scripts/install-bench-tools.sh; its mobile preset: simulated Slow 4G, a 4× slower CPU) on every
  kind of page, best of two runs: performance, LCP, TBT, CLS, bytes, accessibility; and, in
  Chromium at 4× CPU on a phone's screen, the longest task while loading and then scrolling through
  each page with charts (each chart is drawn as it comes near the screen). `--lighthouse-only` runs
  this part alone (a few minutes); `--site DIR` measures a site already built, `--pages` some kinds;
- prints a table and the targets, measured against their aims; each size's figures
  are also kept in OUT/results-N.json, so that a later run of 30,000 metas alone can
  give the growth from 10,000.

It drives the portal only through its command line and public tools. Step timings
are printed when the command line prints them (see STEP_TIMINGS_ENV).

    python scripts/bench.py [--sizes 1000,10000,30000] [--rounds 2] [--baseline REV] [--out bench-out]
    python scripts/bench.py --lighthouse-only [--site DIR] [--pages home,área,…] [--lighthouse-runs 2]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SEARCH_TERM = "organizacion"
HEADER_SEARCH_BOX = "#buscador-cabecera-q"
RESULT_LINK = "[data-resultados] a[href], .pagefind-ui__result-link"  # the results page's list (buscar.js), or Pagefind's default UI
# A quick typist's pace in the header's box (a key every 100 ms: «organizacion» in 1.2 s); the
# benchmark also pastes the word, Enter at once, the least time the portal gets to prepare.
TYPING_DELAY_MS = 100
VISITORS = 5  # browser figures: median (and range) over this many new visitors, each a new browser profile
SAMPLE_EVERY_S = 0.05
PSS_EVERY = 20  # samples: PSS costs ~15 ms per GB to read, so once a second, not to slow the build it measures
# The command line prints one line per step of the build when this variable is set; the
# benchmark reads any "<step> <seconds> s" line of its output (see parse_steps).
STEP_TIMINGS_ENV = "PORTAL_TIMINGS"
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}

AIMS = {  # what visitors and publishers should get (at 10,000 metas unless said)
    "search_s": 0.5,
    "search_kb": 300,
    "explorer_render_s": 0.5,
    "explorer_filter_s": 0.1,
    "largest_page_kb": 150,
    "home_gzip_kb": 700,
    "peer_ratio": 1.3,
    "floor_ratio": 10,
    "peak_30k_gb": 3,
    "growth_10k_30k": 3.5,
}

# --- Running a build: wall time and the summed memory of its process tree ----------------


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the largest sum over the tree's processes of their RSS, sampled
    peak_pss: int  # bytes: the same with PSS (pages a forked child shares counted once), sampled once a second
    most_processes: int  # the most processes of the tree seen at once
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for
    output: str = ""
    steps: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # (name, first seen s, last seen s) of each child process, by start


def _tree_sample(root, with_pss: bool) -> tuple[int, int, list]:
    """RSS summed over `root` and its descendants (and PSS, slower to read: a full page-table walk), and the descendants."""
    import psutil

    try:
        children = root.children(recursive=True)
    except psutil.Error:
        return 0, 0, []
    rss = pss = 0
    for process in (root, *children):
        try:
            rss += process.memory_info().rss
            if with_pss:
                pss += process.memory_full_info().pss
        except psutil.Error:
            continue
    return rss, pss, children


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run `command`, sampling its process tree every SAMPLE_EVERY_S; fail loudly if it fails."""
    import psutil

    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **QUIET_ENV, **(env or {})}, stdout=out, stderr=subprocess.STDOUT, text=True)
        root = psutil.Process(process.pid)
        peaks = {"rss": 0, "pss": 0, "processes": 1}
        seen: dict[int, list] = {}  # pid: [name, first seen, last seen]
        done = threading.Event()

        def sample() -> None:
            count = 0
            while not done.is_set():
                rss, pss, children = _tree_sample(root, with_pss=count % PSS_EVERY == 0)
                now = time.perf_counter() - start
                peaks["rss"], peaks["pss"] = max(peaks["rss"], rss), max(peaks["pss"], pss)
                peaks["processes"] = max(peaks["processes"], 1 + len(children))
                for child in children:
                    if child.pid not in seen:
                        try:
                            seen[child.pid] = [child.name(), now, now]
                        except psutil.Error:
                            continue
                    seen[child.pid][2] = now
                count += 1
                done.wait(SAMPLE_EVERY_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        out.seek(0)
        output = out.read()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} (in {cwd}) ended with code {code}:\n{output[-4000:]}")
    children = sorted((tuple(v) for v in seen.values()), key=lambda c: c[1])
    return Run(seconds, peaks["rss"], peaks["pss"], peaks["processes"], usage.ru_utime + usage.ru_stime, output, parse_steps(output), children)


STEP_LINE = re.compile(r"^\W*(?P<name>[A-Za-zÁÉÍÓÚáéíóúñ][\w ()/.-]*?)\s*[:=]?\s+(?P<seconds>\d+(?:[.,]\d+)?)\s*s\s*$")


def parse_steps(output: str) -> dict[str, float]:
    """The step timings the command line printed, if it did: lines "<step>: <seconds> s"."""
    steps = {}
    for line in output.splitlines():
        match = STEP_LINE.match(line.strip())
        if match:
            steps[match["name"].strip()] = float(match["seconds"].replace(",", "."))
    return steps


def portal_command(data: Path, site: Path) -> list[str]:
    return [PYTHON, "-m", "generator.cli", "build", "--data", str(data.resolve()), "--site-dir", str(site.resolve())]


def remove_site(site: Path) -> None:
    """The site and, when the path is a link to the build it serves (the portal publishes so), that build."""
    if site.is_symlink():
        target = site.resolve()
        site.unlink()
        shutil.rmtree(target, ignore_errors=True)
    else:
        shutil.rmtree(site, ignore_errors=True)


def entry_points_of(code_root: Path, into: Path) -> Path:
    """A folder declaring the entry points of `code_root`'s pyproject.toml (its MkDocs plugin, say).

    Put first on PYTHONPATH, it stands for the installed project (same distribution name, and
    importlib.metadata keeps the first it meets), so code of another revision finds its own
    plugin even when the venv was installed from newer code, and this checkout finds its own
    before anyone reinstalls.
    """
    import tomllib

    project = tomllib.loads((code_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = re.sub(r"[-_.]+", "_", project["name"]).lower(), project.get("version", "0")
    info = into / f"{name}-{version}.dist-info"
    shutil.rmtree(into, ignore_errors=True)
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {version}\n", encoding="utf-8")
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    (info / "entry_points.txt").write_text("".join(f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in points.items()) + "\n" for group, points in groups.items() if points), encoding="utf-8")
    return into


def build_portal(code_root: Path, data: Path, site: Path, entry_points: Path) -> Run:
    """A build from nothing, as a publisher's first: no old site to put away."""
    remove_site(site)
    return run_measured(portal_command(data, site), cwd=code_root, env={STEP_TIMINGS_ENV: "1", "PYTHONPATH": str(entry_points)})


# --- The peer: a hand-made MkDocs + Material site with search, same pages, same text ----------

ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
DROPPED = re.compile(r"<(script|style|svg|template)\b.*?</\1>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|tr|dt|dd|div|section|table|ul|ol|dl|figure|caption|blockquote|pre)>", re.I)
TAG = re.compile(r"<[^>]+>")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#{}])")  # what Python-Markdown would read as markup


def page_text(page_html: str) -> list[tuple[int, str]]:
    """The visible text of a page's content (Material's <article>), as (heading level or 0, line)."""
    match = ARTICLE.search(page_html)
    body = DROPPED.sub(" ", match.group(1) if match else page_html)
    body = HEADING.sub(lambda m: f"\n\x00{m.group(1)}{TAG.sub(' ', m.group(2))}\n", body)
    body = BLOCK_END.sub("\n", body)
    lines = []
    for raw in html.unescape(TAG.sub(" ", body)).split("\n"):
        level = 0
        if raw.startswith("\x00"):
            level, raw = int(raw[1]), raw[2:]
        text = " ".join(raw.split()).replace("¶", "").strip()
        if text:
            lines.append((level, text))
    return lines


def text_bytes(lines: list[tuple[int, str]]) -> int:
    return sum(len(text.encode("utf-8")) for _, text in lines)


def _markdown(lines: list[tuple[int, str]]) -> str:
    out = []
    for level, text in lines:
        escaped = MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
        out.append(f"{'#' * level} {escaped}" if level else escaped)
    return "\n\n".join(out) + "\n"


def write_peer(site: Path, folder: Path) -> dict:
    """Write the peer's sources: one Markdown page per HTML page of the portal, at the same address.

    Every page carries the visible text of the portal's page (headings as headings, each block
    a paragraph); the navigation lists the home page and the top-level sections, as the
    portal's does; MkDocs writes 404.html itself, as for the portal.
    """
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    nav, sizes = [], []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.as_posix() == "404.html":
            continue
        source = relative.parent / "index.md" if relative.name == "index.html" else relative.with_suffix(".md")
        lines = page_text(page.read_text(encoding="utf-8", errors="replace")) or [(1, relative.parent.as_posix())]
        sizes.append(text_bytes(lines))
        (docs / source).parent.mkdir(parents=True, exist_ok=True)
        (docs / source).write_text(_markdown(lines), encoding="utf-8")
        if len(relative.parts) <= 2 and relative.name == "index.html":
            title = next((text for level, text in lines if level == 1), relative.parent.as_posix())
            nav.append((source.as_posix(), title))
    nav.sort(key=lambda item: (item[0] != "index.md", item[0]))
    config = {
        "site_name": "Sitio de comparación",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "es", "font": False},
        "plugins": ["search"],
        "nav": [{title: path} for path, title in nav],
        "not_in_nav": "/*/**/*.md\n",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (folder / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return {"median_text_bytes": statistics.median(sizes), "text_bytes": sum(sizes)}


def build_peer(folder: Path) -> Run:
    shutil.rmtree(folder / "site", ignore_errors=True)
    return run_measured([PYTHON, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", "site"], cwd=folder)


# --- The floor: the meta pages through one bare Jinja2 template, written to disk -------------

FLOOR_TEMPLATE = """<!doctype html>
<html lang="es">
<head><meta charset="utf-8"><title>Meta {{ meta.numero_meta }} · {{ meta.acuerdo }}</title></head>
<body>
<h1>Meta {{ meta.numero_meta }}</h1>
<p>{{ meta.descripcion }}</p>
<dl>
{%- for name, value in meta.items() if value %}
<dt>{{ name }}</dt><dd>{{ value }}</dd>
{%- endfor %}
</dl>
</body>
</html>
"""


def floor_child(data: str, out: str) -> None:
    """Runs in its own process (timed from outside, like the builds): every meta page of the data set."""
    import jinja2

    template = jinja2.Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    written = 0
    for table in sorted(Path(data, "metas").glob("*.csv")):
        with table.open(encoding="utf-8-sig", newline="") as rows:
            for meta in csv.DictReader(rows):
                if meta.get("accion"):  # a modification of an earlier acuerdo's meta, not a page of its own
                    continue
                page = Path(out, "metas", meta["acuerdo"].replace("/", "-").lower(), meta["numero_meta"].lower(), "index.html")
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(template.render(meta=meta), encoding="utf-8")
                written += 1
    print(json.dumps({"pages": written}))


def build_floor(data: Path, folder: Path) -> tuple[Run, int]:
    shutil.rmtree(folder, ignore_errors=True)
    run = run_measured([PYTHON, str(Path(__file__).resolve()), "--floor", str(data.resolve()), str(folder.resolve())], cwd=REPO)
    return run, json.loads(run.output.strip().splitlines()[-1])["pages"]


# --- The site on disk ---------------------------------------------------------------------------


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    # A meta's page is metas/<acuerdo>/<meta>/index.html; the listings above it are not.
    metas = [p.stat().st_size for p in pages if len(p.relative_to(site).parts) == 4 and p.relative_to(site).parts[0] == "metas"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "size_mb": sum(p.stat().st_size for p in files) / 1e6,
        "files": len(files),
        "pages": len(pages),
        "meta_pages": len(metas),
        "largest_page_kb": largest.stat().st_size / 1e3,
        "largest_page": "/" + largest.relative_to(site).parent.as_posix().strip(".") + ("/" if largest.name == "index.html" else largest.name),
        "median_page_kb": statistics.median(p.stat().st_size for p in pages) / 1e3,
        "median_meta_kb": statistics.median(metas) / 1e3 if metas else 0.0,
    }


# --- In Chromium --------------------------------------------------------------------------------

# The visitor's first step into the header's box (a click or a tab), then Enter: the portal starts
# preparing the search at the first, the clock starts at the second. Times are the epoch's (ms), as
# the server's log, and kept in sessionStorage should Enter load a new page.
FOCUS_AT = """addEventListener("focusin", (event) => {
  if (event.target.matches("%s") && !sessionStorage.getItem("bench-focus-at")) sessionStorage.setItem("bench-focus-at", String(performance.timeOrigin + performance.now()));
}, true);""" % HEADER_SEARCH_BOX
ENTER_AT = """addEventListener("keydown", (event) => {
  if (event.key === "Enter") sessionStorage.setItem("bench-enter-at", String(performance.timeOrigin + performance.now()));
}, true);"""
FIRST_RESULT_AT = """new MutationObserver((_, observer) => {
  if (document.querySelector("%s")) { window.benchFirstResultAt = performance.timeOrigin + performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });""" % RESULT_LINK
# The explorer's first rows on the screen (the page brings them, or the script draws them): the second
# animation frame after they are in the document, once the first frame that holds them has been drawn.
FIRST_ROW_AT = """new MutationObserver((_, observer) => {
  if (document.querySelector("[data-filas] tr")) {
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.firstRowAt = performance.now(); }));
  }
}).observe(document, { childList: true, subtree: true });"""
# The explorer has its data: the filters work (explorador.js marks its root data-listo).
EXPLORER_READY_AT = """new MutationObserver((_, observer) => {
  if (document.querySelector("[data-explorador][data-listo]")) { window.explorerReadyAt = performance.now(); observer.disconnect(); }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-listo"] });"""
CHARTS_DRAWN = """() => [...document.querySelectorAll("script.figura")].every((s) => {
  const target = document.getElementById(s.dataset.target);
  return !target || target.classList.contains("js-plotly-plot");
})"""


def serve_child(site: str, port: str, log: str) -> None:
    """Runs in its own process: Python's static server (as `python -m http.server`), logging what it sends.

    One line per response: when it was sent (ms since the epoch, the clock the pages read
    through performance.timeOrigin), its status, the bytes written (headers and body) and its path.
    """
    import functools
    import http.server

    class Counting:
        def __init__(self, raw):
            self.raw, self.count = raw, 0

        def write(self, data):
            self.count += len(data)
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    lock = threading.Lock()
    record = open(log, "a", encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def setup(self):
            super().setup()
            self.wfile = Counting(self.wfile)

        def send_response(self, code, message=None):
            self.sent_status = code
            super().send_response(code, message)

        def handle_one_request(self):
            self.wfile.count, self.sent_status = 0, None
            super().handle_one_request()
            if self.sent_status is not None:
                with lock:
                    record.write(f"{time.time() * 1000:.1f}\t{self.sent_status}\t{self.wfile.count}\t{self.path}\n")
                    record.flush()

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), functools.partial(Handler, directory=site)).serve_forever()


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path
    site: Path

    def sent(self, since_ms: float, until_ms: float) -> list[tuple[int, int, str]]:
        """(status, bytes, path) of every response sent between the two times."""
        rows = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            at, status, size, path = line.split("\t", 3)
            if since_ms <= float(at) <= until_ms:
                rows.append((int(status), int(size), path))
        return rows

    def file_for(self, path: str) -> Path | None:
        from urllib.parse import unquote, urlsplit

        target = self.site / unquote(urlsplit(path).path).lstrip("/")
        target = target / "index.html" if target.is_dir() else target
        return target if target.is_file() else None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def start_server(site: Path, folder: Path) -> Server:
    """A static server in its own process, so that it never waits on the measuring one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "served.log"
    log.write_text("", encoding="utf-8")
    process = subprocess.Popen([PYTHON, str(Path(__file__).resolve()), "--serve", str(site.resolve()), str(port), str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return Server(process, f"http://127.0.0.1:{port}/", log, site.resolve())


def _gzipped(body: bytes) -> int:
    """What the body weighs if the host compresses it (gzip -6), never more than as it is."""
    return min(len(body), len(gzip.compress(body, 6)))


def _sent_bytes(server: Server, since_ms: float, until_ms: float) -> dict:
    """What the server sent between two times: bytes as sent, as gzipped, and the files.

    What came from the browser's cache is not sent; a revalidation is its headers."""
    served = gzipped = 0
    files = []
    for status, size, path in server.sent(since_ms, until_ms):
        served += size
        gzipped += size
        source = server.file_for(path) if status == 200 else None
        if source:
            body = source.read_bytes()
            gzipped += _gzipped(body) - len(body)
        files.append(path.lstrip("/") if status == 200 else f"{path.lstrip('/')} ({status})")
    return {"served_kb": served / 1e3, "gzip_kb": gzipped / 1e3, "files": files}


def _first_search(browser, server: Server, pasted: bool) -> dict:
    """A new visitor: the home page, a click in the header's box, «organizacion» typed (or pasted), Enter, the first result.

    Timed in the pages: from Enter's keydown to the first result link in the document, and from the
    click. The bytes are every response the server sent from the click in the box to the first result:
    the portal starts fetching the results page and Pagefind when the visitor is in the box. The home
    page has rested first (network idle), so that none of its own files count.
    """
    context = browser.new_context()
    context.add_init_script(FOCUS_AT)
    context.add_init_script(ENTER_AT)
    context.add_init_script(FIRST_RESULT_AT)
    page = context.new_page()
    page.goto(server.base, wait_until="networkidle")
    page.click(HEADER_SEARCH_BOX)
    if pasted:
        page.keyboard.insert_text(SEARCH_TERM)
    else:
        page.keyboard.type(SEARCH_TERM, delay=TYPING_DELAY_MS)
    page.keyboard.press("Enter")
    page.wait_for_url("**/buscar/**", timeout=30_000)
    page.wait_for_function("() => window.benchFirstResultAt", timeout=60_000, polling=50)
    focus_at, enter_at, result_at = page.evaluate(
        "() => [Number(sessionStorage.getItem('bench-focus-at')), Number(sessionStorage.getItem('bench-enter-at')), window.benchFirstResultAt]"
    )
    context.close()
    return {"seconds": (result_at - enter_at) / 1000, "from_focus_s": (result_at - focus_at) / 1000, **_sent_bytes(server, focus_at, result_at)}


def _shared_search(browser, server: Server) -> dict:
    """A new visitor who opens a shared search (/buscar/?q=organizacion): navigation to the first result, and every byte."""
    context = browser.new_context()
    context.add_init_script(FIRST_RESULT_AT)
    page = context.new_page()
    started = time.time() * 1000
    page.goto(f"{server.base}buscar/?q={SEARCH_TERM}", wait_until="commit")
    page.wait_for_function("() => window.benchFirstResultAt", timeout=60_000, polling=50)
    origin, result_at = page.evaluate("() => [performance.timeOrigin, window.benchFirstResultAt]")
    context.close()
    return {"seconds": (result_at - origin) / 1000, **_sent_bytes(server, started, result_at)}


def _home_first_visit(browser, server: Server) -> dict:
    """A new visitor on the home page, scrolled to the end, until its charts are drawn and the network rests."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server.base, wait_until="load")
    scroll_to_the_end(page)  # each chart is drawn as it comes near the screen
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_load_state("networkidle")
    raw = gzipped = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:
            continue
        raw += len(body)
        gzipped += _gzipped(body)
    charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
    context.close()
    return {"raw_kb": raw / 1e3, "gzip_kb": gzipped / 1e3, "files": len(responses), "charts": charts}


def _first_visit_kb(browser, server: Server, path: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    received = []
    session.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(server.base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(received) / 1e3


def _explorer(browser, server: Server) -> tuple[float, float, float]:
    """First rows drawn and filters ready (timed in the page from the start of navigation), then one facet clicked until redrawn."""
    context = browser.new_context()
    context.add_init_script(FIRST_ROW_AT)
    context.add_init_script(EXPLORER_READY_AT)
    page = context.new_page()
    page.goto(server.base + "explorador/", wait_until="load")
    page.wait_for_function("() => window.firstRowAt && window.explorerReadyAt", timeout=60_000)
    render, ready = (t / 1000 for t in page.evaluate("() => [window.firstRowAt, window.explorerReadyAt]"))
    page.wait_for_timeout(1000)
    filter_s = page.evaluate("""async () => {
        const start = performance.now();
        document.querySelector("[data-facetas] input[type=checkbox]").click();
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
        return performance.now() - start;
    }""") / 1000
    context.close()
    return render, ready, filter_s


def browser_figures(site: Path, folder: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server = start_server(site, folder)
    cargo = next(p for p in sorted((site / "cargos").iterdir()) if p.is_dir()).name
    meta = next((site / "metas").rglob("index.html")).parent.relative_to(site).as_posix()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            searches = [_first_search(browser, server, pasted=False) for _ in range(VISITORS)]
            pasted = [_first_search(browser, server, pasted=True) for _ in range(VISITORS)]
            shared = [_shared_search(browser, server) for _ in range(VISITORS)]
            explorer = [_explorer(browser, server) for _ in range(VISITORS)]
            home = _home_first_visit(browser, server)
            visits = {name: _first_visit_kb(browser, server, path) for name, path in (("cargo", f"cargos/{cargo}/"), ("meta", f"{meta}/"))}
            browser.close()
    finally:
        server.stop()
    def spread(runs: list[dict]) -> tuple[float, tuple[float, float]]:
        times = [run["seconds"] for run in runs]
        return statistics.median(times), (min(times), max(times))

    (search_s, search_range), (pasted_s, pasted_range), (shared_s, shared_range) = spread(searches), spread(pasted), spread(shared)
    return {
        "search_s": search_s,
        "search_range_s": search_range,
        "search_served_kb": statistics.median(s["served_kb"] for s in searches),
        "search_gzip_kb": statistics.median(s["gzip_kb"] for s in searches),
        "search_files": max((s["files"] for s in searches), key=len),
        "search_from_focus_s": statistics.median(s["from_focus_s"] for s in searches),
        "pasted_search_s": pasted_s,
        "pasted_search_range_s": pasted_range,
        "pasted_search_served_kb": statistics.median(s["served_kb"] for s in pasted),
        "shared_search_s": shared_s,
        "shared_search_range_s": shared_range,
        "shared_search_served_kb": statistics.median(s["served_kb"] for s in shared),
        "shared_search_gzip_kb": statistics.median(s["gzip_kb"] for s in shared),
        "explorer_render_s": statistics.median(r for r, _, _ in explorer),
        "explorer_ready_s": statistics.median(r for _, r, _ in explorer),
        "explorer_filter_s": statistics.median(f for _, _, f in explorer),
        "home": home,
        "first_visit_kb": visits,
    }


# --- One size ------------------------------------------------------------------------------------


class BusyCore:
    """A child process that keeps one core busy while it lives (another publisher's job, say)."""

    def __enter__(self):
        self.process = subprocess.Popen([PYTHON, "-c", "while True: pass"])
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def measure_size(n: int, out: Path, rounds: int, baseline: Path | None, log) -> dict:
    here = entry_points_of(REPO, out / "entry-points" / "checkout")
    before_points = entry_points_of(baseline, out / "entry-points" / "baseline") if baseline else None
    data, site = out / f"data-{n}", out / f"site-{n}"
    shutil.rmtree(data, ignore_errors=True)
    subprocess.run([PYTHON, "-m", "generator.cli", "synth", "--metas", str(n), "--out", str(data.resolve()), "--seed", "0"], cwd=REPO, check=True, capture_output=True)
    log(f"{n:,} metas: first build")
    load_before = os.getloadavg()[0]
    portal = [build_portal(REPO, data, site, here)]
    figures = site_figures(site)
    peer_dir, floor_dir = out / f"peer-{n}", out / f"floor-{n}"
    peer_text = write_peer(site, peer_dir)
    peer, floor, before = [], [], []
    floor_pages, before_error = 0, None
    for round_ in range(rounds):  # alternating, so that a change in the machine's load falls on all of them
        log(f"{n:,} metas: round {round_ + 1} of {rounds}")
        if round_:
            portal.append(build_portal(REPO, data, site, here))
        if baseline and before_error is None:
            try:
                before.append(build_portal(baseline, data, out / f"site-{n}-baseline", before_points))
            except SystemExit as failed:  # the run goes on: the other figures still count
                before_error = str(failed).splitlines()[-1][:300]
        peer.append(build_peer(peer_dir))
        run, floor_pages = build_floor(data, floor_dir)
        floor.append(run)
    peer_pages = sum(1 for _ in (peer_dir / "site").rglob("*.html"))
    peer_median_text = statistics.median(text_bytes(page_text(p.read_text(encoding="utf-8", errors="replace"))) for p in (peer_dir / "site").rglob("*.html") if p.name != "404.html")
    busy_portal, busy_peer = [], []
    with BusyCore():
        for round_ in range(rounds):
            log(f"{n:,} metas: round {round_ + 1} of {rounds} with one core busy")
            busy_portal.append(build_portal(REPO, data, site, here))
            busy_peer.append(build_peer(peer_dir))
    load_after = os.getloadavg()[0]
    log(f"{n:,} metas: in Chromium")
    try:
        browser = browser_figures(site, out)
    except Exception as failed:  # Playwright's errors: a selector that changed, a timeout. The build figures still count.
        browser = {"browser_error": f"{type(failed).__name__}: {str(failed).splitlines()[0][:300]}"}
    return {
        "n": n,
        "load": (load_before, load_after),
        "portal": portal,
        "peer": peer,
        "floor": floor,
        "before": before,
        "busy_portal": busy_portal,
        "busy_peer": busy_peer,
        "peer_pages": peer_pages,
        "floor_pages": floor_pages,
        "portal_median_text": peer_text["median_text_bytes"],  # measured on the portal's pages while writing the peer's
        "peer_median_text": peer_median_text,
        "baseline_site": site_figures(out / f"site-{n}-baseline") if before else None,
        "baseline_error": before_error,
        **figures,
        **browser,
    }


# --- Printing ------------------------------------------------------------------------------------


def _times(runs: list[Run]) -> str:
    return ", ".join(f"{r.seconds:.1f}" for r in runs)


def _mb(value: int) -> str:
    return f"{value / 1e6:,.0f} MB"


def print_size(r: dict, baseline_rev: str | None) -> None:
    portal, peer, floor = best(r["portal"]), best(r["peer"]), best(r["floor"])
    busy_portal, busy_peer = best(r["busy_portal"]), best(r["busy_peer"])
    rounds = len(r["portal"])
    p = print
    p(f"\n== {r['n']:,} metas ==  (builds: best of {rounds} rounds, portal, peer and floor alternating; wall time of the command, Python's start included)")
    p(f"machine                {os.cpu_count()} cores; load average {r['load'][0]:.1f} before the builds, {r['load'][1]:.1f} after (other work on the machine slows every build)")
    p(f"build, portal          {portal.seconds:8.1f} s   `python -m generator.cli build`, from nothing to the published site (rounds: {_times(r['portal'])} s)")
    if portal.steps:
        for name, seconds in portal.steps.items():
            p(f"  {name:20} {seconds:8.1f} s   step printed by the build ({STEP_TIMINGS_ENV}=1)")
    else:
        p(f"  steps                     —     the build printed no step timings with {STEP_TIMINGS_ENV}=1")
    timeline = ", ".join(f"{name} {first:.1f}–{last:.1f} s" for name, first, last in portal.children if last - first >= SAMPLE_EVERY_S) or "none seen"
    p(f"  child processes           of the best round, from the build's start (sampled): {timeline}")
    p(f"build, peer            {peer.seconds:8.1f} s   `mkdocs build`, Material with its search plugin, {r['peer_pages']:,} HTML pages as the portal's {r['pages']:,}, "
      f"median page text {r['peer_median_text'] / 1e3:.1f} KB as the portal's {r['portal_median_text'] / 1e3:.1f} KB (rounds: {_times(r['peer'])} s)")
    p(f"build, floor           {floor.seconds:8.1f} s   the {r['floor_pages']:,} meta pages (portal: {r['meta_pages']:,}) through one bare Jinja2 template, written to disk (rounds: {_times(r['floor'])} s)")
    p(f"ratio portal / peer    {portal.seconds / peer.seconds:8.2f}     best against best, same run")
    cpu = min(x.cpu_seconds for x in r["portal"]), min(x.cpu_seconds for x in r["peer"]), min(x.cpu_seconds for x in r["floor"])
    p(f"  CPU time             {cpu[0]:8.1f} s   user + system of the portal's build and its children (peer {cpu[1]:.1f} s, ratio {cpu[0] / cpu[1]:.2f}; floor {cpu[2]:.1f} s): less swayed by the machine's load than the wall time")
    p(f"ratio portal / floor   {portal.seconds / floor.seconds:8.2f}")
    p(f"one core busy, portal  {busy_portal.seconds:8.1f} s   the same builds while a busy-loop child process keeps one core busy (rounds: {_times(r['busy_portal'])} s; CPU time {busy_portal.cpu_seconds:.1f} s)")
    p(f"one core busy, peer    {busy_peer.seconds:8.1f} s   (rounds: {_times(r['busy_peer'])} s; CPU time {busy_peer.cpu_seconds:.1f} s)")
    p(f"  ratio portal / peer  {busy_portal.seconds / busy_peer.seconds:8.2f}     with one core busy")
    if r.get("baseline_error"):
        p(f"baseline {baseline_rev or '':12}      —     not measured: {r['baseline_error']}")
    if r["before"]:
        before = best(r["before"])
        p(f"baseline {baseline_rev:12}  {before.seconds:8.1f} s   the same build with the code of {baseline_rev} (git worktree), alternating with this checkout's (rounds: {_times(r['before'])} s)")
        p(f"  this checkout / {baseline_rev:8} {portal.seconds / before.seconds:5.2f}     peak memory (summed RSS) {_mb(before.peak_rss)} before, {_mb(max(x.peak_rss for x in r['portal']))} now; "
          f"largest page {r['baseline_site']['largest_page_kb']:.0f} KB ({r['baseline_site']['largest_page']}) before")
    p(f"peak memory, summed    {max(x.peak_rss for x in r['portal']) / 1e6:8,.0f} MB  RSS of every process of the build at once (main, downloads child, Pagefind: up to {max(x.most_processes for x in r['portal'])} at once), sampled every {SAMPLE_EVERY_S * 1000:.0f} ms, largest over the rounds")
    p(f"  the same as PSS      {max(x.peak_pss for x in r['portal']) / 1e6:8,.0f} MB  pages a forked child shares with its parent counted once (sampled once a second); peer {_mb(max(x.peak_rss for x in r['peer']))} RSS, floor {_mb(max(x.peak_rss for x in r['floor']))}")
    p(f"site                   {r['size_mb']:8.1f} MB  in {r['files']:,} files ({r['pages']:,} HTML pages, {r['meta_pages']:,} of them meta pages)")
    p(f"largest page           {r['largest_page_kb']:8.1f} KB  {r['largest_page']}")
    p(f"median meta page       {r['median_meta_kb']:8.1f} KB  (median of every page: {r['median_page_kb']:.1f} KB)")
    if "browser_error" in r:
        p(f"in Chromium                 —     not measured: {r['browser_error']}")
        return
    low, high = r["search_range_s"]
    p(f"first search           {r['search_s'] * 1000:8.0f} ms  from Enter in the home page's header box («{SEARCH_TERM}» typed, a key every {TYPING_DELAY_MS} ms) to the first result on /buscar/, new browser profile each; median of {VISITORS} visitors, range {low * 1000:.0f}–{high * 1000:.0f} ms")
    p(f"  from the click       {r['search_from_focus_s'] * 1000:8.0f} ms  from the click in the box to the first result, typing included (the portal starts preparing the search at the click)")
    low, high = r["pasted_search_range_s"]
    p(f"  pasted               {r['pasted_search_s'] * 1000:8.0f} ms  the word pasted and Enter at once: from Enter to the first result, range {low * 1000:.0f}–{high * 1000:.0f} ms, {r['pasted_search_served_kb']:.0f} KB sent from the click")
    p(f"  bytes                {r['search_served_kb']:8.0f} KB  sent by the server from the click in the box to the first result (the results page and what Pagefind fetches, headers included), uncompressed as here; {r['search_gzip_kb']:.0f} KB if the host gzips; median of {VISITORS}")
    p(f"                                {len(r['search_files'])} responses: {_files_summary(r['search_files'])}")
    low, high = r["shared_search_range_s"]
    p(f"shared search          {r['shared_search_s'] * 1000:8.0f} ms  a shared link opened (/buscar/?q={SEARCH_TERM}) by a new visitor: from navigation to the first result, range {low * 1000:.0f}–{high * 1000:.0f} ms; "
      f"{r['shared_search_served_kb']:.0f} KB sent ({r['shared_search_gzip_kb']:.0f} KB gzipped), the page's own files included")
    p(f"explorer               {r['explorer_render_s'] * 1000:8.0f} ms  from the start of navigation to the first frame with rows; filters ready (the data loaded) at {r.get('explorer_ready_s', float('nan')) * 1000:.0f} ms; one filter (a facet clicked until redrawn) {r['explorer_filter_s'] * 1000:.0f} ms; medians of {VISITORS} visitors")
    home = r["home"]
    p(f"home, first visit      {home['gzip_kb']:8.0f} KB  gzipped (gzip -6 of every file fetched, {home['files']} files, {home['charts']} charts drawn); {home['raw_kb']:.0f} KB uncompressed")
    visits = r["first_visit_kb"]
    p(f"first visit, others    cargo page {visits['cargo']:.0f} KB, meta page {visits['meta']:.0f} KB (uncompressed, as served here)")


def _files_summary(files: list[str]) -> str:
    """The responses of a first search, Pagefind's many small files counted by kind."""
    revalidated = sum(f.endswith("(304)") for f in files)
    counts: dict[str, int] = {}
    named = []
    for file in files:
        if file.endswith("(304)"):
            continue
        path = file.split("?")[0]
        kind = re.match(r"pagefind/(fragment|index|filter)/", path)
        if kind:
            counts[kind.group(1)] = counts.get(kind.group(1), 0) + 1
        else:
            named.append(path or "/")
    parts = named + [f"Pagefind {kind} files ×{n}" for kind, n in counts.items()]
    if revalidated:
        parts.append(f"{revalidated} revalidated from the browser's cache (304, headers only)")
    return ", ".join(parts)


def save(row: dict, out: Path) -> None:
    """The size's figures as JSON (bench-out/results-N.json), for a later run that measures another size."""
    def plain(value):
        if isinstance(value, Run):
            return {k: v for k, v in value.__dict__.items() if k != "output"}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    record = {"measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "revision": head, **plain(row)}
    (out / f"results-{row['n']}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def saved_build_s(out: Path, n: int) -> tuple[float, str] | None:
    """The best portal build of an earlier run at n metas, with when and at which revision it was measured."""
    try:
        record = json.loads((out / f"results-{n}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return min(run["seconds"] for run in record["portal"]), f"{record['measured_at']}, {record['revision']}"


def growth(rows: list[dict], out: Path, small: int, large: int) -> tuple[float, str] | None:
    """build(large) / build(small): both from this run, or the one missing from an earlier run's results."""
    here = {r["n"]: best(r["portal"]).seconds for r in rows}
    if large not in here:
        return None
    if small in here:
        return here[large] / here[small], "same run"
    earlier = saved_build_s(out, small)
    if earlier is None:
        return None
    return here[large] / earlier[0], f"{small:,} metas from an earlier run ({earlier[1]})"


def print_table(rows: list[dict], out: Path) -> None:
    print("\n     N  portal s  peer s  floor s  /peer  cpu /peer  /floor  busy /peer  peak MB  site MB   files  largest KB  meta KB  search ms  search KB  explorer ms  filter ms  home gz KB")
    for r in rows:
        portal, peer, floor = best(r["portal"]), best(r["peer"]), best(r["floor"])
        busy = best(r["busy_portal"]).seconds / best(r["busy_peer"]).seconds
        cpu = min(x.cpu_seconds for x in r["portal"]) / min(x.cpu_seconds for x in r["peer"])
        print(f"{r['n']:>6,} {portal.seconds:9.1f} {peer.seconds:7.1f} {floor.seconds:8.1f} {portal.seconds / peer.seconds:6.2f} {cpu:10.2f} {portal.seconds / floor.seconds:7.1f} {busy:11.2f}"
              f" {max(x.peak_rss for x in r['portal']) / 1e6:8,.0f} {r['size_mb']:8.0f} {r['files']:7,} {r['largest_page_kb']:11.0f} {r['median_meta_kb']:8.1f}"
              + (f" {'not measured in Chromium':>60}" if "browser_error" in r else
                 f" {r['search_s'] * 1000:10.0f} {r['search_served_kb']:10.0f} {r['explorer_render_s'] * 1000:12.0f} {r['explorer_filter_s'] * 1000:10.0f} {r['home']['gzip_kb']:11.0f}"))
    for small, large in ((1000, 10000), (10000, 30000)):
        ratio = growth(rows, out, small, large)
        if ratio:
            print(f"growth: build({large:,}) / build({small:,}) = {ratio[0]:.2f}   the portal's best build time, {ratio[1]}")


def print_targets(rows: list[dict], out: Path) -> None:
    """Each aim against what was measured: at 10,000 metas if measured, else at the largest size."""
    by_n = {r["n"]: r for r in rows}
    at = by_n.get(10000) or rows[-1]
    n = f"{at['n']:,}"
    portal, peer, floor = best(at["portal"]), best(at["peer"]), best(at["floor"])
    busy = best(at["busy_portal"]).seconds / best(at["busy_peer"]).seconds
    largest = max(rows, key=lambda r: r["largest_page_kb"])
    checks = []
    if "browser_error" in at:
        checks.append((f"first search, explorer, home page ({n})", "not measured", "see above", None))
    else:
        checks += [
            (f"first search, median ({n})", f"{at['search_s'] * 1000:.0f} ms", f"≤ {AIMS['search_s'] * 1000:.0f} ms", at["search_s"] <= AIMS["search_s"]),
            (f"first search, pasted, median ({n})", f"{at['pasted_search_s'] * 1000:.0f} ms", f"≤ {AIMS['search_s'] * 1000:.0f} ms", at["pasted_search_s"] <= AIMS["search_s"]),
            (f"first search, bytes ({n})", f"{at['search_served_kb']:.0f} KB", f"≤ {AIMS['search_kb']} KB", at["search_served_kb"] <= AIMS["search_kb"]),
            (f"explorer, first render ({n})", f"{at['explorer_render_s'] * 1000:.0f} ms", f"≤ {AIMS['explorer_render_s'] * 1000:.0f} ms", at["explorer_render_s"] <= AIMS["explorer_render_s"]),
            (f"explorer, one filter ({n})", f"{at['explorer_filter_s'] * 1000:.0f} ms", f"≤ {AIMS['explorer_filter_s'] * 1000:.0f} ms", at["explorer_filter_s"] <= AIMS["explorer_filter_s"]),
            (f"home, first visit gzipped ({n})", f"{at['home']['gzip_kb']:.0f} KB", f"≤ {AIMS['home_gzip_kb']} KB", at["home"]["gzip_kb"] <= AIMS["home_gzip_kb"]),
        ]
    checks += [
        (f"largest page ({n})", f"{at['largest_page_kb']:.0f} KB {at['largest_page']}", f"≤ {AIMS['largest_page_kb']} KB", at["largest_page_kb"] <= AIMS["largest_page_kb"]),
        (f"largest page, any size ({largest['n']:,})", f"{largest['largest_page_kb']:.0f} KB {largest['largest_page']}", f"≤ {AIMS['largest_page_kb']} KB", largest["largest_page_kb"] <= AIMS["largest_page_kb"]),
        (f"build / peer ({n})", f"{portal.seconds / peer.seconds:.2f}", f"≤ {AIMS['peer_ratio']} (aim 1.0)", portal.seconds / peer.seconds <= AIMS["peer_ratio"]),
        (f"build / peer, one core busy ({n})", f"{busy:.2f}", f"≤ {AIMS['peer_ratio']}", busy <= AIMS["peer_ratio"]),
        (f"build / floor ({n})", f"{portal.seconds / floor.seconds:.1f}", f"≤ {AIMS['floor_ratio']} (aim 6)", portal.seconds / floor.seconds <= AIMS["floor_ratio"]),
    ]
    if 30000 in by_n:
        peak = max(x.peak_rss for x in by_n[30000]["portal"]) / 1e9
        checks.append(("peak memory, summed (30,000)", f"{peak:.2f} GB", f"≤ {AIMS['peak_30k_gb']} GB", peak <= AIMS["peak_30k_gb"]))
        ratio = growth(rows, out, 10000, 30000)
        if ratio:
            label = "build(30,000) / build(10,000)" + ("" if ratio[1] == "same run" else " (10,000 from an earlier run)")
            checks.append((label, f"{ratio[0]:.2f}", f"≤ {AIMS['growth_10k_30k']}", ratio[0] <= AIMS["growth_10k_30k"]))
        else:
            checks.append(("build(30,000) / build(10,000)", "not measured", f"≤ {AIMS['growth_10k_30k']}", None))
    else:
        checks.append(("30,000 metas: peak memory and growth", "not measured", f"≤ {AIMS['peak_30k_gb']} GB, ≤ {AIMS['growth_10k_30k']}×", None))
    print("\ntargets: measured, aim, met or not")
    width = max(len(c[0]) for c in checks)
    for name, measured, aim, met in checks:
        verdict = "—" if met is None else ("met" if met else "NOT met")
        print(f"  {name:{width}}  {measured:>28}  {aim:>18}  {verdict}")


# --- Lighthouse and the longest task while scrolling (a visitor on a phone) -----------------------

LIGHTHOUSE = REPO / "scripts/bench-tools/node_modules/.bin/lighthouse"  # scripts/install-bench-tools.sh
NGINX = "/usr/sbin/nginx"
# Lighthouse's defaults are its mobile preset: a phone's screen, simulated Slow 4G and a 4× slower CPU.
LIGHTHOUSE_CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking"
LIGHTHOUSE_RUNS = 2  # per page kind; the best performance score is kept (these machines are noisy)
CPU_SLOWDOWN = 4  # Chromium's CPU throttling while scrolling through a chart page, as Lighthouse's mobile preset
PHONE = {"width": 412, "height": 823}  # Lighthouse's mobile screen (Moto G Power)
SCROLL_STEP_PX, SCROLL_PAUSE_MS = 300, 150  # a reader's flick, then a glance
LIGHTHOUSE_AIMS = {"performance": 95, "tbt_ms": 200, "cls": 0.1, "lcp_s": 2.5, "accessibility": 100, "scroll_task_ms": 400}
# Every long task (over 50 ms) the page runs, from its start: kept in the page, read at the end.
LONG_TASKS = """window.benchLongTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.benchLongTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });"""


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind the portal writes (the richest of its kind where it matters), by name → path."""

    def richest(folder: str) -> str:
        pages = sorted((site / folder).glob("*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
        return f"{folder}/{pages[0].parent.name}/"

    meta = sorted((site / "metas").glob("*/*/index.html"))[0].parent.relative_to(site).as_posix()
    kinds = {
        "home": "",
        "acuerdo": richest("acuerdos"),
        "área": richest("areas"),
        "cargo": richest("cargos"),
        "meta": f"{meta}/",
        "buscar": f"buscar/?q={SEARCH_TERM}",
        "explorador": "explorador/",
        "datos": "datos/",
        "acuerdos": "acuerdos/",
        "áreas": "areas/",
        "cargos": "cargos/",
        "periodo": richest("periodos"),
        "verificación": "verificacion/",
        "acerca": "acerca/",
    }
    return {name: path for name, path in kinds.items() if (site / path.split("?")[0] / "index.html").exists()}


def chart_pages(site: Path) -> dict[str, str]:
    kinds = page_kinds(site)
    return {name: kinds[name] for name in ("home", "acuerdo", "área", "cargo") if name in kinds and 'class="grafica"' in (site / kinds[name] / "index.html").read_text(encoding="utf-8")}


def start_nginx(site: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    """Debian's nginx serving the site at the root with the deploy recipe (deploy/nginx: gzip, headers)."""
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: bash scripts/install-test-tools.sh installs it")
    prefix = folder / "nginx"
    shutil.rmtree(prefix, ignore_errors=True)
    (prefix / "temp").mkdir(parents=True)
    (prefix / "snippets").mkdir()
    (prefix / "snippets/metas-spen").symlink_to(REPO / "deploy/nginx", target_is_directory=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    temp = " ".join(f"{kind}_temp_path {prefix}/temp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(f"""worker_processes 1; daemon off; {user} pid {prefix}/nginx.pid; error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off; {temp}
    server {{
        listen 127.0.0.1:{port};
        location / {{ alias {site.resolve()}/; error_page 404 /404.html; include snippets/metas-spen/portal.conf; }}
    }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], stderr=subprocess.DEVNULL)
    for _ in range(200):
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}/"


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile preset, simulated throttling) on Debian's Chromium: its figures."""
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", "--only-categories=performance,accessibility",
         f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    audits, categories = result["audits"], result["categories"]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1000,
    }


def scroll_to_the_end(page) -> None:
    """A reader's flicks down the page, a glance between them, to its end."""
    while page.evaluate("() => scrollY + innerHeight < document.documentElement.scrollHeight - 2"):
        page.mouse.wheel(0, SCROLL_STEP_PX)
        page.wait_for_timeout(SCROLL_PAUSE_MS)


def scroll_tasks(browser, url: str) -> dict:
    """A phone at 4× CPU opens the page and scrolls through it to the end: the longest task on load and while scrolling.

    On load: from navigation to the load event and a second's rest; scrolling: from then until every chart
    is drawn and the page has rested a second. Each chart's own script runs in the tasks counted."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2.625, is_mobile=True, has_touch=True)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    loaded = page.evaluate("() => performance.now()")
    scroll_to_the_end(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_timeout(1000)
    tasks, charts = page.evaluate("() => [window.benchLongTasks, document.querySelectorAll('.js-plotly-plot').length]")
    context.close()
    return {
        "load_ms": max((d for start, d in tasks if start < loaded), default=0),
        "scroll_ms": max((d for start, d in tasks if start >= loaded), default=0),
        "charts": charts,
    }


def lighthouse_figures(site: Path, folder: Path, runs: int, only: list[str] | None, log) -> dict:
    """Per page kind, the best of `runs` Lighthouse runs; per chart page, the longest tasks at 4× CPU."""
    from playwright.sync_api import sync_playwright

    if not LIGHTHOUSE.exists():
        subprocess.run(["bash", str(REPO / "scripts/install-bench-tools.sh")], check=True)
    kinds = {name: path for name, path in page_kinds(site).items() if not only or name in only}
    reports = folder / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    process, base = start_nginx(site, folder)
    try:
        pages = {}
        for name, path in kinds.items():
            found = []
            for run in range(runs):
                log(f"Lighthouse: {name} ({path or '/'}), run {run + 1} of {runs}")
                found.append(lighthouse(base + path, reports / f"{re.sub(r'[^a-z0-9]+', '-', path) or 'inicio'}-{run + 1}.json"))
            pages[name] = {"path": path, **max(found, key=lambda r: (r["performance"], -r["tbt_ms"]))}
        scrolls = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in chart_pages(site).items():
                if only and name not in only:
                    continue
                log(f"scrolling through {name} at {CPU_SLOWDOWN}× CPU")
                scrolls[name] = {"path": path, **max((scroll_tasks(browser, base + path) for _ in range(runs)), key=lambda r: -max(r["load_ms"], r["scroll_ms"]))}
            browser.close()
    finally:
        process.terminate()
        process.wait()
    return {"pages": pages, "scrolls": scrolls}


def print_lighthouse(figures: dict) -> None:
    aims = LIGHTHOUSE_AIMS
    print(f"\nLighthouse {lighthouse_version()}, mobile preset (simulated Slow 4G, 4× CPU), Debian's Chromium, served gzipped by nginx (deploy/nginx); best of the runs")
    print(f"{'page':14} {'performance':>11} {'LCP s':>6} {'TBT ms':>7} {'CLS':>6} {'KB':>6} {'a11y':>5}  path")
    missed = []
    for name, r in figures["pages"].items():
        print(f"{name:14} {r['performance']:11} {r['lcp_s']:6.2f} {r['tbt_ms']:7.0f} {r['cls']:6.3f} {r['kb']:6.0f} {r['accessibility']:5}  /{r['path']}")
        if r["performance"] < aims["performance"] or r["tbt_ms"] > aims["tbt_ms"] or r["cls"] > aims["cls"] or r["lcp_s"] > aims["lcp_s"] or r["accessibility"] < aims["accessibility"]:
            missed.append(name)
    if figures["scrolls"]:
        print(f"\nlongest task at {CPU_SLOWDOWN}× CPU, a phone's screen (the best of the runs): on load, and while scrolling to the end")
        for name, r in figures["scrolls"].items():
            print(f"{name:14} on load {r['load_ms']:5.0f} ms   scrolling {r['scroll_ms']:5.0f} ms   charts drawn {r['charts']}  /{r['path']}")
            if max(r["load_ms"], r["scroll_ms"]) > aims["scroll_task_ms"]:
                missed.append(f"{name} (longest task)")
    print(f"aims: performance ≥ {aims['performance']}, LCP ≤ {aims['lcp_s']} s, TBT ≤ {aims['tbt_ms']} ms, CLS ≤ {aims['cls']}, accessibility {aims['accessibility']}, "
          f"no task over {aims['scroll_task_ms']} ms: " + ("met" if not missed else "NOT met by " + ", ".join(missed)))


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parent.parent / "lighthouse/package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "?"


def lighthouse_site(out: Path, log) -> Path:
    """The sample site (data/), built for the phone figures."""
    site = out / "lighthouse-site"
    log("building the sample site (data/)")
    built = subprocess.run(
        [PYTHON, "-m", "generator.cli", "build", "--data", str(REPO / "data"), "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, **QUIET_ENV},
    )
    if built.returncode != 0:
        raise SystemExit(built.stdout + built.stderr)
    return site


# --- Main ------------------------------------------------------------------------------------------


def baseline_worktree(rev: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-baseline-"))
    added = subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=REPO, capture_output=True, text=True)
    if added.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise SystemExit(f"--baseline {rev}: git could not check it out: {added.stderr.strip()}")
    return folder


def sizes_list(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers of metas separated by commas, e.g. 1000,10000; got {text!r}") from None
    if any(n < 10 for n in sizes):
        raise argparse.ArgumentTypeError(f"each size must be at least 10 metas; got {text!r}")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000", type=sizes_list, help="numbers of metas, comma-separated (default 1000,10000,30000)")
    parser.add_argument("--rounds", type=lambda v: max(1, int(v)), default=2, help="builds of each kind per size, alternating (the best is printed)")
    parser.add_argument("--baseline", metavar="REV", help="also build the largest size up to 10,000 with the code of this git revision")
    parser.add_argument("--out", default=REPO / "bench-out", type=Path)
    parser.add_argument("--floor", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=3, metavar=("SITE", "PORT", "LOG"), help=argparse.SUPPRESS)
    parser.add_argument("--lighthouse-only", action="store_true", help="only the phone figures: Lighthouse on every kind of page of the sample site, and the longest task while scrolling through each chart page")
    parser.add_argument("--site", type=Path, help="with --lighthouse-only: measure this built site instead of building data/")
    parser.add_argument("--pages", type=lambda v: v.split(","), help="with --lighthouse-only: only these page kinds (home,acuerdo,área,cargo,meta,buscar,explorador,datos,…)")
    parser.add_argument("--lighthouse-runs", type=lambda v: max(1, int(v)), default=LIGHTHOUSE_RUNS, help=f"Lighthouse runs per page kind, the best kept (default {LIGHTHOUSE_RUNS})")
    args = parser.parse_args()
    if args.floor:
        return floor_child(*args.floor)
    if args.serve:
        return serve_child(*args.serve)
    sizes = args.sizes
    baseline_at = max((n for n in sizes if n <= 10000), default=min(sizes))
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    site = args.site.resolve() if args.site else lighthouse_site(args.out, log)
    phone = lighthouse_figures(site, args.out, args.lighthouse_runs, args.pages, log)
    (args.out / "lighthouse.json").write_text(json.dumps(phone, indent=1, ensure_ascii=False), encoding="utf-8")
    print_lighthouse(phone)
    sys.stdout.flush()
    if args.lighthouse_only:
        return
    worktree = baseline_worktree(args.baseline) if args.baseline else None
    rows = []
    try:
        for n in sizes:
            row = measure_size(n, args.out, args.rounds, worktree if n == baseline_at else None, log)
            rows.append(row)
            save(row, args.out)
            print_size(row, args.baseline)
            sys.stdout.flush()
    finally:
        if worktree:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=REPO, capture_output=True)
    print_table(rows, args.out)
    print_targets(rows, args.out)


if __name__ == "__main__":
    main()
