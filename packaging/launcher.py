"""The bundle's entry point: the same `ponder` command as the pip-installed script."""

from app.cli import main

raise SystemExit(main())
