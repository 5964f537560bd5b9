"""Same data, same bytes: a second build of data/ equals the first, file for file."""

from __future__ import annotations

from conftest import DATA, build_site


def test_two_builds_give_byte_identical_sites(site, tmp_path):
    again = tmp_path / "site"
    assert build_site(DATA, again).returncode == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
