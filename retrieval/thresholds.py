"""Per-embedder similarity thresholds, read from the one data file retrieval/data/thresholds.yaml."""

from __future__ import annotations

from importlib import resources

from knowledge.yamlload import safe_load


def embedder_threshold(use: str, embedder_name: str) -> float:
    """The threshold for `use` (e.g. "approved_answer", "question_groups") with this embedder, else the use's fallback."""
    table = safe_load(resources.files("retrieval.data").joinpath("thresholds.yaml").read_text(encoding="utf-8"))[use]
    return float(table.get(embedder_name, table["fallback"]))
