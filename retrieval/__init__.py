"""Retrieval: indexing and hybrid (lexical + dense) search over policy sections and school data."""
