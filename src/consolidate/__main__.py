"""`python -m consolidate`, and the `consolidate` command's entry point."""

from __future__ import annotations


def run() -> None:
    """Start the command line; Ctrl+C while it loads exits 130, saying nothing (nothing was
    done yet)."""
    try:  # imported here so that an interrupt during the import is caught too
        from consolidate.cli.main import main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
