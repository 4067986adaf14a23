"""Choose the thresholds of the in-force rule's "same point" (retrieval/same_point.py) on the labelled pairs of
retrieval/data/same_point_pairs.yaml, over the shipped documents, and write retrieval/data/same_point.json.

    python -m bot.app.evaluation.same_point_fit [--write]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PACKAGE_ROOT, Settings
from retrieval.same_point import PairScore, choose_thresholds, pair_scores

LABELS = PACKAGE_ROOT / "retrieval" / "data" / "same_point_pairs.yaml"
OUT = PACKAGE_ROOT / "retrieval" / "data" / "same_point.json"


def labeller(units: dict[str, Any], labels: dict[str, list[dict[str, str]]]) -> Any:
    """True / False / None (left out) for a scored pair of unit ids."""
    same = {(row["older"], row["newer"]): row.get("where", "") for row in labels.get("same", [])}
    ambiguous = {(row["older"], row["newer"]) for row in labels.get("ambiguous", [])}

    def positive(pair: PairScore) -> bool | None:
        older, newer = units[pair.older_unit], units[pair.newer_unit]
        key = (older.section.key, newer.section.key)
        if key in ambiguous:
            return None
        if key not in same:
            return False
        where = same[key]
        if not where:
            return True
        windows = sum(u.section.key == older.section.key for u in units.values()) > 1
        if windows and pair.older_unit.endswith("::0"):
            return None  # the whole long section: its windows are labelled
        return where in older.text

    return positive


def main(argv: list[str]) -> int:
    from bot.app.evaluation.run import _eval_settings
    from bot.app.runtime import build_runtime
    from retrieval.same_point import states_a_point
    from retrieval.vector_cache import held_vectors

    with tempfile.TemporaryDirectory(prefix="haiyuan-same-point-") as tmp:
        runtime = build_runtime(_eval_settings(Settings(), Path(tmp)), show_progress=False)
        retriever = runtime.retriever
        held = held_vectors(retriever.vectors)
        assert held is not None, "the vectors are not held in memory"
        rows = {unit_id: i for i, unit_id in enumerate(held[0])}
        wanted = [unit for unit in retriever.units if states_a_point(unit)]
        scores = pair_scores(wanted, held[1][[rows[u.unit_id] for u in wanted]], retriever.lexical.idf)
        units = {unit.unit_id: unit for unit in wanted}
        positive = labeller(units, yaml.safe_load(LABELS.read_text(encoding="utf-8")))
        chosen = choose_thresholds(scores, positive)
        print(f"embedder {runtime.embedder.name}: {len(scores)} pairs of units of different documents")
        shown = sorted(scores, key=lambda s: -(s.overlap + s.closeness / 10))[:16]
        for s in shown:
            print(f"  overlap {s.overlap:.3f}  closeness {s.closeness:5.2f}  {positive(s)!s:5}  {s.older_unit} ~ {s.newer_unit}")
        right = wrong = 0
        for s in scores:
            label = positive(s)
            if label is None:
                continue
            said = s.overlap >= chosen.overlap and s.closeness >= chosen.closeness
            right += said == label
            wrong += said != label
        print(f"thresholds: overlap ≥ {chosen.overlap}, closeness ≥ {chosen.closeness}; labelled pairs right {right}, wrong {wrong}")
        if "--write" in argv:
            OUT.write_text(json.dumps({"overlap": chosen.overlap, "closeness": chosen.closeness, "chosen_with": runtime.embedder.name,
                                       "labels": LABELS.name, "labelled_right": right, "labelled_wrong": wrong}, indent=2) + "\n", encoding="utf-8")
            print(f"written to {OUT.relative_to(PACKAGE_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
