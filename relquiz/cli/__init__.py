"""The command line: one thin module per group of commands, all on one Typer app."""

from relquiz.cli.common import app, bundled_bank_folder, main

# Each module registers its commands when imported; --help lists them in this order.
from relquiz.cli import play  # noqa: F401
from relquiz.cli import banks  # noqa: F401
from relquiz.cli import practice  # noqa: F401
from relquiz.cli import classroom  # noqa: F401
from relquiz.cli import exchange  # noqa: F401

__all__ = ["app", "bundled_bank_folder", "main"]
