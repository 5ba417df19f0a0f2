"""Loading and validating a folder of catalog YAML files."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from allied._validation import UTF8_FIX, check_input_path, first_non_utf8, read_text
from allied._yaml import Location, YamlProblemError, format_location, load_with_lines
from allied.catalog._checks import check_arrangement, check_links
from allied.catalog._schema import Arrangement
from allied.errors import CatalogError, CatalogProblem, InputError

EMBEDDED = "embedded"


def embedded_files(folder_name: str = "data") -> list[tuple[str, str]]:
    """The (file name, text) of every YAML file shipped in ``catalog/<folder_name>``.

    ``data`` holds the arrangements, ``rules`` the decision rules.
    """
    folder = resources.files("allied.catalog").joinpath(folder_name)
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def folder_files(directory: Path) -> list[tuple[str, str]]:
    """The (path, text) of every ``*.yaml`` file in ``directory``.

    Raises
    ------
    InputError
        ``directory`` is missing, is a file, or holds no ``.yaml`` file.
    CatalogError
        A file cannot be read or is not UTF-8 (each such file with its line and column).
    """
    fix = "Give a folder that holds one .yaml file per arrangement."
    if directory.is_file():
        fix += f" To check the single file, run `allied catalog validate {directory}`."
    check_input_path(directory, where="catalog path", fix=fix, folder=True)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputError(
            f"no .yaml files in {str(directory)!r}",
            where="catalog path",
            fix="Put one <id>.yaml file per arrangement in the folder.",
        )
    texts: list[tuple[str, str]] = []
    problems: list[CatalogProblem] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(
                CatalogProblem(str(path), None, "", f"cannot read the file: {exc.strerror}", "")
            )
            continue
        bad = first_non_utf8(data)
        if bad is None:
            texts.append((str(path), data.decode("utf-8-sig")))
            continue
        line, column, byte = bad
        problems.append(
            CatalogProblem(
                str(path),
                line,
                "",
                f"not UTF-8 text: byte 0x{byte:02x} at column {column} is not valid UTF-8",
                UTF8_FIX,
            )
        )
    if problems:
        raise CatalogError(problems)
    return texts


def validate_file(path: Path) -> Arrangement:
    """Validate one arrangement file together with the embedded catalog.

    The file takes the place of the embedded file of the same name (or is
    added beside them), so its links to other arrangements (parents,
    decision rules) are checked too.

    Raises
    ------
    InputError
        The file is missing, unreadable or not UTF-8.
    CatalogError
        The file does not validate (every problem with its line and field).
    """
    text = read_text(path, where="argument PATH", fix="Give a catalog .yaml file or a folder.")
    file = str(path)
    embedded = [(name, body) for name, body in embedded_files() if name != path.name]
    found = parse_files([*embedded, (file, text)])
    stem = path.name.removesuffix(".yaml")
    return found[stem]


def parse_files(files: Iterable[tuple[str, str]]) -> dict[str, Arrangement]:
    """Validate every file and every link between them.

    Raises
    ------
    CatalogError
        With every problem found, each naming its file, line and field.
    """
    arrangements: dict[str, Arrangement] = {}
    lines_of: dict[str, tuple[str, dict[Location, int]]] = {}
    problems: list[CatalogProblem] = []
    unparsed: set[str] = set()
    for file, text in files:
        parsed = _parse_one(file, text, problems)
        if parsed is None:
            unparsed.add(Path(file).name.removesuffix(".yaml"))
            continue
        arrangement, lines = parsed
        if arrangement.id in arrangements:
            problems.append(
                CatalogProblem(
                    file,
                    lines.get(("id",)),
                    "id",
                    f"duplicate id {arrangement.id!r}, also used in {lines_of[arrangement.id][0]}",
                    "Give each arrangement its own id.",
                )
            )
            continue
        arrangements[arrangement.id] = arrangement
        lines_of[arrangement.id] = (file, lines)
    rules = {Path(name).stem for name, _ in embedded_files("rules")}
    for arrangement_id, (location, problem, fix) in check_links(arrangements, unparsed, rules):
        file, lines = lines_of[arrangement_id]
        problems.append(_problem(file, lines, location, problem, fix))
    if problems:
        raise CatalogError(problems)
    return arrangements


def _parse_one(
    file: str, text: str, problems: list[CatalogProblem]
) -> tuple[Arrangement, dict[Location, int]] | None:
    try:
        data, lines = load_with_lines(text, file)
    except YamlProblemError as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(data, dict):
        problems.append(
            CatalogProblem(
                file,
                1,
                "",
                "the file is not a YAML mapping",
                "Write one arrangement as 'key: value' lines.",
            )
        )
        return None
    try:
        arrangement = Arrangement.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(file, lines, exc))
        return None
    found = [_problem(file, lines, *finding) for finding in check_arrangement(arrangement)]
    stem = Path(file).name.removesuffix(".yaml")
    if arrangement.id != stem:
        found.append(
            _problem(
                file,
                lines,
                ("id",),
                f"id {arrangement.id!r} differs from the file name {stem!r}",
                f"Rename the file to {arrangement.id}.yaml or change the id.",
            )
        )
    problems.extend(found)
    return None if found else (arrangement, lines)


def _validation_problems(
    file: str, lines: dict[Location, int], exc: ValidationError
) -> list[CatalogProblem]:
    out = []
    for error in exc.errors(include_url=False):
        location: Location = tuple(error["loc"])
        out.append(_problem(file, lines, location, _describe(error), _fix_for(error)))
    return out


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (a typo?)"
    return f"{error['msg']} (got {error.get('input')!r})"


def _fix_for(error: Any) -> str:
    kind = error["type"]
    if kind == "enum":
        return f"Allowed values: {error.get('ctx', {}).get('expected', '')}."
    if kind == "extra_forbidden":
        return "Check the spelling against the schema in allied.catalog.Arrangement."
    if kind == "missing":
        return "Add the field."
    if kind.startswith("date"):
        return "Write dates as YYYY-MM-DD."
    if kind == "string_pattern_mismatch":
        return "ids are lower_snake_case; states are ISO 3166-1 alpha-3 codes such as USA."
    return "Correct the value."


def _problem(
    file: str, lines: dict[Location, int], location: Location, problem: str, fix: str
) -> CatalogProblem:
    line = None
    probe = location
    while line is None and probe:
        line = lines.get(probe)
        probe = probe[:-1]
    return CatalogProblem(
        file, line if line is not None else lines.get(()), format_location(location), problem, fix
    )
