"""Command line: ``python -m flashcrash {ledger,bench,fetch,atlas} [--json] [--mirror DIR]``."""

from __future__ import annotations

import argparse
import json
import os
import sys

from flashcrash.errors import FlashcrashDataError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m flashcrash", description="The flash-crash report's ledger, benchmarks and data.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mirror", metavar="DIR", help="read raw files from DIR/<source>/<file> instead of the network (same as FLASHCRASH_DATA_MIRROR)")
    led = sub.add_parser("ledger", parents=[common], help="compute every claim's verdict from the data")
    led.add_argument("--json", action="store_true", help="print the ledger as JSON")
    led.add_argument("--chapter", action="append", help="only this chapter (repeatable)")
    b = sub.add_parser("bench", parents=[common], help="time the fast engines against plain-Python references")
    b.add_argument("--json", action="store_true", help="print the results as JSON")
    f = sub.add_parser("fetch", parents=[common], help="fetch and verify every registered raw file")
    f.add_argument("--json", action="store_true")
    a = sub.add_parser("atlas", parents=[common], help="find every crash in the data and measure each (the crash atlas)")
    a.add_argument("--json", action="store_true", help="print the events as JSON")
    a.add_argument("--scheduler", choices=("threads", "processes", "dask"), default="threads", help="how the per-market and per-event work runs (dask: optional extra)")
    a.add_argument("--workers", type=int, help="pool size (default: the executor's)")
    a.add_argument("--market", action="append", help="only this market (repeatable), e.g. btc-perp-15m, btc-spot-1h")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.mirror:
        os.environ["FLASHCRASH_DATA_MIRROR"] = args.mirror
    try:
        if args.command == "ledger":
            from flashcrash.claims import build_ledger, ledger_json

            ledger = build_ledger(args.chapter)
            if args.json:
                sys.stdout.write(ledger_json(ledger))
            else:
                for r in ledger["claims"]:
                    print(f"{r['id']:<28} {r['verdict']:<14} {r['statement']}")
        elif args.command == "bench":
            from flashcrash.bench import run_all

            res = run_all()
            if args.json:
                print(json.dumps(res, indent=2))
            else:
                for r in res["benchmarks"]:
                    print(f"{r['name']:<32} size={r['size']:<12} {r['seconds']:.4f}s  reference {r['reference_seconds']:.4f}s  ratio {r['ratio']}")
        elif args.command == "fetch":
            from flashcrash.data.registry import fetch, registry

            rows = [{"source": s, "file": f, "path": str(fetch(s, f))} for (s, f) in registry()]
            print(json.dumps(rows, indent=2) if args.json else f"{len(rows)} files fetched and verified")
        elif args.command == "atlas":
            from flashcrash.atlas import run

            events = run.atlas(tuple(args.market) if args.market else run.DEFAULT_MARKETS, args.scheduler, args.workers)
            if args.json:
                sys.stdout.write(run.to_json(events))
            else:
                for r in events.itertuples():
                    print(f"{r.market:<13} {r.start:%Y-%m-%d %H:%M} -> {r.end:%Y-%m-%d %H:%M}  fall {r.drawdown:6.1%} in {r.fall_hours:5.1f} h  {r.session:<12} {r.label}")
    except FlashcrashDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
