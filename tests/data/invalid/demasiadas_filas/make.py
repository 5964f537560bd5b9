"""A table of 100,001 rows, one more than the default limit."""


def make(data):
    (data / "metas" / "enorme.csv").write_text("acuerdo,numero_meta\n" + "INE/JGE999/2023,x\n" * 100_001, encoding="utf-8")
