"""Document lifecycle: drafts from uploads, publish, supersede, withdraw, delete, each recorded with who and when."""
