"""Published voting-power values, reproduced exactly.

Sources
-------
- Felsenthal, D. S., & Machover, M. (1998). The Measurement of Voting Power:
  Theory and Practice, Problems and Paradoxes. Edward Elgar.
  https://doi.org/10.4337/9781840647761 (the EEC Council of Ministers, 1958).
- Shapley, L. S., & Shubik, M. (1954). A method for evaluating the distribution
  of power in a committee system. American Political Science Review, 48(3),
  787-792. https://doi.org/10.2307/1951053 (the Security Council: 5 vetoes).
- Banzhaf, J. F. (1965). Weighted voting doesn't work: A mathematical analysis.
  Rutgers Law Review, 19(2), 317-343.
- The project's issue 6 (values for the UN Security Council after 1965: 15
  members, 5 vetoes, 9 votes).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from allied.models import veto_game, voting_power, weighted_game

EEC = {"BEL": 2, "DEU": 4, "FRA": 4, "ITA": 4, "LUX": 1, "NLD": 2}


@pytest.mark.parametrize("game", [weighted_game(EEC, quota=12), "eec-1958"])
def test_eec_council_1958(game: object) -> None:
    """Felsenthal & Machover (1998), doi:10.4337/9781840647761: weights (4,4,4,2,2,1),
    quota 12. Normalized Banzhaf 5/21 for France, Germany, Italy, 3/21 for Belgium and the
    Netherlands, 0 for Luxembourg (a dummy); Shapley-Shubik 14/60 = 0.2333, 9/60 = 0.15, 0.
    """
    power = voting_power(game)  # type: ignore[arg-type]
    banzhaf = dict(zip(power.game.players, power.exact["banzhaf"], strict=True))
    shapley = dict(zip(power.game.players, power.exact["shapley_shubik"], strict=True))
    for large in ("DEU", "FRA", "ITA"):
        assert banzhaf[large] == Fraction(5, 21)
        assert shapley[large] == Fraction(14, 60)
        assert power.shapley_shubik[large] == pytest.approx(0.2333, abs=5e-5)
    for middle in ("BEL", "NLD"):
        assert banzhaf[middle] == Fraction(3, 21)
        assert shapley[middle] == Fraction(9, 60) == Fraction(15, 100)
    assert banzhaf["LUX"] == 0 and shapley["LUX"] == 0
    assert power.swings["LUX"] == 0 and power.winning_coalitions == 14


@pytest.mark.parametrize(
    "game",
    [veto_game(15, vetoes=["1", "2", "3", "4", "5"], quota=9), "unsc"],
)
def test_un_security_council(game: object) -> None:
    """Shapley & Shubik (1954), doi:10.2307/1951053, for the Council of 15 since 1965
    (issue 6): Shapley-Shubik 421/2145 = 0.19627 per permanent member and
    4/2145 = 0.00186 per elected member; normalized Banzhaf 0.16693 and 0.01654.
    """
    power = voting_power(game)  # type: ignore[arg-type]
    permanent, elected = power.game.players[0], power.game.players[-1]
    assert power.exact["shapley_shubik"][0] == Fraction(421, 2145)
    assert power.exact["shapley_shubik"][-1] == Fraction(4, 2145)
    assert power.shapley_shubik[permanent] == pytest.approx(0.19627, abs=5e-6)
    assert power.shapley_shubik[elected] == pytest.approx(0.00186, abs=5e-6)
    assert power.banzhaf[permanent] == pytest.approx(0.16693, abs=5e-6)
    assert power.banzhaf[elected] == pytest.approx(0.01654, abs=5e-6)
    # swings: 848 winning coalitions each hold all five vetoes; an elected member swings in
    # those with exactly 9 members that contain it: C(9, 3) = 84.
    assert power.swings[permanent] == 848 and power.swings[elected] == 84
    assert power.exact["banzhaf"][0] == Fraction(848, 5 * 848 + 10 * 84)
