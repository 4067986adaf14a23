"""The answer pipeline: guard -> understand -> approved -> look up -> retrieve -> compose -> check."""
