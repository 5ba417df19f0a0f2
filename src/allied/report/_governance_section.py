"""The brief's "Cost sharing and governance" section.

Three questions of every collaboration, answered by :mod:`allied.models`:

- how a common cost is split: F-35 common costs shared pro rata to planned
  aircraft among the partners of the program on the brief's date (the
  catalog's ``f35_program`` membership and planned quantities), beside the
  2007-2011 planning numbers of the ``f35`` program spec as history;
- who holds power under a decision rule: NATO's consensus against the Council
  of the EU's double majority (:func:`~allied.models.voting_power`);
- whether a program's work share matches its cost share: Eurofighter's
  production shares against its partners' planned buys.

Each part is left out when its spec, rule or arrangement is missing, so a
custom catalog still gets a brief. Every part lists the editions of the
figures it shows (``facts["editions"]``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from allied.catalog import Arrangement, Catalog, Role
from allied.cite import Citation
from allied.errors import NotFoundError
from allied.report import _charts as charts
from allied.report._editions import edition, planned_units_edition
from allied.report._labels import role_label
from allied.states import lookup

#: The program whose common cost shares the section shows.
SHARED_COST_PROGRAM = "f35"
#: The roles that share the F-35's common costs by planned aircraft: the lead nation
#: and the partners of the Production, Sustainment and Follow-on Development MoU. The
#: Netherlands Court of Audit: "the cost is distributed over the partner countries" in
#: proportion to the aircraft each plans to order; security cooperation participants and
#: Foreign Military Sales customers are not partners and buy through FMS.
COST_SHARING_ROLES = (
    Role.LEAD_NATION,
    Role.LEVEL_1_PARTNER,
    Role.LEVEL_2_PARTNER,
    Role.LEVEL_3_PARTNER,
)
#: The last signature of the PSFD MoU (TIAS 06-1231, signed 14 November 2006 to
#: 27 February 2007), whose key shares common costs by planned aircraft; before it,
#: partners paid fixed development (SDD) contributions.
PSFD_SIGNED = date(2007, 2, 27)
#: What the shipped ``f35`` spec records: the planning basis the Court of Audit published.
F35_PLANNING_BASIS = "JSF Program Office planning numbers of 2007-2011"
#: The program whose work shares the section checks against its cost shares.
WORK_SHARE_PROGRAM = "eurofighter"
#: The consensus rule and the majority rule the section compares.
CONSENSUS_RULE, MAJORITY_RULE = "nato", "eu-council"


def governance_section(catalog: Catalog, on: date) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Facts and chart specs of the section; ``None`` facts when no part applies."""
    facts: dict[str, Any] = {"editions": []}
    specs: dict[str, Any] = {}
    citations: list[Citation] = []
    parts = (_cost_part(catalog, on), _power_part(on), _work_share_part())
    for part in parts:
        if part is None:
            continue
        name, part_facts, spec, part_citations = part
        facts["editions"].extend(part_facts.pop("editions"))
        facts[name] = part_facts
        if spec is not None:
            specs[f"governance_{name}"] = spec
        citations.extend(part_citations)
    if len(facts) == 1:
        return None, {}
    facts["sources"] = _unique_rendered(citations)
    return facts, specs


Part = tuple[str, dict[str, Any], dict[str, Any] | None, list[Citation]]


def _name(iso3: str) -> str:
    return lookup(iso3, source="iso3").name


def _plan(program: str) -> Any | None:
    from allied.models import program_plan

    try:
        return program_plan(program)
    except NotFoundError:
        return None


def _short(citation: str) -> str:
    """A citation's author or publisher: the text before its first comma."""
    return citation.split(",")[0].strip()


def _cost_part(catalog: Catalog, on: date) -> Part | None:
    """Shares on ``on`` from the catalog's program membership, and the planning basis as history."""
    plan = _plan(SHARED_COST_PROGRAM)
    if plan is None:
        return None
    arrangement = catalog.by_id.get(plan.spec.arrangement or "")
    label = arrangement.label if arrangement is not None else plan.spec.name
    history, history_editions = _planning_history(plan, label)
    facts: dict[str, Any] = {
        "program": plan.spec.name,
        "on": on.isoformat(),
        "history": history,
        "editions": history_editions,
        "psfd_signed": PSFD_SIGNED.isoformat(),
        "current": None,
    }
    spec = None
    if arrangement is not None and on >= PSFD_SIGNED:
        current, spec = _shares_on(catalog, arrangement, on)
        if current is not None:
            facts["current"] = current
            facts["editions"] = current.pop("editions") + history_editions
    return "cost", facts, spec, plan.citations()


def _shares_on(
    catalog: Catalog, arrangement: Arrangement, on: date
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The cost shares among the partners on ``on`` by their planned units in the catalog."""
    from allied.models import proportional_shares

    partners = [m for m in arrangement.members_on(on) if m.role in COST_SHARING_ROLES]
    planned = {m.state: m.planned_quantity for m in partners if m.planned_quantity}
    if not planned:
        return None, None
    shares = proportional_shares(planned, cost=100).to_frame()
    role = {m.state: role_label(m.role) for m in partners}
    rows = [
        {
            "name": _name(str(r["player"])),
            "role": role[str(r["player"])],
            "planned": planned[str(r["player"])],
            "share_pct": round(float(r["share_percent"]), 3),
            "basis": f"{planned[str(r['player'])]:,} planned aircraft",
        }
        for r in shares.sort_values("share_percent", ascending=False).to_dict("records")
    ]
    unplanned = sorted(_name(m.state) for m in partners if not m.planned_quantity)
    current = {
        "arrangement": arrangement.label,
        "total": sum(planned.values()),
        "rows": rows,
        "unplanned": ", ".join(unplanned),
        "editions": [
            edition(
                f"{arrangement.label} cost shares",
                f"the partners on {on.isoformat()} (lead nation and Level 1-3 partners), "
                "pro rata to planned aircraft",
                "rule: Netherlands Court of Audit; partners and aircraft: the catalog",
            ),
            planned_units_edition(catalog, arrangement),
        ],
    }
    title = (
        f"{arrangement.label} partners on {on.isoformat()}: common cost shares by planned aircraft"
    )
    return current, charts.share_bars(rows, title=title)


def _planning_history(plan: Any, label: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The spec's planning numbers and the shares they gave, labelled as history."""
    frame = plan.partners.sort_values("cost_share", ascending=False)
    rows = [
        {
            "name": _name(str(r["state"])),
            "planned": int(r["planned_quantity"]),
            "share_pct": round(100 * float(r["cost_share"]), 3),
        }
        for r in frame.to_dict("records")
    ]
    keys = {p.planned_quantity.source for p in plan.spec.partners if p.planned_quantity}
    sources = "; ".join(sorted(_short(plan.spec.sources[k].citation) for k in keys if k))
    history = {
        "label": label,
        "basis": F35_PLANNING_BASIS,
        "source": sources,
        "total": int(frame["planned_quantity"].sum()),
        "rows": rows,
    }
    return history, [edition(f"{label}: planning numbers (history)", F35_PLANNING_BASIS, sources)]


def _power_part(on: date) -> Part | None:
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
        "editions": _rule_editions(consensus) + _rule_editions(majority),
        "later": _later_rules(on, consensus, majority),
    }
    spec = charts.power_bars(
        rows,
        title=f"{majority.name}: voting power against population",
        equal_share_pct=round(equal_pct, 3),
        equal_label=f"{consensus.name}: every member {equal_pct:.2f}%",
    )
    return "power", facts, spec, majority.citations() + consensus.citations()


def _later_rules(on: date, *powers: Any) -> str:
    """The rules whose membership is dated after ``on``, for a warning on the page."""
    later = [
        f"{p.name} (as of {p.game.rule.as_of.isoformat()})"
        for p in powers
        if p.game.rule is not None and p.game.rule.as_of > on
    ]
    return "; ".join(later)


def _rule_editions(power: Any) -> list[dict[str, str]]:
    """The editions of a rule's members and of each weight it uses."""
    rule = power.game.rule
    if rule is None:
        return []
    entries = [
        edition(
            f"{power.name}: members",
            f"as of {rule.as_of.isoformat()} ({len(rule.members)} members)",
            _short(rule.sources[0].citation),
        )
    ]
    for name, weight in sorted(rule.weights.items()):
        entries.append(
            edition(
                f"{power.name}: {name}",
                f"{weight.unit} on {weight.as_of.isoformat()}",
                _short(weight.sources[0].citation),
            )
        )
    return entries


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
            {"name": name, "share": "cost share (planned buys)", "percent": round(cost, 2)},
            {"name": name, "share": "published work share", "percent": round(work, 2)},
        ]
        table.append(
            {
                "name": name,
                "planned": int(r["planned_quantity"]),
                "cost_pct": f"{cost:.2f}",
                "work_pct": f"{work:.1f}",
                "gap_pp": f"{work - cost:+.2f}",
            }
        )
    gaps = (frame["published_work_share"] - frame["cost_share"]).abs()
    facts = {
        "program": plan.spec.name,
        "planned": int(frame["planned_quantity"].sum()),
        "largest_gap_pp": f"{100 * float(gaps.max()):.2f}",
        "largest_gap_state": _name(str(frame.loc[gaps.idxmax(), "state"])),
        "rows": table,
        "editions": _figure_editions(plan.spec, "planned_quantity", "planned buys")
        + _figure_editions(plan.spec, "published_work_share", "published work shares"),
    }
    spec = charts.grouped_bars(
        rows,
        title=f"{plan.spec.name}: work share against cost share",
        value="percent",
        value_title="% of the programme",
        group="share",
        colors={"cost share (planned buys)": "#1f4e9c", "published work share": "#e67e22"},
        row_height=22,
    )
    return "work_share", facts, spec, plan.citations()


def _figure_editions(spec: Any, figure: str, label: str) -> list[dict[str, str]]:
    """The edition of one figure of a program spec: the source its partners cite for it."""
    keys = sorted({f.source for p in spec.partners if (f := getattr(p, figure)) and f.source})
    if not keys:
        return []
    cited = [spec.sources[k].citation for k in keys]
    return [edition(f"{spec.name}: {label}", "; ".join(cited), "; ".join(map(_short, cited)))]


def _unique_rendered(citations: list[Citation]) -> list[str]:
    return list(dict.fromkeys(citation.render() for citation in citations))
