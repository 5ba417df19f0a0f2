"""Published values of cost-sharing rules: airport games, F-35 shares, Birmingham airport.

No shared data is needed.

Sources
-------
- Littlechild, S. C., & Owen, G. (1973). A simple expression for the Shapley
  value in a special case. Management Science, 20(3), 370-372.
  https://doi.org/10.1287/mnsc.20.3.370
- Littlechild, S. C. (1974). A simple expression for the nucleolus in a special
  case. International Journal of Game Theory, 3(1), 21-29.
  https://doi.org/10.1007/BF01766216
- Schmeidler, D. (1969). The nucleolus of a characteristic function game. SIAM
  Journal on Applied Mathematics, 17(6), 1163-1170. https://doi.org/10.1137/0117107
- Netherlands Court of Audit (Algemene Rekenkamer). The financial aspects of
  participation (Joint Strike Fighter topic pages), table "The distribution of
  costs among partner countries depends on each country's planning number".
  https://english.rekenkamer.nl/topics/joint-strike-fighter/the-netherlands-as-a-partner/the-financial-aspects-of-participation
- Littlechild, S. C., & Thompson, G. F. (1977). Aircraft landing fees: a game
  theory approach. The Bell Journal of Economics, 8(1), 186-204; its Birmingham
  1968-69 movements and capital costs as transcribed in the CRAN package
  AirportProblems 0.1.0, data-raw/prepare_data.R (dataset ``Birmingham``).
"""

from __future__ import annotations

import numpy as np
import pytest

from allied.models import (
    airport_game,
    airport_nucleolus,
    airport_shapley,
    core_check,
    nucleolus,
    proportional_shares,
    shapley_value,
)


def test_airport_123_shapley_and_nucleolus() -> None:
    """Littlechild & Owen (1973), doi:10.1287/mnsc.20.3.370; Schmeidler (1969),
    doi:10.1137/0117107; Littlechild (1974), doi:10.1007/BF01766216.

    Requirements (1, 2, 3). Shapley: segment 1 shared by 3, segment 2 by 2, segment 3 by
    1: (1/3, 1/3 + 1/2, 1/3 + 1/2 + 1) = (1/3, 5/6, 11/6). Nucleolus (0.5, 0.75, 1.75):
    {1} and {2, 3} tie at excess -0.5, then {1, 2} and {1, 3} at -0.75. (tucoopy returns
    (0.5, 0.5, 2.0), which leaves {1, 2} at -1 but {1, 3} at -0.5.)
    """
    game = airport_game({"1": 1, "2": 2, "3": 3})
    assert shapley_value(game).amounts == pytest.approx([1 / 3, 5 / 6, 11 / 6], abs=1e-12)
    assert nucleolus(game).amounts == pytest.approx([0.5, 0.75, 1.75], abs=1e-9)
    assert airport_shapley([1, 2, 3]).amounts == pytest.approx([1 / 3, 5 / 6, 11 / 6])
    assert airport_nucleolus([1, 2, 3]).amounts == pytest.approx([0.5, 0.75, 1.75])
    assert core_check(game, [0.5, 0.5, 2.0]).in_core  # in the core, but not the nucleolus
    assert nucleolus(game).amounts != pytest.approx([0.5, 0.5, 2.0])


def test_airport_357_shapley_and_nucleolus() -> None:
    """Littlechild & Owen (1973), doi:10.1287/mnsc.20.3.370; Littlechild (1974),
    doi:10.1007/BF01766216.

    Requirements (3, 5, 7): Shapley (3/3, 1 + 2/2, 2 + 2/1) = (1, 2, 4); nucleolus
    (1.5, 1.75, 3.75) (stage 1: min(3/2, 5/3) = 1.5; stage 2: (5 - 1.5)/2 = 1.75).
    """
    game = airport_game([3, 5, 7])
    assert shapley_value(game).amounts == pytest.approx([1, 2, 4], abs=1e-12)
    assert nucleolus(game).amounts == pytest.approx([1.5, 1.75, 3.75], abs=1e-9)
    assert airport_nucleolus([3, 5, 7]).amounts == pytest.approx([1.5, 1.75, 3.75])


def test_f35_shares_by_planned_aircraft() -> None:
    """Netherlands Court of Audit, "The financial aspects of participation" (JSF topic
    pages), planning numbers and cost shares for 2007-2011.

    The page prints Canada's share as 2,251; 80 / 3,173 = 2.521%, the issue's figure:
    the page transposed two digits. Every other share matches the page to 3 decimals.
    """
    planned = {
        "USA": 2443,
        "GBR": 138,
        "AUS": 100,
        "CAN": 80,
        "DNK": 48,
        "ITA": 131,
        "NLD": 85,
        "NOR": 48,
        "TUR": 100,
    }
    published = [76.993, 4.349, 3.152, 2.521, 1.513, 4.129, 2.679, 1.513, 3.152]
    frame = proportional_shares(planned, cost=1).to_frame()
    assert frame["share_percent"].round(3).tolist() == published
    rounded = proportional_shares(planned, cost=100).rounded(3)
    assert sum(round(a * 1000) for a in rounded.amounts) == 100_000  # sums exactly


def test_exact_shapley_equals_closed_form_on_random_airport_games() -> None:
    """Littlechild & Owen (1973), doi:10.1287/mnsc.20.3.370: the sequential
    equal-contributions rule is the Shapley value of the airport game."""
    rng = np.random.default_rng(1973)
    for n in (2, 5, 9, 12):
        requirements = rng.integers(1, 20, n).astype(float)
        assert shapley_value(airport_game(list(requirements))).amounts == pytest.approx(
            airport_shapley(requirements).amounts, abs=1e-10
        )


def test_sampled_shapley_within_standard_errors_of_exact() -> None:
    """Castro, Gómez & Tejada (2009), doi:10.1016/j.cor.2008.04.004: permutation
    sampling is unbiased; with 20,000 orders every player is within 4 standard errors."""
    requirements = np.random.default_rng(1977).uniform(1, 50, 15)
    game = airport_game(list(requirements))
    sampled = shapley_value(game, samples=20_000, seed=2024)
    exact = shapley_value(game).amounts
    assert sampled.standard_errors is not None
    assert (np.abs(sampled.amounts - exact) <= 4 * sampled.standard_errors).all()


# Littlechild & Thompson (1977), Birmingham 1968-69, as transcribed in AirportProblems
BIRMINGHAM_TYPES = (
    "Fokker Friendship 27",
    "Viscount 800",
    "Hawker Siddeley Trident",
    "Britannia 100",
    "Caravelle VI R",
    "BAC 111 (50)",
    "Vanguard 953",
    "Comet 4B",
    "Britannia 300",
    "Convair Corronado",
    "Boeing 707",
)
BIRMINGHAM_MOVEMENTS = np.array([42, 9555, 288, 303, 151, 1315, 505, 1128, 151, 112, 22])
BIRMINGHAM_CAPITAL_COST = np.array(
    [65899, 76725, 95200, 97200, 97436, 98142, 102496, 104849, 113322, 115440, 117676],
    dtype=np.float64,
)


def test_birmingham_shapley_landing_charges() -> None:
    """Littlechild & Thompson (1977), Bell Journal of Economics 8(1): 186-204, Birmingham
    airport 1968-69: 13,572 movements of 11 aircraft types and the annual capital cost of
    a runway for each type (inputs as transcribed in AirportProblems 0.1.0).

    Every movement is a player of an airport game. We could not obtain the paper's
    table of charges, so the expected charges per movement are derived here from the
    published inputs by the per-type segment formula: segment k (cost g_k - g_{k-1}) is
    shared by the N_k movements of types k and above. By hand: Fokker 65,899 / 13,572 =
    4.86; Viscount 4.8555 + 10,826 / 13,530 = 5.66; Boeing 707 pays the sum over all
    eleven segments, 162.24. The checked path is the per-movement closed form over
    13,572 players, which must aggregate to the per-type figures.
    """
    requirements = np.repeat(BIRMINGHAM_CAPITAL_COST, BIRMINGHAM_MOVEMENTS)
    assert len(requirements) == 13_572
    charges = airport_shapley(requirements).amounts
    last_of_type = np.cumsum(BIRMINGHAM_MOVEMENTS) - 1
    first_of_type = last_of_type - BIRMINGHAM_MOVEMENTS + 1
    assert charges[first_of_type].tolist() == pytest.approx(charges[last_of_type].tolist())
    per_type = np.round(charges[last_of_type], 2).tolist()
    assert per_type == [
        4.86,
        5.66,
        10.30,
        10.85,
        10.92,
        11.13,
        13.40,
        15.07,
        44.80,
        60.61,
        162.24,
    ]
    assert (charges[last_of_type] * BIRMINGHAM_MOVEMENTS).sum() == pytest.approx(117_676)
