"""The answer figures' printout names the sha256 of the file each figure was measured on."""

from __future__ import annotations

import io

from bot.app.evaluation.answers import print_answer_figures


def test_each_figure_names_its_files_sha256_also_past_families9() -> None:
    figures = {"key facts, families10 held-out": {"key_facts_first_100": 0.5},
               "key facts, families9 held-out": {"key_facts_first_100": 0.4},
               "key facts, own set holdout.jsonl": {"key_facts_first_100": 0.8},
               "yes/no gold (yesno_gold.jsonl)": {"coverage": 0.3}}
    shas = {"families10_heldout.jsonl": "a" * 64, "families9_heldout.jsonl": "b" * 64, "holdout.jsonl": "c" * 64,
            "yesno_gold.jsonl": "d" * 64}
    out = io.StringIO()
    print_answer_figures(figures, shas, {"key facts, families10 held-out": {"key_facts_first_100": 0.374}}, out)
    lines = out.getvalue().splitlines()
    assert "  key facts, families10 held-out   sha256 aaaaaaaaaaaa" in lines
    assert "  key facts, families9 held-out   sha256 bbbbbbbbbbbb" in lines
    assert "  key facts, own set holdout.jsonl   sha256 cccccccccccc" in lines
    assert "  yes/no gold (yesno_gold.jsonl)   sha256 dddddddddddd" in lines
    assert "    key_facts_first_100               0.500   (baseline 0.374)" in lines
