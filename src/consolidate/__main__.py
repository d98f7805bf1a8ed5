"""`python -m consolidate`."""

from consolidate.cli.main import main

main()
