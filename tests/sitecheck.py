"""Reading a built site as a visitor's browser would: pages, links, ids and text."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []  # executable scripts only (not JSON data blocks)
        self.title = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._stack.append(tag)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("script", "img", "iframe") and attributes.get("src"):
            self.resources.append(attributes["src"])
        if tag == "link" and attributes.get("href") and attributes.get("rel") in ("stylesheet", "icon", "preload"):
            self.resources.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        current = self._stack[-1] if self._stack else ""
        if current == "script":
            kind = next((a.get("type", "") for t, a in reversed(self.tags) if t == "script"), "")
            if kind in ("", "text/javascript", "module"):
                self.scripts.append(data)
        elif current == "title":
            self.title += data
        elif current != "style":
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def resolve(site: Path, page: Path, href: str, folders: bool = True) -> tuple[Path, str] | None:
    """The file and anchor a relative link of `page` points to; None for links that leave the site.

    A link to a folder means its index.html, as a web server serves it; with
    `folders=False` (the file system: a file listing) it stays the folder.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    base = page.parent.relative_to(site).as_posix()
    if not parts.path:
        target = page.relative_to(site).as_posix()
    elif parts.path.startswith("/"):
        target = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    path = site / target
    if path.is_dir() and folders:
        path = path / "index.html"
    return path, parts.fragment
