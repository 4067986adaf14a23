"""Knowledge: the documents, the county's school data, and their ingestion."""
