"""A text with 400 nested lists (Python-Markdown would recurse without end)."""


def make(data):
    (data / "documentos").mkdir(exist_ok=True)
    nested = "\n".join("    " * depth + "- elemento" for depth in range(400))
    (data / "documentos" / "anidado.md").write_text("# ACUERDO\n\n" + nested + "\n", encoding="utf-8")
