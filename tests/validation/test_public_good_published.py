"""Published and hand-derived values of the voluntary-contribution model of alliances.

The reference case (the project's issue text, after Olson & Zeckhauser and
Bergstrom, Blume & Varian): Cobb-Douglas utility U = x^(1-a) G^a with a = 0.5,
unit price p = 1 and three allies with incomes (100, 80, 60). No shared data
is needed.

Sources
-------
- Olson, M., & Zeckhauser, R. (1966). An economic theory of alliances. The
  Review of Economics and Statistics, 48(3), 266-279.
  https://doi.org/10.2307/1927082
- Bergstrom, T., Blume, L., & Varian, H. (1986). On the private provision of
  public goods. Journal of Public Economics, 29(1), 25-49.
  https://doi.org/10.1016/0047-2727(86)90024-1
- Hirshleifer, J. (1983). From weakest-link to best-shot: The voluntary
  provision of public goods. Public Choice, 41(3), 371-386.
  https://doi.org/10.1007/BF00141070
- Sandler, T., & Hartley, K. (1995). The Economics of Defense. Cambridge
  University Press.
- Samuelson, P. A. (1954). The pure theory of public expenditure. The Review
  of Economics and Statistics, 36(4), 387-389. https://doi.org/10.2307/1925895
"""

from __future__ import annotations

import pytest

from allied.models import best_response, public_good_equilibrium

INCOMES = {"1": 100.0, "2": 80.0, "3": 60.0}


def test_summation_reference_case() -> None:
    """Olson & Zeckhauser (1966); Bergstrom, Blume & Varian (1986), doi:10.2307/1927082,
    doi:10.1016/0047-2727(86)90024-1; Sandler & Hartley (1995).

    a = 0.5, p = 1, m = (100, 80, 60): contributions (40, 20, 0), G = 60, G* = 120.
    Algebra: a contributor keeps x = (1 - a) p G / a = G, so q_i = m_i - G. With the two
    richest contributing, G = (100 - G) + (80 - G), so G = 60, q = (40, 20); the third has
    m = 60 <= x = 60 and gives nothing (its best response 0.5 * 60 - 0.5 * 60 = 0).
    Samuelson: sum MRS = a sum x_i / ((1 - a) G) = (240 - G) / G = 1 gives G* = 120.
    """
    eq = public_good_equilibrium(INCOMES, alpha=0.5, price=1.0)
    assert eq.contributions.tolist() == pytest.approx([40.0, 20.0, 0.0])
    assert eq.total == pytest.approx(60.0)
    assert eq.efficient_total == pytest.approx(120.0)
    assert eq.free_riders == ("3",)
    assert eq.provision_ratio == pytest.approx(0.5)


def test_summation_exploitation_of_the_great_by_the_small() -> None:
    """Olson & Zeckhauser (1966), doi:10.2307/1927082: the larger ally bears a
    disproportionate share of the burden.

    Reference case: defense shares of income 40/100 = 0.40 > 20/80 = 0.25 > 0/60 = 0,
    and the richest ally pays 40/60 = 2/3 of the total with 100/240 = 5/12 of the income.
    """
    frame = public_good_equilibrium(INCOMES).to_frame()
    assert frame["share_of_income"].tolist() == pytest.approx([0.40, 0.25, 0.0])
    assert frame["share_of_total"].tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])


def test_summation_closed_form_general() -> None:
    """Bergstrom, Blume & Varian (1986), doi:10.1016/0047-2727(86)90024-1, hand-derived.

    With k contributors of total income M_C, G = a M_C / (p (a + k (1 - a))).
    a = 0.4, p = 2, m = (500, 300, 100): t_1 = 0.6 * 500 / 1 = 300, so 300 > t_1 fails and
    only the richest gives: G = 0.4 * 500 / (2 * 1) = 100, q_1 = (500 - 300) / 2 = 100.
    Check: ally 2's best response 0.4 * 300 / 2 - 0.6 * 100 = 0; ally 3's is negative.
    Efficient: G* = a M / p = 0.4 * 900 / 2 = 180.
    """
    eq = public_good_equilibrium([500, 300, 100], alpha=0.4, price=2.0)
    assert eq.contributions.tolist() == pytest.approx([100.0, 0.0, 0.0])
    assert eq.total == pytest.approx(100.0)
    assert eq.efficient_total == pytest.approx(180.0)
    assert best_response(300, [100.0, 0.0], alpha=0.4, price=2.0) == pytest.approx(0.0)


def test_summation_neutrality() -> None:
    """Bergstrom, Blume & Varian (1986), doi:10.1016/0047-2727(86)90024-1 (neutrality,
    after Warr 1983): moving 10 from ally 1 to ally 2, both still contributors, keeps G.

    m = (90, 90, 60): G = 0.5 * 180 / (0.5 + 2 * 0.5) = 60 again; q = (30, 30, 0).
    """
    eq = public_good_equilibrium([90, 90, 60])
    assert eq.total == pytest.approx(60.0)
    assert eq.contributions.tolist() == pytest.approx([30.0, 30.0, 0.0])


def test_weakest_link_reference_case() -> None:
    """Hirshleifer (1983), doi:10.1007/BF00141070; Sandler & Hartley (1995).

    Stand-alone optima a m_i / p = (50, 40, 30); the maximal Nash equilibrium has every ally
    supply the weakest link's 30, so G = 30. Efficient: all supply g at cost 3 p per unit of G,
    sum MRS = (240 - 3 G) / G = 3 gives G* = 240 / 6 = 40 = a M / (n p).
    """
    eq = public_good_equilibrium(INCOMES, technology="weakest-link")
    assert eq.total == pytest.approx(30.0)
    assert eq.contributions.tolist() == pytest.approx([30.0, 30.0, 30.0])
    assert eq.efficient_total == pytest.approx(40.0)
    assert eq.free_riders == ()


def test_best_shot_reference_case() -> None:
    """Hirshleifer (1983), doi:10.1007/BF00141070; Sandler & Hartley (1995).

    The richest ally provides its stand-alone optimum a m_1 / p = 50 and the others free-ride
    (each would provide alone only if 50 < (1 - a)^((1 - a)/a) a m_i / p = 0.5 * (40, 30)).
    Efficient: one provider, a unit of G costs p, so G* = a M / p = 120.
    """
    eq = public_good_equilibrium(INCOMES, technology="best-shot")
    assert eq.total == pytest.approx(50.0)
    assert eq.contributions.tolist() == pytest.approx([50.0, 0.0, 0.0])
    assert eq.efficient_total == pytest.approx(120.0)
    assert eq.free_riders == ("2", "3")


def test_technologies_rank_as_hirshleifer_predicts() -> None:
    """Hirshleifer (1983), doi:10.1007/BF00141070: underprovision is moderated under
    weakest-link and aggravated under best-shot, relative to summation.

    Ratios G / G* in the reference case: weakest-link 30/40 = 0.75, summation
    60/120 = 0.5, best-shot 50/120 = 5/12.
    """
    ratios = {
        t: public_good_equilibrium(INCOMES, technology=t).provision_ratio
        for t in ("weakest-link", "summation", "best-shot")
    }
    assert ratios == pytest.approx({"weakest-link": 0.75, "summation": 0.5, "best-shot": 5 / 12})
