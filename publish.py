#!/usr/bin/env python3
"""行政执法公示平台的命令行入口：python publish.py --help"""

import sys

from disclosure.cli import main

if __name__ == "__main__":
    sys.exit(main())
