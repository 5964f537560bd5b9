"""A page of the neutral site, as data: described by its kind (`PageToRender`: address, kind, template and what
the template shows), and rendered as any builder receives it (`SitePage`: complete HTML, metadata as data, its
table of contents as `Heading`s read from the HTML by `headings_of`, after `tidy` folded its blank lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PageToRender:
    """A page as its kind describes it, before a template lays it out."""

    url: str  # online address from the site's root, e.g. "cargos/vocal-x/"
    kind: str  # as SitePage.kind
    template: str  # a file of generator/site/templates/
    context: dict  # what the template shows, by the names it uses


@dataclass(frozen=True)
class Heading:
    """A heading of a page's table of contents; `title` is escaped HTML text."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class SitePage:
    """One page of the neutral site: what any builder needs to lay it out in the theme.

    `title` and `description` are plain text (the builder escapes them where its theme
    prints them); `html` is the page's content, complete: no builder parses it.
    """

    url: str  # online address from the site's root, e.g. "cargos/vocal-x/"
    kind: str  # home | section | acuerdo | area | cargo | periodo | meta | datos
    title: str
    html: str
    description: str | None = None
    headings: tuple[Heading, ...] = ()  # the table of contents (empty: none)
    hide: tuple[str, ...] = ()  # parts of the theme's frame the page does without: navigation, toc
    in_nav: bool = False
    feeds: tuple[tuple[str, str], ...] = ()  # (title, site URL) of the Atom feeds a browser or reader discovers


HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="headerlink" href="#\2"')
BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n)+")


def headings_of(html: str) -> tuple[Heading, ...]:
    """The h2 and h3 written by the templates' heading macro, nested as a table of contents."""
    top: list[list] = []
    for level, anchor, title in HEADING.findall(html):
        if level == "3" and top:
            top[-1][1].append(Heading(3, anchor, title))
        else:
            top.append([Heading(int(level), anchor, title), []])
    return tuple(Heading(h.level, h.id, h.title, tuple(children)) for h, children in top)


def tidy(html: str) -> str:
    """The template's output with its blank lines folded, one block a line as Markdown used to join them."""
    return BLANK_RUNS.sub("\n", html).strip() + "\n"
