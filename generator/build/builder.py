"""The adapter between the neutral site (site/assemble.py) and its builder: MkDocs with Material for MkDocs.

The only module of the generator that knows the builder. A move to ProperDocs (a fork
of MkDocs 1.6) changes the imports below; a move to another builder rewrites this
module (and the files that use Material's classes, listed in docs/architecture.md):
`build` for the CLI, and the plugin whose hooks hand the builder the pages
(`page.SitePage`: complete HTML, metadata as data) and the files (`assemble.SiteFile`).

What the builder gets from a page is no Markdown: each page's source is empty, its
title, description and table of contents are set as data, and its content is put in
place of MkDocs' Markdown step, which never runs on it. Text from the data never meets
a Markdown parser or a YAML front matter.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import functools
import os
import sys
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.common.text import os_error
from generator.common.timing import step
from generator.contract import urls
from generator.contract.findings import DataError
from generator.input.load import Limits
from generator.model import pipeline
from generator.site import assemble as site, opendata, security
from generator.site.page import Heading, SitePage
from generator.build import settings
from generator.build.search_index import SearchIndex, SearchIndexError

DEFAULT_CONFIG = "mkdocs.yml"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
RELEASED_PER_TRIM = 1000  # pages let go between two returns of the freed memory to the system (see _return_freed_memory)


class BuildFailed(Exception):
    """The builder could not build the site; the message says why, in Spanish."""


def find_config(start: Path) -> Path | None:
    """The builder's configuration: the first one found looking upward from `start` (the current folder)."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / DEFAULT_CONFIG).is_file():
            return folder / DEFAULT_CONFIG
    return None


def configurations_in(folder: Path) -> list[Path]:
    """Every file in `folder` that MkDocs or ProperDocs would read as a configuration (their `hooks:` run Python)."""
    found = []
    for parent, _folders, names in os.walk(folder):  # links to folders are not followed
        found += [Path(parent) / name for name in names if name.lower() in CONFIG_NAMES]
    return sorted(found)


def build(prepared: pipeline.Prepared, config_file: Path, site_dir: Path, offline: bool = False, site_url: str | None = None) -> None:
    """Build the site of already validated data into `site_dir` (which it fills; the caller swaps it in).

    `site_url`, the site's public address (else the configuration's), makes absolute links possible:
    canonical links, the sitemap, calendars and feeds, and a 404 page that works under a sub-path.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    settings = {"use_directory_urls": False} if offline else {}
    if site_url:
        settings["site_url"] = site_url
    try:
        config = load_config(str(config_file), **settings)
        config.site_dir = str(site_dir)
        config.plugins["portal"].preloaded = prepared
        mkdocs_build(config)
    except OSError as exc:  # a full disk, a folder without permission: said in Spanish
        raise BuildFailed(os_error(exc)) from exc
    except (MkDocsException, security.UnsafeMarkup) as exc:
        raise BuildFailed(str(exc)) from exc


def configured_site_dir(config_file: Path) -> Path:
    """The site folder the configuration names (its `site_dir`), from the configuration's own folder."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file))
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    return Path(config.site_dir)


def configured_sources(config_file: Path) -> Path:
    """The folder of the site's hand-written sources (MkDocs' `docs_dir`), which a site folder must not be inside."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return Path(load_config(str(config_file)).docs_dir)
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc


def configured_limits(config_file: Path) -> Limits:
    """The data limits the configuration sets (the plugin's `limits`), over the defaults."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file))
        return _limits(config.plugins["portal"].config.limits)
    except (MkDocsException, KeyError) as exc:
        raise BuildFailed(str(exc)) from exc


def harvest_warnings(config_file: Path, site_url: str | None, offline: bool) -> list[str]:
    """What keeps a harvester (datos.gob.mx) from taking the site's data.json: unset publisher settings or address."""
    if offline:
        return []
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file))
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    published = _settings(config.plugins["portal"].config)
    return opendata.harvest_warnings(site_url or config.site_url or None, opendata.Publisher(published.publisher, published.contact, published.license))


def _settings(plugin_config) -> site.Settings:
    return site.Settings(plugin_config.publisher, plugin_config.contact, plugin_config.license_name, plugin_config.license_title, plugin_config.license_url)


def _limits(settings: dict) -> Limits:
    known = {f.name for f in dataclasses.fields(Limits)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise BuildFailed(f"límites desconocidos en la configuración del portal: {', '.join(unknown)} (se admiten: {', '.join(sorted(known))})")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in settings.values()):
        raise BuildFailed("cada límite de la configuración del portal debe ser un número entero positivo")
    return dataclasses.replace(Limits(), **settings)


_MALLOC_TRIM = getattr(ctypes.CDLL(None), "malloc_trim", None) if sys.platform.startswith("linux") else None


def _return_freed_memory() -> None:
    """Gives the memory of what was let go back to the system. The C library keeps freed memory for
    the process's next allocations: at 30,000 metas half a gigabyte of written pages would stay in
    this process while Pagefind, beside it, needs the most memory, writing its index (glibc only)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class PortalConfig(Config):
    enabled = c.Type(bool, default=True)
    data_dir = c.Type(str, default="data")
    search_index = c.Type(bool, default=True)
    shared_blocks = c.Type(bool, default=True)  # off: every page renders the whole theme (a test compares)
    limits = c.Type(dict, default={})  # how much work the data may ask for: fields of load.Limits (max_rows, max_cell_chars…)
    publisher = c.Optional(c.Type(str))
    contact = c.Optional(c.Type(str))
    license_name = c.Optional(c.Type(str))
    license_title = c.Optional(c.Type(str))
    license_url = c.Optional(c.Type(str))


def shared_blocks(enabled: bool = True):
    """A Jinja global for main.html: `{% call shared_block(name) %}{{ super() }}{% endcall %}`.

    On a page out of the navigation, without a table of contents and without hidden
    parts (every meta page), Material's styles, navigation, footer, config and scripts
    depend only on the page's depth and first folder. They are rendered once for each and
    reused, instead of once per page: that was most of the theme's time for a meta page.
    tests/test_builder.py builds meta pages with and without it and compares the bytes.
    """
    rendered: dict[tuple[str, str], str] = {}

    @jinja2.pass_context
    def shared_block(context, name: str, caller) -> str:
        page = context.get("page")
        if not enabled or page is None or len(page.toc) or page.meta.get("hide") or any(p is page for p in context["nav"].pages):
            return caller()
        # The navigation links to the sections relative to the page: they depend on its depth and on its
        # first folder (from verificacion/x/ the section is "../", from metas/x/ "../../verificacion/").
        key = (name, context["base_url"], page.url.split("/", 1)[0])
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    return shared_block


def _place_content(page, neutral: SitePage, config, files) -> None:
    """What MkDocs' Page.render sets, from the neutral page: its content, table of contents and anchors."""
    page.content = neutral.html
    page.toc = get_toc(_toc_tokens(neutral.headings))
    page.present_anchor_ids = {h.id for h in _all_headings(neutral.headings)}


def _all_headings(headings: tuple[Heading, ...]):
    for heading in headings:
        yield heading
        yield from _all_headings(heading.children)


def _toc_tokens(headings: tuple[Heading, ...]) -> list[dict]:
    return [{"level": h.level, "id": h.id, "name": h.title, "children": _toc_tokens(h.children)} for h in headings]


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self):
        self.preloaded: pipeline.Prepared | None = None  # set by `build`, which already validated
        self.prepared: pipeline.Prepared | None = None
        self.pages: dict[str, SitePage] = {}  # source path → the neutral page
        self.progress: Progress | None = None
        self.search: SearchIndex | None = None
        self.to_index: set[str] = set()  # pages to hand to the search index once written
        self.epoch_before: str | None = None

    def on_config(self, config):
        if not self.config.enabled:
            return
        if config.site_url:
            try:
                settings.site_url(config.site_url)
            except settings.InvalidSetting as exc:
                raise PluginError(str(exc).replace("(--site-url)", "(site_url)")) from None
        self.prepared = self.preloaded or self._prepare(config)
        newest = max(a.fecha_aprobacion for a in self.prepared.portal.acuerdos)
        # The date of the data, not of the build, goes into the sitemap: same data, same bytes.
        # A reproducible-builds date set by whoever builds wins; it is put back after the build, so that a
        # process that builds twice (or a test run) does not date its next build by this one's data.
        self.epoch_before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = self.epoch_before or str(int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp()))
        return config

    def on_env(self, env, config, files):
        offline = not config.use_directory_urls
        env.globals["shared_block"] = shared_blocks(self.config.shared_blocks)  # anew on every build: `serve` rebuilds
        env.globals["content_security_policy"] = security.CONTENT_SECURITY_POLICY
        env.globals["portal_urls"] = {
            "search_form": urls.file_url(urls.EXPLORER if offline else urls.SEARCH, offline),
            # The header's box draws the results page in place (pagina.js) where Pagefind can run: not from the disk.
            "search_js": None if offline else urls.SEARCH_JS,
            "search_api_js": None if offline else urls.SEARCH_API_JS,
            "page_js": urls.PAGE_JS,
            "theme_scope_js": urls.THEME_SCOPE_JS,
        }
        return env

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        offline = not config.use_directory_urls  # the copy opened from the file system: every page a file (see urls.py)
        settings = _settings(self.config)
        built = site.render(self.prepared, offline, None if offline else config.site_url or None, settings)
        for file in built.files:
            files.append(File.generated(config, file.path, content=file.content))
        # The pages written from the builder's output come first, so the search index can be finished early.
        ordered = sorted(built.pages, key=lambda page: page.kind == "meta")
        self.pages = {}
        for page in ordered:
            source = urls.source_path(page.url)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, source, content="", inclusion=inclusion))
            self.pages[source] = page
        if self.config.search_index and not offline:  # Pagefind cannot load its index from the file system
            self._start_search_index(config, ordered)
        self._start_progress(2 * len(ordered))  # the builder reads every page, then writes it
        return files

    def _start_search_index(self, config, ordered: list[SitePage]) -> None:
        """Pagefind gets each meta page's content now, the other pages once written whole."""
        self.search = SearchIndex(Path(config.site_dir) / urls.SEARCH_INDEX_DIR)
        self.to_index = set()
        for page in ordered:
            if page.kind == "meta":
                self.search.add_article("/" + urls.file_url(page.url, False), page.html)
            else:
                self.to_index.add(urls.source_path(page.url))

    def on_page_markdown(self, markdown, page, config, files):
        neutral = self.pages.get(page.file.src_uri)
        if neutral is None:
            return markdown
        # Material prints page.meta's title and description unescaped: they are escaped here.
        page.meta = {"title": str(escape(neutral.title))}
        if neutral.description:
            page.meta["description"] = str(escape(neutral.description))
        if neutral.hide:
            page.meta["hide"] = list(neutral.hide)
        if neutral.feeds:
            page.meta["portal_feeds"] = [{"title": str(escape(title)), "url": url} for title, url in neutral.feeds]
        # The page is no Markdown: its content is put in place instead of MkDocs converting an empty
        # source (a Markdown converter set up for every page: a tenth of the build at 10,000 metas).
        page.render = functools.partial(_place_content, page, neutral)
        return ""

    def on_page_content(self, html, page, config, files):
        self._advance()
        return html

    def on_post_page(self, output, page, config):
        self._advance()
        if self.search and page.file.src_uri in self.to_index:
            self.search.add("/" + page.url, output)
            self.to_index.discard(page.file.src_uri)
            if not self.to_index:
                self.search.write_soon()
        self._release(page)
        return output

    def _release(self, page) -> None:
        """The page's content is in its output, which MkDocs writes next: let it go. MkDocs keeps every
        page's content to the end of the build, and at 30,000 metas that is a few hundred MB held while
        the search index is written."""
        if self.pages.pop(page.file.src_uri, None) is not None:
            page.content = None
            page.__dict__.pop("render", None)  # the partial of on_page_markdown, which holds the neutral page
            if len(self.pages) % RELEASED_PER_TRIM == 0:
                _return_freed_memory()

    def _start_progress(self, total: int) -> None:
        """A progress bar on long builds, only when someone watches a terminal."""
        if sys.stderr.isatty():
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
            self.progress.add_task("Construyendo las páginas", total=total)
            self.progress.start()

    def _advance(self) -> None:
        if self.progress:
            self.progress.advance(self.progress.task_ids[0])

    def _restore_epoch(self) -> None:
        if self.epoch_before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.epoch_before

    def on_post_build(self, config) -> None:
        self._restore_epoch()
        self._stop_progress()
        if self.search:
            _return_freed_memory()  # before Pagefind, beside this process, writes its index: its largest moment
            with step("search index"):  # only the time spent waiting for Pagefind
                try:
                    self.search.finish()
                    entry = Path(config.site_dir) / urls.SEARCH_INDEX_DIR / "pagefind-entry.json"
                    if not entry.is_file() or entry.stat().st_size == 0:
                        raise SearchIndexError("el índice quedó sin su archivo de entrada (pagefind-entry.json)")
                except (SearchIndexError, OSError) as exc:
                    raise PluginError(f"Pagefind no pudo crear el índice de búsqueda: {exc}") from exc
                finally:
                    self.search = None

    def on_build_error(self, error) -> None:
        self._restore_epoch()
        self._stop_progress()
        if self.search:
            self.search.close()
            self.search = None

    def _stop_progress(self) -> None:
        if self.progress:
            self.progress.stop()
            self.progress = None

    def _prepare(self, config) -> pipeline.Prepared:
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        try:
            return pipeline.prepare(data_dir, _limits(self.config.limits))
        except DataError as exc:
            raise PluginError(f"Los datos tienen errores; no se publica nada:\n{exc}") from None
        except BuildFailed as exc:
            raise PluginError(str(exc)) from None
