"""The section classifiers fitted on a retriever's own examples (ADR 0010) and attached to it.

An example is a policy unit in force, a section's own or a question bank's, labelled with its section; drafts and
documents no longer in force teach nothing, and the school data is looked up, not classified."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.hybrid import HybridRetriever
from retrieval.in_force import visible
from retrieval.lexical_classifier import cached_lexical_classifier
from retrieval.section_classifier import cached_classifier
from retrieval.units import Unit
from retrieval.vector_cache import held_vectors


def examples(retriever: HybridRetriever) -> list[Unit]:
    return [unit for unit in retriever.units if unit.section.kind == "policy" and visible(unit.section, "")]


def example_vectors(retriever: HybridRetriever) -> tuple[np.ndarray, list[str]] | None:
    """The examples' vectors and their sections; None when the vectors are not held in memory."""
    held = held_vectors(retriever.vectors)
    if held is None:
        return None
    rows = {unit_id: i for i, unit_id in enumerate(held[0])}
    found = [unit for unit in examples(retriever) if unit.unit_id in rows]
    return held[1][[rows[unit.unit_id] for unit in found]], [unit.section.key for unit in found]


def attach_classifiers(retriever: HybridRetriever, directory: Path) -> None:
    """Fit both classifiers (or read them back from `directory`, where they are cached) and hand them to the retriever."""
    vectors = example_vectors(retriever)
    if vectors is not None:
        retriever.classifier = cached_classifier(directory, *vectors)
    units = examples(retriever)
    retriever.lexical_classifier = cached_lexical_classifier(directory, [unit.text for unit in units], [unit.section.key for unit in units],
                                                             retriever.weighted_tokens, salt=retriever.expander.digest())
