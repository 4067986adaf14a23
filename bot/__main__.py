"""`python -m bot`: the one module outside bot/app/ allowed to import the composition root (see ADR 0005)."""

from bot.app.cli import main

raise SystemExit(main())
