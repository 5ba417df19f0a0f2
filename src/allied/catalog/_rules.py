"""Decision rules as data: who votes, with what weights, and which coalitions win.

One YAML file per rule in ``catalog/rules/`` (``<id>.yaml``). A rule lists its
members (ISO3), named integer weights with their date and sources (population
in persons, votes), optional veto players, and the winning condition as a list
of alternative clauses (``win``); a coalition wins when it meets *every*
condition of *at least one* clause, and includes every veto player. A
condition is a threshold on one weight (``members`` counts each member once):

``at_least: N``
    the coalition's weight is at least N;
``share: 0.65``
    at least that share of the total weight: the integer quota
    ``ceil(share * total)``, computed with exact fractions (``0.65`` is read
    as 65/100, not as the binary float);
``against_at_most: 3``
    the members outside the coalition weigh at most 3: the quota is
    ``total - 3`` (the EU Council's blocking minority of four members).

Examples
--------
>>> rule = decision_rule("eec-1958")
>>> rule.name
'EEC Council of Ministers, qualified majority (1958)'
>>> rule.weights["votes"].values["DEU"], rule.win[0].all[0].at_least
(4, 12)
>>> sorted(decision_rules())[:3]
['eec-1958', 'eu-council', 'eu-council-unanimity']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from allied._validation import read_text
from allied._yaml import Location, YamlProblemError, load_with_lines
from allied.catalog._checks import Finding, _check_state
from allied.catalog._load import _problem, _validation_problems, embedded_files
from allied.catalog._schema import Iso3, RuleId, Slug, Source, Text, _Frozen
from allied.cite import Citation
from allied.errors import CatalogError, CatalogProblem, NotFoundError

__all__ = [
    "DecisionRule",
    "RuleClause",
    "RuleCondition",
    "RuleWeight",
    "decision_rule",
    "decision_rules",
]

#: The weight every condition may use without declaring it: one per member.
MEMBERS = "members"


class RuleWeight(_Frozen):
    """Integer weights of the members (population in persons, votes), with provenance."""

    unit: Text
    as_of: date
    values: dict[Iso3, Annotated[int, Field(ge=0)]]
    sources: list[Source] = Field(min_length=1)
    notes: Text | None = None

    @property
    def total(self) -> int:
        """The sum of the members' weights."""
        return sum(self.values.values())


class RuleCondition(_Frozen):
    """One threshold on one weight; give exactly one of the three quotas."""

    weight: str = MEMBERS
    at_least: int | None = Field(default=None, ge=1)
    share: float | None = Field(default=None, gt=0, le=1)
    against_at_most: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_quota(self) -> RuleCondition:
        given = [self.at_least, self.share, self.against_at_most]
        if sum(value is not None for value in given) != 1:
            raise ValueError("give exactly one of at_least, share and against_at_most")
        return self

    def quota(self, total: int) -> int:
        """The integer quota against a total weight: ``ceil(share * total)`` for shares."""
        if self.at_least is not None:
            return self.at_least
        if self.share is not None:
            needed = Fraction(repr(self.share)) * total
            return -(-needed.numerator // needed.denominator)
        assert self.against_at_most is not None
        return total - self.against_at_most


class RuleClause(_Frozen):
    """Conditions that must all hold."""

    all: list[RuleCondition] = Field(min_length=1)


class DecisionRule(_Frozen):
    """A decision rule: members, weights, veto players and the winning condition.

    Attributes
    ----------
    id
        Stable identifier; equals the YAML file's name without ``.yaml``.
    legal_basis
        The articles that set the rule (``TEU Art. 16(4); TFEU Art. 238(3)``).
    as_of
        The date the membership (and weights) describe.
    members
        The voters, as ISO 3166-1 alpha-3 codes, in display order.
    weights
        Named integer weights of every member (``population``, ``votes``);
        ``members`` (one per member) is implicit.
    vetoes
        Members that every winning coalition must include.
    win
        Alternative clauses: a coalition wins when it meets every condition
        of at least one clause (and includes every veto player).
    """

    id: RuleId
    name: Text
    short_name: Text | None = None
    description: Text
    legal_basis: Text
    as_of: date
    members: list[Iso3] = Field(min_length=1)
    weights: dict[Slug, RuleWeight] = Field(default_factory=dict)
    vetoes: list[Iso3] = Field(default_factory=list)
    win: list[RuleClause] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    notes: Text | None = None

    @property
    def label(self) -> str:
        """The short name where there is one, else the name."""
        return self.short_name or self.name

    def weight_of(self, name: str) -> list[int]:
        """The members' weights ``name`` in member order (``members``: all ones)."""
        if name == MEMBERS:
            return [1] * len(self.members)
        values = self.weights[name].values
        return [values[member] for member in self.members]

    def citations(self) -> list[Citation]:
        """The sources of the rule and of its weights, as citations."""
        sources = list(self.sources)
        for weight in self.weights.values():
            sources.extend(s for s in weight.sources if s not in sources)
        return [
            Citation(f"{self.id}:{i}", s.citation, url=s.url, accessed=s.accessed.isoformat())
            for i, s in enumerate(sources, start=1)
        ]


# --------------------------------------------------------------------------- checks


def _check_rule(rule: DecisionRule) -> Iterator[Finding]:
    members = set(rule.members)
    for index, code in enumerate(rule.members):
        yield from _check_state(code, ("members", index))
    for code, count in Counter(rule.members).items():
        if count > 1:
            yield ("members",), f"{code} is listed {count} times", "List each member once."
    if MEMBERS in rule.weights:
        yield (
            ("weights", MEMBERS),
            "'members' is the implicit one-per-member weight",
            "Give the weight another name, such as votes or population.",
        )
    for name, weight in rule.weights.items():
        missing = [m for m in rule.members if m not in weight.values]
        extra = sorted(set(weight.values) - members)
        if missing:
            yield (
                ("weights", name, "values"),
                f"no {name} for {', '.join(missing)}",
                "Give a value for every member.",
            )
        if extra:
            yield (
                ("weights", name, "values"),
                f"{name} given for non-members {', '.join(extra)}",
                "Remove them, or add them to members.",
            )
    for index, code in enumerate(rule.vetoes):
        if code not in members:
            yield (("vetoes", index), f"veto player {code} is not a member", "Add it to members.")
    known = [MEMBERS, *rule.weights]
    for c, clause in enumerate(rule.win):
        for k, condition in enumerate(clause.all):
            where: Location = ("win", c, "all", k)
            if condition.weight not in known:
                yield (
                    (*where, "weight"),
                    f"unknown weight {condition.weight!r}",
                    f"Use one of: {', '.join(known)}.",
                )
                continue
            if condition.weight != MEMBERS and _missing_any(rule, condition.weight):
                continue
            total = sum(rule.weight_of(condition.weight))
            quota = condition.quota(total)
            if not 1 <= quota <= total:
                yield (
                    where,
                    f"quota {quota} on {condition.weight} is outside 1..{total} (the total)",
                    "No coalition, or every coalition, would meet it; check the number.",
                )


def _missing_any(rule: DecisionRule, name: str) -> bool:
    """Whether weight ``name`` lacks a value for some member (reported separately)."""
    return any(member not in rule.weights[name].values for member in rule.members)


# --------------------------------------------------------------------------- loading


def parse_rule(file: str, text: str, *, stem_is_id: bool = True) -> DecisionRule:
    """Validate one rule file.

    Raises
    ------
    CatalogError
        Every problem with its file, line and field.
    """
    try:
        data, lines = load_with_lines(text, file)
    except YamlProblemError as exc:
        raise CatalogError([exc.problem]) from None
    if not isinstance(data, dict):
        raise CatalogError(
            [
                CatalogProblem(
                    file, 1, "", "the file is not a YAML mapping", "Write one rule as key: value."
                )
            ]
        )
    try:
        rule = DecisionRule.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_validation_problems(file, lines, exc)) from None
    problems = [_problem(file, lines, *finding) for finding in _check_rule(rule)]
    stem = Path(file).name.removesuffix(".yaml")
    if stem_is_id and rule.id != stem:
        problems.append(
            _problem(
                file,
                lines,
                ("id",),
                f"id {rule.id!r} differs from the file name {stem!r}",
                f"Rename the file to {rule.id}.yaml or change the id.",
            )
        )
    if problems:
        raise CatalogError(problems)
    return rule


@cache
def decision_rules() -> dict[str, DecisionRule]:
    """Every decision rule shipped with the package, by id.

    Examples
    --------
    >>> rules = decision_rules()
    >>> rules["unsc"].vetoes
    ['CHN', 'FRA', 'GBR', 'RUS', 'USA']
    >>> len(rules["nato"].members)
    32
    """
    rules = (parse_rule(name, text) for name, text in embedded_files("rules"))
    return {rule.id: rule for rule in rules}


def decision_rule(rule: str | Path) -> DecisionRule:
    """A decision rule by id (``eu-council``, ``nato``, ``unsc``, ...) or from a YAML file.

    Parameters
    ----------
    rule
        The id of a rule shipped with the package, or the path of a rule file
        (any name ending in ``.yaml`` or ``.yml``, or an existing file).

    Raises
    ------
    NotFoundError
        An unknown id (the message lists the known ones) or a missing file.
    CatalogError
        A file that does not validate, with its line and field.

    Examples
    --------
    >>> decision_rule("unsc").legal_basis
    'UN Charter Art. 27(3)'
    >>> decision_rule("un-security-council")
    Traceback (most recent call last):
    ...
    allied.errors.NotFoundError: no decision rule 'un-security-council' (argument rule). \
Use one of: eec-1958, eu-council, eu-council-unanimity, nato, unsc; or give a rule's YAML file.
    """
    text = str(rule)
    if isinstance(rule, Path) or text.endswith((".yaml", ".yml")) or Path(text).is_file():
        path = Path(text)
        if not path.exists():
            raise NotFoundError(
                f"no rule file {text!r}",
                where="argument rule",
                fix="Give the path of an existing YAML file, or a rule id.",
            )
        fix = "Give a rule's YAML file, or a rule id."
        content = read_text(path, where="argument rule", fix=fix)
        return parse_rule(text, content, stem_is_id=False)
    known = decision_rules()
    if text not in known:
        raise NotFoundError(
            f"no decision rule {text!r}",
            where="argument rule",
            fix=f"Use one of: {', '.join(sorted(known))}; or give a rule's YAML file.",
        )
    return known[text]
