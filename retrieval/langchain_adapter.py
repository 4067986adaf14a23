"""LangChain faces of the retriever: an `Embeddings` over our Embedder and a `BaseRetriever`."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.embedders import Embedder
from retrieval.hybrid import HybridRetriever


class ProjectEmbeddings(Embeddings):
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class PolicyRetriever(BaseRetriever):
    """Hybrid retrieval as a LangChain retriever: one Document per section, best first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Any
    k: int = 4

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hybrid: HybridRetriever = self.retriever
        result = hybrid.search(query, k=self.k)
        return [
            Document(
                page_content=hit.section.text or hit.section.heading,
                metadata={
                    "doc_id": hit.section.doc_id,
                    "section_id": hit.section.section_id,
                    "heading": hit.section.heading,
                    "path": list(hit.section.path),
                    "score": hit.score,
                    "in_scope": result.in_scope,
                },
            )
            for hit in result.hits
        ]
