"""The acuerdo's text prints a Totales row whose first column (65) is not the sum of its rows (64)."""
from pathlib import Path

SEED = Path(__file__).resolve().parents[4] / "data" / "documentos" / "INE-JGE186-2022.md"


def make(data):
    (data / "documentos").mkdir(exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    printed = "<b>Totales</b>\t<b>64</b>\t<b>19</b>\t<b>13</b>\t<b>7</b>\t<b>103</b>"
    assert printed in text
    text = text.replace(printed, "<b>Totales</b>\t<b>65</b>\t<b>19</b>\t<b>13</b>\t<b>7</b>\t<b>104</b>")
    (data / "documentos" / "INE-JGE186-2022.md").write_text(text, encoding="utf-8")
