"""One error boundary for every command, and exit codes with one name each."""

from __future__ import annotations

import pytest

from relquiz.cli import COMMAND_MODULES, app, register
from relquiz.cli.boundary import guarded
from relquiz.errors import ExitCode


def test_every_exit_code_has_one_name() -> None:
    assert len(ExitCode.__members__) == len(list(ExitCode)) == 4
    assert [code.value for code in ExitCode] == [0, 1, 2, 130]


def test_every_command_runs_inside_the_boundary() -> None:
    register()
    registered = {
        info.name or getattr(info.callback, "__name__", ""): info.callback for info in app.registered_commands
    }
    assert set(registered) == set(COMMAND_MODULES)
    boundary = guarded(lambda: None).__code__
    for name, callback in registered.items():
        assert getattr(callback, "__code__", None) is boundary, f"{name} is registered without the error boundary"


def test_a_command_without_plain_is_refused_when_registered() -> None:
    """The boundary reads --plain from the arguments Typer passes, so every command must take it."""
    from relquiz.cli.common import command

    def lacking(count: int = 1) -> None:
        """Not a real command."""

    with pytest.raises(TypeError, match="lacking has no 'plain' parameter"):
        command("lacking")(lacking)
    assert "lacking" not in {info.name for info in app.registered_commands}
