"""The settings a person gives on the command line, checked before anything uses them.

A setting reaches every page (the site's address is in each page's head, its citations, the
feeds and calendars), so it is refused when it is not what it claims to be, rather than escaped
wherever it lands.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Characters no address needs and that would end an HTML attribute, a tag or a line of a file.
_UNSAFE = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f]")


class InvalidSetting(ValueError):
    """A setting that is not what it claims to be; the message says why, in Spanish."""


def site_url(value: str) -> str:
    """The site's public address: http or https, a host, no query or fragment, ending in «/»."""
    unsafe = _UNSAFE.search(value)
    if unsafe:
        raise InvalidSetting(f"la dirección del sitio (--site-url) {value!r} tiene un carácter que una dirección no lleva ({unsafe.group()!r}); escríbala como https://www.ejemplo.mx/metas-spen/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidSetting(f"la dirección del sitio (--site-url) {value!r} debe empezar por https:// (o http://) y nombrar un servidor, como https://www.ejemplo.mx/metas-spen/")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidSetting(f"la dirección del sitio (--site-url) {value!r} no puede llevar usuario, contraseña, consulta (?) ni fragmento (#)")
    return value if value.endswith("/") else value + "/"
