"""A description of 200,000 characters (also over the csv module's own 131,072)."""


def make(data):
    table = data / "metas" / "INE-JGE100-2023.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("Integrar la estadística de la elección", "x" * 200_000, 1), encoding="utf-8")
