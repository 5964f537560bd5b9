"""Shared fixtures: a site built from the repository's data, served on localhost, and Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLE = REPO / "examples" / "modificacion"  # an invented amendment, on top of data/ (examples/README.md)
EARLIER = REPO / "examples" / "periodo-anterior"  # an invented earlier period and its results
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def build_site(data_dir: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """`portal build` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--data", str(data_dir), "--site-dir", str(site_dir), *extra],
        cwd=REPO, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def children_mid_build(process: subprocess.Popen, seconds: float = 60) -> list[str]:
    """The child processes of a running `portal build` once it has some (the downloads' child runs mid-build);
    empty when the build ended first."""
    import time

    deadline = time.monotonic() + seconds
    children: list[str] = []
    while time.monotonic() < deadline and not children and process.poll() is None:
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        time.sleep(0.02)
    return children


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The portal built from data/ (the demonstration data), once per test run."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build_site(DATA, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def with_example(target: Path) -> Path:
    """data/ plus the examples (an amendment, an earlier period with its results), as `make ejemplo` puts them together."""
    shutil.copytree(DATA, target)
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True)
    shutil.copytree(EARLIER, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def example_data(tmp_path_factory) -> Path:
    return with_example(tmp_path_factory.mktemp("ejemplo") / "data")


@pytest.fixture(scope="session")
def example_site(example_data) -> Path:
    """The portal built from data/ and the example amendment: history, modifications, cancellations."""
    site_dir = example_data.parent / "site"
    result = build_site(example_data, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline copy (`portal build --offline`), opened from the file system."""
    site_dir = tmp_path_factory.mktemp("built") / "site-offline"
    result = build_site(DATA, site_dir, "--offline")
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path, prefix: str = ""):
    """Serve `directory` on 127.0.0.1, optionally under a sub-path; returns (server, base URL)."""
    root = directory
    if prefix:
        root = directory.parent / f"{directory.name}-served"
        target = root / prefix.strip("/")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(directory, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{prefix.strip('/') + '/' if prefix else ''}"


@pytest.fixture(scope="session")
def base_url(site) -> str:
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} no está instalado: `make test` lo instala (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every request it makes (`page.requests`)."""
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def external_requests(requests: list[str], base: str) -> list[str]:
    """Requests that left the local server (data: and blob: URLs stay in the page)."""
    return [url for url in requests if not url.startswith((base.split("/", 3)[0] + "//" + base.split("/", 3)[2], "data:", "blob:", "about:"))]


@pytest.fixture
def fresh_copy(tmp_path) -> Path:
    """A copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
