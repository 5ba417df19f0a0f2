"""``allied cost-share``: split a common cost by a key, a formula or a cooperative game.

The input is a YAML file with the players and what the method needs::

    # every field is optional except what the method needs
    title: F-35 sustainment, shares by planned aircraft   # shown above the table
    cost: 1000000          # total to share (equal, proportional, formula); --cost overrides
    players: [USA, GBR]    # equal: the players (else the names of key or requirements)
    key:                   # proportional, formula: player -> non-negative number
      USA: 2443            #   (GNI, GDP, population, planned purchases)
      GBR: 138
    caps:                  # formula: player -> largest share, a fraction in (0, 1]
      USA: 0.16
    equal_to:              # formula: player -> the player whose share it pays
      USA: DEU
    requirements:          # airport; shapley and nucleolus of the airport game
      USA: 3               #   c(S) = the largest requirement in S
      GBR: 2
    coalitions:            # shapley, nucleolus: the cost of EVERY non-empty coalition,
      USA: 3               #   players joined by "+"
      GBR: 2
      USA+GBR: 4

For shapley and nucleolus the cost shared is that of all players together,
c(N), from ``coalitions`` (preferred) or ``requirements``; airport uses
``requirements``. When the file describes a game (coalitions or
requirements), the command also says whether the result is in its core.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from allied._validation import read_text
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    messages,
)
from allied.errors import InputError

_FIELDS = ("title", "cost", "players", "key", "caps", "equal_to", "requirements", "coalitions")
_ARGUMENT_FIELDS = {
    "key": "key",
    "caps": "caps",
    "equal_to": "equal_to",
    "requirements": "requirements",
    "costs": "coalitions",
    "players": "players",
    "cost": "cost",
}


class Method(StrEnum):
    """Cost-sharing rules of ``allied cost-share``."""

    EQUAL = "equal"
    PROPORTIONAL = "proportional"
    FORMULA = "formula"
    SHAPLEY = "shapley"
    NUCLEOLUS = "nucleolus"
    AIRPORT = "airport"


class _Input:
    """The parsed file: its data, its node tree (for line numbers) and its name."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        text = read_text(
            path,
            where="option --input",
            fix="Give the path of a YAML file (see `allied cost-share --help` for its fields).",
        )
        try:
            self.node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise InputError(
                f"the input is not valid YAML ({getattr(exc, 'problem', None) or exc})",
                where=f"{self.name}{line}",
                fix="Correct the YAML syntax; see `allied cost-share --help` for the format.",
            ) from None
        if not isinstance(data, dict):
            raise InputError(
                "the input must be a YAML mapping of fields",
                where=self.name,
                fix=f"Use the fields {', '.join(_FIELDS)} (see `allied cost-share --help`).",
            )
        unknown = [str(k) for k in data if k not in _FIELDS]
        if unknown:
            raise self.error(
                f"unknown field {unknown[0]!r}",
                unknown[0],
                f"Use the fields {', '.join(_FIELDS)}.",
            )
        self.data: dict[str, Any] = data

    def line(self, field: str, entry: str | None = None) -> int | None:
        """1-based line of ``field`` (or of ``entry`` inside it), if the file has it."""
        node, line = self.node, None
        for key in (field,) if entry is None else (field, entry):
            if not isinstance(node, yaml.MappingNode):
                return None
            match = [(k, v) for k, v in node.value if str(k.value) == key]
            if not match:
                return None
            line, node = int(match[0][0].start_mark.line) + 1, match[0][1]
        return line

    def error(self, what: str, field: str, fix: str | None, entry: str | None = None) -> InputError:
        line = self.line(field, entry)
        place = f"{self.name}:{line}" if line is not None else self.name
        name = f"{field}.{entry}" if entry is not None else field
        return InputError(what, where=f"{place}, field '{name}'", fix=fix)

    def mapping(self, field: str) -> dict[str, Any] | None:
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, dict) or not value:
            raise self.error(
                f"field {field!r} must be a non-empty mapping of player to value",
                field,
                f"Write one 'player: value' line per player under '{field}:'.",
            )
        return {str(k): v for k, v in value.items()}

    def need(self, field: str, method: str) -> dict[str, Any]:
        value = self.mapping(field)
        if value is None:
            raise InputError(
                f"the method {method} needs the field {field!r}",
                where=self.name,
                fix=f"Add '{field}:' with one 'player: value' line per player "
                "(see `allied cost-share --help`).",
            )
        return value

    def translate(self, exc: InputError) -> InputError:
        """A library error about an argument, restated for the file's field and line."""
        where = exc.where or ""
        if not where.startswith("argument "):
            return exc
        argument, _, rest = where.removeprefix("argument ").partition(", entry ")
        field = _ARGUMENT_FIELDS.get(argument)
        if field is None:
            return InputError(exc.what, where=f"{self.name} ({where})", fix=exc.fix)
        entry = rest.strip("'\"") or None
        return self.error(exc.what, field, exc.fix, entry)


def _players(source: _Input) -> list[str]:
    listed = source.data.get("players")
    if listed is not None:
        if not isinstance(listed, list) or not listed:
            raise source.error(
                "field 'players' must be a non-empty list of names",
                "players",
                "Write e.g. 'players: [USA, GBR, FRA]'.",
            )
        return [str(p) for p in listed]
    for field in ("key", "requirements"):
        mapping = source.mapping(field)
        if mapping is not None:
            return list(mapping)
    raise InputError(
        "the method equal needs the players",
        where=source.name,
        fix="Add 'players: [A, B, ...]' (or a 'key' or 'requirements' mapping).",
    )


def _game(source: _Input) -> Any:
    from allied.models.cost_sharing import CostGame, airport_game

    coalitions = source.mapping("coalitions")
    if coalitions is not None:
        players = source.data.get("players")
        if players is None:  # the one-player coalitions name the players
            players = [label.strip() for label in coalitions if "+" not in label]
        if not isinstance(players, list):
            raise source.error("field 'players' must be a list of names", "players", None)
        return CostGame.from_table([str(p) for p in players], coalitions)
    requirements = source.mapping("requirements")
    if requirements is not None:
        return airport_game(requirements)
    return None


def _cost(source: _Input, option: float | None) -> float:
    if option is not None:
        return option
    if "cost" not in source.data:
        raise InputError(
            "no cost to share",
            where=source.name,
            fix="Add 'cost: 1000000' to the file, or give --cost.",
        )
    value = source.data["cost"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise source.error(
            f"cost is not a number: {value!r}", "cost", "Write e.g. 'cost: 1000000'."
        )
    return float(value)


def _allocate(
    source: _Input, method: Method, cost: float | None, samples: int | None, seed: int | None
) -> tuple[Any, Any]:
    """The allocation and the game it can be checked against (or None)."""
    from allied.models import cost_sharing as cs

    if cost is not None and method in (Method.SHAPLEY, Method.NUCLEOLUS, Method.AIRPORT):
        raise InputError(
            f"--cost does not apply to {method.value}: the cost shared is that of all players "
            "together",
            where="option --cost",
            fix="Leave out --cost; the game's coalition costs set the total.",
        )
    if samples is not None and method != Method.SHAPLEY:
        raise InputError(
            "--samples applies to --method shapley only",
            where="option --samples",
            fix="Leave out --samples.",
        )
    game = _game(source) if method not in (Method.AIRPORT,) else None
    if method == Method.EQUAL:
        allocation = cs.equal_shares(_players(source), cost=_cost(source, cost))
    elif method == Method.PROPORTIONAL:
        allocation = cs.proportional_shares(
            source.need("key", method.value), cost=_cost(source, cost)
        )
    elif method == Method.FORMULA:
        allocation = cs.formula_shares(
            source.need("key", method.value),
            cost=_cost(source, cost),
            caps=source.mapping("caps"),
            equal_to=source.mapping("equal_to"),
        )
    elif method == Method.AIRPORT:
        requirements = source.need("requirements", method.value)
        allocation = cs.airport_shapley(requirements)
        game = cs.airport_game(requirements)
    else:
        if game is None:
            raise InputError(
                f"the method {method.value} needs a game",
                where=source.name,
                fix="Add 'coalitions:' (the cost of every coalition, e.g. 'A+B: 4') or "
                "'requirements:' (an airport game).",
            )
        if method == Method.NUCLEOLUS:
            allocation = cs.nucleolus(game)
        else:
            allocation = cs.shapley_value(game, samples=samples, seed=seed)
    return allocation, game


def cost_share_command(
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            "-m",
            help="equal, proportional (to key), formula (key with caps / equal_to), shapley, "
            "nucleolus, or airport (Littlechild-Owen closed form).",
            show_default=False,
        ),
    ],
    input_file: Annotated[
        Path,
        typer.Option(
            "--input",
            "-i",
            metavar="FILE",
            help="YAML file: cost, players, key, caps, equal_to, requirements, coalitions "
            "(format above).",
            show_default=False,
        ),
    ],
    cost: Annotated[
        float | None,
        typer.Option(
            "--cost", metavar="AMOUNT", help="Total to share (equal, proportional, formula)."
        ),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option("--samples", metavar="N", help="Shapley by sampling this many random orders."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="SEED", help="Seed of the sampler.")
    ] = None,
    decimals: Annotated[
        int | None,
        typer.Option(
            "--decimals",
            metavar="N",
            help="Round amounts to this many places; they still sum exactly to the cost.",
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Split a common cost: equal, proportional, formula, Shapley, nucleolus or airport.

    Prints one row per player (amount, share_percent, and standard_error when
    sampled), then a summary and, when the file describes a game, whether the
    result is in its core.

    \b
    Input YAML (only what the method needs):
      title: F-35 sustainment         # optional
      cost: 1000000                   # equal, proportional, formula (or --cost)
      players: [USA, GBR]             # equal (else the names of key/requirements)
      key: {USA: 2443, GBR: 138}      # proportional, formula (non-negative)
      caps: {USA: 0.16}               # formula: largest share, in (0, 1]
      equal_to: {USA: DEU}            # formula: USA pays what DEU pays
      requirements: {A: 1, B: 2}      # airport; shapley/nucleolus of the airport game
      coalitions: {A: 1, B: 2, A+B: 2}  # shapley/nucleolus: every non-empty coalition
    Example files: examples/cost-share/*.yaml
    """
    from allied.models.cost_sharing import core_check

    target = destination(out, mkdir)
    source = _Input(input_file)
    try:
        allocation, game = _allocate(source, method, cost, samples, seed)
    except InputError as exc:
        raise source.translate(exc) from None
    shown = allocation
    if decimals is not None:
        try:
            shown = allocation.rounded(decimals)
        except InputError as exc:
            raise InputError(exc.what, where="option --decimals", fix=exc.fix) from None
    frame = shown.to_frame()
    if fmt == Format.TABLE:
        frame = frame.round({"share_percent": 3})
    title = source.data.get("title")
    emit(frame, fmt, target, title=str(title) if title else f"Cost shares: {allocation.method}")
    messages.print(shown.summary(), markup=False)
    if game is not None and game.n <= 20:  # the unrounded amounts: cents are not a violation
        messages.print(core_check(game, allocation).summary(), markup=False)
