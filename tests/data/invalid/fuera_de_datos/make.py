"""A link in data/metas/ to a file outside the data folder (its content must never be quoted)."""


def make(data):
    outside = data.parent / "fuera.csv"
    outside.write_text("acuerdo,numero_meta\nSECRETO,1\n", encoding="utf-8")
    (data / "metas" / "otro.csv").symlink_to(outside)
