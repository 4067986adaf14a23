from __future__ import annotations

import io
import math
from typing import ClassVar

import numpy as np

from bot.approved.calibrate import (
    PAIRS_PATH,
    CalibrationRow,
    Pair,
    calibrate,
    choose_threshold,
    format_rows,
    load_pairs,
    main,
)

PAIRS = [
    Pair("随迁子女入学", "随迁子女上学", True),  # cosine 0.9
    Pair("两免一补费用", "两免一补什么", True),  # cosine 0.6
    Pair("随迁子女入学", "随迁子女收费", False),  # cosine 0.8
    Pair("划片入学", "教师轮岗", False),  # cosine 1.0, but no shared bigram
]


class TableEmbedder:
    name = "table"
    dim = 2
    VECTORS: ClassVar[dict[str, tuple[float, float]]] = {
        "随迁子女入学": (1.0, 0.0),
        "随迁子女上学": (0.9, math.sqrt(1 - 0.81)),
        "两免一补费用": (1.0, 0.0),
        "两免一补什么": (0.6, 0.8),
        "随迁子女收费": (0.8, 0.6),
        "划片入学": (1.0, 0.0),
        "教师轮岗": (1.0, 0.0),
    }

    def embed_query(self, text: str) -> np.ndarray:
        return np.array(self.VECTORS[text], dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.embed_query(t) for t in texts])


def test_calibrate_exact_rows() -> None:
    rows = calibrate(PAIRS, TableEmbedder(), thresholds=[0.5, 0.7, 0.85, 0.95], lexical_floor=0.05)
    assert rows == [
        CalibrationRow(0.5, tp=2, fp=1, fn=0, tn=1),
        CalibrationRow(0.7, tp=1, fp=1, fn=1, tn=1),
        CalibrationRow(0.85, tp=1, fp=0, fn=1, tn=2),
        CalibrationRow(0.95, tp=0, fp=0, fn=2, tn=2),
    ]
    assert [(round(r.precision, 3), r.recall) for r in rows] == [(0.667, 1.0), (0.5, 0.5), (1.0, 0.5), (1.0, 0.0)]
    assert choose_threshold(rows) == rows[2]
    assert choose_threshold(rows, min_precision=0.6) == rows[0]
    assert choose_threshold(rows[3:]) is None
    assert format_rows(rows) == (
        "threshold  tp  fp  fn  tn  precision  recall\n"
        "     0.50   2   1   0   1       0.67    1.00\n"
        "     0.70   1   1   1   1       0.50    0.50\n"
        "     0.85   1   0   1   2       1.00    0.50\n"
        "     0.95   0   0   2   2       1.00    0.00"
    )


def test_committed_pairs() -> None:
    pairs = load_pairs(PAIRS_PATH)
    assert len(pairs) >= 30
    assert sum(p.should_match for p in pairs) >= 15
    assert sum(not p.should_match for p in pairs) >= 15
    topics = "".join(p.question for p in pairs)
    for word in ("随迁子女", "两免一补", "留守儿童", "划片", "交流轮岗"):
        assert word in topics


def test_main_with_fake_embedder() -> None:
    out = io.StringIO()
    assert main(["--embedder", "fake"], out=out) == 0
    text = out.getvalue()
    assert text.startswith("fake-hashed-bigrams: 50 pairs, lexical floor 0.05\n")
    assert "chosen threshold 0.79: precision 1.00, recall 0.21" in text
