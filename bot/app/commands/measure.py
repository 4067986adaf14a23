"""`eval` and `bench`: answer quality beside the baselines, and the performance figures."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.settings import Settings


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "eval" and getattr(args, "own_only", False):
        from bot.app.evaluation.own_cv import run_own

        return run_own(settings, out, fit=args.fit_scope)
    if args.command == "eval" and getattr(args, "lookups_only", None) is not None:
        from bot.app.evaluation.run import run_lookups_only

        return run_lookups_only(settings, args.lookups_only, out)
    if args.command == "eval" and getattr(args, "set", None) is not None:
        from bot.app.evaluation.run import run_set

        return run_set(settings, args.set, out)
    if args.command == "eval":
        from bot.app.evaluation.run import run_eval, run_multidoc

        if getattr(args, "multidoc_only", False):
            return run_multidoc(settings, out)
        return run_eval(settings, out, fit_scope=args.fit_scope, write_baseline=args.write_baseline, questions=args.questions)
    from bot.app.evaluation.bench import run_bench

    sizes = tuple(int(n) for n in args.sizes.split(",") if n.strip() and int(n) > 0)
    if args.load_only:
        from bot.app.evaluation.bench import bench_questions
        from bot.app.evaluation.load import run_load

        run_load(settings, out, bench_questions(), postgres_url=args.postgres_url)
        return 0
    return run_bench(settings, out, sizes, load=not args.no_load, postgres_url=args.postgres_url)
