"""Reading YAML while remembering the line of every key and value."""

from __future__ import annotations

from typing import Any

import yaml

from allied.errors import CatalogProblem, InputError

Location = tuple[str | int, ...]


class YamlProblemError(Exception):
    """A file that is not valid YAML, or has a duplicate key or a bad scalar."""

    def __init__(self, problem: CatalogProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# libyaml's parser where PyYAML was built with it (the PyPI wheels are); same results.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def format_location(location: Location) -> str:
    """``("members", 3, "joined")`` -> ``"members[3].joined"``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def place(file: str, line: int | None, field: str = "") -> str:
    """Where something is in an input file: ``"x.yaml:4, field 'key.GBR'"`` (parts known).

    Examples
    --------
    >>> place("x.yaml", 4, "key.GBR"), place("x.yaml", None)
    ("x.yaml:4, field 'key.GBR'", 'x.yaml')
    """
    where = file if line is None else f"{file}:{line}"
    return f"{where}, field '{field}'" if field else where


def load_input(text: str, file: str) -> tuple[Any, dict[Location, int]]:
    """:func:`load_with_lines` for an input file (a program spec, a cost-share input).

    Raises
    ------
    InputError
        Not valid YAML, a duplicate key or a bad scalar, naming the file, line and field.
    """
    try:
        return load_with_lines(text, file)
    except YamlProblemError as exc:
        problem = exc.problem
        raise InputError(
            problem.problem, where=place(file, problem.line, problem.field), fix=problem.fix
        ) from None


def load_with_lines(text: str, file: str) -> tuple[Any, dict[Location, int]]:
    """Parse one YAML document and map each location to its 1-based line.

    Raises
    ------
    YamlProblemError
        Syntax errors, duplicate keys and scalars that fail to construct (an
        impossible date such as ``1949-02-30``), each with its line.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        loader.dispose()
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblemError(
            CatalogProblem(
                file,
                line,
                "",
                f"not valid YAML: {exc.problem or exc}",
                "Fix the YAML syntax (indentation, quotes, colons).",
            )
        ) from exc
    lines: dict[Location, int] = {}
    try:
        return (None if root is None else _build(root, (), lines, file, loader)), lines
    finally:
        loader.dispose()


def _build(
    node: yaml.Node,
    location: Location,
    lines: dict[Location, int],
    file: str,
    loader: yaml.SafeLoader,
) -> Any:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, location, {}, file, loader)
            if key in mapping:
                raise YamlProblemError(
                    CatalogProblem(
                        file,
                        key_node.start_mark.line + 1,
                        format_location((*location, key)),
                        f"duplicate key {key!r}",
                        "Keep only one of them.",
                    )
                )
            lines[(*location, key)] = key_node.start_mark.line + 1
            mapping[key] = _build(value_node, (*location, key), lines, file, loader)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*location, index), lines, file, loader)
            for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise YamlProblemError(
            CatalogProblem(
                file,
                node.start_mark.line + 1,
                format_location(location),
                f"{node.value!r} is not a valid value ({exc})",
                "Dates are written YYYY-MM-DD and must exist on the calendar.",
            )
        ) from exc
