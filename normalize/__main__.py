"""`python -m normalize` runs the `mtnorm` command line."""

from .cli import entry_point

entry_point()
