"""The in-scope decision: does any source answer this question?

A small logistic model over retrieval features, fitted on the evaluation set by
`python -m bot eval --fit-scope` and stored as a data file, so it can be re-fitted and reviewed.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

LEXICAL_ONLY = "lexical-only"
DENSE_FEATURES = ("dense_top", "dense_gap", "agree", "bank_top", "oos_dense_margin")
NO_RULE = 1e9  # `oos_margin_above` when no margin rule is fitted
UNUSED_FEATURES = ("synonym_hits",)  # measured: synonym hits make near-domain questions look answerable


@dataclass(frozen=True)
class ScopeFeatures:
    dense_top: float
    dense_gap: float
    bigram_coverage: float
    matched_idf_share: float
    lexical_top: float
    agree: bool
    latin_share: float
    english_coverage: float
    synonym_hits: float
    top_share: float = 1.0  # the learned ranker's probability for its first section (1.0 under the hand fusion)
    bank_top: float = 0.0  # best cosine of a question-bank question (0 under the hand fusion)
    # the nearest out-of-scope question (knowledge/out_of_scope_bank.yaml) against the nearest positive unit
    oos_dense_margin: float = 0.0  # cosine of the best negative minus cosine of the best positive
    oos_lexical_share: float = 0.0  # best negative BM25 / (best negative + best positive bank question)

    def vector(self) -> list[float]:
        return [float(value) for value in asdict(self).values()]

    @staticmethod
    def names() -> list[str]:
        return list(ScopeFeatures.__dataclass_fields__)


@dataclass(frozen=True)
class ScopeModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5  # below: decline
    # in scope but unsure: clarify (offer the likeliest sections) when the probability is below `clarify_below`
    # or the ranker's first section holds less than `share_below` of its probability; fitted with the model
    clarify_below: float = 0.0
    share_below: float = 0.0
    # decline outright when the nearest out-of-scope question lies this far above every positive unit (cosine)
    oos_margin_above: float = NO_RULE

    @classmethod
    def default(cls, embedder_name: str = "") -> ScopeModel:
        """The model fitted for this embedder; else the one fitted without dense features."""
        try:
            text = resources.files("retrieval.data").joinpath("scope_model.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls.always_in_scope()
        models = json.loads(text).get("models", {})
        chosen = models.get(embedder_name) or models.get(LEXICAL_ONLY)
        return cls.from_dict(chosen) if chosen else cls.always_in_scope()

    @classmethod
    def always_in_scope(cls) -> ScopeModel:
        return cls({}, 10.0, 0.5)

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> ScopeModel:
        weights = raw["weights"]
        assert isinstance(weights, dict)
        return cls(
            {k: float(v) for k, v in weights.items()},
            float(raw["bias"]),  # type: ignore[arg-type]
            float(raw.get("threshold", 0.5)),  # type: ignore[arg-type]
            float(raw.get("clarify_below", 0.0)),  # type: ignore[arg-type]
            float(raw.get("share_below", 0.0)),  # type: ignore[arg-type]
            float(raw.get("oos_margin_above", NO_RULE)),  # type: ignore[arg-type]
        )

    def as_dict(self, extra: dict[str, object] | None = None) -> dict[str, object]:
        bounds: dict[str, object] = {"clarify_below": self.clarify_below, "share_below": self.share_below}
        if self.oos_margin_above < NO_RULE:
            bounds["oos_margin_above"] = self.oos_margin_above
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold, **bounds, **(extra or {})}

    def decide(self, probability: float, features: ScopeFeatures) -> str:
        """answer / clarify / decline."""
        if probability < self.threshold or features.oos_dense_margin > self.oos_margin_above:
            return "decline"
        if probability < self.clarify_below or features.top_share < self.share_below:
            return "clarify"
        return "answer"

    def probability(self, features: ScopeFeatures) -> float:
        values = dict(zip(ScopeFeatures.names(), features.vector(), strict=True))
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def save_models(path: Path, models: dict[str, dict[str, object]]) -> None:
    path.write_text(json.dumps({"models": models}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
