r"""Sharing a common cost among partners: keys, formulas and cooperative games.

Three families of rules answer "how should the cost of this program be split":

=========================  ===========================================================
rule                       what each partner pays
=========================  ===========================================================
:func:`equal_shares`       the same amount
:func:`proportional_shares`  in proportion to a key (GDP, GNI, population, planned
                           purchases: F-35 costs are shared by planned aircraft [7]_)
:func:`formula_shares`     GNI shares with caps ("no member above 16%") or ties
                           ("the US pays what Germany pays", NATO common funding
                           since 2021 [8]_ [9]_), the excess spread proportionally
:func:`shapley_value`      the average marginal cost over all joining orders [1]_
:func:`nucleolus`          the allocation that makes the worst-treated coalition as
                           well off as possible, then the next [2]_ [3]_
:func:`airport_shapley`,   closed forms for the airport game, where a coalition's
:func:`airport_nucleolus`  cost is its largest requirement [4]_ [5]_
=========================  ===========================================================

A cooperative cost game is a :class:`CostGame`: players and the cost
:math:`c(S)` of every coalition :math:`S \subseteq N`, stored as an array
indexed by bitmask (bit *i* set when player *i* belongs). :func:`core_check`
tells whether an allocation is in the core (no coalition pays more than it
would alone). Every rule returns an :class:`Allocation` whose amounts sum to
the cost; :meth:`Allocation.rounded` rounds them to cents by the largest
remainder method, so the rounded amounts still add up exactly.

Examples
--------
>>> game = airport_game({"A": 1, "B": 2, "C": 3})
>>> shapley_value(game).amounts.round(4).tolist()
[0.3333, 0.8333, 1.8333]
>>> nucleolus(game).amounts.round(4).tolist()
[0.5, 0.75, 1.75]
>>> core_check(game, nucleolus(game)).in_core
True

References
----------
.. [1] Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn &
   A. W. Tucker (Eds.), Contributions to the Theory of Games II (pp. 307-317).
   Princeton University Press. https://doi.org/10.1515/9781400881970-018
.. [2] Schmeidler, D. (1969). The nucleolus of a characteristic function game.
   SIAM Journal on Applied Mathematics, 17(6), 1163-1170.
   https://doi.org/10.1137/0117107
.. [3] Maschler, M., Peleg, B., & Shapley, L. S. (1979). Geometric properties
   of the kernel, nucleolus, and related solution concepts. Mathematics of
   Operations Research, 4(4), 303-338. https://doi.org/10.1287/moor.4.4.303
.. [4] Littlechild, S. C., & Owen, G. (1973). A simple expression for the
   Shapley value in a special case. Management Science, 20(3), 370-372.
   https://doi.org/10.1287/mnsc.20.3.370
.. [5] Littlechild, S. C. (1974). A simple expression for the nucleolus in a
   special case. International Journal of Game Theory, 3(1), 21-29.
   https://doi.org/10.1007/BF01766216
.. [6] Castro, J., Gómez, D., & Tejada, J. (2009). Polynomial calculation of
   the Shapley value based on sampling. Computers & Operations Research,
   36(5), 1726-1730. https://doi.org/10.1016/j.cor.2008.04.004
.. [7] Netherlands Court of Audit (Algemene Rekenkamer). The financial aspects
   of participation (Joint Strike Fighter topic pages): the distribution of
   costs among partner countries depends on each country's planning number.
   https://english.rekenkamer.nl/topics/joint-strike-fighter/the-netherlands-as-a-partner/the-financial-aspects-of-participation
.. [8] NATO. NATO funding: direct contributions follow an agreed cost-sharing
   formula based on relative Gross National Income.
   https://www.nato.int/cps/en/natohq/126248.htm
.. [9] Deutsche Welle (27 November 2019). Germany to match US contribution to
   NATO budget: from 2021 Germany's share rises from 14.8% to 16.35% and the
   US share falls from 22.1% to 16.35%.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from allied._results import Result
from allied._validation import (
    check_distinct,
    check_labelled,
    check_number,
    check_numbers,
    check_whole,
)
from allied.cite import Citation
from allied.errors import InputError
from allied.models import _cost_games as kernels

__all__ = [
    "MAX_EXACT_SHAPLEY",
    "MAX_NUCLEOLUS",
    "MAX_TABLE",
    "Allocation",
    "CoreCheck",
    "CostGame",
    "airport_game",
    "airport_nucleolus",
    "airport_shapley",
    "core_check",
    "equal_shares",
    "formula_shares",
    "nucleolus",
    "proportional_shares",
    "shapley_value",
]

#: Requirements of an airport game: player to number, or numbers in order.
Requirements = Mapping[str, float] | pd.Series | Sequence[float] | np.ndarray

#: Most players for which :func:`shapley_value` enumerates every coalition.
MAX_EXACT_SHAPLEY = 20
#: Most players for which :func:`nucleolus` solves its linear programs.
MAX_NUCLEOLUS = 16
#: Most players for which a :class:`CostGame` holds (or builds) a full cost table.
MAX_TABLE = 24
#: Players a game's summary names (the last is named too).
_SUMMARY_PLAYERS = 10

_CITATIONS = {
    "shapley_1953": Citation(
        "shapley_1953",
        "Shapley, Lloyd S. 1953. A Value for n-Person Games. In Contributions to the Theory "
        "of Games II, ed. H. W. Kuhn & A. W. Tucker, 307-317. Princeton University Press.",
        doi="10.1515/9781400881970-018",
    ),
    "schmeidler_1969": Citation(
        "schmeidler_1969",
        "Schmeidler, David. 1969. The Nucleolus of a Characteristic Function Game. SIAM "
        "Journal on Applied Mathematics 17(6): 1163-1170.",
        doi="10.1137/0117107",
    ),
    "maschler_peleg_shapley_1979": Citation(
        "maschler_peleg_shapley_1979",
        "Maschler, Michael, Bezalel Peleg & Lloyd S. Shapley. 1979. Geometric Properties of "
        "the Kernel, Nucleolus, and Related Solution Concepts. Mathematics of Operations "
        "Research 4(4): 303-338.",
        doi="10.1287/moor.4.4.303",
    ),
    "littlechild_owen_1973": Citation(
        "littlechild_owen_1973",
        "Littlechild, S. C. & G. Owen. 1973. A Simple Expression for the Shapley Value in a "
        "Special Case. Management Science 20(3): 370-372.",
        doi="10.1287/mnsc.20.3.370",
    ),
    "littlechild_1974": Citation(
        "littlechild_1974",
        "Littlechild, S. C. 1974. A Simple Expression for the Nucleolus in a Special Case. "
        "International Journal of Game Theory 3(1): 21-29.",
        doi="10.1007/BF01766216",
    ),
    "castro_gomez_tejada_2009": Citation(
        "castro_gomez_tejada_2009",
        "Castro, Javier, Daniel Gómez & Juan Tejada. 2009. Polynomial Calculation of the "
        "Shapley Value Based on Sampling. Computers & Operations Research 36(5): 1726-1730.",
        doi="10.1016/j.cor.2008.04.004",
    ),
    "nato_funding": Citation(
        "nato_funding",
        "NATO. NATO funding: direct contributions to the common budgets follow an agreed "
        "cost-sharing formula based on relative Gross National Income.",
        url="https://www.nato.int/cps/en/natohq/126248.htm",
    ),
    "dw_2019_nato_shares": Citation(
        "dw_2019_nato_shares",
        "Deutsche Welle. 27 November 2019. Germany to match US contribution to NATO budget "
        "(from 2021: Germany 14.8% to 16.35%, United States 22.1% to 16.35%).",
    ),
}

_METHOD_CITATIONS = {
    "equal": [],
    "proportional": [],
    "formula": ["nato_funding", "dw_2019_nato_shares"],
    "shapley": ["shapley_1953"],
    "shapley (sampled)": ["shapley_1953", "castro_gomez_tejada_2009"],
    "nucleolus": ["schmeidler_1969", "maschler_peleg_shapley_1979"],
    "airport shapley": ["shapley_1953", "littlechild_owen_1973"],
    "airport nucleolus": ["schmeidler_1969", "littlechild_1974"],
}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class Allocation(Result):
    """Who pays what of a common cost.

    Attributes
    ----------
    players
        Player labels, in the order given.
    amounts
        What each player pays (read-only array, the cost's unit); they sum to
        :attr:`cost` (within floating-point error, or exactly after
        :meth:`rounded`).
    cost
        The cost shared: the given total, or :math:`c(N)` of a game.
    method
        ``equal``, ``proportional``, ``formula``, ``shapley``, ``shapley
        (sampled)``, ``nucleolus``, ``airport shapley`` or ``airport nucleolus``.
    parameters
        Provenance: the options the result depends on (caps, samples, seed
        entropy, linear programs solved, decimals...).
    standard_errors
        Monte Carlo standard errors of the amounts when they were sampled,
        else ``None``.
    """

    players: tuple[str, ...]
    amounts: np.ndarray
    cost: float
    method: str
    parameters: dict[str, Any] = field(default_factory=dict)
    standard_errors: np.ndarray | None = None

    @property
    def shares(self) -> np.ndarray:
        """Each player's fraction of the cost (NaN when the cost is 0)."""
        if self.cost == 0:
            return np.full(len(self.players), np.nan)
        return np.asarray(self.amounts / self.cost, dtype=np.float64)

    def amount(self, player: str) -> float:
        """What ``player`` pays."""
        try:
            return float(self.amounts[self.players.index(player)])
        except ValueError:
            raise InputError(
                f"unknown player {player!r}",
                where="argument player",
                fix=f"Use one of: {', '.join(self.players)}.",
            ) from None

    def to_frame(self) -> pd.DataFrame:
        """One row per player: ``player``, ``amount``, ``share_percent`` and, when
        the amounts were sampled, ``standard_error``."""
        frame = pd.DataFrame(
            {
                "player": list(self.players),
                "amount": np.asarray(self.amounts, dtype=np.float64),
                "share_percent": 100 * self.shares,
            }
        )
        if self.standard_errors is not None:
            frame["standard_error"] = np.asarray(self.standard_errors, dtype=np.float64)
        return frame

    def rounded(self, decimals: int = 2) -> Allocation:
        """The amounts rounded to ``decimals`` places so that they still sum to the cost.

        Largest-remainder (Hamilton) method in exact decimal arithmetic: the
        cost is rounded half to even; each amount is cut down to the unit
        :math:`10^{-d}`; the units left over go, one each, to the players with
        the largest remainders (the first listed on ties). The rounded amounts
        then add up exactly to the rounded cost: as decimals, and as the
        floats' shortest representations (``repr``) that CSV and JSON print.

        Examples
        --------
        >>> equal_shares(["A", "B", "C"], cost=100).rounded(2).amounts.tolist()
        [33.34, 33.33, 33.33]
        """
        decimals = check_whole(
            decimals,
            name="decimals",
            where="argument decimals",
            fix="Give e.g. decimals=2 for cents.",
            at_most=12,
        )
        units, total = kernels.hamilton(self.amounts, self.cost, decimals)
        scale = 10**decimals
        amounts = np.array([u / scale for u in units], dtype=np.float64)
        amounts.setflags(write=False)
        return Allocation(
            players=self.players,
            amounts=amounts,
            cost=total / scale,
            method=self.method,
            parameters={**self.parameters, "decimals": decimals, "rounding": "largest remainder"},
            standard_errors=self.standard_errors,
        )

    def summary(self) -> str:
        """The allocation as text (no timestamps: it reproduces byte for byte)."""
        width = max(6, *(len(p) for p in self.players))
        label = max(9, *(len(key) for key in self.parameters)) if self.parameters else 9
        lines = [
            f"Cost allocation: {self.method}",
            f"  {'cost':<{label}} {self.cost:.10g}",
            f"  {'players':<{label}} {len(self.players)}",
        ]
        for key, value in self.parameters.items():
            lines.append(f"  {key:<{label}} {value}")
        lines.append(f"  {'player':<{width}}  {'amount':>14}  {'share %':>8}")
        errors = self.standard_errors
        for position, (player, amount, share) in enumerate(
            zip(self.players, self.amounts, self.shares, strict=True)
        ):
            line = f"  {player:<{width}}  {amount:>14.6g}  {100 * share:>8.3f}"
            if errors is not None:
                line += f"  ± {errors[position]:.3g}"
            lines.append(line)
        return "\n".join(lines)

    def citations(self) -> list[Citation]:
        """The works the method comes from (for :func:`allied.cite.cite`)."""
        return [_CITATIONS[key] for key in _METHOD_CITATIONS.get(self.method, [])]


@dataclass(frozen=True, eq=False)
class CoreCheck(Result):
    """Whether an allocation is in the core of a cost game.

    Attributes
    ----------
    in_core
        No coalition pays more than its stand-alone cost (beyond the
        tolerance) and the amounts sum to :math:`c(N)`.
    violations
        One row per violated coalition, the largest excess first: ``coalition``
        (``"A+B"``), ``cost`` :math:`c(S)`, ``allocated`` :math:`x(S)` and
        ``excess`` :math:`x(S) - c(S)`. The grand coalition appears when the
        amounts do not sum to its cost.
    max_excess
        The largest :math:`x(S) - c(S)` over proper coalitions (non-positive
        for an allocation in the core).
    tolerance
        The absolute tolerance used: the relative ``tolerance`` given times
        :math:`\\max(1, |c(N)|)`.
    """

    in_core: bool
    violations: pd.DataFrame
    max_excess: float
    tolerance: float

    def to_frame(self) -> pd.DataFrame:
        """The violated coalitions (empty when the allocation is in the core)."""
        return self.violations.copy()

    def summary(self) -> str:
        """One line: in the core or not, and how many coalitions object."""
        if self.in_core:
            return f"in the core: yes (largest excess {self.max_excess:.6g})"
        count = len(self.violations)
        return (
            f"in the core: no ({count} coalition{'s' if count != 1 else ''} "
            f"would pay less alone; largest excess {self.violations['excess'].iloc[0]:.6g})"
        )


# --------------------------------------------------------------------------- games


@dataclass(frozen=True, eq=False)
class CostGame(Result):
    """A cooperative cost game: players and the cost of every coalition.

    Build one with :meth:`from_table`, :meth:`from_function` or
    :func:`airport_game`. Coalition :math:`S` is the bitmask with bit *i*
    set when ``players[i]`` belongs to it; :attr:`costs` holds :math:`c(S)`
    for all :math:`2^n` of them, with :math:`c(\\varnothing) = 0`.

    Attributes
    ----------
    players
        Player labels.
    function
        The cost function, vectorized over a boolean matrix (one row per
        coalition, one column per player), when the game was given by one;
        games of more than :data:`MAX_TABLE` players exist only this way.
    requirements
        The players' requirements when the game is an airport game.
    """

    players: tuple[str, ...]
    table: np.ndarray | None = None
    function: Callable[[np.ndarray], np.ndarray] | None = None
    requirements: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    @cached_property
    def costs(self) -> np.ndarray:
        """:math:`c(S)` for every bitmask ``S`` (read-only; built on first use from a function)."""
        if self.table is not None:
            return self.table
        if self.n > MAX_TABLE:
            raise InputError(
                f"a game of {self.n} players has 2^{self.n} coalitions, too many to tabulate",
                where="argument game",
                fix=f"Tabulate games of at most {MAX_TABLE} players; for larger ones use "
                "shapley_value(game, samples=...).",
            )
        assert self.function is not None
        if self.requirements is not None:
            table = kernels.airport_table(self.requirements)
        else:
            table = kernels.tabulate(self.function, self.n)
        _check_finite_costs(table, "argument fn")
        table.setflags(write=False)
        return table

    def mask(self, coalition: Iterable[str] | str) -> int:
        """The bitmask of a coalition given as player names or an ``"A+B"`` string."""
        return _mask(coalition, self.players, where="argument coalition")

    def cost(self, coalition: Iterable[str] | str) -> float:
        """:math:`c(S)` of one coalition (``"A+B"``, or a collection of names)."""
        mask = self.mask(coalition)
        if self.table is None and self.function is not None and self.n > MAX_TABLE:
            return float(self.evaluate(kernels.membership(np.array([mask]), self.n))[0])
        return float(self.costs[mask])

    def evaluate(self, rows: np.ndarray) -> np.ndarray:
        """Costs of the coalitions given as boolean membership rows (shape ``(m, n)``)."""
        if self.function is not None:
            values = np.asarray(self.function(rows), dtype=np.float64).reshape(-1)
        else:
            weights = np.int64(1) << np.arange(self.n, dtype=np.int64)
            values = self.costs[rows.astype(np.int64) @ weights]
        empty = ~rows.any(axis=1)
        return np.where(empty, 0.0, values)

    @property
    def grand_cost(self) -> float:
        """:math:`c(N)`, the cost of all players together."""
        if self.table is None and self.n > MAX_TABLE:
            return float(self.evaluate(np.ones((1, self.n), dtype=bool))[0])
        return float(self.costs[-1])

    def to_frame(self) -> pd.DataFrame:
        """Every non-empty coalition: ``coalition`` (``"A+B"``), ``size`` and ``cost``."""
        masks = np.arange(1, 1 << self.n, dtype=np.int64)
        return pd.DataFrame(
            {
                "coalition": _labels(masks, self.players),
                "size": kernels.popcounts(self.n)[1:].astype(np.int64),
                "cost": np.asarray(self.costs[1:], dtype=np.float64),
            }
        )

    def summary(self) -> str:
        """The players and the cost of all of them together, in one line.

        Examples
        --------
        >>> airport_game({"A": 1, "B": 2, "C": 3}).summary()
        'Cost game (airport game): 3 players (A, B, C); c(N) = 3'
        """
        if self.requirements is not None:
            kind = "airport game"
        elif self.table is not None:
            kind = "table of coalition costs"
        else:
            kind = "cost function"
        shown = ", ".join(self.players[:_SUMMARY_PLAYERS])
        if self.n > _SUMMARY_PLAYERS:
            shown += f", ... {self.players[-1]}"
        return f"Cost game ({kind}): {self.n} players ({shown}); c(N) = {self.grand_cost:.10g}"

    @classmethod
    def from_table(
        cls, players: Sequence[str], costs: Mapping[Any, float] | Mapping[str, float]
    ) -> CostGame:
        """A game from the cost of every non-empty coalition.

        Parameters
        ----------
        players
            Player names, in order.
        costs
            Mapping from coalition to cost. A coalition is a tuple, list or
            frozenset of player names, or a string of names joined by ``+``
            (``"USA+GBR"``; a single name is a one-player coalition). Every
            non-empty coalition must appear once.

        Raises
        ------
        InputError
            Duplicate or unknown players, a coalition given twice, a missing
            coalition (the first missing one, smallest first, is named), or a
            cost that is not a finite number.

        Examples
        --------
        >>> game = CostGame.from_table(["A", "B"], {"A": 4, "B": 6, "A+B": 8})
        >>> shapley_value(game).amounts.tolist()
        [3.0, 5.0]
        """
        names = _check_players(players, "argument players", limit=MAX_TABLE)
        if not isinstance(costs, Mapping):
            raise InputError(
                f"costs must be a mapping from coalition to cost, not {type(costs).__name__}",
                where="argument costs",
                fix='Give e.g. {"A": 4, "B": 6, "A+B": 8}.',
            )
        n = len(names)
        table = np.full(1 << n, np.nan, dtype=np.float64)
        table[0] = 0.0
        for coalition, value in costs.items():
            mask = _mask(coalition, names, where="argument costs")
            label = _labels(np.array([mask]), names)[0]
            if mask == 0:
                raise InputError(
                    "the empty coalition is given a cost",
                    where="argument costs",
                    fix="Leave the empty coalition out: its cost is 0.",
                )
            if not np.isnan(table[mask]):
                raise InputError(
                    f"coalition {label} is given more than once",
                    where=f"argument costs, entry {label!r}",
                    fix="Give each coalition once (order of names does not matter).",
                )
            table[mask] = check_number(
                value,
                name=f"cost of coalition {label}",
                where=f"argument costs, entry {label!r}",
                fix="Give every coalition's cost as a finite number.",
            )
        missing = np.flatnonzero(np.isnan(table))
        if len(missing):
            sizes = kernels.popcounts(n)[missing]
            first = int(missing[np.lexsort((missing, sizes))[0]])
            label = _labels(np.array([first]), names)[0]
            raise InputError(
                f"no cost for coalition {label} ({len(missing)} of {(1 << n) - 1} coalitions "
                "missing)",
                where="argument costs",
                fix="Give the cost of every non-empty coalition, e.g. "
                f"{label!r}: 10; or describe the game as requirements (an airport game).",
            )
        table.setflags(write=False)
        return cls(players=names, table=table)

    @classmethod
    def from_function(
        cls, players: Sequence[str], fn: Callable[[np.ndarray], np.ndarray]
    ) -> CostGame:
        """A game from a cost function vectorized over coalitions.

        ``fn`` receives a boolean matrix with one row per coalition and one
        column per player (``True``: the player belongs) and returns one cost
        per row. The empty coalition's cost is taken as 0 whatever ``fn``
        returns for it. The table is built on first use (games of at most
        :data:`MAX_TABLE` players); larger games serve sampled Shapley values.

        Examples
        --------
        >>> game = CostGame.from_function(["A", "B", "C"], lambda rows: rows.sum(axis=1) ** 0.5)
        >>> round(game.cost("A+B+C"), 4)
        1.7321
        """
        names = _check_players(players, "argument players")
        if not callable(fn):
            raise InputError(
                "fn must be a callable", where="argument fn", fix="Pass a vectorized function."
            )
        probe = np.array([[True] * len(names), [False] * len(names)])
        try:
            values = np.asarray(fn(probe), dtype=np.float64)
        except Exception as exc:
            raise InputError(
                f"fn failed on a boolean matrix of shape (2, {len(names)}): {exc}",
                where="argument fn",
                fix="Give a function of a boolean matrix (rows = coalitions) returning one "
                "cost per row.",
            ) from exc
        if values.shape != (2,):
            raise InputError(
                f"fn returned shape {values.shape} for 2 coalitions",
                where="argument fn",
                fix="Return a one-dimensional array with one cost per row.",
            )
        return cls(players=names, function=fn)


def airport_game(requirements: Requirements) -> CostGame:
    """The airport game: a coalition's cost is the largest requirement among its members.

    A runway long enough for the largest aircraft serves all smaller ones
    (Littlechild & Owen [4]_): with requirements :math:`r_i`,
    :math:`c(S) = \\max_{i \\in S} r_i`. The game is concave, so its core
    is non-empty and holds both the Shapley value and the nucleolus.

    Parameters
    ----------
    requirements
        Mapping (or Series) from player to requirement (the cost of the
        facility it needs), or a sequence (players named ``"1"``, ``"2"``...).

    Examples
    --------
    >>> game = airport_game({"small": 1, "medium": 2, "large": 3})
    >>> game.cost("small+medium"), game.grand_cost
    (2.0, 3.0)

    References
    ----------
    .. [4] Littlechild, S. C., & Owen, G. (1973). A simple expression for the
       Shapley value in a special case. Management Science, 20(3), 370-372.
       https://doi.org/10.1287/mnsc.20.3.370
    """
    names, values = _check_key(requirements, "requirements")
    values.setflags(write=False)
    return CostGame(players=names, function=kernels.airport_costs(values), requirements=values)


# --------------------------------------------------------------------------- key-based rules


def equal_shares(players: Sequence[str], *, cost: float) -> Allocation:
    """Every player pays the same part of the cost.

    Examples
    --------
    >>> equal_shares(["USA", "GBR"], cost=10).amounts.tolist()
    [5.0, 5.0]
    """
    names = _check_players(players, "argument players")
    total = _check_cost(cost)
    amounts = np.full(len(names), total / len(names))
    return _allocation(names, amounts, total, "equal", {})


def proportional_shares(key: Mapping[str, float] | pd.Series, *, cost: float) -> Allocation:
    """Each player pays in proportion to its key: :math:`x_i = C\\, k_i / \\sum_j k_j`.

    Parameters
    ----------
    key
        Mapping or Series from player to a non-negative number: GDP, GNI,
        population, planned purchases. At least one must be positive.
    cost
        The cost to share (non-negative).

    Notes
    -----
    F-35 costs are shared this way among the partner countries: by the
    number of aircraft each plans to buy, its "planning number" [1]_.

    References
    ----------
    .. [1] Netherlands Court of Audit. The financial aspects of participation
       (Joint Strike Fighter).
       https://english.rekenkamer.nl/topics/joint-strike-fighter/the-netherlands-as-a-partner/the-financial-aspects-of-participation

    Examples
    --------
    >>> planned = {"USA": 2443, "GBR": 138, "NLD": 85}
    >>> proportional_shares(planned, cost=100).to_frame().round(3)
      player  amount  share_percent
    0    USA  91.635         91.635
    1    GBR   5.176          5.176
    2    NLD   3.188          3.188
    """
    names, weights = _check_key(key, "key", positive_total=True)
    total = _check_cost(cost)
    amounts = total * (weights / weights.sum())  # shares first: a tiny key would lose digits
    return _allocation(names, amounts, total, "proportional", {"key_total": float(weights.sum())})


def formula_shares(
    key: Mapping[str, float] | pd.Series,
    *,
    cost: float,
    caps: Mapping[str, float] | None = None,
    equal_to: Mapping[str, str] | None = None,
) -> Allocation:
    r"""GNI-style shares with caps and ties, the excess spread proportionally.

    Parameters
    ----------
    key
        Mapping or Series from member to a non-negative number (GNI).
    cost
        The cost to share (non-negative).
    caps
        Member to largest share, a fraction in (0, 1]: ``{"USA": 0.16}``
        means "no more than 16%".
    equal_to
        Member to member: ``{"USA": "DEU"}`` means "the US share equals
        Germany's". A member named on the right may not itself be tied.

    Returns
    -------
    Allocation
        ``parameters`` records the caps, ties and the members capped.

    Raises
    ------
    InputError
        Negative keys, unknown members in ``caps`` or ``equal_to``, caps
        outside (0, 1], chained ties, or caps that cannot be met (every
        member capped and the caps summing to less than 1).

    Notes
    -----
    *Ties* come first and in closed form. With :math:`T` the tied members
    and :math:`b(a)` the member that :math:`a \in T` is tied to, shares are
    :math:`s_j = \lambda g_j` for :math:`j \notin T` and
    :math:`s_a = s_{b(a)} = \lambda g_{b(a)}`, with
    :math:`\lambda = 1 / (\sum_{j \notin T} g_j + \sum_{a \in T} g_{b(a)})`
    so the shares sum to 1: what a tied member sheds (or takes on) is spread
    over everyone else in proportion to their keys.

    *Caps* then water-fill: members whose share exceeds their cap are fixed
    at the cap, the rest :math:`1 - \sum_{capped} \bar s_i` is shared by the
    others in proportion to their weights from the first step, and this
    repeats until no new member exceeds its cap (at most :math:`n` rounds).
    A tied pair shares the smaller of their caps, so it stays equal.

    NATO's common budgets are shared by a formula based on relative Gross
    National Income [1]_; from 2021 the US share was cut from 22.1% to equal
    Germany's, 16.35% each [2]_: ``equal_to={"USA": "DEU"}`` on GNI.

    References
    ----------
    .. [1] NATO. NATO funding. https://www.nato.int/cps/en/natohq/126248.htm
    .. [2] Deutsche Welle (27 November 2019). Germany to match US contribution
       to NATO budget.

    Examples
    --------
    >>> gni = {"USA": 60, "DEU": 10, "FRA": 8, "ITA": 6}
    >>> formula_shares(gni, cost=100, caps={"USA": 0.4}).amounts.round(3).tolist()
    [40.0, 25.0, 20.0, 15.0]
    >>> formula_shares(gni, cost=100, equal_to={"USA": "DEU"}).amounts.round(3).tolist()
    [29.412, 29.412, 23.529, 17.647]
    """
    names, g = _check_key(key, "key", positive_total=True)
    total = _check_cost(cost)
    index = {name: i for i, name in enumerate(names)}
    ties = _check_ties(equal_to, index)
    limits = _check_caps(caps, index)
    weights = g.copy()
    for member, other in ties.items():
        weights[index[member]] = g[index[other]]
        common = min(limits[index[member]], limits[index[other]])
        limits[index[member]] = limits[index[other]] = common
    if weights.sum() <= 0:
        raise InputError(
            "every member's weight is 0 after the ties",
            where="argument equal_to",
            fix="Tie members to members with a positive key.",
        )
    shares, capped = _water_fill(weights, limits)
    parameters: dict[str, Any] = {}
    if ties:
        parameters["equal_to"] = dict(ties)
    if caps:
        parameters["caps"] = {name: float(limits[index[name]]) for name in caps}
        parameters["capped"] = [names[i] for i in np.flatnonzero(capped)]
    return _allocation(names, total * shares, total, "formula", parameters)


def _water_fill(weights: np.ndarray, limits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    capped = np.zeros(len(weights), dtype=bool)
    for _ in range(len(weights) + 1):
        free_weight = weights[~capped].sum()
        remaining = 1.0 - limits[capped].sum()
        shares = np.where(capped, limits, 0.0)
        if free_weight > 0:
            shares[~capped] = remaining * (weights[~capped] / free_weight)
        over = (~capped) & (shares > limits * (1 + 1e-12))
        if not over.any():
            break
        capped |= over
    if capped.all() or remaining < -1e-12 or (free_weight <= 0 and remaining > 1e-12):
        raise InputError(
            f"the caps cannot be met: capped members take {limits[capped].sum():.4g} of the "
            "cost and the others cannot take the rest",
            where="argument caps",
            fix="Raise the caps, or cap fewer members, so that the uncapped members can "
            "carry the remainder.",
        )
    return shares, capped


# --------------------------------------------------------------------------- games: rules


def shapley_value(
    game: CostGame,
    *,
    samples: int | None = None,
    seed: int | np.random.SeedSequence | np.random.Generator | None = None,
) -> Allocation:
    r"""The Shapley value of a cost game: each player's average marginal cost.

    Parameters
    ----------
    game
        The cost game.
    samples
        ``None`` (default): exact, by enumerating all :math:`2^n` coalitions
        (at most :data:`MAX_EXACT_SHAPLEY` players). A number: estimate from
        that many random joining orders, drawn as antithetic pairs (an order
        and its reverse; an odd number is rounded up), with standard errors.
    seed
        Seed of the sampler (int, ``SeedSequence`` or ``Generator``); the same
        seed gives the same result. Without one, fresh entropy is drawn and
        recorded in ``parameters["seed_entropy"]`` so the run can be repeated.

    Raises
    ------
    InputError
        An exact request above :data:`MAX_EXACT_SHAPLEY` players, or a bad
        ``samples``.

    Notes
    -----
    .. math:: \phi_i = \sum_{S \subseteq N \setminus \{i\}}
              \frac{|S|!\,(n-|S|-1)!}{n!}\,\bigl(c(S \cup \{i\}) - c(S)\bigr)

    Exact: for each player the cost array is reshaped so that one axis is the
    player's bit; the marginal costs of all :math:`2^{n-1}` coalitions without
    it are one array difference, weighted by coalition size (no loop over
    coalitions). :math:`\sum_i \phi_i = c(N)` (efficiency).

    Sampled (Castro, Gómez & Tejada [2]_): for a random order :math:`\pi`,
    player *i*'s marginal cost on joining its predecessors is an unbiased
    estimate of :math:`\phi_i`. Each order is paired with its reverse
    (antithetic sampling: a player early in one is late in the other, which
    lowers the variance for the monotone costs usual here); the pair average
    is one observation, and the standard error is the standard deviation of
    the observations over :math:`\sqrt{\text{pairs}}`. Every order's marginal
    costs sum to :math:`c(N)`, so the estimate is efficient too. Costs come
    from the game's vectorized function (or table), one batch of orders at a
    time.

    References
    ----------
    .. [1] Shapley, L. S. (1953). A value for n-person games. Contributions to
       the Theory of Games II, 307-317. https://doi.org/10.1515/9781400881970-018
    .. [2] Castro, J., Gómez, D., & Tejada, J. (2009). Polynomial calculation of
       the Shapley value based on sampling. Computers & Operations Research,
       36(5), 1726-1730. https://doi.org/10.1016/j.cor.2008.04.004

    Examples
    --------
    >>> game = airport_game({"A": 3, "B": 5, "C": 7})
    >>> shapley_value(game).amounts.round(9).tolist()
    [1.0, 2.0, 4.0]
    >>> sampled = shapley_value(game, samples=2000, seed=1)
    >>> bool(abs(sampled.amounts - [1, 2, 4]).max() < 4 * sampled.standard_errors.max())
    True
    """
    _check_game(game)
    if samples is None:
        if game.n > MAX_EXACT_SHAPLEY:
            raise InputError(
                f"the exact Shapley value of {game.n} players needs 2^{game.n} coalitions",
                where="argument samples",
                fix=f"Exact values go up to {MAX_EXACT_SHAPLEY} players; pass samples= (e.g. "
                "samples=10000, seed=0) for a sampled estimate with standard errors"
                + (
                    ", or use airport_shapley for an airport game."
                    if game.requirements is not None
                    else "."
                ),
            )
        amounts = kernels.shapley_exact(game.costs, game.n)
        return _allocation(game.players, amounts, game.grand_cost, "shapley", {"exact": True})
    count = check_whole(
        samples,
        name="samples",
        where="argument samples",
        fix="Give the number of random orders to draw, e.g. samples=10000.",
        at_least=2,
    )
    pairs = (count + 1) // 2
    rng, provenance = _generator(seed)
    mean, errors = kernels.shapley_sampled(game.evaluate, game.n, pairs, rng)
    errors.setflags(write=False)
    parameters = {"samples": 2 * pairs, "sampling": "antithetic permutations", **provenance}
    return _allocation(
        game.players, mean, game.grand_cost, "shapley (sampled)", parameters, errors=errors
    )


def nucleolus(game: CostGame) -> Allocation:
    r"""The nucleolus of a cost game, by a sequence of linear programs (HiGHS).

    Among imputations (:math:`x(N) = c(N)`, :math:`x_i \le c(\{i\})`), the
    nucleolus lexicographically minimizes the excesses
    :math:`e(S, x) = x(S) - c(S)` sorted from the largest: it makes the
    coalition that is worst off (pays most above its stand-alone cost) as
    well off as possible, then the next, and so on (Schmeidler [1]_). It
    exists and is unique whenever the imputation set is non-empty, and lies
    in the core when the core is non-empty.

    Raises
    ------
    InputError
        More than :data:`MAX_NUCLEOLUS` players, or an empty imputation set
        (stand-alone costs summing to less than :math:`c(N)`).

    Notes
    -----
    Round :math:`k` solves, with :math:`\mathcal{A}` the active coalitions
    and :math:`\mathcal{F}_j` those fixed in round :math:`j < k`,

    .. math:: \min t \quad\text{s.t.}\quad x(S) - c(S) \le t\ (S \in \mathcal{A}),\quad
              x(S) - c(S) = t_j\ (S \in \mathcal{F}_j),\quad x(N) = c(N),\quad
              x_i \le c(\{i\}).

    A coalition whose inequality has a positive dual price is tight in every
    optimal solution (complementary slackness), so it is fixed at
    :math:`t_k`; the duals of the :math:`t` column sum to 1, so every round
    fixes at least one coalition. Active coalitions whose membership vectors
    lie in the span of the fixed ones (and :math:`N`) have a determined excess
    and are dropped. Each round raises the rank of the fixed set, so at most
    :math:`n - 1` rounds reach a unique allocation (Maschler, Peleg &
    Shapley [2]_). Fixing only coalitions certified tight by the duals (not
    every coalition that happens to be tight at one optimal point) is what
    keeps the sequence correct; the airport game (1, 2, 3) gives
    (0.5, 0.75, 1.75).

    References
    ----------
    .. [1] Schmeidler, D. (1969). The nucleolus of a characteristic function
       game. SIAM Journal on Applied Mathematics, 17(6), 1163-1170.
       https://doi.org/10.1137/0117107
    .. [2] Maschler, M., Peleg, B., & Shapley, L. S. (1979). Geometric
       properties of the kernel, nucleolus, and related solution concepts.
       Mathematics of Operations Research, 4(4), 303-338.
       https://doi.org/10.1287/moor.4.4.303

    Examples
    --------
    >>> nucleolus(airport_game([3, 5, 7])).amounts.round(6).tolist()
    [1.5, 1.75, 3.75]
    """
    _check_game(game)
    if game.n > MAX_NUCLEOLUS:
        raise InputError(
            f"the nucleolus of {game.n} players needs linear programs over 2^{game.n} coalitions",
            where="argument game",
            fix=f"The exact nucleolus goes up to {MAX_NUCLEOLUS} players"
            + (
                "; use airport_nucleolus for an airport game."
                if game.requirements is not None
                else "."
            ),
        )
    try:
        amounts, rounds = kernels.nucleolus_lp(game.costs, game.n)
    except kernels.EmptyImputationSetError:
        raise InputError(
            "the imputation set is empty: the players' stand-alone costs sum to less than "
            "the cost of all of them together",
            where="argument game",
            fix="Check the coalition costs: c(N) should not exceed the sum of c({i}).",
        ) from None
    return _allocation(
        game.players, amounts, game.grand_cost, "nucleolus", {"linear_programs": rounds}
    )


def airport_shapley(requirements: Requirements) -> Allocation:
    r"""The Shapley value of the airport game in closed form, for any number of players.

    Notes
    -----
    Sort the requirements, :math:`r_{(1)} \le \dots \le r_{(n)}`, and cut the
    runway into segments :math:`r_{(k)} - r_{(k-1)}` (:math:`r_{(0)} = 0`).
    Segment :math:`k` is used by the :math:`n - k + 1` players from the
    :math:`k`-th up, and its cost is split equally among them (Littlechild &
    Owen [1]_):

    .. math:: \phi_{(i)} = \sum_{k=1}^{i} \frac{r_{(k)} - r_{(k-1)}}{n - k + 1}.

    One sort and one cumulative sum: :math:`O(n \log n)`, a million players
    in a fraction of a second. Players with equal requirements pay the same.

    References
    ----------
    .. [1] Littlechild, S. C., & Owen, G. (1973). A simple expression for the
       Shapley value in a special case. Management Science, 20(3), 370-372.
       https://doi.org/10.1287/mnsc.20.3.370

    Examples
    --------
    >>> airport_shapley({"A": 1, "B": 2, "C": 3}).amounts.round(4).tolist()
    [0.3333, 0.8333, 1.8333]
    """
    names, values = _check_key(requirements, "requirements", large=True)
    amounts = kernels.airport_shapley(values)
    return _allocation(names, amounts, float(values.max()), "airport shapley", {})


def airport_nucleolus(requirements: Requirements) -> Allocation:
    r"""The nucleolus of the airport game by Littlechild's sequential algorithm.

    Notes
    -----
    With requirements sorted, :math:`r_{(1)} \le \dots \le r_{(n)}`, start
    with :math:`k = 0` players assigned and :math:`A = 0` assigned. At each
    stage

    .. math:: \alpha = \min_{k < j < n} \frac{r_{(j)} - A}{j - k + 1},

    the players :math:`k+1, \dots, j^*` (:math:`j^*` the largest minimizer)
    pay :math:`\alpha` each, :math:`A` grows by :math:`(j^* - k)\alpha` and
    :math:`k = j^*`; the largest player pays :math:`r_{(n)} - A`
    (Littlechild [1]_). Each stage is one vectorized minimum, so the cost is
    :math:`O(n \times \text{stages})`. The test suite checks it against
    :func:`nucleolus` on random games, ties included.

    References
    ----------
    .. [1] Littlechild, S. C. (1974). A simple expression for the nucleolus in
       a special case. International Journal of Game Theory, 3(1), 21-29.
       https://doi.org/10.1007/BF01766216

    Examples
    --------
    >>> airport_nucleolus([1, 2, 3]).amounts.tolist()
    [0.5, 0.75, 1.75]
    """
    names, values = _check_key(requirements, "requirements", large=True)
    amounts = kernels.airport_nucleolus(values)
    return _allocation(names, amounts, float(values.max()), "airport nucleolus", {})


def core_check(
    game: CostGame,
    allocation: Allocation | Mapping[str, float] | Sequence[float] | np.ndarray,
    *,
    tolerance: float = 1e-9,
) -> CoreCheck:
    r"""Whether an allocation is in the core of a cost game.

    The core: :math:`x(N) = c(N)` and :math:`x(S) \le c(S)` for every
    coalition :math:`S`: no group of partners would pay less on its own.
    All :math:`2^n` sums :math:`x(S)` are built by doubling (one array
    operation per player) and compared at once.

    Parameters
    ----------
    game
        The cost game (at most :data:`MAX_TABLE` players).
    allocation
        An :class:`Allocation` (players matched by name), a mapping from
        player to amount, or amounts in the game's player order.
    tolerance
        Relative tolerance: excesses up to ``tolerance * max(1, |c(N)|)``
        count as 0.

    Examples
    --------
    >>> game = airport_game({"A": 1, "B": 2, "C": 3})
    >>> check = core_check(game, {"A": 0, "B": 0, "C": 3})
    >>> check.in_core
    True
    >>> core_check(game, {"A": 1.5, "B": 0, "C": 1.5}).violations
      coalition  cost  allocated  excess
    0         A   1.0        1.5     0.5
    """
    _check_game(game)
    x = _allocation_vector(game, allocation)
    tol = check_number(
        tolerance,
        name="tolerance",
        where="argument tolerance",
        fix="Give a small non-negative number, e.g. 1e-9.",
        at_least=0,
    )
    costs = game.costs
    allocated = kernels.subset_sums(x)
    excess = allocated - costs
    absolute = tol * max(1.0, abs(float(costs[-1])))
    grand = len(costs) - 1
    proper = excess[1:grand]
    violated = np.flatnonzero(excess > absolute)
    violated = violated[violated != grand]
    if abs(excess[grand]) > absolute:
        violated = np.append(violated, grand)
    order = violated[np.argsort(-np.abs(excess[violated]), kind="stable")]
    frame = pd.DataFrame(
        {
            "coalition": _labels(order, game.players),
            "cost": costs[order].astype(np.float64),
            "allocated": allocated[order],
            "excess": excess[order],
        }
    )
    return CoreCheck(
        in_core=len(order) == 0,
        violations=frame,
        max_excess=float(proper.max()) if len(proper) else 0.0,
        tolerance=absolute,
    )


# --------------------------------------------------------------------------- validation


def _allocation(
    names: tuple[str, ...],
    amounts: np.ndarray,
    cost: float,
    method: str,
    parameters: dict[str, Any],
    *,
    errors: np.ndarray | None = None,
) -> Allocation:
    amounts = np.asarray(amounts, dtype=np.float64)
    amounts.setflags(write=False)
    return Allocation(
        players=names,
        amounts=amounts,
        cost=float(cost),
        method=method,
        parameters=parameters,
        standard_errors=errors,
    )


def _check_cost(cost: object) -> float:
    return check_number(
        cost,
        name="cost",
        where="argument cost",
        fix="Give the total cost to share as a non-negative number.",
        at_least=0,
    )


def _check_players(players: object, where: str, *, limit: int | None = None) -> tuple[str, ...]:
    if isinstance(players, str) or not isinstance(players, Sequence | np.ndarray | pd.Index):
        raise InputError(
            f"players must be a list of names, not {type(players).__name__}",
            where=where,
            fix='Give e.g. ["USA", "GBR", "FRA"].',
        )
    names = tuple(str(p) for p in players)
    if not names:
        raise InputError("no players given", where=where, fix="Give at least one player.")
    check_distinct(names, what="player", where=where, fix="Name each player once.")
    if any("+" in name or not name.strip() for name in names):
        bad = next(name for name in names if "+" in name or not name.strip())
        raise InputError(
            f"player name {bad!r} is empty or contains '+'",
            where=where,
            fix="'+' joins names in coalitions (\"A+B\"); use names without it.",
        )
    if limit is not None and len(names) > limit:
        raise InputError(
            f"{len(names)} players: a table of 2^{len(names)} coalitions is too large",
            where=where,
            fix=f"Tables go up to {limit} players; give larger games as a function "
            "(CostGame.from_function).",
        )
    return names


def _check_key(
    key: object, argument: str, *, positive_total: bool = False, large: bool = False
) -> tuple[tuple[str, ...], np.ndarray]:
    where = f"argument {argument}"
    if large and isinstance(key, np.ndarray | Sequence) and not isinstance(key, str | bytes):
        array = np.asarray(key)
        if array.dtype.kind in "iuf":  # fast path: a million requirements, no loop
            numbers = array.astype(np.float64).ravel()
            if len(numbers) and np.isfinite(numbers).all() and (numbers >= 0).all():
                return tuple(str(i + 1) for i in range(len(numbers))), numbers
    labels, values = check_labelled(
        key, name=argument, where=where, fix='Give e.g. {"USA": 2443, "GBR": 138}.'
    )
    _check_players(labels, where)
    numbers = check_numbers(
        labels,
        values,
        name=f"{argument} of {{label!r}}",
        where=f"{where}, entry {{label!r}}",
        fix=f"Give every {argument} value as a non-negative number.",
        at_least=0,
    )
    if positive_total and numbers.sum() <= 0:
        raise InputError(
            f"every {argument} value is 0", where=where, fix="Give at least one positive value."
        )
    return tuple(labels), numbers


def _members_mapping(value: object, argument: str, values: str) -> dict[str, object]:
    """A mapping keyed by members of the key (names checked by the caller's index)."""
    if not isinstance(value, Mapping):
        raise InputError(
            f"{argument} must be a mapping of member to {values}, not {type(value).__name__}",
            where=f"argument {argument}",
            fix='Give e.g. {"USA": "DEU"} for equal_to, {"USA": 0.16} for caps.',
        )
    return {str(k): v for k, v in value.items()}


def _check_member(name: str, index: Mapping[str, int], where: str) -> None:
    if name not in index:
        raise InputError(
            f"unknown member {name!r}",
            where=where,
            fix=f"Use members of the key: {', '.join(index)}.",
        )


def _check_ties(equal_to: object, index: Mapping[str, int]) -> dict[str, str]:
    if equal_to is None:
        return {}
    where = "argument equal_to"
    ties = {str(a): str(b) for a, b in _members_mapping(equal_to, "equal_to", "member").items()}
    for member, other in ties.items():
        _check_member(member, index, f"{where}, entry {member!r}")
        _check_member(other, index, f"{where}, entry {member!r}")
        if member == other or other in ties:
            raise InputError(
                f"{member!r} is tied to {other!r}, which is itself tied",
                where=f"{where}, entry {member!r}",
                fix="Tie each member to one that is not tied itself.",
            )
    return ties


def _check_caps(caps: object, index: Mapping[str, int]) -> np.ndarray:
    limits = np.ones(len(index), dtype=np.float64)
    if caps is None:
        return limits
    where = "argument caps"
    for member, value in _members_mapping(caps, "caps", "largest share").items():
        entry = f"{where}, entry {member!r}"
        _check_member(member, index, entry)
        share = check_number(
            value,
            name=f"cap of {member!r}",
            where=entry,
            fix="Give caps as fractions of the cost in (0, 1], e.g. 0.16 for 16%.",
            above=0,
            at_most=1,
        )
        limits[index[str(member)]] = share
    return limits


def _check_game(game: object) -> None:
    if not isinstance(game, CostGame):
        raise InputError(
            f"game must be a CostGame, not {type(game).__name__}",
            where="argument game",
            fix="Build one with CostGame.from_table, CostGame.from_function or airport_game.",
        )


def _check_finite_costs(table: np.ndarray, where: str) -> None:
    bad = np.flatnonzero(~np.isfinite(table))
    if len(bad):
        raise InputError(
            f"a coalition cost is not finite (coalition bitmask {int(bad[0])})",
            where=where,
            fix="Return finite costs for every coalition.",
        )


def _generator(
    seed: int | np.random.SeedSequence | np.random.Generator | None,
) -> tuple[np.random.Generator, dict[str, Any]]:
    if isinstance(seed, np.random.Generator):
        return seed, {"seed": "Generator"}
    if isinstance(seed, np.random.SeedSequence):
        return np.random.default_rng(seed), {"seed_entropy": seed.entropy}
    if seed is None:
        sequence = np.random.SeedSequence()
        return np.random.default_rng(sequence), {"seed_entropy": sequence.entropy}
    number = check_whole(seed, name="seed", where="argument seed", fix="Give e.g. seed=0.")
    return np.random.default_rng(number), {"seed": number}


def _mask(coalition: object, players: tuple[str, ...], *, where: str) -> int:
    if isinstance(coalition, str):
        names = [part.strip() for part in coalition.split("+")] if coalition.strip() else []
    elif isinstance(coalition, Iterable):
        names = [str(part) for part in coalition]
    else:
        raise InputError(
            f"a coalition must be names or an 'A+B' string, not {coalition!r}",
            where=where,
            fix='Write coalitions as "USA+GBR" or ("USA", "GBR").',
        )
    mask = 0
    for name in names:
        if name not in players:
            raise InputError(
                f"unknown player {name!r} in coalition {coalition!r}",
                where=where,
                fix=f"Use the players: {', '.join(players)}.",
            )
        bit = 1 << players.index(name)
        if mask & bit:
            raise InputError(
                f"player {name!r} appears twice in coalition {coalition!r}",
                where=where,
                fix="Name each member of a coalition once.",
            )
        mask |= bit
    return mask


def _labels(masks: np.ndarray, players: tuple[str, ...]) -> list[str]:
    """``"A+B"`` labels of coalitions, built one player at a time (vectorized over masks)."""
    labels = np.full(len(masks), "", dtype=object)
    for i, name in enumerate(players):
        member = (masks.astype(np.int64) >> i) & 1 == 1
        joined = np.where(labels == "", name, labels + "+" + name)
        labels = np.where(member, joined, labels)
    return [str(label) for label in labels]


def _allocation_vector(game: CostGame, allocation: object) -> np.ndarray:
    where = "argument allocation"
    if isinstance(allocation, Allocation):
        allocation = dict(zip(allocation.players, allocation.amounts.tolist(), strict=True))
    if isinstance(allocation, Mapping):
        unknown = [str(p) for p in allocation if str(p) not in game.players]
        missing = [p for p in game.players if p not in {str(k) for k in allocation}]
        if unknown or missing:
            raise InputError(
                "the allocation's players do not match the game's ("
                + (
                    f"unknown: {', '.join(unknown)}"
                    if unknown
                    else f"missing: {', '.join(missing)}"
                )
                + ")",
                where=where,
                fix="Give one amount for every player of the game.",
            )
        lookup = {str(k): v for k, v in allocation.items()}
        values = [lookup[p] for p in game.players]
    elif isinstance(allocation, np.ndarray | Sequence) and not isinstance(allocation, str):
        values = list(np.asarray(allocation, dtype=object).ravel())
        if len(values) != game.n:
            raise InputError(
                f"{len(values)} amounts for {game.n} players",
                where=where,
                fix="Give one amount per player, in the game's order.",
            )
    else:
        raise InputError(
            f"allocation must be an Allocation, a mapping or a sequence, not "
            f"{type(allocation).__name__}",
            where=where,
            fix="Pass the result of a rule, e.g. shapley_value(game).",
        )
    return np.array(
        [
            check_number(v, name=f"amount of {p!r}", where=where, fix="Give a finite number.")
            for p, v in zip(game.players, values, strict=True)
        ],
        dtype=np.float64,
    )
