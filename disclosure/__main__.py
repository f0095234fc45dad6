"""python -m disclosure: publish.py where no checkout is (installed as a package, the `publish` command's program)."""

import sys

from disclosure.cli import main

sys.exit(main())
