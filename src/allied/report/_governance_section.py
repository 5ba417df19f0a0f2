"""The brief's "Cost sharing and governance" section.

Three questions of every collaboration, answered by :mod:`allied.models` from
the embedded program specs and decision rules (no dataset needed):

- how a common cost is split: F-35 sustainment shared by planned aircraft
  (:func:`~allied.models.program_plan` on the ``f35`` spec);
- who holds power under a decision rule: NATO's consensus against the Council
  of the EU's double majority (:func:`~allied.models.voting_power`);
- whether a program's work share matches its cost share: Eurofighter's
  production shares against its partners' orders.

Each part is left out when its spec or rule is missing, so a custom catalog
still gets a brief.
"""

from __future__ import annotations

from typing import Any

from allied.cite import Citation
from allied.errors import NotFoundError
from allied.report import _charts as charts
from allied.states import lookup

#: The program whose sustainment cost shares the section shows.
SHARED_COST_PROGRAM = "f35"
#: The program whose work shares the section checks against its cost shares.
WORK_SHARE_PROGRAM = "eurofighter"
#: The consensus rule and the majority rule the section compares.
CONSENSUS_RULE, MAJORITY_RULE = "nato", "eu-council"


def governance_section() -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Facts and chart specs of the section; ``None`` facts when no part applies."""
    facts: dict[str, Any] = {}
    specs: dict[str, Any] = {}
    citations: list[Citation] = []
    for build in (_cost_part, _power_part, _work_share_part):
        part = build()
        if part is None:
            continue
        name, part_facts, spec, part_citations = part
        facts[name] = part_facts
        specs[f"governance_{name}"] = spec
        citations.extend(part_citations)
    if not facts:
        return None, {}
    facts["sources"] = _unique_rendered(citations)
    return facts, specs


Part = tuple[str, dict[str, Any], dict[str, Any], list[Citation]]


def _name(iso3: str) -> str:
    return lookup(iso3, source="iso3").name


def _plan(program: str) -> Any | None:
    from allied.models import program_plan

    try:
        return program_plan(program)
    except NotFoundError:
        return None


def _cost_part() -> Part | None:
    plan = _plan(SHARED_COST_PROGRAM)
    if plan is None:
        return None
    frame = plan.partners.sort_values("cost_share", ascending=False)
    rows = [
        {
            "name": _name(str(r["state"])),
            "planned": int(r["planned_quantity"]),
            "share_pct": round(100 * float(r["cost_share"]), 3),
            "basis": f"{int(r['planned_quantity']):,} planned aircraft",
        }
        for r in frame.to_dict("records")
    ]
    facts = {
        "program": plan.spec.name,
        "total": int(frame["planned_quantity"].sum()),
        "rows": rows,
    }
    spec = charts.share_bars(
        rows, title=f"{plan.spec.name}: sustainment cost shares by planned aircraft"
    )
    return "cost", facts, spec, plan.citations()


def _power_part() -> Part | None:
    from allied.models import voting_power

    try:
        consensus, majority = voting_power(CONSENSUS_RULE), voting_power(MAJORITY_RULE)
    except NotFoundError:
        return None
    frame = majority.to_frame()
    population = frame["population"] / frame["population"].sum()
    frame = frame.assign(population_share=population).sort_values("population", ascending=False)
    measures = dict(
        zip(
            charts.POWER_MEASURES,
            ("population_share", "banzhaf", "shapley_shubik"),
            strict=True,
        )
    )
    rows = [
        {"name": _name(str(r["player"])), "measure": label, "percent": round(100 * r[col], 2)}
        for r in frame.to_dict("records")
        for label, col in measures.items()
    ]
    n_consensus = len(consensus.game.players)
    equal_pct = 100 / n_consensus
    facts = {
        "consensus_name": consensus.name,
        "consensus_members": n_consensus,
        "consensus_pct": f"{equal_pct:.3f}",
        "consensus_passing": f"1 in {2**n_consensus:,}",
        "majority_name": majority.name,
        "majority_members": len(majority.game.players),
        "majority_passing_pct": f"{100 * majority.winning_coalitions / 2 ** len(frame):.2f}",
        "rows": [_power_row(r) for r in frame.to_dict("records")],
    }
    spec = charts.power_bars(
        rows,
        title=f"{majority.name}: voting power against population",
        equal_share_pct=round(equal_pct, 3),
        equal_label=f"{consensus.name}: every member {equal_pct:.2f}%",
    )
    return "power", facts, spec, majority.citations() + consensus.citations()


def _power_row(r: dict[Any, Any]) -> dict[str, Any]:
    return {
        "name": _name(str(r["player"])),
        "population_pct": f"{100 * r['population_share']:.2f}",
        "banzhaf_pct": f"{100 * r['banzhaf']:.2f}",
        "shapley_shubik_pct": f"{100 * r['shapley_shubik']:.2f}",
    }


def _work_share_part() -> Part | None:
    plan = _plan(WORK_SHARE_PROGRAM)
    if plan is None:
        return None
    frame = plan.partners.dropna(subset=["published_work_share"])
    if frame.empty:
        return None
    rows = []
    table = []
    for r in frame.to_dict("records"):
        name = _name(str(r["state"]))
        cost, work = 100 * float(r["cost_share"]), 100 * float(r["published_work_share"])
        rows += [
            {"name": name, "share": "cost share (orders)", "percent": round(cost, 2)},
            {"name": name, "share": "published work share", "percent": round(work, 2)},
        ]
        table.append(
            {
                "name": name,
                "orders": int(r["planned_quantity"]),
                "cost_pct": f"{cost:.2f}",
                "work_pct": f"{work:.1f}",
                "gap_pp": f"{work - cost:+.2f}",
            }
        )
    gaps = (frame["published_work_share"] - frame["cost_share"]).abs()
    facts = {
        "program": plan.spec.name,
        "orders": int(frame["planned_quantity"].sum()),
        "largest_gap_pp": f"{100 * float(gaps.max()):.2f}",
        "largest_gap_state": _name(str(frame.loc[gaps.idxmax(), "state"])),
        "rows": table,
    }
    spec = charts.grouped_bars(
        rows,
        title=f"{plan.spec.name}: work share against cost share",
        value="percent",
        value_title="% of the programme",
        group="share",
        colors={"cost share (orders)": "#1f4e9c", "published work share": "#e67e22"},
        row_height=22,
    )
    return "work_share", facts, spec, plan.citations()


def _unique_rendered(citations: list[Citation]) -> list[str]:
    return list(dict.fromkeys(citation.render() for citation in citations))
