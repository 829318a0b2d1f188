"""`detente …` command line. Thin: each command module parses arguments, calls the library and
prints. Commands live one per module in this package; COMMAND_MODULES lists them."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ..errors import DetenteError

# Each module defines register(subparsers) that adds its parser with set_defaults(func=...).
COMMAND_MODULES = ["code", "events", "eval", "serve", "actors", "relations", "export", "review"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description="Political event data from news.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--version", action="store_true",
                        help="print the version, the learned coder's model, its training data and licence")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.version:
        print(version_text())
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except DetenteError as exc:
        print(f"detente: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version
    from ..coding.learned.coder import MODEL_PATH, CoderModel
    from ..config import settings
    try:
        own = version("detente")
    except PackageNotFoundError:
        own = "unknown"
    lines = [f"detente {own}", f"coder: {settings.coder} (DETENTE_CODER)"]
    if not MODEL_PATH.exists():
        lines.append(f"learned model: none at {MODEL_PATH} (the rules code alone; run `make train`)")
        return "\n".join(lines)
    meta = CoderModel.load(MODEL_PATH).meta
    lines.append(f"learned model: {meta.get('version')} ({MODEL_PATH.name})")
    for name, info in sorted(meta.get("trained_on", {}).items()):
        lines.append(f"  trained on {name}: {info['records']} records, sha256 {info['sha256']}")
    lines.append(f"  licence: {meta.get('licence', 'unknown')}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
