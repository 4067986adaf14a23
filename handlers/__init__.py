"""Channel adapters over the core: terminal, Telegram, web."""
