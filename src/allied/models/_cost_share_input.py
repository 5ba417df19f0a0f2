"""Cost-share inputs: the YAML file ``allied cost-share`` reads, loaded and shared in Python.

The file holds the players and what the method needs::

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
requirements), :meth:`CostShareSpec.allocate` also says whether the result
is in its core. Every error names the file, the line and the field.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "airport.yaml").write_text("requirements: {A: 1, B: 2, C: 3}\\n")
>>> allocation, core = load_cost_share(folder / "airport.yaml").allocate("nucleolus")
>>> allocation.amounts.round(6).tolist(), core.in_core
([0.5, 0.75, 1.75], True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from allied._validation import check_choice, check_number, read_text
from allied._yaml import Location, load_input, place
from allied.errors import InputError
from allied.models._cost_sharing import (
    Allocation,
    CoreCheck,
    CostGame,
    airport_game,
    airport_shapley,
    core_check,
    equal_shares,
    formula_shares,
    nucleolus,
    proportional_shares,
    shapley_value,
)

__all__ = ["COST_SHARE_FIELDS", "COST_SHARE_METHODS", "CostShareSpec", "load_cost_share"]

#: The fields of a cost-share input file.
COST_SHARE_FIELDS = (
    "title",
    "cost",
    "players",
    "key",
    "caps",
    "equal_to",
    "requirements",
    "coalitions",
)
#: The methods :meth:`CostShareSpec.allocate` knows.
COST_SHARE_METHODS = ("equal", "proportional", "formula", "shapley", "nucleolus", "airport")
#: Methods whose cost is the game's c(N), not a given total.
_GAME_METHODS = ("shapley", "nucleolus", "airport")
#: The library's argument -> the file's field, so that its errors name the line.
_ARGUMENT_FIELDS = {
    "key": "key",
    "caps": "caps",
    "equal_to": "equal_to",
    "requirements": "requirements",
    "costs": "coalitions",
    "players": "players",
    "cost": "cost",
}
#: Games of at most this many players are checked against their core (2^n coalition sums).
_CORE_CHECK_PLAYERS = 20
_HELP = "see `allied cost-share --help` for the format"


@dataclass(frozen=True, eq=False)
class CostShareSpec:
    """A cost-share input file, read and checked: its fields and their lines.

    Build one with :func:`load_cost_share`; :meth:`allocate` shares the cost.

    Attributes
    ----------
    file
        The file's name, as given (for messages).
    data
        The fields (see the module's description of the format).
    lines
        The 1-based line of each field and entry.
    """

    file: str
    data: Mapping[str, Any]
    lines: Mapping[Location, int] = field(repr=False)

    @property
    def title(self) -> str | None:
        """The ``title`` field, if given."""
        title = self.data.get("title")
        return str(title) if title else None

    def allocate(
        self,
        method: str,
        *,
        cost: float | None = None,
        samples: int | None = None,
        seed: int | np.random.SeedSequence | np.random.Generator | None = None,
    ) -> tuple[Allocation, CoreCheck | None]:
        """Share the cost by ``method``, and check the result against the file's game.

        Parameters
        ----------
        method
            One of :data:`COST_SHARE_METHODS`: ``equal``, ``proportional``
            (to ``key``), ``formula`` (``key`` with ``caps`` and ``equal_to``),
            ``shapley``, ``nucleolus`` (of the ``coalitions`` or the
            ``requirements`` game) or ``airport`` (Littlechild-Owen closed form).
        cost
            The total to share instead of the file's ``cost`` (equal,
            proportional and formula only).
        samples, seed
            Shapley by sampling this many random orders, with this seed
            (see :func:`~allied.models.shapley_value`).

        Returns
        -------
        tuple
            The :class:`~allied.models.Allocation`, and its
            :class:`~allied.models.CoreCheck` when the file describes a game
            of at most 20 players (else ``None``).

        Raises
        ------
        InputError
            A field the method needs is missing or wrong (naming its line), or
            an option that does not apply to the method.
        """
        check_choice(method, COST_SHARE_METHODS, argument="method")
        if cost is not None and method in _GAME_METHODS:
            raise InputError(
                f"cost does not apply to {method}: the cost shared is that of all players together",
                where="argument cost",
                fix="Leave the cost out; the game's coalition costs set the total.",
            )
        if samples is not None and method != "shapley":
            raise InputError(
                "samples apply to the method shapley only",
                where="argument samples",
                fix="Leave samples out.",
            )
        try:
            allocation, game = self._allocate(method, cost, samples, seed)
        except InputError as exc:
            raise self._translate(exc) from None
        if game is None or game.n > _CORE_CHECK_PLAYERS:
            return allocation, None
        return allocation, core_check(game, allocation)

    def _allocate(
        self, method: str, cost: float | None, samples: int | None, seed: Any
    ) -> tuple[Allocation, CostGame | None]:
        if method == "airport":
            requirements = self._need("requirements", method)
            return airport_shapley(requirements), airport_game(requirements)
        game = self._game()
        if method == "equal":
            return equal_shares(self._players(), cost=self._cost(cost)), game
        if method == "proportional":
            return proportional_shares(self._need("key", method), cost=self._cost(cost)), game
        if method == "formula":
            allocation = formula_shares(
                self._need("key", method),
                cost=self._cost(cost),
                caps=self._mapping("caps"),
                equal_to=self._mapping("equal_to"),
            )
            return allocation, game
        if game is None:
            raise InputError(
                f"the method {method} needs a game",
                where=self.file,
                fix="Add 'coalitions:' (the cost of every coalition, e.g. 'A+B: 4') or "
                "'requirements:' (an airport game).",
            )
        if method == "nucleolus":
            return nucleolus(game), game
        return shapley_value(game, samples=samples, seed=seed), game

    def _error(
        self, what: str, field: str, fix: str | None, entry: str | None = None
    ) -> InputError:
        """An error about ``field`` (or its ``entry``), at its line."""
        line = (self._line(field, entry) if entry is not None else None) or self._line(field)
        name = f"{field}.{entry}" if entry is not None else field
        return InputError(what, where=place(self.file, line, name), fix=fix)

    def _line(self, *parts: str) -> int | None:
        """The line of a field (or entry), its keys compared as text (``1:`` is ``'1'``)."""
        return next(
            (line for location, line in self.lines.items() if tuple(map(str, location)) == parts),
            None,
        )

    def _translate(self, exc: InputError) -> InputError:
        """A library error about an argument, restated for the file's field and line."""
        where = exc.where or ""
        if not where.startswith("argument "):
            return exc
        argument, _, rest = where.removeprefix("argument ").partition(", entry ")
        field = _ARGUMENT_FIELDS.get(argument)
        if field is None:
            return InputError(exc.what, where=f"{self.file} ({where})", fix=exc.fix)
        return self._error(exc.what, field, exc.fix, rest.strip("'\"") or None)

    def _mapping(self, field: str) -> dict[str, Any] | None:
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, dict) or not value:
            raise self._error(
                f"field {field!r} must be a non-empty mapping of player to value",
                field,
                f"Write one 'player: value' line per player under '{field}:'.",
            )
        return {str(k): v for k, v in value.items()}

    def _need(self, field: str, method: str) -> dict[str, Any]:
        value = self._mapping(field)
        if value is None:
            raise InputError(
                f"the method {method} needs the field {field!r}",
                where=self.file,
                fix=f"Add '{field}:' with one 'player: value' line per player ({_HELP}).",
            )
        return value

    def _players(self) -> list[str]:
        listed = self.data.get("players")
        if listed is not None:
            if not isinstance(listed, list) or not listed:
                raise self._error(
                    "field 'players' must be a non-empty list of names",
                    "players",
                    "Write e.g. 'players: [USA, GBR, FRA]'.",
                )
            return [str(p) for p in listed]
        for name in ("key", "requirements"):
            mapping = self._mapping(name)
            if mapping is not None:
                return list(mapping)
        raise InputError(
            "the method equal needs the players",
            where=self.file,
            fix="Add 'players: [A, B, ...]' (or a 'key' or 'requirements' mapping).",
        )

    def _game(self) -> CostGame | None:
        coalitions = self._mapping("coalitions")
        if coalitions is not None:
            players = self.data.get("players")
            if players is None:  # the one-player coalitions name the players
                players = [label.strip() for label in coalitions if "+" not in label]
            if not isinstance(players, list):
                raise self._error("field 'players' must be a list of names", "players", None)
            return CostGame.from_table([str(p) for p in players], coalitions)
        requirements = self._mapping("requirements")
        return airport_game(requirements) if requirements is not None else None

    def _cost(self, option: float | None) -> float:
        if option is not None:
            return option
        if "cost" not in self.data:
            raise InputError(
                "no cost to share",
                where=self.file,
                fix="Add 'cost: 1000000' to the file, or give the cost to share "
                "(--cost on the command line).",
            )
        return check_number(
            self.data["cost"],
            name="cost",
            where=place(self.file, self._line("cost"), "cost"),
            fix="Write e.g. 'cost: 1000000'.",
        )


def load_cost_share(input_file: str | Path) -> CostShareSpec:
    """Read a cost-share input file (YAML, UTF-8) and check its fields.

    Parameters
    ----------
    input_file
        The YAML file; its format is described in this module's documentation
        (and by ``allied cost-share --help``).

    Returns
    -------
    CostShareSpec
        Ready for :meth:`CostShareSpec.allocate`.

    Raises
    ------
    InputError
        A missing or unreadable file, one that is not UTF-8 or not valid YAML,
        one that is not a mapping of fields, or an unknown field; each names
        the file and line.
    """
    where = "argument input_file"
    name = str(input_file)
    text = read_text(
        input_file,
        where=where,
        fix="Give the path of a YAML file (see `allied cost-share --help` for its fields).",
    )
    data, lines = load_input(text, name)
    if not isinstance(data, dict):
        raise InputError(
            "the input must be a YAML mapping of fields",
            where=name,
            fix=f"Use the fields {', '.join(COST_SHARE_FIELDS)} ({_HELP}).",
        )
    spec = CostShareSpec(name, data, lines)
    unknown = [str(k) for k in data if k not in COST_SHARE_FIELDS]
    if unknown:
        raise spec._error(
            f"unknown field {unknown[0]!r}",
            unknown[0],
            f"Use the fields {', '.join(COST_SHARE_FIELDS)}.",
        )
    return spec
