"""MkDocs plugin: thin hooks that call the generator's steps.

The only module that knows MkDocs; a move to another builder touches this file.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import exports, explorer, pages, pipeline, urls
from .background import in_child_process
from .findings import DataError
from .search_index import SearchIndex, SearchIndexError
from .timing import step

USER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")  # a reproducible-builds date set by whoever builds wins
IN_NAV = {section + "index.md" for section in urls.SECTIONS}
EXPLORER_DATA = "assets/explorador/metas.json"
EXPLORER_SCRIPT = "assets/explorador/metas.js"  # the same data in the offline copy


class PortalConfig(Config):
    enabled = c.Type(bool, default=True)
    data_dir = c.Type(str, default="data")
    search_index = c.Type(bool, default=True)


def shared_blocks():
    """A Jinja global for main.html: `{% call shared_block(name) %}{{ super() }}{% endcall %}`.

    On a page out of the navigation, without a table of contents and without hidden
    parts (every meta page), Material's styles, navigation, footer, config and scripts
    depend only on the relative base URL. They are rendered once per base URL and
    reused, instead of once per page: that was most of the theme's time for a meta page.
    """
    rendered: dict[tuple[str, str], str] = {}

    @jinja2.pass_context
    def shared_block(context, name: str, caller) -> str:
        page = context.get("page")
        if page is None or len(page.toc) or page.meta.get("hide") or any(p is page for p in context["nav"].pages):
            return caller()
        key = (name, context["base_url"])
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    return shared_block


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self):
        self.preloaded: pipeline.Prepared | None = None  # set by `portal build`, which already validated
        self.prepared: pipeline.Prepared | None = None
        self.blocks: dict[str, tuple[str, ...]] = {}  # page source path → its HTML set aside from Markdown
        self.progress: Progress | None = None
        self.search: SearchIndex | None = None
        self.to_index: set[str] = set()  # pages to hand to the search index once MkDocs has written them

    def on_config(self, config):
        if not self.config.enabled:
            return
        self.prepared = self.preloaded or self._prepare(config)
        newest = max(a.fecha_aprobacion for a in self.prepared.portal.acuerdos)
        # The date of the data, not of the build, goes into the sitemap: same data, same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = USER_EPOCH or str(int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp()))
        return config

    def on_env(self, env, config, files):
        env.globals["shared_block"] = shared_blocks()  # anew on every build: `mkdocs serve` rebuilds
        return env

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        offline = not config.use_directory_urls  # the copy opened from the file system: every page a file (see urls.py)
        rendered, downloads, explorer_data = self._generate(offline)
        for download in downloads:
            files.append(File.generated(config, download.path, content=download.content))
        if offline:
            files.append(File.generated(config, EXPLORER_SCRIPT, content=explorer.as_script(explorer_data)))
        else:
            files.append(File.generated(config, EXPLORER_DATA, content=explorer_data))
        page_files = []
        for page in rendered:
            inclusion = InclusionLevel.INCLUDED if page.path in IN_NAV else InclusionLevel.NOT_IN_NAV
            page_files.append(File.generated(config, page.path, content=page.content, inclusion=inclusion))
            files.append(page_files[-1])
            self.blocks[page.path] = page.blocks
        if self.config.search_index and not offline:  # Pagefind cannot load its index from the file system
            self._start_search_index(config, rendered, page_files)
        self._start_progress(2 * len(rendered))  # MkDocs reads every page, then writes it
        return files

    def _generate(self, offline: bool) -> tuple[list[pages.Page], list[exports.Download], bytes]:
        """The pages, the downloads (made in another process meanwhile) and the explorer's data."""
        prepared = self.prepared
        renderer = pages.Renderer(prepared.portal, prepared.derived, prepared.findings, offline)
        with in_child_process(exports.build, prepared.portal, prepared.derived) as downloads_made:
            with step("render"):
                rendered = renderer.render_all()
                explorer_data = explorer.index(prepared.portal, offline)
            with step("exports"):  # only the time spent waiting for them
                downloads = downloads_made()
        with step("render"):
            rendered.append(renderer.datos(downloads))
        # The pages Markdown has something to do on come first: the search index waits for them.
        rendered.sort(key=lambda page: page.html is not None)
        return rendered, downloads, explorer_data

    def _start_search_index(self, config, rendered: list[pages.Page], page_files: list[File]) -> None:
        """Pagefind gets every page whose HTML is known already now, the others once MkDocs has written them."""
        self.search = SearchIndex(Path(config.site_dir) / "pagefind")
        self.to_index = set()
        for page, file in zip(rendered, page_files):
            if not file.is_documentation_page():
                continue
            html = page.html
            if html is None:
                self.to_index.add(file.src_uri)
            else:
                self.search.add_article("/" + file.url, html)

    def on_page_content(self, html, page, config, files):
        self._advance()
        blocks = self.blocks.get(page.file.src_uri)
        return pages.restore_html(html, blocks) if blocks else html

    def on_post_page(self, output, page, config):
        self._advance()
        if self.search and page.file.src_uri in self.to_index:
            self.search.add("/" + page.url, output)
            self.to_index.discard(page.file.src_uri)
            if not self.to_index:
                self.search.write_soon()
        return output

    def _start_progress(self, total: int) -> None:
        """A progress bar on long builds, only when someone watches a terminal."""
        if sys.stderr.isatty():
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
            self.progress.add_task("Construyendo las páginas", total=total)
            self.progress.start()

    def _advance(self) -> None:
        if self.progress:
            self.progress.advance(self.progress.task_ids[0])

    def on_post_build(self, config) -> None:
        self._stop_progress()
        if self.search:
            with step("search index"):  # only the time spent waiting for Pagefind
                try:
                    self.search.finish()
                except (SearchIndexError, OSError) as exc:
                    raise PluginError(f"Pagefind no pudo crear el índice de búsqueda: {exc}") from exc
                finally:
                    self.search = None

    def on_build_error(self, error) -> None:
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
            return pipeline.prepare(data_dir)
        except DataError as exc:
            raise PluginError(f"Los datos tienen errores; no se publica nada:\n{exc}") from None
