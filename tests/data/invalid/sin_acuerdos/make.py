"""The acuerdos folder holds no YAML."""


def make(data):
    for path in (data / "acuerdos").glob("*.yml"):
        path.unlink()
