#!/usr/bin/env python3
"""Django's manage.py; `phoihop` (the installed console script) does the same and more."""

from phoihop.cli import main

if __name__ == "__main__":
    main()
