"""An assistant over the real seed and school data, with the small deterministic fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assistant import Assistant
from bot.settings import DEFAULT_KNOWLEDGE_DIR, DEFAULT_SCHOOL_DATA_DIR
from bot.texts import AssistantTexts
from knowledge.ingest.document import process_file
from knowledge.schooldata import SchoolDirectory
from retrieval.corpus import data_section_refs, section_refs
from retrieval.embedders import FakeEmbedder
from retrieval.expand import Expander
from retrieval.hybrid import HybridRetriever
from retrieval.scope import ScopeModel
from retrieval.units import build_units
from tests.fakes import InMemoryVectors

SEED = DEFAULT_KNOWLEDGE_DIR / "000_8e01929cc9c29c4e.txt"


def make_retriever(scope: ScopeModel | None = None, seed: Path = SEED) -> HybridRetriever:
    processed = process_file(seed)
    directory = SchoolDirectory.from_data_dir(DEFAULT_SCHOOL_DATA_DIR)
    refs = section_refs([processed.document], processed.sections) + data_section_refs(directory)  # type: ignore[list-item]
    units = build_units(refs)
    embedder = FakeEmbedder()
    return HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), scope or ScopeModel.always_in_scope())


@pytest.fixture(scope="session")
def directory() -> SchoolDirectory:
    return SchoolDirectory.from_data_dir(DEFAULT_SCHOOL_DATA_DIR)


@pytest.fixture(scope="session")
def texts() -> AssistantTexts:
    return AssistantTexts.load()


@pytest.fixture(scope="session")
def retriever() -> HybridRetriever:
    return make_retriever()


@pytest.fixture(scope="session")
def assistant(retriever: HybridRetriever, texts: AssistantTexts, directory: SchoolDirectory) -> Assistant:
    return Assistant(retriever, texts, directory)
