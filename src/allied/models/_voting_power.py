r"""Voting power under decision rules: Banzhaf and Shapley-Shubik indices, computed exactly.

A decision rule is a *simple game*: a set of players and the coalitions that
win. Here the winning condition is an OR of clauses, each an AND of integer
weight thresholds (a coalition's member count, its votes, its population),
which covers

=========================  ====================================================
rule                       constructor
=========================  ====================================================
weighted majority          :func:`weighted_game` (EEC Council 1958)
unanimity, consensus       :func:`unanimity_game` (NATO, EU CFSP/CSDP)
veto players               :func:`veto_game` (UN Security Council)
double majority            :func:`double_majority_game` (EU Council QMV)
any rule in the catalog    :func:`game_from_rule` (``eu-council``, ``unsc``, ...)
=========================  ====================================================

A player *swings* in a coalition when the coalition wins with it and loses
without it. Its Banzhaf index counts its swings (Banzhaf [1]_; Penrose [3]_
for the absolute measure); its Shapley-Shubik index is the share of the
:math:`n!` orders of joining in which it is the pivot (Shapley and Shubik
[2]_). Felsenthal and Machover [4]_ treat both. :func:`voting_power` gives
all of them at once as a :class:`VotingPower`.

All values are exact (Python integers and fractions under the floats), also
for the EU Council's :math:`2^{27}` coalitions, which take well under a second
by meet-in-the-middle counting (:mod:`allied.models._voting_counts`).

Examples
--------
>>> power = voting_power("eec-1958")
>>> power.banzhaf.round(4).to_dict()
{'BEL': 0.1429, 'DEU': 0.2381, 'FRA': 0.2381, 'ITA': 0.2381, 'LUX': 0.0, 'NLD': 0.1429}
>>> power.exact["shapley_shubik"][1]
Fraction(7, 30)

References
----------
.. [1] Banzhaf, J. F. (1965). Weighted voting doesn't work: A mathematical
   analysis. Rutgers Law Review, 19(2), 317-343.
.. [2] Shapley, L. S., & Shubik, M. (1954). A method for evaluating the
   distribution of power in a committee system. American Political Science
   Review, 48(3), 787-792. https://doi.org/10.2307/1951053
.. [3] Penrose, L. S. (1946). The elementary statistics of majority voting.
   Journal of the Royal Statistical Society, 109(1), 53-57.
   https://doi.org/10.2307/2981392
.. [4] Felsenthal, D. S., & Machover, M. (1998). The Measurement of Voting
   Power: Theory and Practice, Problems and Paradoxes. Edward Elgar.
   https://doi.org/10.4337/9781840647761
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allied._results import Result
from allied._validation import check_distinct, check_labelled, check_whole
from allied.catalog import DecisionRule, decision_rule
from allied.cite import Citation
from allied.errors import InputError
from allied.models import _voting_counts as engine

__all__ = [
    "VotingGame",
    "VotingPower",
    "banzhaf_index",
    "double_majority_game",
    "game_from_rule",
    "shapley_shubik_index",
    "unanimity_game",
    "veto_game",
    "voting_power",
    "weighted_game",
]

#: The weight every game has: one per member.
MEMBERS = "members"
#: The weight that marks veto players (1 for each), with a quota of all of them.
VETO = "veto"

_CITATIONS = {
    "banzhaf_1965": Citation(
        "banzhaf_1965",
        "Banzhaf, John F. 1965. Weighted Voting Doesn't Work: A Mathematical Analysis. "
        "Rutgers Law Review 19(2): 317-343.",
    ),
    "shapley_shubik_1954": Citation(
        "shapley_shubik_1954",
        "Shapley, Lloyd S. & Martin Shubik. 1954. A Method for Evaluating the Distribution "
        "of Power in a Committee System. American Political Science Review 48(3): 787-792.",
        doi="10.2307/1951053",
    ),
    "penrose_1946": Citation(
        "penrose_1946",
        "Penrose, Lionel S. 1946. The Elementary Statistics of Majority Voting. Journal of "
        "the Royal Statistical Society 109(1): 53-57.",
        doi="10.2307/2981392",
    ),
    "felsenthal_machover_1998": Citation(
        "felsenthal_machover_1998",
        "Felsenthal, Dan S. & Moshé Machover. 1998. The Measurement of Voting Power: Theory "
        "and Practice, Problems and Paradoxes. Cheltenham: Edward Elgar.",
        doi="10.4337/9781840647761",
    ),
}

Coalition = Iterable[str]


# --------------------------------------------------------------------------- the game


@dataclass(frozen=True, eq=False)
class VotingGame:
    """A simple game: players, integer weights, and the winning condition.

    A coalition wins when, for at least one clause, its total weight on every
    ``(weight name, quota)`` of that clause reaches the quota. Build games with
    :func:`weighted_game`, :func:`unanimity_game`, :func:`veto_game`,
    :func:`double_majority_game` or :func:`game_from_rule`.

    Attributes
    ----------
    players
        Player labels, in display order.
    weights
        Weight name to one non-negative integer per player; always holds
        ``members`` (all ones), and ``veto`` (1 for each veto player) when
        there are veto players.
    clauses
        The alternative clauses, each a tuple of ``(weight name, quota)``.
    name
        What the game models (a rule's name), for display.
    vetoes
        The veto players (``veto`` weight 1).
    """

    players: tuple[str, ...]
    weights: Mapping[str, tuple[int, ...]]
    clauses: tuple[tuple[tuple[str, int], ...], ...]
    name: str = ""
    vetoes: tuple[str, ...] = ()
    rule: DecisionRule | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        """The number of players."""
        return len(self.players)

    def wins(self, coalition: Coalition) -> bool:
        """Whether ``coalition`` (player labels) wins.

        Examples
        --------
        >>> game = weighted_game({"A": 3, "B": 2, "C": 1}, quota=4)
        >>> game.wins(["A", "C"]), game.wins(["B", "C"])
        (True, False)
        """
        members = set(coalition)
        unknown = members - set(self.players)
        if unknown:
            raise InputError(
                f"unknown players {sorted(unknown)}",
                where="argument coalition",
                fix=f"Use the game's players: {', '.join(self.players)}.",
            )
        inside = np.array([[p in members for p in self.players]], dtype=np.int64)
        _, criteria, clauses = self._arrays()
        return bool(engine.wins(inside @ criteria.T, clauses)[0])

    def describe(self) -> str:
        """The winning condition as text, e.g. ``members >= 9 and veto >= 5``."""
        return ", or ".join(
            " and ".join(f"{name} >= {quota:,}" for name, quota in clause)
            for clause in self.clauses
        )

    def _arrays(self) -> tuple[list[str], np.ndarray, list[list[tuple[int, int]]]]:
        names = [MEMBERS, *(name for name in self.weights if name != MEMBERS)]
        criteria = np.array([self.weights[name] for name in names], dtype=np.int64)
        row = {name: i for i, name in enumerate(names)}
        clauses = [[(row[name], quota) for name, quota in clause] for clause in self.clauses]
        return names, criteria, clauses


def _game(
    players: Sequence[str],
    weights: Mapping[str, Sequence[int]],
    clauses: Sequence[Sequence[tuple[str, int]]],
    *,
    name: str,
    vetoes: Sequence[str] = (),
    rule: DecisionRule | None = None,
) -> VotingGame:
    """Assemble and check a game (the constructors have checked their own input)."""
    table = {MEMBERS: (1,) * len(players)}
    table.update({key: tuple(int(v) for v in values) for key, values in weights.items()})
    clause_list = [tuple(clause) for clause in clauses]
    if vetoes:
        table[VETO] = tuple(int(p in set(vetoes)) for p in players)
        clause_list = [(*clause, (VETO, len(vetoes))) for clause in clause_list]
    for clause in clause_list:
        for key, quota in clause:
            total = sum(table[key])
            if not 1 <= quota <= total:
                raise InputError(
                    f"quota {quota} on {key} is outside 1..{total} (the total)",
                    where="argument quota",
                    fix="Give a quota that some coalition, and the grand coalition, can meet.",
                )
    return VotingGame(tuple(players), table, tuple(clause_list), name, tuple(vetoes), rule)


def _labels_and_ints(values: object, argument: str) -> tuple[list[str], list[int]]:
    where = f"argument {argument}"
    fix = f"Give {argument} as a mapping of player to a whole number, e.g. {{'A': 4, 'B': 2}}."
    labels, values = check_labelled(values, name=argument, where=where, fix=fix)
    whole = fix + " Scale fractional weights to integers (e.g. persons, not millions)."
    numbers = [
        check_whole(value, name=f"{argument} of {label!r}", where=where, fix=whole, floats=True)
        for label, value in zip(labels, values, strict=True)
    ]
    return list(labels), numbers


def _quota(quota: object, total: int, argument: str) -> int:
    """An absolute quota (int), or a share in (0, 1] (float or Fraction) as ceil(share*total)."""
    if isinstance(quota, bool):
        quota = None
    if isinstance(quota, int | np.integer):
        return int(quota)
    if isinstance(quota, float | Fraction | np.floating) and 0 < quota <= 1:
        share = quota if isinstance(quota, Fraction) else Fraction(repr(float(quota)))
        return math.ceil(share * total)
    raise InputError(
        f"{argument} must be a whole number of votes or a share in (0, 1], not {quota!r}",
        where=f"argument {argument}",
        fix="E.g. quota=12, or quota=0.55 for 55% of the total (rounded up).",
    )


def weighted_game(
    weights: Mapping[str, int] | Sequence[int] | pd.Series, *, quota: int | float | Fraction
) -> VotingGame:
    r"""A weighted majority game: a coalition wins when its weight reaches the quota.

    Parameters
    ----------
    weights
        Each player's weight (votes), a non-negative whole number; a mapping
        of player to weight, or a sequence (players ``"1"``, ``"2"``, ...).
    quota
        A whole number of votes, or a share of the total weight in (0, 1]
        as a float or :class:`~fractions.Fraction`, which becomes the integer
        quota :math:`\lceil \text{share} \cdot \sum_i w_i \rceil` computed with
        exact fractions (``0.55`` is read as 55/100, not as the binary float).

    Examples
    --------
    >>> weighted_game({"BEL": 2, "DEU": 4, "FRA": 4, "ITA": 4, "LUX": 1, "NLD": 2},
    ...               quota=12).describe()
    'votes >= 12'
    >>> weighted_game([1, 1, 1], quota=0.5).describe()
    'votes >= 2'
    """
    players, numbers = _labels_and_ints(weights, "weights")
    q = _quota(quota, sum(numbers), "quota")
    return _game(players, {"votes": numbers}, [[("votes", q)]], name="weighted majority")


def unanimity_game(players: Sequence[str] | int) -> VotingGame:
    """Unanimity (consensus): only the grand coalition wins; every player has a veto.

    Examples
    --------
    >>> voting_power(unanimity_game(["A", "B", "C", "D"])).banzhaf.tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    labels = _players(players)
    return _game(labels, {}, [[(MEMBERS, len(labels))]], name="unanimity")


def veto_game(
    players: Sequence[str] | int, *, vetoes: Sequence[str], quota: int | float | Fraction
) -> VotingGame:
    """One vote each; a coalition wins with ``quota`` votes and every veto player.

    Examples
    --------
    >>> unsc = veto_game(15, vetoes=["1", "2", "3", "4", "5"], quota=9)
    >>> unsc.describe()
    'members >= 9 and veto >= 5'
    """
    labels = _players(players)
    vetoes = [str(v) for v in vetoes]
    strangers = [v for v in vetoes if v not in labels]
    if strangers or len(set(vetoes)) != len(vetoes):
        raise InputError(
            f"veto players must be distinct players; got {vetoes}",
            where="argument vetoes",
            fix="Name each veto player once, as one of the players.",
        )
    q = _quota(quota, len(labels), "quota")
    return _game(labels, {}, [[(MEMBERS, q)]], name="veto players", vetoes=vetoes)


def double_majority_game(
    populations: Mapping[str, int] | Sequence[int] | pd.Series,
    *,
    member_share: float | Fraction = 0.55,
    min_members: int | None = None,
    population_share: float | Fraction = 0.65,
    blocking_minority: int | None = 4,
) -> VotingGame:
    r"""A double majority of members and population, as in the EU Council (TEU Art. 16(4)).

    A coalition wins when it has at least
    :math:`\max(\lceil \text{member\_share} \cdot n \rceil, \text{min\_members})`
    members representing at least
    :math:`\lceil \text{population\_share} \cdot P \rceil` persons (:math:`P`
    the total population), or when the members outside it are fewer than
    ``blocking_minority`` (at least :math:`n - b + 1` members; ``None``: no
    such clause).

    Examples
    --------
    >>> game = double_majority_game({"A": 50, "B": 30, "C": 15, "D": 5},
    ...                             member_share=0.5, blocking_minority=None)
    >>> game.describe()
    'members >= 2 and population >= 65'
    """
    players, numbers = _labels_and_ints(populations, "populations")
    n = len(players)
    members = max(_quota(member_share, n, "member_share"), min_members or 0)
    clauses = [
        [
            (MEMBERS, members),
            ("population", _quota(population_share, sum(numbers), "population_share")),
        ]
    ]
    if blocking_minority is not None:
        if not 1 <= blocking_minority <= n:
            raise InputError(
                f"blocking_minority must be between 1 and {n}, not {blocking_minority!r}",
                where="argument blocking_minority",
                fix="Give the fewest members a blocking minority needs, or None.",
            )
        clauses.append([(MEMBERS, n - blocking_minority + 1)])
    return _game(players, {"population": numbers}, clauses, name="double majority")


def game_from_rule(rule: DecisionRule | str | Path) -> VotingGame:
    """The simple game of a catalog decision rule (a rule, its id, or a YAML file).

    Examples
    --------
    >>> game_from_rule("eu-council").describe()
    'members >= 15 and population >= 291,984,030, or members >= 24'
    """
    if not isinstance(rule, DecisionRule):
        rule = decision_rule(rule)
    weights = {name: rule.weight_of(name) for name in rule.weights}
    clauses = [
        [(c.weight, c.quota(sum(rule.weight_of(c.weight)))) for c in clause.all]
        for clause in rule.win
    ]
    merged = [_merge(clause) for clause in clauses]
    return _game(rule.members, weights, merged, name=rule.name, vetoes=rule.vetoes, rule=rule)


def _merge(clause: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """One threshold per weight: the largest quota (the conditions all must hold)."""
    best: dict[str, int] = {}
    for name, quota in clause:
        best[name] = max(best.get(name, 0), quota)
    return list(best.items())


def _players(players: Sequence[str] | int) -> list[str]:
    if isinstance(players, int | np.integer) and not isinstance(players, bool):
        labels = [str(i + 1) for i in range(int(players))]
    elif isinstance(players, Sequence) and not isinstance(players, str):
        labels = [str(p) for p in players]
    else:
        labels = []
    fix = "Give e.g. ['USA', 'GBR', 'FRA'] or 3."
    if not labels:
        raise InputError(
            f"players must be distinct labels or a positive count, not {players!r}",
            where="argument players",
            fix=fix,
        )
    return list(check_distinct(labels, what="player", where="argument players", fix=fix))


def _as_game(game: VotingGame | DecisionRule | str | Path) -> VotingGame:
    if isinstance(game, VotingGame):
        return game
    if isinstance(game, DecisionRule | str | Path):
        return game_from_rule(game)
    raise InputError(
        f"expected a VotingGame, a DecisionRule, a rule id or a YAML path, not "
        f"{type(game).__name__}",
        where="argument game",
        fix="Build one with weighted_game(...), or pass a rule id such as 'eu-council'.",
    )


# --------------------------------------------------------------------------- indices


@dataclass(frozen=True)
class _Exact:
    swings: tuple[int, ...]
    banzhaf: tuple[Fraction, ...]
    banzhaf_absolute: tuple[Fraction, ...]
    shapley_shubik: tuple[Fraction, ...]
    winning: int
    method: str


def _exact(game: VotingGame) -> _Exact:
    _, criteria, clauses = game._arrays()
    n = game.n
    if engine.engine(criteria) == "meet in the middle" and n > engine.MITM_MAX_PLAYERS:
        raise InputError(
            f"exact voting power for {n} players with these weights is out of reach",
            where="argument game",
            fix=f"Exact counting handles up to {engine.MITM_MAX_PLAYERS} players with several "
            "weights, and any number with equal weights or one small integer weight.",
        )
    counts = engine.count_winning(criteria, clauses)
    winning = sum(counts.by_size)
    swings = tuple(2 * sum(row) - winning for row in counts.with_player)
    total_swings = sum(swings)
    factorial = [math.factorial(k) for k in range(n + 1)]
    shapley = []
    for row in counts.with_player:
        pivotal = sum(row[s] * factorial[s - 1] * factorial[n - s] for s in range(1, n + 1))
        joined = sum(
            (counts.by_size[s] - row[s]) * factorial[s] * factorial[n - s - 1] for s in range(n)
        )
        shapley.append(Fraction(pivotal - joined, factorial[n]))
    return _Exact(
        swings=swings,
        banzhaf=tuple(Fraction(s, total_swings) for s in swings),
        banzhaf_absolute=tuple(Fraction(s, 2 ** (n - 1)) for s in swings),
        shapley_shubik=tuple(shapley),
        winning=winning,
        method=counts.method,
    )


def _series(game: VotingGame, values: Sequence[Any], name: str) -> pd.Series:
    return pd.Series(
        [float(v) for v in values], index=pd.Index(game.players, name="player"), name=name
    )


def banzhaf_index(
    game: VotingGame | DecisionRule | str | Path, *, normalized: bool = True
) -> pd.Series:
    r"""The Banzhaf index of every player, computed exactly.

    Parameters
    ----------
    game
        A :class:`VotingGame`, a :class:`~allied.catalog.DecisionRule`, a rule
        id (``"eu-council"``) or a rule's YAML file.
    normalized
        ``True`` (default): swings over all players' swings (they sum to 1);
        ``False``: the absolute (Penrose-Banzhaf) measure, swings over
        :math:`2^{n-1}`, the probability of being decisive when every other
        player votes yes or no with probability 1/2.

    Notes
    -----
    Player *i* swings in coalition :math:`S \ni i` when :math:`S` wins and
    :math:`S \setminus \{i\}` loses. In a monotone game its number of swings is
    :math:`\eta_i = W_i^+ - W_i^-`, winning coalitions with *i* minus winning
    coalitions without it; then :math:`\beta'_i = \eta_i / 2^{n-1}` and
    :math:`\beta_i = \eta_i / \sum_j \eta_j` [1]_ [3]_ [4]_.

    References
    ----------
    .. [1] Banzhaf, J. F. (1965). Weighted voting doesn't work: A mathematical
       analysis. Rutgers Law Review, 19(2), 317-343.
    .. [3] Penrose, L. S. (1946). The elementary statistics of majority voting.
       Journal of the Royal Statistical Society, 109(1), 53-57.
       https://doi.org/10.2307/2981392
    .. [4] Felsenthal, D. S., & Machover, M. (1998). The Measurement of Voting
       Power. Edward Elgar. https://doi.org/10.4337/9781840647761

    Examples
    --------
    >>> banzhaf_index(weighted_game({"A": 3, "B": 2, "C": 1}, quota=4)).tolist()
    [0.6, 0.2, 0.2]
    >>> banzhaf_index(weighted_game({"A": 3, "B": 2, "C": 1}, quota=4), normalized=False).tolist()
    [0.75, 0.25, 0.25]
    """
    g = _as_game(game)
    exact = _exact(g)
    if normalized:
        return _series(g, exact.banzhaf, "banzhaf")
    return _series(g, exact.banzhaf_absolute, "banzhaf_absolute")


def shapley_shubik_index(game: VotingGame | DecisionRule | str | Path) -> pd.Series:
    r"""The Shapley-Shubik index of every player, computed exactly.

    Notes
    -----
    The share of the :math:`n!` orders in which *i* is pivotal [2]_:
    :math:`\phi_i = \sum_{S \ni i} \frac{(s-1)!(n-s)!}{n!}[v(S) - v(S \setminus i)]`.
    With :math:`N^+(i, s)` the winning coalitions of size *s* that contain *i*
    and :math:`N(s)` all winning coalitions of size *s*, this is

    .. math:: \phi_i = \frac{1}{n!} \sum_s \Bigl[N^+(i,s)\,(s-1)!\,(n-s)!
              - \bigl(N(s) - N^+(i,s)\bigr)\, s!\,(n-s-1)!\Bigr],

    the second term counting the coalitions without *i* that already win.
    Computed with integers and fractions, so the indices sum to exactly 1.

    References
    ----------
    .. [2] Shapley, L. S., & Shubik, M. (1954). A method for evaluating the
       distribution of power in a committee system. American Political Science
       Review, 48(3), 787-792. https://doi.org/10.2307/1951053

    Examples
    --------
    >>> shapley_shubik_index(weighted_game({"A": 3, "B": 2, "C": 1}, quota=4)).round(4).tolist()
    [0.6667, 0.1667, 0.1667]
    """
    g = _as_game(game)
    return _series(g, _exact(g).shapley_shubik, "shapley_shubik")


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class VotingPower(Result):
    """Voting power of every player under one rule.

    Attributes
    ----------
    game
        The game (and, through ``game.rule``, the catalog rule, if any).
    banzhaf, banzhaf_absolute, shapley_shubik
        The indices as float Series indexed by player.
    swings
        Each player's number of swings (Python integers, as a Series of objects
        when large).
    winning_coalitions
        The number of winning coalitions out of :math:`2^n`.
    exact
        ``banzhaf``, ``banzhaf_absolute`` and ``shapley_shubik`` as tuples of
        :class:`~fractions.Fraction`, in player order.
    method
        How the coalitions were counted: ``closed form``, ``generating
        function``, ``meet in the middle`` or ``brute force``.
    """

    game: VotingGame
    banzhaf: pd.Series
    banzhaf_absolute: pd.Series
    shapley_shubik: pd.Series
    swings: pd.Series
    winning_coalitions: int
    exact: Mapping[str, tuple[Fraction, ...]]
    method: str

    @property
    def name(self) -> str:
        """The rule's name."""
        return self.game.name

    def to_frame(self) -> pd.DataFrame:
        """One row per player: its weights, then the indices and swings.

        Columns: ``player``; each weight other than the member count
        (``population``, ``votes``); ``veto`` when there are veto players;
        ``banzhaf``, ``banzhaf_absolute``, ``shapley_shubik``, ``swings``.
        """
        frame = pd.DataFrame({"player": list(self.game.players)})
        for name, values in self.game.weights.items():
            if name == MEMBERS:
                continue
            frame[name] = [bool(v) for v in values] if name == VETO else list(values)
        frame["banzhaf"] = self.banzhaf.to_numpy()
        frame["banzhaf_absolute"] = self.banzhaf_absolute.to_numpy()
        frame["shapley_shubik"] = self.shapley_shubik.to_numpy()
        frame["swings"] = self.swings.to_numpy()
        return frame

    def summary(self) -> str:
        """The rule and the most and least powerful players, as text (reproducible)."""
        n = self.game.n
        order = self.banzhaf.sort_values(ascending=False, kind="stable")
        top = ", ".join(f"{p} {self.banzhaf[p]:.4f}" for p in order.index[:3])
        least = ", ".join(f"{p} {self.banzhaf[p]:.4f}" for p in order.index[-3:][::-1])
        return "\n".join(
            [
                f"Voting power: {self.name}",
                f"  players               {n}",
                f"  winning condition     {self.game.describe()}",
                f"  winning coalitions    {self.winning_coalitions:,} of {2**n:,} "
                f"({self.winning_coalitions / 2**n:.4%})",
                f"  counted by            {self.method} (exact)",
                f"  largest Banzhaf       {top}",
                f"  smallest Banzhaf      {least}",
            ]
        )

    def citations(self) -> list[Citation]:
        """The methods' references, then the rule's sources (for :func:`allied.cite.cite`)."""
        rule = self.game.rule.citations() if self.game.rule is not None else []
        return [*_CITATIONS.values(), *rule]


def voting_power(game_or_rule: VotingGame | DecisionRule | str | Path) -> VotingPower:
    """Banzhaf (normalized and absolute) and Shapley-Shubik indices, swings and counts.

    Parameters
    ----------
    game_or_rule
        A :class:`VotingGame`, a :class:`~allied.catalog.DecisionRule`, the id
        of a rule shipped with the package (``eu-council``,
        ``eu-council-unanimity``, ``nato``, ``unsc``, ``eec-1958``) or a rule's
        YAML file.

    Returns
    -------
    VotingPower
        The indices by player; ``to_frame()`` gives one row per player.

    Raises
    ------
    NotFoundError
        An unknown rule id or file.
    CatalogError
        A rule file that does not validate (with file, line and field).
    InputError
        A game too large to count exactly.

    Notes
    -----
    See :func:`banzhaf_index` and :func:`shapley_shubik_index` for the
    formulas. Everything is exact: the winning coalitions are counted by
    size and by member (:mod:`allied.models._voting_counts`), and the indices
    are fractions of those integers. Share quotas are integer quotas
    :math:`\\lceil \\text{share} \\cdot \\text{total} \\rceil`.

    References
    ----------
    .. [1] Banzhaf, J. F. (1965). Weighted voting doesn't work: A mathematical
       analysis. Rutgers Law Review, 19(2), 317-343.
    .. [2] Shapley, L. S., & Shubik, M. (1954). A method for evaluating the
       distribution of power in a committee system. American Political Science
       Review, 48(3), 787-792. https://doi.org/10.2307/1951053
    .. [3] Felsenthal, D. S., & Machover, M. (1998). The Measurement of Voting
       Power. Edward Elgar. https://doi.org/10.4337/9781840647761

    Examples
    --------
    >>> power = voting_power("unsc")
    >>> power.shapley_shubik.round(5)[["USA", "DNK"]].tolist()
    [0.19627, 0.00186]
    >>> power.exact["shapley_shubik"][0]
    Fraction(421, 2145)
    >>> power.winning_coalitions
    848
    """
    game = _as_game(game_or_rule)
    exact = _exact(game)
    index = pd.Index(game.players, name="player")
    swings = [int(s) for s in exact.swings]
    dtype = np.int64 if max(map(abs, swings)) < 2**62 else object
    return VotingPower(
        game=game,
        banzhaf=_series(game, exact.banzhaf, "banzhaf"),
        banzhaf_absolute=_series(game, exact.banzhaf_absolute, "banzhaf_absolute"),
        shapley_shubik=_series(game, exact.shapley_shubik, "shapley_shubik"),
        swings=pd.Series(swings, index=index, name="swings", dtype=dtype),
        winning_coalitions=exact.winning,
        exact={
            "banzhaf": exact.banzhaf,
            "banzhaf_absolute": exact.banzhaf_absolute,
            "shapley_shubik": exact.shapley_shubik,
        },
        method=exact.method,
    )
