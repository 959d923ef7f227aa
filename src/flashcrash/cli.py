"""Command line: ``python -m flashcrash {ledger,bench,fetch,atlas} [--json] [--mirror DIR]``.

Exit codes: 0 success; 2 usage error (unknown command or option, bad value: argparse's code);
3 data error (a raw file missing, unreadable or failing its checksum: the message says which and how
to fix it). Any other failure is a bug and exits 1 with a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from flashcrash.errors import FlashcrashDataError

#: Exit code of a usage error (argparse's own).
EXIT_USAGE = 2
#: Exit code of a data error: missing, unreadable or corrupt raw data.
EXIT_DATA = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m flashcrash",
        description="The flash-crash report's ledger, benchmarks and data.",
        epilog=f"exit codes: 0 success, {EXIT_USAGE} usage error, {EXIT_DATA} data error (missing or corrupt raw data). "
        "A relative --mirror or FLASHCRASH_DATA_MIRROR is read from the repository root.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--mirror",
        metavar="DIR",
        help="read raw files from DIR/<source>/<file> instead of the network (same as FLASHCRASH_DATA_MIRROR; a relative DIR is read from the repository root)",
    )
    led = sub.add_parser("ledger", parents=[common], help="compute every claim's verdict from the data")
    led.add_argument("--json", action="store_true", help="print the ledger as JSON")
    led.add_argument("--chapter", action="append", help="only this chapter (repeatable)")
    led.add_argument("--no-cache", action="store_true", help="compute everything from scratch: neither read nor write the results cache (_cache/)")
    b = sub.add_parser("bench", parents=[common], help="time the fast engines against plain-Python references")
    b.add_argument("--json", action="store_true", help="print the results as JSON")
    f = sub.add_parser("fetch", parents=[common], help="fetch and verify every registered raw file")
    f.add_argument("--json", action="store_true")
    a = sub.add_parser("atlas", parents=[common], help="find every crash in the data and measure each (the crash atlas)")
    a.add_argument("--json", action="store_true", help="print the events as JSON")
    a.add_argument(
        "--scheduler",
        choices=("serial", "threads", "processes", "dask"),
        default="serial",
        help="how the per-market and per-event work runs (serial: one task after another, the cheapest in CPU; dask: optional extra)",
    )
    a.add_argument("--workers", type=int, help="pool size (default: the executor's)")
    a.add_argument("--market", action="append", help="only this market (repeatable), e.g. btc-perp-15m, btc-spot-1h")
    return p


def ledger_text(ledger: dict) -> str:
    """The ledger as JSON text, byte for byte :func:`flashcrash.claims.ledger_json` (a test checks it),
    written here so that a cached ledger prints without importing the models."""
    return json.dumps(ledger, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _collect_less_often(command: str) -> None:
    """The ledger and the atlas hold many objects: collect garbage less often (:mod:`flashcrash.gcsettings`).
    Not the benchmarks: their plain-Python references run as an analyst's would."""
    if command in ("ledger", "atlas"):
        from flashcrash import gcsettings

        gcsettings.for_batch_work()


def _ledger(args: argparse.Namespace) -> None:
    """The ``ledger`` command: from the results cache when nothing changed, else computed."""
    from flashcrash import cache

    if args.no_cache:
        os.environ[cache.NO_CACHE_ENV] = "1"
    hit, ledger = cache.lookup("ledger", args.chapter)  # a hit needs neither pandas nor the models
    if not hit:
        from flashcrash.data.registry import require_data

        require_data()  # one message naming what is missing, before the chapters' processes start
        from flashcrash.claims import build_ledger

        ledger = build_ledger(args.chapter)
    if args.json:
        sys.stdout.write(ledger_text(ledger))
    else:
        for r in ledger["claims"]:
            print(f"{r['id']:<28} {r['verdict']:<14} {r['statement']}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.mirror:
        os.environ["FLASHCRASH_DATA_MIRROR"] = args.mirror
    _collect_less_often(args.command)
    try:
        if args.command == "ledger":
            _ledger(args)
        elif args.command == "bench":
            from flashcrash.bench import run_all

            res = run_all()
            if args.json:
                print(json.dumps(res, indent=2))
            else:
                for r in res["benchmarks"]:
                    ref = f"{r['reference_seconds']:.4f}s" + (f" (extrapolated from {r['reference_size']})" if r["extrapolated"] else "")
                    print(
                        f"{r['name']:<56} {r['seconds']:.4f}s (spread {r['spread']:.0%})  reference {ref}  ratio {r['ratio']}  "
                        f"floor {r['floor_seconds']:.4f}s  outputs equal: {r['outputs_equal']}"
                    )
        elif args.command == "fetch":
            from flashcrash.data.registry import fetch, registry, require_data

            require_data()  # one message naming what is missing and how to fix it, before verifying
            rows = [{"source": s, "file": f, "path": str(fetch(s, f))} for (s, f) in registry()]
            print(json.dumps(rows, indent=2) if args.json else f"{len(rows)} files fetched and verified")
        elif args.command == "atlas":
            from flashcrash.atlas import run

            markets = tuple(args.market) if args.market else run.DEFAULT_MARKETS
            if args.json and args.scheduler == "serial" and args.workers is None:
                sys.stdout.write(run.atlas_json(markets))  # from the results cache when nothing changed
            elif args.json:
                sys.stdout.write(run.to_json(run.atlas(markets, args.scheduler, args.workers)))
            else:
                events = run.atlas(markets, args.scheduler, args.workers)
                for r in events.itertuples():
                    print(
                        f"{r.market:<13} {r.start:%Y-%m-%d %H:%M} -> {r.end:%Y-%m-%d %H:%M}  fall {r.drawdown:6.1%} in {r.fall_hours:5.1f} h  {r.session:<12} {r.label}"
                    )
    except FlashcrashDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    return 0
