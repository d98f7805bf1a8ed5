"""`python -m consolidate`."""

try:
    from consolidate.cli.main import main
except KeyboardInterrupt:  # Ctrl+C while the program loads: nothing was done, say nothing
    raise SystemExit(130) from None

main()
