"""State shared by every worker and machine of a deployment: conversations and rate limits, in the database."""
