import sys

from judge_tui.cli import main

sys.exit(main())
