"""Write the security headers of generator/site/security.py into the nginx and Apache snippets.

The policy is written once, in Python; a server cannot read Python, so the snippets spell the
values out. After a change to SECURITY_HEADERS run

    .venv/bin/python deploy/write_headers.py

and commit the snippets; tests/test_deploy.py checks that they match.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
sys.path.insert(0, str(DEPLOY.parent))

from generator.site.security import SECURITY_HEADERS  # noqa: E402

# A line that sets one header, with the value in double quotes: (start of the line, name, value, rest).
LINES = {
    DEPLOY / "nginx/security-headers.conf": re.compile(r'^(\s*add_header\s+)([\w-]+)(\s+)"[^"]*"(\s+always;)$', re.M),
    DEPLOY / "apache/portal.conf": re.compile(r'^(\s*Header\s+always\s+set\s+)([\w-]+)(\s+)"[^"]*"()$', re.M),
}


def with_headers(text: str, line: re.Pattern) -> str:
    """The snippet with every security header set to its value in SECURITY_HEADERS."""
    def value(match: re.Match) -> str:
        name = match.group(2)
        if name not in SECURITY_HEADERS:
            return match.group(0)
        return f'{match.group(1)}{name}{match.group(3)}"{SECURITY_HEADERS[name]}"{match.group(4)}'

    return line.sub(value, text)


def main() -> int:
    for path, line in LINES.items():
        text = path.read_text(encoding="utf-8")
        missing = set(SECURITY_HEADERS) - set(name for _, name, _, _ in line.findall(text))
        if missing:
            print(f"{path.relative_to(DEPLOY.parent)}: falta una línea para {', '.join(sorted(missing))}; añádala a mano una vez")
            return 1
        new = with_headers(text, line)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path.relative_to(DEPLOY.parent)}: cabeceras actualizadas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
