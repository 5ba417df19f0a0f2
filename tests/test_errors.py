"""The error hierarchy: messages, built-in bases and exit codes."""

from allied.errors import (
    AmbiguousInputError,
    CatalogError,
    CatalogProblem,
    DataNotAvailableError,
    InputError,
    NotFoundError,
)


def test_message_has_what_where_and_fix() -> None:
    err = InputError("bad year 1700", where="argument --year", fix="Use 1816 or later.")
    assert str(err) == "bad year 1700 (argument --year). Use 1816 or later."


def test_errors_refine_builtins_and_carry_exit_codes() -> None:
    assert isinstance(InputError("x"), ValueError)
    assert isinstance(NotFoundError("x"), LookupError)
    assert isinstance(AmbiguousInputError("x"), ValueError)
    assert isinstance(DataNotAvailableError("x"), LookupError)
    assert InputError.exit_code == 2
    assert DataNotAvailableError.exit_code == 3


def test_catalog_error_names_first_problem_and_keeps_all() -> None:
    problems = [
        CatalogProblem("a.yaml", 3, "kind", "unknown kind", "Use one of: x."),
        CatalogProblem("b.yaml", None, "id", "duplicate id"),
    ]
    err = CatalogError(problems)
    assert err.problems == problems
    assert "a.yaml:3" in str(err) and "field 'kind'" in str(err)
    assert "b.yaml, field 'id': duplicate id." in str(err)
    assert isinstance(err, InputError)
