"""The publishing recipes of docs/deploy.md, exercised.

Debian's nginx and Apache serve a freshly built site under a sub-path with the snippets of
deploy/ included as they are (never copied): pages, assets, MIME types, the 404 page,
caching, gzip and the security headers of generator/site/security.py on every response; then
Chromium searches and explores through nginx. The GitHub Pages and GitLab Pages workflows
cannot run here: they are checked statically.
"""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import DATA, REPO, build_site, external_requests
from generator.model.pipeline import prepare
from generator.site.security import CONTENT_SECURITY_POLICY, HEADER_POLICY, SECURITY_HEADERS

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
INSTALL = "ejecute `bash scripts/install-test-tools.sh` (instala nginx y apache2 de Debian)"
DEPLOY = REPO / "deploy"
SUB_PATH = "/metas-spen/"  # the sub-path docs/deploy.md uses, as INE would: https://www.ine.mx/metas-spen/
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# The Content-Type each kind of file the build writes must have (nginx and Apache alike).
EXPECTED_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",  # RFC 9239
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".sqlite": "application/vnd.sqlite3",
    ".parquet": "application/vnd.apache.parquet",
    ".pdf": "application/pdf",  # an acuerdo's annex as INE published it (not in the sample site)
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xml": "application/xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    "": "application/octet-stream",  # LICENSE files of the vendored libraries
}
FEED_TYPE = "application/atom+xml; charset=utf-8"


# ---- the snippets, read as a server reads them ----

def security_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The headers a snippet sets, but for caching; each set once."""
    pairs = [(name, value) for name, value in pairs if name != "Cache-Control"]
    assert len(pairs) == len(dict(pairs)), pairs
    return dict(pairs)


def nginx_headers(text: str) -> dict[str, str]:
    return security_headers(re.findall(r'^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', text, re.M))


def apache_headers(text: str) -> dict[str, str]:
    return security_headers(re.findall(r'^\s*Header\s+always\s+set\s+([\w-]+)\s+"([^"]*)"', text, re.M))


def nginx_types(text: str) -> dict[str, str]:
    block = re.search(r"^types\s*\{(.*?)^\}", text, re.M | re.S).group(1)
    table = {}
    for line in block.splitlines():
        line = line.split("#")[0].strip().rstrip(";")
        if line:
            mime, *extensions = line.split()
            table.update({ext: mime for ext in extensions})
    return table


SYNC = "ejecute `.venv/bin/python deploy/write_headers.py`: escribe SECURITY_HEADERS en los fragmentos"


def test_the_nginx_snippet_sends_exactly_the_sites_security_headers():
    assert nginx_headers((DEPLOY / "nginx/security-headers.conf").read_text()) == SECURITY_HEADERS, SYNC


def test_the_apache_snippet_sends_exactly_the_sites_security_headers():
    assert apache_headers((DEPLOY / "apache/portal.conf").read_text()) == SECURITY_HEADERS, SYNC


def test_write_headers_puts_the_python_policy_back_into_a_snippet_that_drifted():
    spec = importlib.util.spec_from_file_location("write_headers", DEPLOY / "write_headers.py")
    write_headers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(write_headers)
    for path, line in write_headers.LINES.items():
        text = path.read_text()
        drifted = text.replace("object-src 'none'", "object-src *").replace('"nosniff"', '"sniff"')
        assert drifted != text
        assert write_headers.with_headers(drifted, line) == text, path


def test_the_header_policy_is_the_pages_policy_plus_what_a_meta_cannot_carry():
    assert SECURITY_HEADERS["Content-Security-Policy"] == HEADER_POLICY
    assert HEADER_POLICY.startswith(CONTENT_SECURITY_POLICY + "; ")


def test_no_recipe_spells_another_policy():
    """A policy or header value written anywhere in the recipes is the one of security.py."""
    files = [*DEPLOY.rglob("*.conf"), REPO / "docs/deploy.md", REPO / ".github/workflows/pages.yml", REPO / ".gitlab-ci.yml"]
    for path in files:
        text = path.read_text()
        for policy in re.findall(r"default-src[^\"\n]*", text):
            assert policy == HEADER_POLICY, path
        for name in SECURITY_HEADERS:
            for value in re.findall(rf"{name}[\"']?\s*[:\s]\s*\"([^\"]+)\"", text):
                assert value == SECURITY_HEADERS[name], (path, name)


def test_every_nginx_level_that_adds_a_header_sends_the_security_headers_too():
    """In nginx an add_header inside a location drops every add_header of the enclosing level."""
    text = re.sub(r"#.*", "", (DEPLOY / "nginx/portal.conf").read_text())
    nested = re.findall(r"^location[^{]*\{.*?^\}", text, re.M | re.S)
    top = text
    for block in nested:
        top = top.replace(block, "")
    assert len(nested) == 3
    include = "include snippets/metas-spen/security-headers.conf;"
    for block in [top, *nested]:
        if "add_header" in block:
            assert include in block, block


def test_the_nginx_types_cover_pagefind_webassembly_calendars_and_feeds():
    table = nginx_types(re.sub(r"#.*", "", (DEPLOY / "nginx/portal.conf").read_text()))
    for suffix, expected in EXPECTED_TYPES.items():
        if suffix:
            assert table[suffix.lstrip(".")] == expected.split(";")[0], suffix


# ---- a server of our own: an unprivileged port on 127.0.0.1, a prefix in a temp folder ----

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path):
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"el servidor terminó al arrancar: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"el servidor no abrió el puerto {port}")


def stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


PROBES = "_tipos"  # a folder beside the site's files with one file of each kind the build may write


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site built as docs/deploy.md says: with its public address, sub-path included (`--site-url`)."""
    built = tmp_path_factory.mktemp("publicado") / "site"
    result = build_site(DATA, built, "--site-url", "https://www.ine.mx" + SUB_PATH)
    assert result.returncode == 0, result.stdout + result.stderr
    return built


@pytest.fixture(scope="module")
def served(site) -> Path:
    """A copy of the site that an unprivileged worker can read (pytest's temp folders are 0700),
    with one probe file of every kind in EXPECTED_TYPES, for kinds today's data does not produce."""
    folder = Path(tempfile.mkdtemp(prefix="portal-deploy-"))
    folder.chmod(0o755)
    shutil.copytree(site, folder / "site")
    probes = folder / "site" / PROBES
    probes.mkdir()
    for suffix in EXPECTED_TYPES:
        (probes / f"muestra{suffix}").write_bytes(b"x" * 2048)
    (probes / ".oculto").mkdir()
    (probes / ".oculto/index.html").write_text("<p>oculto</p>")
    (probes / ".htaccess").write_text("Require all granted")
    yield folder / "site"
    shutil.rmtree(folder)


def nginx_config(prefix: Path, site: Path, port: int) -> str:
    """The server block docs/deploy.md tells the operator to write; the snippet itself is included."""
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""  # a master started by root hands workers to nobody
    temp = " ".join(f"{kind}_temp_path {prefix}/temp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""
worker_processes 1;
daemon off;
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location = {SUB_PATH.rstrip('/')} {{
            include snippets/metas-spen/security-headers.conf;
            return 301 {SUB_PATH};
        }}
        location {SUB_PATH} {{
            alias {site}/;
            error_page 404 {SUB_PATH}404.html;
            include snippets/metas-spen/portal.conf;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx_prefix(tmp_path_factory) -> Path:
    """nginx's folder: its configuration, the snippets (a link to deploy/nginx), its logs."""
    return tmp_path_factory.mktemp("nginx")


@pytest.fixture(scope="module")
def nginx(served, nginx_prefix) -> str:
    """Debian's nginx serving the built site under /metas-spen/; stopped at the end."""
    if not NGINX.exists():
        pytest.fail(f"{NGINX} no está instalado: {INSTALL}")
    prefix = nginx_prefix
    (prefix / "temp").mkdir()
    (prefix / "snippets").mkdir()
    (prefix / "snippets/metas-spen").symlink_to(DEPLOY / "nginx", target_is_directory=True)
    port = free_port()
    (prefix / "nginx.conf").write_text(nginx_config(prefix, served, port))
    checked = subprocess.run([NGINX, "-t", "-q", "-p", prefix, "-c", prefix / "nginx.conf"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", prefix, "-c", prefix / "nginx.conf"], stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process, prefix / "error.log")
        yield f"http://127.0.0.1:{port}{SUB_PATH}"
    finally:
        stop(process)


def apache_config(prefix: Path, site: Path, port: int) -> str:
    modules = ["mpm_event", "authz_core", "alias", "mime", "dir", "headers", "deflate", "filter", "setenvif"]
    loads = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in modules)
    user = "User nobody\nGroup nogroup" if os.geteuid() == 0 else ""
    return f"""
ServerRoot {prefix}
{loads}
{user}
Listen 127.0.0.1:{port}
ServerName localhost
PidFile {prefix}/apache.pid
ErrorLog {prefix}/error.log
LogLevel warn
DefaultRuntimeDir {prefix}
Include /etc/apache2/mods-available/mime.conf
<Directory />
    Require all denied
    AllowOverride None
</Directory>
Define METAS_SPEN_PATH {SUB_PATH.rstrip('/')}
Define METAS_SPEN_DIR {site}
Include {DEPLOY}/apache/portal.conf
"""


@pytest.fixture(scope="module")
def apache(served, tmp_path_factory) -> str:
    """Debian's Apache serving the built site under /metas-spen/; stopped at the end."""
    if not APACHE.exists():
        pytest.fail(f"{APACHE} no está instalado: {INSTALL}")
    prefix = tmp_path_factory.mktemp("apache")
    port = free_port()
    (prefix / "apache2.conf").write_text(apache_config(prefix, served, port))
    command = [APACHE, "-d", prefix, "-f", prefix / "apache2.conf"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-DFOREGROUND"], stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process, prefix / "error.log")
        yield f"http://127.0.0.1:{port}{SUB_PATH}"
    finally:
        stop(process)


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request) -> str:
    return request.getfixturevalue(request.param)


# ---- HTTP, as a visitor's browser speaks it ----

class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())


def fetch(url: str, **headers) -> Response:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={k.replace("_", "-"): v for k, v in headers.items()})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":  # the canonical address is never fetched
            self.urls.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def assets_of(html: bytes) -> list[str]:
    parser = Links()
    parser.feed(html.decode("utf-8"))
    return parser.urls


def hidden(path: Path, site: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(site).parts)


def one_file_per_kind(site: Path) -> dict[str, Path]:
    kinds = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not hidden(path, site):
            kinds.setdefault(path.suffix, path)
    return kinds


def url_of(base: str, site: Path, path: Path) -> str:
    return base + path.relative_to(site).as_posix()


PAGES = ["", "acuerdos/", "acuerdos/ine-jge186-2022/", "cargos/", "metas/ine-jge186-2022/deoe-1/", "explorador/", "buscar/", "datos/", "verificacion/"]


def test_pages_and_their_assets_load_under_the_sub_path(server, site):
    for path in PAGES:
        response = fetch(server + path)
        assert response.status == 200, path
        assert response.header("content-type") == EXPECTED_TYPES[".html"], path
        assert response.body == (site / path / "index.html").read_bytes(), path
        for asset in assets_of(response.body):
            address = urljoin(server + path, asset)
            assert address.startswith(server), (path, asset)
            assert fetch(address).status == 200, (path, asset)


def test_every_kind_of_file_the_build_writes_has_a_type(site):
    unknown = sorted(set(one_file_per_kind(site)) - set(EXPECTED_TYPES))
    assert unknown == [], f"la construcción escribe archivos {unknown}: déles su tipo en deploy/ y en EXPECTED_TYPES"


def test_every_kind_of_file_is_served_with_its_type(server, served):
    files = [*one_file_per_kind(served).values(), *sorted(p for p in (served / PROBES).iterdir() if not hidden(p, served))]
    assert {path.suffix for path in files} >= set(EXPECTED_TYPES)
    for path in files:
        response = fetch(url_of(server, served, path))
        assert response.status == 200, path
        expected = FEED_TYPE if path.name == "feed.xml" else EXPECTED_TYPES[path.suffix]
        assert response.header("content-type") == expected, path
        assert response.body == path.read_bytes(), path


def test_the_feed_and_the_sitemap_have_their_own_xml_types(server, site):
    assert fetch(server + "feed.xml").header("content-type") == FEED_TYPE
    assert fetch(server + "sitemap.xml").header("content-type") == EXPECTED_TYPES[".xml"]


def test_a_missing_page_under_the_sub_path_gets_the_portals_404_page(server, site):
    response = fetch(server + "metas/ine-jge186-2022/no-existe/")
    assert response.status == 404
    assert response.header("content-type") == EXPECTED_TYPES[".html"]
    assert response.body == (site / "404.html").read_bytes()


def test_hidden_files_are_not_published(server, served):
    hidden_files = [path for path in served.rglob("*") if path.is_file() and hidden(path, served)]
    assert {".htaccess", "index.html"} <= {path.name for path in hidden_files}  # and the build's own marks
    for path in hidden_files:
        response = fetch(url_of(server, served, path))
        assert response.status == 404, path
        assert response.body == (served / "404.html").read_bytes(), path
        assert {name: response.header(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, path


def test_the_sub_path_and_its_folders_without_a_slash_redirect(server):
    root = fetch(server.rstrip("/"))
    assert root.status == 301 and urlsplit(root.header("location")).path == SUB_PATH
    folder = fetch(server + "acuerdos")
    assert folder.status == 301 and urlsplit(folder.header("location")).path == SUB_PATH + "acuerdos/"


def test_hashed_files_are_kept_a_year_and_everything_else_revalidated(server, site):
    hashed = [
        *site.glob("assets/stylesheets/main.*.min.css"), *site.glob("assets/javascripts/bundle.*.min.js"),
        *site.glob("pagefind/*.pf_meta"), *site.glob("pagefind/fragment/*.pf_fragment"), *site.glob("pagefind/index/*.pf_index"),
        *site.glob("pagefind/filter/*.pf_filter"),
    ]
    assert len(hashed) > 10
    for path in hashed:
        assert fetch(url_of(server, site, path)).header("cache-control") == YEAR, path
    named_by_role = ["index.html", "buscar/index.html", "404.html", "pagefind/pagefind.js", "pagefind/pagefind-entry.json",
                     "pagefind/wasm.es.pagefind", "assets/css/portal.css", "assets/js/explorador.js", "assets/explorador/metas.json",
                     "datos/metas.csv", "feed.xml"]
    for name in named_by_role:
        assert fetch(url_of(server, site, site / name)).header("cache-control") == REVALIDATE, name
    assert fetch(server + "no-existe/").header("cache-control") == REVALIDATE


def test_text_is_gzipped_and_pagefinds_compressed_files_are_sent_as_they_are(server, site):
    for name in ("index.html", "assets/css/portal.css", "assets/js/explorador.js", "datos/metas.csv", "assets/explorador/metas.json"):
        response = fetch(url_of(server, site, site / name), Accept_Encoding="gzip")
        assert response.header("content-encoding") == "gzip", name
        assert "Accept-Encoding" in response.header("vary"), name
        assert gzip.decompress(response.body) == (site / name).read_bytes(), name
    fragment = next(site.glob("pagefind/fragment/*.pf_fragment"))
    response = fetch(url_of(server, site, fragment), Accept_Encoding="gzip")
    assert response.header("content-encoding") is None
    assert response.body == fragment.read_bytes()


def test_every_response_carries_the_security_headers(server, site):
    page = fetch(server)
    responses = {
        "página": page,
        "página sin cambios (304)": fetch(server, If_None_Match=page.header("etag") or "", If_Modified_Since=page.header("last-modified")),
        "hoja de estilo con huella": fetch(url_of(server, site, next(site.glob("assets/stylesheets/main.*.min.css")))),
        "fragmento de Pagefind": fetch(url_of(server, site, next(site.glob("pagefind/fragment/*.pf_fragment")))),
        "canal Atom": fetch(server + "feed.xml"),
        "descarga": fetch(server + "datos/metas.xlsx"),
        "página que no existe (404)": fetch(server + "no-existe/"),
        "subruta sin barra (301)": fetch(server.rstrip("/")),
        "carpeta sin barra (301)": fetch(server + "acuerdos"),
    }
    assert responses["página sin cambios (304)"].status == 304
    for what, response in responses.items():
        sent = {name: response.header(name) for name in SECURITY_HEADERS}
        assert sent == SECURITY_HEADERS, what


# ---- in Chromium, through nginx ----

@pytest.fixture
def visitor(browser, nginx):
    """A fresh tab that records its requests and every console message."""
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests, tab.console, tab.errors = [], [], []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda message: tab.console.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def refused(tab) -> list[str]:
    return [text for text in tab.console if "Content Security Policy" in text or text.startswith("Refused to")]


@pytest.mark.browser
def test_search_through_nginx_finds_a_meta(visitor, nginx):
    visitor.goto(nginx + "buscar/")
    visitor.fill("#buscar-q", "organizacion")
    visitor.wait_for_selector(".pagefind-ui__result-link")
    message = visitor.inner_text("[data-estado]")
    assert re.fullmatch(r"[1-9][\d,]* resultados? para «organizacion»", message), message
    shown = visitor.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")
    assert shown and all(link.startswith(nginx) for link in shown), shown
    found = visitor.evaluate(
        """async () => {
            const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
            const search = await pagefind.search("organizacion");
            return Promise.all(search.results.map(async (r) => (await r.data()).url));
        }"""
    )
    assert any(urlsplit(url).path.startswith(SUB_PATH + "metas/") for url in found), found
    assert external_requests(visitor.requests, nginx) == []
    assert visitor.errors == []


@pytest.mark.browser
def test_the_explorer_through_nginx_renders_every_meta(visitor, nginx):
    metas = len(prepare(DATA).portal.metas)
    visitor.goto(nginx + "explorador/")
    visitor.wait_for_selector("[data-explorador][data-listo]")
    assert visitor.inner_text("[data-resumen]").startswith(f"{metas:,} metas coinciden")
    assert visitor.locator("[data-filas] tr").count() == min(metas, 50)
    first = visitor.locator("[data-filas] tr td:first-child a").first.get_attribute("href")
    assert urljoin(visitor.url, first).startswith(nginx + "metas/")
    assert external_requests(visitor.requests, nginx) == []
    assert visitor.errors == []


POLICY_PAGES = {
    "home": ("", "main"),
    "acuerdo": ("acuerdos/ine-jge186-2022/", "main"),
    "meta": ("metas/ine-jge186-2022/deoe-1/", "main"),
    "search": ("buscar/?q=organizacion", ".pagefind-ui__result-link"),
    "explorer": ("explorador/", "[data-explorador][data-listo]"),
    "downloads": ("datos/", "main"),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", POLICY_PAGES)
def test_pages_through_nginx_break_no_rule_of_the_policy(visitor, nginx, name):
    """The policy the server sends blocks nothing the site itself needs (Chromium enforces it)."""
    path, ready = POLICY_PAGES[name]
    failed = []
    visitor.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    visitor.goto(nginx + path)
    visitor.wait_for_selector(ready)
    visitor.wait_for_load_state("networkidle")
    assert failed == []
    assert external_requests(visitor.requests, nginx) == []
    assert refused(visitor) == []
    assert visitor.errors == []


def requests_logged(log: Path, start: int) -> list[tuple[str, int]]:
    """(path, status) of every request nginx logged after byte `start` of its access log."""
    lines = log.read_bytes()[start:].decode().splitlines()
    return [(line.split('"')[1].split()[1], int(line.split('"')[2].split()[0])) for line in lines]


@pytest.mark.browser
def test_a_second_page_takes_hashed_files_from_the_browsers_cache(visitor, nginx, nginx_prefix):
    log = nginx_prefix / "access.log"
    visitor.goto(nginx)
    visitor.wait_for_load_state("networkidle")
    start = log.stat().st_size
    visitor.goto(nginx + "acuerdos/")
    visitor.wait_for_load_state("networkidle")
    visitor.goto(nginx)
    visitor.wait_for_load_state("networkidle")
    second = requests_logged(log, start)
    hashed = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")
    assert [path for path, _ in second if hashed.search(path)] == [], second  # not even asked again
    assert (SUB_PATH + "acuerdos/", 200) in second
    assert (SUB_PATH, 304) in second  # the page seen before: revalidated, not sent again
    assert all(status in (200, 304) for _, status in second), second


@pytest.mark.browser
def test_the_404_page_under_the_sub_path_is_drawn_with_the_sites_styles(visitor, nginx):
    response = visitor.goto(nginx + "metas/ine-jge186-2022/no-existe/")
    assert response.status == 404
    visitor.wait_for_load_state("networkidle")
    stylesheets = visitor.evaluate("() => [...document.styleSheets].map(s => s.href).filter(Boolean)")
    assert stylesheets and all(href.startswith(nginx) for href in stylesheets), stylesheets
    links = visitor.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert all(link.startswith(nginx) for link in links if link.startswith("http://127.0.0.1")), links
    assert external_requests(visitor.requests, nginx) == []


# ---- the Pages workflows, statically ----

BUILD = "make site"  # the README's command
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$", re.M)


def test_the_readme_builds_with_make_site():
    assert f"{BUILD}    # creates .venv, installs the project, builds site/ from data/" in (REPO / "README.md").read_text()


def test_the_github_pages_workflow_builds_with_make_site_and_publishes_the_site_folder():
    text = (REPO / ".github/workflows/pages.yml").read_text()
    workflow = yaml.safe_load(text)
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [step["uses"].split("@")[0] for step in build["steps"] if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs == [BUILD]
    upload = build["steps"][-1]
    assert upload["with"]["path"].rstrip("/") == "site"  # where `make site` writes (mkdocs.yml site_dir)
    assert yaml.safe_load((REPO / "mkdocs.yml").read_text())["site_dir"] == "site"
    publish = deploy["steps"][-1]
    assert publish["uses"].split("@")[0] == "actions/deploy-pages"
    assert deploy["environment"] == {"name": "github-pages", "url": f"${{{{ steps.{publish['id']}.outputs.page_url }}}}"}
    every_use = re.findall(r"^\s*(?:- )?uses: .*$", text, re.M)
    assert len(every_use) == 4 and all(PINNED.match(line) for line in every_use), every_use


def test_the_gitlab_pages_job_builds_with_make_site_and_publishes_public():
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    job = pipeline["pages"]
    assert job["script"] == [BUILD, "mv site public"]
    assert job["artifacts"]["paths"] == ["public"]
    assert re.fullmatch(r"python:3\.1[1-9]-bookworm", pipeline["image"]), "una imagen con versión, no latest"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
