"""Links between the site's pages, for the two ways the site is read.

Online, every page is a folder (`acuerdos/x/`, served as its index.html) and links
name folders. The offline copy is opened from the file system, where a folder shows
as a file listing: there every page is a file, as MkDocs writes them with
`use_directory_urls: false` (`acuerdos/x.html`; `acuerdos/index.html` for a
section). Pages name each other by their online URL; these functions turn it into
the link the reader's copy needs.
"""

from __future__ import annotations

SECTIONS = ("", "acuerdos/", "areas/", "cargos/", "explorador/", "datos/", "buscar/", "verificacion/")  # written from <section>/index.md


def file_url(url: str, offline: bool) -> str:
    """The URL that serves a page: its folder online, its HTML file offline. Downloads stay as they are."""
    if not offline or not (url == "" or url.endswith("/")):
        return url
    return url + "index.html" if url in SECTIONS else url[:-1] + ".html"


def href(from_url: str, to_url: str, offline: bool = False) -> str:
    """A relative link from one page to a page or file, so the site works under any sub-path and from disk."""
    here = [part for part in file_url(from_url, offline).split("/")[:-1] if part]  # the folder the reader is in
    target = file_url(to_url, offline)
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:])
    if not link:
        return "./"
    return link + "/" if target.endswith("/") else link
