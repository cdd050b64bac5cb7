"""The bundle's entry point: the same `ponder` command as the pip-installed script."""

from ponder.cli import main

raise SystemExit(main())
