"""The option reference of docs/cli.md, generated from the click commands themselves.

`python -m mscos_kg.cli.reference docs/cli.md` rewrites the part of the page between the two
markers; `tests/cli/test_cli_doc.py` fails when that part is stale, so a new command or option
cannot go undocumented.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import click

BEGIN = "<!-- BEGIN GENERATED: python -m mscos_kg.cli.reference docs/cli.md -->"
END = "<!-- END GENERATED -->"


def walk(command: click.Command, path: tuple[str, ...] = ("mscos",)) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command of the tree, depth first, groups before their subcommands (sorted by name)."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], (*path, name))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _kind(param: click.Parameter, ctx: click.Context) -> str:
    if isinstance(param, click.Option) and param.is_flag:
        return "flag"
    if isinstance(param.type, click.Choice):
        return " \\| ".join(f"`{choice}`" for choice in param.type.choices)
    if isinstance(param.type, click.IntRange):
        low, high = param.type.min, param.type.max
        bounds = [f"≥ {low}" if low is not None else "", f"≤ {high}" if high is not None else ""]
        return "integer " + ", ".join(b for b in bounds if b)
    return "`" + param.make_metavar(ctx).replace("|", "\\|") + "`"


def _default(param: click.Option) -> str:
    if param.is_flag or param.default is None or param.default == () or not param.show_default:
        return ""
    return f"`{param.default}`"


def command_section(path: tuple[str, ...], command: click.Command) -> str:
    ctx = click.Context(command, info_name=" ".join(path))
    lines = [f"### `{' '.join(path)}`", "", "```text", command.get_usage(ctx).removeprefix("Usage: "), "```", ""]
    help_text = inspect.cleandoc((command.help or "").split("\f")[0])
    if help_text:
        lines += [help_text, ""]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    for argument in arguments:
        many = " (one or more)" if argument.nargs == -1 else ""
        required = "required" if argument.required else "optional"
        lines.append(f"Argument `{argument.make_metavar(ctx)}`: {required}{many}.")
    if arguments:
        lines.append("")
    if options:
        lines += ["| option | value | default | what it does |", "|---|---|---|---|"]
        for option in options:
            names = ", ".join(f"`{name}`" for name in (*option.opts, *option.secondary_opts))
            lines.append(f"| {names} | {_kind(option, ctx)} | {_default(option)} | {_cell(option.help or '')} |")
        lines.append("")
    if isinstance(command, click.Group):
        lines += ["Subcommands: " + ", ".join(f"`{name}`" for name in sorted(command.commands)) + ".", ""]
    return "\n".join(lines)


def reference(root: click.Command) -> str:
    return "\n".join(command_section(path, command) for path, command in walk(root)).rstrip() + "\n"


def with_reference(page: str, root: click.Command) -> str:
    """The page with its generated part replaced (ValueError if the markers are missing)."""
    head, begin, rest = page.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the page needs the markers {BEGIN!r} and {END!r}")
    return f"{head}{BEGIN}\n\n{reference(root)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> None:
    from mscos_kg.cli import cli

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m mscos_kg.cli.reference docs/cli.md")
    page = Path(args[0])
    page.write_text(with_reference(page.read_text(encoding="utf-8"), cli), encoding="utf-8")


if __name__ == "__main__":
    main()
