"""A 51 MB table, made sparse so that the test writes almost nothing to disk."""


def make(data):
    with open(data / "metas" / "grande.csv", "wb") as table:
        table.truncate(51 * 1024 * 1024)
