"""The two baselines computed in the same run as our retriever:
(a) BM25 over fixed 300-character chunks of the raw page; (b) a default LangChain pipeline
(RecursiveCharacterTextSplitter 500/50, Chroma, the same embedder). Their chunks are mapped to the
section that shares the most character bigrams, so all are scored against the same gold sections."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from retrieval.embedders import Embedder
from retrieval.lexical import BM25Index, query_tokens
from retrieval.text import char_tokens, fold
from retrieval.units import SectionRef

Search = Callable[[str, int], list[str]]


def _bigrams(text: str) -> set[str]:
    return {t for t in char_tokens(fold(text)) if len(t) == 2}


def chunk_owner(sections: Sequence[SectionRef]) -> Callable[[str], str]:
    bags = [(s.section_id, _bigrams(f"{s.heading}{s.text}")) for s in sections if s.text or s.heading]

    def owner(chunk: str) -> str:
        grams = _bigrams(chunk)
        best = max(bags, key=lambda bag: len(grams & bag[1]) / (len(grams) or 1))
        return best[0] if grams & best[1] else ""

    return owner


def _dedupe(ids: list[str], k: int) -> list[str]:
    return [i for i in dict.fromkeys(ids) if i][:k]


def bm25_fixed_chunks(raw_page: str, sections: Sequence[SectionRef], size: int = 300) -> Search:
    chunks = [raw_page[i : i + size] for i in range(0, len(raw_page), size)]
    owner = chunk_owner(sections)
    owners = [owner(chunk) for chunk in chunks]
    index = BM25Index(chunks)

    def search(query: str, k: int) -> list[str]:
        scores = index.scores(query_tokens(fold(query), []))
        order = [int(i) for i in np.argsort(-scores) if scores[i] > 0]
        return _dedupe([owners[i] for i in order], k)

    return search


def langchain_default(raw_page: str, sections: Sequence[SectionRef], embedder: Embedder, workdir: Path) -> Search:
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from retrieval.langchain_adapter import ProjectEmbeddings

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    chunks = splitter.split_text(raw_page)
    owner = chunk_owner(sections)
    store = Chroma(
        collection_name="baseline-langchain",
        embedding_function=ProjectEmbeddings(embedder),
        persist_directory=str(workdir),
        client_settings=_chroma_settings(),
    )
    store.add_texts(chunks, metadatas=[{"section_id": owner(chunk)} for chunk in chunks])

    def search(query: str, k: int) -> list[str]:
        docs = store.similarity_search(query, k=k * 3)
        return _dedupe([str(d.metadata.get("section_id", "")) for d in docs], k)

    return search


def _chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, is_persistent=True)
