"""Entry point for `python -m newsfigures`."""

from newsfigures.pipeline import main

raise SystemExit(main())
