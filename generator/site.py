"""The prepared portal → a neutral site: its pages (`pages.SitePage`) and its files, for any builder.

The builder adapter (builder.py) lays the pages out in its theme and writes the files
as they are. The downloads are made in a child process while the pages render.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import explorer, exports, pages, security, subscriptions, urls
from .background import in_child_process
from .pipeline import Prepared
from .timing import step


@dataclass(frozen=True)
class SiteFile:
    path: str  # from the site's root, e.g. "datos/metas.csv"
    content: bytes


@dataclass(frozen=True)
class Site:
    pages: tuple[pages.SitePage, ...]
    files: tuple[SiteFile, ...]


def render(prepared: Prepared, offline: bool = False, site_url: str | None = None) -> Site:
    """Every page and file of the portal; `offline`: links for the copy opened from the disk (see urls.py);
    `site_url`: the site's public address, for the absolute links of citations, calendars and feeds."""
    portal, derived = prepared.portal, prepared.derived
    renderer = pages.Renderer(portal, derived, prepared.findings, offline, site_url)
    with in_child_process(_files, portal, derived, site_url) as files_made:
        with step("render"):
            rendered = renderer.render_all()
            explorer_data = explorer.index(portal, offline)
            feed = renderer.feed()
        with step("exports"):  # only the time spent waiting for them
            downloads, subscribed = files_made()
    with step("render"):
        rendered.append(renderer.datos(downloads))
        for page in rendered:  # defence in depth: no page may carry script, whatever the data
            problems = security.unsafe_markup(page.html)
            if problems:
                raise security.UnsafeMarkup(f"la página {page.url or 'de inicio'} contiene marcado que ejecutaría código ({'; '.join(problems[:3])}); no se publica nada")
    files = [SiteFile(d.path, d.content) for d in downloads + subscribed]
    if offline:  # browsers refuse fetch() from the file system: the data comes as a script
        files.append(SiteFile(urls.EXPLORER_SCRIPT, explorer.as_script(explorer_data)))
    else:
        files.append(SiteFile(urls.EXPLORER_DATA, explorer_data))
    files.append(SiteFile(urls.FEED, feed))
    return Site(tuple(rendered), tuple(files))


def _files(portal, derived, site_url: str | None) -> tuple[list, list]:
    """In the child process: the downloads of /datos/, and the calendars and feeds of each cargo and área."""
    return exports.build(portal, derived), subscriptions.subscription_files(portal, site_url)
