"""Ingestion of policy documents: read, clean, repair, parse, store."""
