"""Program specs: the YAML schema, the loader and line-aware errors.

A spec separates what was *published* (a number with a ``source``, a key
into the spec's ``sources``) from what is *assumed* (a number with an
``assumption``, a sentence saying why): every :class:`Figure` has exactly
one of the two.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from allied._validation import read_text
from allied._yaml import Location, format_location, load_input, place
from allied.cite import Citation
from allied.errors import InputError, NotFoundError

_Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
_State = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
_Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """A published work a figure comes from."""

    citation: _Text
    url: _Text
    accessed: date


class Figure(_Model):
    """A number, and either the published ``source`` it comes from or the ``assumption`` it is.

    ``source`` is a key into the spec's ``sources``; ``assumption`` says in a
    sentence why the number was chosen. ``note`` may add context.
    """

    value: float
    source: str | None = None
    assumption: _Text | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_basis(self) -> Figure:
        if (self.source is None) == (self.assumption is None):
            raise ValueError(
                "give exactly one of 'source' (a published figure) or 'assumption' (an assumed one)"
            )
        return self

    @property
    def published(self) -> bool:
        """True for a published figure, False for an assumption."""
        return self.source is not None


class Partner(_Model):
    """One partner nation of a program."""

    state: _State
    role: str | None = None
    planned_quantity: Figure | None = None
    initial_quantity: Figure | None = None
    cost_share: Figure | None = None
    published_work_share: Figure | None = None
    development_contribution: Figure | None = None
    capabilities: list[_Text] = Field(default_factory=list)
    notes: str | None = None


class LearningCurveSpec(_Model):
    """Wright's learning curve of a program: first-unit cost and slope."""

    first_unit_cost: Figure
    slope: Figure


class WorkPackage(_Model):
    """A work package to assign to one partner's industry."""

    package: _Text
    value: float = Field(gt=0)
    capability: _Text
    program: str | None = None
    year: int | None = None
    costs: dict[_State, float] | None = None


class ProgramSpec(_Model):
    """A multinational armament program, as written in a spec file.

    Attributes
    ----------
    id, name
        Identifier (lower_snake_case) and name.
    arrangement
        The catalog arrangement the program belongs to (its partners must be
        members of it), or ``None`` for an illustrative spec.
    illustrative
        True for made-up examples (say so in ``description``).
    cost_share_basis
        ``"quantity"``: cost shares are planned quantities over their total;
        ``"declared"``: each partner's ``cost_share``.
    currency
        The unit of money figures, e.g. ``"USD bn"`` or ``"relative"``.
    partners
        The partner nations with their figures.
    development_cost, collaboration_exponent, collaboration_premium
        One nation's stand-alone development cost and the rule that turns it
        into the collaborative one (Hartley's :math:`N^e`, or ``1 + premium``).
    learning_curve
        Wright's curve for production, if known or assumed.
    work_packages, mode, tolerance, program_tolerance, objective
        Work packages and the settings of the work-share MILP.
    sources
        Published works, by key; figures refer to them.
    """

    id: _Id
    name: _Text
    arrangement: _Id | None = None
    illustrative: bool = False
    description: str | None = None
    cost_share_basis: Literal["quantity", "declared"] = "quantity"
    currency: _Text = "relative"
    partners: list[Partner] = Field(min_length=1)
    development_cost: Figure | None = None
    collaboration_exponent: Figure | None = None
    collaboration_premium: Figure | None = None
    learning_curve: LearningCurveSpec | None = None
    work_packages: list[WorkPackage] | None = None
    mode: Literal["program", "global"] = "program"
    objective: Literal["deviation", "cost"] = "deviation"
    tolerance: float = Field(default=0.02, ge=0, le=1)
    program_tolerance: float | None = Field(default=None, ge=0, le=1)
    sources: dict[str, Source] = Field(default_factory=dict)

    @property
    def states(self) -> tuple[str, ...]:
        """The partners' ISO3 codes, in the order given."""
        return tuple(p.state for p in self.partners)

    def figures(self) -> list[tuple[str, Figure]]:
        """Every figure of the spec with its dotted location, e.g. ``partners[0].cost_share``."""
        found: list[tuple[str, Figure]] = []
        for name in ("development_cost", "collaboration_exponent", "collaboration_premium"):
            figure = getattr(self, name)
            if figure is not None:
                found.append((name, figure))
        if self.learning_curve is not None:
            found.append(("learning_curve.first_unit_cost", self.learning_curve.first_unit_cost))
            found.append(("learning_curve.slope", self.learning_curve.slope))
        for i, partner in enumerate(self.partners):
            for name in (
                "planned_quantity",
                "initial_quantity",
                "cost_share",
                "published_work_share",
                "development_contribution",
            ):
                figure = getattr(partner, name)
                if figure is not None:
                    found.append((f"partners[{i}].{name}", figure))
        return found

    def assumptions(self) -> list[tuple[str, str]]:
        """``(field, assumption)`` for every assumed figure: what is not a published fact."""
        return [(f, fig.assumption) for f, fig in self.figures() if fig.assumption is not None]

    def citations(self) -> list[Citation]:
        """The published works the spec's figures come from (for :func:`allied.cite.cite`)."""
        return [
            Citation(f"{self.id}:{key}", s.citation, url=s.url, accessed=s.accessed.isoformat())
            for key, s in self.sources.items()
        ]


#: Other data files of ``models/data``: the partner-fit indicator registry and weights.
_NOT_PROGRAMS = ("partner_",)


def program_ids() -> list[str]:
    """Ids of the program specs shipped with ``allied``.

    Examples
    --------
    >>> program_ids()
    ['a400m', 'eurofighter', 'f35', 'gcap']
    """
    folder = resources.files("allied.models").joinpath("data")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and not entry.name.startswith(_NOT_PROGRAMS)
    )


def program_table() -> pd.DataFrame:
    """One row per shipped program spec, as ``allied program list`` shows them.

    Columns: ``id``, ``name``, ``arrangement`` (the catalog id), ``partners``
    (ISO3 codes, comma-separated), ``planned_quantity`` (the partners'
    planned units, or ``None`` when no partner has one), ``cost_share_basis``,
    and how many ``assumptions`` and ``sources`` the spec has.

    Examples
    --------
    >>> table = program_table().set_index("id")
    >>> table.loc["eurofighter", "partners"], int(table.loc["eurofighter", "planned_quantity"])
    ('GBR, DEU, ITA, ESP', 620)
    """
    rows = []
    for program_id in program_ids():
        spec = load_program(program_id)
        quantities = [p.planned_quantity.value for p in spec.partners if p.planned_quantity]
        rows.append(
            {
                "id": spec.id,
                "name": spec.name,
                "arrangement": spec.arrangement,
                "partners": ", ".join(spec.states),
                "planned_quantity": int(sum(quantities)) if quantities else None,
                "cost_share_basis": spec.cost_share_basis,
                "assumptions": len(spec.assumptions()),
                "sources": len(spec.sources),
            }
        )
    return pd.DataFrame(rows)


def load_program(id_or_path: str | Path) -> ProgramSpec:
    """A program spec: a shipped one by id (see :func:`program_ids`), or a YAML file.

    Figures must name a ``source`` listed under ``sources`` or state an
    ``assumption``; the partners of a spec that names a catalog
    ``arrangement`` must be members of it. Errors name the file, line and
    field.

    Examples
    --------
    >>> spec = load_program("eurofighter")
    >>> spec.states, [p.planned_quantity.value for p in spec.partners]
    (('GBR', 'DEU', 'ITA', 'ESP'), [232.0, 180.0, 121.0, 87.0])
    """
    text, file = _read(id_or_path)
    return _parse(text, file)


def _read(id_or_path: str | Path) -> tuple[str, str]:
    name = str(id_or_path)
    if isinstance(id_or_path, str) and name in program_ids():
        return resources.files("allied.models").joinpath("data", f"{name}.yaml").read_text(
            encoding="utf-8"
        ), (f"{name}.yaml")
    path = Path(id_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        fix = "Check the path, or give a shipped program id."
        return read_text(path, where="argument id_or_path", fix=fix), str(path)
    raise NotFoundError(
        f"unknown program {name!r}",
        where="argument id_or_path",
        fix=f"Use one of: {', '.join(program_ids())}, or the path of a YAML spec.",
    )


@cache
def _parse(text: str, file: str) -> ProgramSpec:
    data, lines = load_input(text, file)
    if not isinstance(data, dict):
        raise InputError(
            "the spec is not a YAML mapping",
            where=f"{file}:1",
            fix="Write the program as 'key: value' lines (see examples/programs/).",
        )
    try:
        spec = ProgramSpec.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        location: Location = tuple(first["loc"])
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        got = "" if first["type"] == "missing" else f" (got {first.get('input')!r})"
        raise InputError(
            f"invalid program spec: {first['msg']}{got}{more}",
            where=_where(file, lines, location),
            fix="Correct the field; see allied.models.ProgramSpec for the schema.",
        ) from None
    _check_links(spec, file, lines)
    return spec


def _where(file: str, lines: dict[Location, int], location: Location) -> str:
    line = None
    probe = location
    while line is None and probe:
        line = lines.get(probe)
        probe = probe[:-1]
    return place(file, line if line is not None else 1, format_location(location))


def _check_links(spec: ProgramSpec, file: str, lines: dict[Location, int]) -> None:
    """Sources that exist, partners named once, members of the catalog arrangement."""
    for field, figure in spec.figures():
        if figure.source is not None and figure.source not in spec.sources:
            location = _location(f"{field}.source")
            raise InputError(
                f"figure cites unknown source {figure.source!r}",
                where=_where(file, lines, location),
                fix=f"Add it under 'sources' or use one of: {', '.join(spec.sources) or 'none'}.",
            )
    seen: set[str] = set()
    for i, partner in enumerate(spec.partners):
        if partner.state in seen:
            raise InputError(
                f"partner {partner.state} listed twice",
                where=_where(file, lines, ("partners", i, "state")),
                fix="List each partner once.",
            )
        seen.add(partner.state)
    if spec.arrangement is None:
        return
    from allied import catalog

    arrangement = catalog.load_catalog().get(spec.arrangement)
    members = {m.state for m in arrangement.members}
    for i, partner in enumerate(spec.partners):
        if partner.state not in members:
            raise InputError(
                f"partner {partner.state} is not a member of catalog arrangement "
                f"{spec.arrangement!r}",
                where=_where(file, lines, ("partners", i, "state")),
                fix=f"Use one of its members ({', '.join(sorted(members))}) or drop 'arrangement'.",
            )


def _location(dotted: str) -> Location:
    """``"partners[2].cost_share"`` -> ``("partners", 2, "cost_share")``."""
    out: list[str | int] = []
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        out.append(name)
        if index:
            out.append(int(index.rstrip("]")))
    return tuple(out)


__all__ = [
    "Figure",
    "LearningCurveSpec",
    "Partner",
    "ProgramSpec",
    "Source",
    "WorkPackage",
    "load_program",
    "program_ids",
    "program_table",
]
