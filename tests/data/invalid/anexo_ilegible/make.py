def make(data):
    """The table the valid data set has is replaced by the annex the YAML names."""
    (data / "metas" / "INE-JGE100-2023.csv").unlink()
