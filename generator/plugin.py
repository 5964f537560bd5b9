"""MkDocs plugin: thin hooks that call the generator's steps.

The only module that knows MkDocs; a move to another builder touches this file.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import exports, explorer, pages, pipeline
from .findings import DataError
from .timing import step

USER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")  # a reproducible-builds date set by whoever builds wins
IN_NAV = {"index.md", "acuerdos/index.md", "areas/index.md", "cargos/index.md", "explorador/index.md", "datos/index.md", "buscar/index.md", "verificacion/index.md"}
EXPLORER_DATA = "assets/explorador/metas.json"


class PortalConfig(Config):
    enabled = c.Type(bool, default=True)
    data_dir = c.Type(str, default="data")
    search_index = c.Type(bool, default=True)


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self):
        self.preloaded: pipeline.Prepared | None = None  # set by `portal build`, which already validated
        self.prepared: pipeline.Prepared | None = None
        self.blocks: dict[str, tuple[str, ...]] = {}  # page source path → its HTML set aside from Markdown
        self.progress: Progress | None = None

    def on_config(self, config):
        if not self.config.enabled:
            return
        self.prepared = self.preloaded or self._prepare(config)
        newest = max(a.fecha_aprobacion for a in self.prepared.portal.acuerdos)
        # The date of the data, not of the build, goes into the sitemap: same data, same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = USER_EPOCH or str(int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp()))
        return config

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        prepared = self.prepared
        with step("exports"):
            downloads = exports.build(prepared.portal, prepared.derived)
            explorer_data = explorer.index(prepared.portal, prepared.derived)
        for download in downloads:
            files.append(File.generated(config, download.path, content=download.content))
        files.append(File.generated(config, EXPLORER_DATA, content=explorer_data))
        with step("render"):
            rendered = pages.render(prepared.portal, prepared.derived, prepared.findings, downloads)
        for page in rendered:
            inclusion = InclusionLevel.INCLUDED if page.path in IN_NAV else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.content, inclusion=inclusion))
            self.blocks[page.path] = page.blocks
        self._start_progress(2 * len(rendered))  # MkDocs reads every page, then writes it
        return files

    def on_page_content(self, html, page, config, files):
        self._advance()
        blocks = self.blocks.get(page.file.src_uri)
        return pages.restore_html(html, blocks) if blocks else html

    def on_post_page(self, output, page, config):
        self._advance()
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
        if self.progress:
            self.progress.stop()
            self.progress = None
        if not self.config.enabled or not self.config.search_index:
            return
        # Pagefind: a chunked index, so a first search downloads a few small files, not the whole index.
        with step("search index"):
            result = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--root-selector", "article", "--force-language", "es", "--silent"],
                capture_output=True, text=True,
            )
        if result.returncode != 0:
            raise PluginError(f"Pagefind no pudo crear el índice de búsqueda:\n{result.stdout}{result.stderr}")

    def _prepare(self, config) -> pipeline.Prepared:
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        try:
            return pipeline.prepare(data_dir)
        except DataError as exc:
            raise PluginError(f"Los datos tienen errores; no se publica nada:\n{exc}") from None
