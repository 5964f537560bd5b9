"""The acuerdo's published text says 28 September; the YAML says 27."""
import shutil
from pathlib import Path

SEED = Path(__file__).resolve().parents[4] / "data" / "documentos" / "INE-JGE186-2022.md"


def make(data):
    (data / "documentos").mkdir(exist_ok=True)
    shutil.copy(SEED, data / "documentos" / "INE-JGE186-2022.md")
