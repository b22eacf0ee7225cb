"""`mscos` and `python -m mscos_kg`: the command line, with Ctrl-C ending quietly from the first moment.

Click turns an interrupt during a command into "Aborted!"; this covers the imports before it.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from mscos_kg.cli import main as run_cli
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        sys.exit(130)
    run_cli()


if __name__ == "__main__":
    main()
