"""The county's gazetteer: read from gazetteer.yaml once, checked, and used by the directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.schooldata import SchoolDirectory, load_rows
from knowledge.schooldata.gazetteer import GAZETTEER_FILE, load_gazetteer, parse_gazetteer

DATA_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "data"


def test_shipped_gazetteer_is_read_with_its_words() -> None:
    gaz = load_gazetteer()
    assert gaz.county == "海原县"
    assert gaz.place_suffixes == ("社区", "居委会", "村")
    assert gaz.township_aliases["海城街道"] == ("海城镇",)
    assert gaz.weak_township_aliases["海城街道"] == ("海原县城", "县城", "城区", "城里")
    assert gaz.school_aliases["HY-HM"][0] == "海原回中"
    assert "团结" in gaz.generic_stems
    assert load_gazetteer() is gaz  # read once


def test_gazetteer_townships_exist_in_the_school_data() -> None:
    directory = SchoolDirectory(load_rows(DATA_DIR))
    gaz = load_gazetteer()
    for town in [*gaz.township_aliases, *gaz.weak_township_aliases]:
        assert town in directory.townships


def test_split_place_and_township_stem() -> None:
    gaz = load_gazetteer()
    assert gaz.split_place("关桥村") == ("关桥", "村")
    assert gaz.split_place("南关社区") == ("南关", "社区")
    assert gaz.split_place("村") == ("村", "")
    assert gaz.township_stem("关桥乡") == "关桥"
    assert gaz.township_stem("海城街道") == "海城"
    assert gaz.township_stem("西乡") == "西乡"  # a one-character stem keeps its suffix


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("county: 海原县", "county: ''"), "county"),
        (("place_suffixes: [社区, 居委会, 村]", "place_suffixes: 村"), "place_suffixes"),
        (("  海城街道: [海城镇]", "  海城街道: 海城镇"), "township_aliases.海城街道"),
    ],
)
def test_a_malformed_gazetteer_is_refused_with_the_entry_named(change: tuple[str, str], message: str) -> None:
    text = GAZETTEER_FILE.read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(ValueError, match=message):
        parse_gazetteer(text.replace(change[0], change[1]))


def test_the_directory_uses_the_gazetteer_it_is_given() -> None:
    rows = load_rows(DATA_DIR)
    text = GAZETTEER_FILE.read_text(encoding="utf-8").replace("  海城街道: [海城镇]", "  海城街道: [海城镇, 老城]")
    directory = SchoolDirectory(rows, parse_gazetteer(text))
    assert directory.match_township("俺在老城住") == ["海城街道"]
    assert SchoolDirectory(rows).match_township("俺在老城住") == []
