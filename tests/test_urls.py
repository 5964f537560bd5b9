"""urls: links between pages, online (folders) and in the offline copy (files)."""

from __future__ import annotations

import pytest

from generator.contract.urls import acuerdo_annex, file_url, href


@pytest.mark.parametrize(("here", "there", "link"), [
    ("", "acuerdos/", "acuerdos/"),
    ("acuerdos/", "acuerdos/ine-jge186-2022/", "ine-jge186-2022/"),
    ("metas/ine-jge186-2022/deoe-1/", "acuerdos/ine-jge186-2022/", "../../../acuerdos/ine-jge186-2022/"),
    ("metas/ine-jge186-2022/deoe-1/", "metas/ine-jge186-2022/deoe-2/", "../deoe-2/"),
    ("cargos/vocal/", "cargos/", "../"),
    ("cargos/vocal/", "cargos/vocal/", "./"),
    ("datos/", "datos/metas.csv", "metas.csv"),
    ("metas/a/b/", "", "../../.."),
])
def test_online_links_name_folders(here, there, link):
    assert href(here, there) == link


@pytest.mark.parametrize(("here", "there", "link"), [
    ("", "acuerdos/", "acuerdos/index.html"),
    ("", "", "index.html"),
    ("acuerdos/", "acuerdos/ine-jge186-2022/", "ine-jge186-2022.html"),
    ("acuerdos/ine-jge186-2022/", "acuerdos/", "index.html"),
    ("metas/ine-jge186-2022/deoe-1/", "acuerdos/ine-jge186-2022/", "../../acuerdos/ine-jge186-2022.html"),
    ("metas/ine-jge186-2022/deoe-1/", "metas/ine-jge186-2022/deoe-2/", "deoe-2.html"),
    ("metas/a/b/", "", "../../index.html"),
    ("datos/", "datos/metas.csv", "metas.csv"),
    ("cargos/vocal/", "explorador/", "../explorador/index.html"),
])
def test_offline_links_name_files(here, there, link):
    assert href(here, there, offline=True) == link


def test_files_keep_their_name_in_both_copies():
    for url in ("datos/metas.csv", "assets/js/buscar.js", "feed.xml"):
        assert file_url(url, offline=True) == file_url(url, offline=False) == url


@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_an_annex_sits_beside_its_acuerdo_in_both_copies(ext):
    annex = acuerdo_annex("INE/JGE186/2022", ext)
    assert annex == f"acuerdos/ine-jge186-2022/anexo.{ext}"
    assert href("acuerdos/ine-jge186-2022/", annex) == f"anexo.{ext}"
    assert href("acuerdos/ine-jge186-2022/", annex, offline=True) == f"ine-jge186-2022/anexo.{ext}"
    assert href("metas/ine-jge186-2022/deoe-1/", annex, offline=True) == f"../../acuerdos/ine-jge186-2022/anexo.{ext}"


def test_an_annex_in_another_format_has_no_address():
    with pytest.raises(ValueError):
        acuerdo_annex("INE/JGE186/2022", "exe")
