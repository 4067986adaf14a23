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


@dataclass(frozen=True)
class ScopeFeatures:
    dense_top: float
    dense_gap: float
    bigram_coverage: float
    matched_idf_share: float
    lexical_top: float
    agree: bool
    latin_share: float

    def vector(self) -> list[float]:
        return [float(value) for value in asdict(self).values()]

    @staticmethod
    def names() -> list[str]:
        return list(ScopeFeatures.__dataclass_fields__)


@dataclass(frozen=True)
class ScopeModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    @classmethod
    def default(cls) -> ScopeModel:
        try:
            text = resources.files("retrieval.data").joinpath("scope_model.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls.always_in_scope()
        return cls.from_json(text)

    @classmethod
    def always_in_scope(cls) -> ScopeModel:
        return cls({}, 10.0, 0.5)

    @classmethod
    def from_json(cls, text: str) -> ScopeModel:
        raw = json.loads(text)
        return cls({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]), float(raw.get("threshold", 0.5)))

    def save(self, path: Path, extra: dict[str, object] | None = None) -> None:
        payload = {"weights": self.weights, "bias": self.bias, "threshold": self.threshold, **(extra or {})}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def probability(self, features: ScopeFeatures) -> float:
        values = dict(zip(ScopeFeatures.names(), features.vector(), strict=True))
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
