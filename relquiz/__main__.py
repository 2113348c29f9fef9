"""Run relquiz as `python -m relquiz`."""

from relquiz.cli import main

main()
