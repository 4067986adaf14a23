"""One module per command group of `python -m bot`; each builds what its command needs when it runs."""
