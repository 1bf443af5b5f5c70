import sys

from judge_tui.cli import main

# Guarded: a collect's worker processes are spawned, and import this module again.
if __name__ == "__main__":
    sys.exit(main())
