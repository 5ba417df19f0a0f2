"""The public names of each package, so that a removal is a deliberate change."""

import allied
import allied.catalog
import allied.cite
import allied.errors
import allied.report
import allied.states


def test_public_api() -> None:
    assert set(allied.states.__all__) == {
        "CodeSystem",
        "State",
        "code_spells",
        "lookup",
        "resolve",
        "search",
        "table",
    }
    assert {
        "arrangements",
        "members",
        "partners_of",
        "timeline",
        "load_catalog",
        "Arrangement",
        "Kind",
        "Role",
        "Obligation",
        "Domain",
        "compare_with_atop",
    } <= set(allied.catalog.__all__)
    assert set(allied.report.__all__) == {"Brief", "build_brief", "catalog_summary", "write_brief"}
    assert {"InputError", "DataNotAvailableError", "CatalogError"} <= set(allied.errors.__all__)
    assert {"cite", "Citation"} <= set(allied.cite.__all__)
    for module in (allied.states, allied.catalog, allied.report, allied.errors, allied.cite):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
    assert allied.__version__
