"""`caetl --help` and every command's help read well at 80 and 120 columns: no word is cut
in two, no sentence is hard-wrapped into ragged lines, and each command shows an example."""

from __future__ import annotations

import re

import click
import pytest
import typer
from typer.testing import CliRunner

from caetl.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)
BOX = re.compile(r"[│╭╮╰╯─┏┓┗┛━┃]")


def _render(args: list[str], columns: int) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


def _words(text: str) -> set[str]:
    return set(BOX.sub(" ", text).split())


def _flat(text: str) -> str:
    return " ".join(BOX.sub(" ", text).split())


def _help_strings(command: click.Command) -> list[str]:
    """What the command's own help page shows (the short help is for the command list)."""
    texts = [command.help or "", command.epilog or ""]
    texts += [p.help for p in command.params if getattr(p, "help", None) and not p.hidden]
    return [t for t in texts if t]


def test_every_command_is_covered():
    assert {"refresh", "check", "status", "sql", "shell", "fetch", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_renders_whole_words_and_sentences_with_an_example(command, columns):
    args = [command] if command else []
    text = _render(args, columns)
    # Nothing wider than the terminal, and no word cut: every word at this width also
    # appears in a rendering so wide that nothing wraps.
    assert max(len(line) for line in text.splitlines()) <= columns
    cut = _words(text) - _words(_render(args, 1000))
    assert not cut, f"words cut in two at {columns} columns: {sorted(cut)}"
    group = typer.main.get_command(app)
    target = group.commands[command] if command else group
    flat = _flat(text)
    # Each help text reads as written: its sentences survive the wrapping in one piece.
    if command:
        for help_text in _help_strings(target):
            for paragraph in help_text.split("\n\n"):
                assert _flat(paragraph) in flat, (command, columns, paragraph)
    else:
        for name, sub in group.commands.items():
            assert _flat(f"{name} {sub.short_help}") in flat, (name, columns)
    example = re.search(r"Example: (caetl .+)", flat)
    assert example, f"{command or 'caetl'}: no example at {columns} columns"
    if command:
        assert example.group(1).startswith(f"caetl {command}") or f"caetl {command}" in flat


@pytest.mark.parametrize("command", COMMANDS)
def test_help_strings_have_no_hard_line_breaks(command):
    """A single newline inside a help paragraph is kept by typer's panels as a ragged
    line break; paragraphs are separated by a blank line and never wrapped by hand."""
    target = typer.main.get_command(app).commands[command]
    for text in [*_help_strings(target), target.short_help or ""]:
        assert "\n" not in text.replace("\n\n", ""), (command, text)
