"""The prepared portal → a neutral site: its pages (`page.SitePage`) and its files, for any builder.

The builder adapter (builder.py) lays the pages out in its theme and writes the files
as they are. The downloads are made in a child process while the pages render.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.common.background import in_child_process
from generator.common.timing import step
from generator.contract import urls
from generator.model.pipeline import Prepared
from generator.site import explorer, exports, pages, security, subscriptions
from generator.site.page import SitePage


@dataclass(frozen=True)
class Settings:
    """Who publishes the portal and on what terms: set in the builder's configuration, never guessed.

    Unset, the «Acerca del portal» page says so, and no licence is declared: the portal does not
    give the data a licence the INE has not given.
    """

    publisher: str | None = None  # e.g. "Instituto Nacional Electoral, DESPEN"
    contact: str | None = None  # where to report an error: an e-mail address or a web address
    license_name: str | None = None  # e.g. "CC-BY-4.0"
    license_title: str | None = None  # e.g. "Creative Commons Atribución 4.0 Internacional"
    license_url: str | None = None

    @property
    def license(self) -> dict | None:
        """The licence as a Data Package names it, when one was set."""
        if not self.license_name:
            return None
        return {"name": self.license_name, **({"path": self.license_url} if self.license_url else {}), **({"title": self.license_title} if self.license_title else {})}


@dataclass(frozen=True)
class SiteFile:
    path: str  # from the site's root, e.g. "datos/metas.csv"
    content: bytes


@dataclass(frozen=True)
class Site:
    pages: tuple[SitePage, ...]
    files: tuple[SiteFile, ...]


def render(prepared: Prepared, offline: bool = False, site_url: str | None = None, settings: Settings = Settings()) -> Site:
    """Every page and file of the portal; `offline`: links for the copy opened from the disk (see urls.py);
    `site_url`: the site's public address, for the absolute links of citations, calendars and feeds."""
    portal, derived = prepared.portal, prepared.derived
    renderer = pages.Renderer(portal, derived, prepared.findings, offline, site_url, settings)
    with in_child_process(_files, portal, derived, site_url, settings) as files_made:
        with step("render"):
            rendered = renderer.render_all()
            explorer_data = explorer.index(portal, offline, derived.continuity)
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
    for acuerdo in portal.acuerdos:  # the official source of each meta, one click from its page
        if acuerdo.clave in prepared.anexos:
            files.append(SiteFile(urls.acuerdo_annex(acuerdo.clave, acuerdo.anexo_format), prepared.anexos[acuerdo.clave]))
    return Site(tuple(rendered), tuple(files))


def _files(portal, derived, site_url: str | None, settings: Settings) -> tuple[list, list]:
    """In the child process: the downloads of /datos/, and the calendars and feeds of each cargo and área."""
    return exports.build(portal, derived, settings.license, site_url, settings.publisher, settings.contact), subscriptions.subscription_files(portal, site_url)
