"""Entry point for `python -m newsfigures`."""

import sys

try:
    from newsfigures.pipeline import main
except KeyboardInterrupt:  # Ctrl-C while the command is still loading: one line, as everywhere else
    print("interrupted: nothing was written", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
