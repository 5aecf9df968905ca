"""`grade nbgrader-export DIR`: the course as an nbgrader course folder.

    DIR/nbgrader_config.py
    DIR/source/exNN_topic/exNN_topic.ipynb    one assignment per exercise

Each notebook is built from the exercise's marked solution (`graders.core.build`): the task
as a locked markdown cell, the imports, one cell per definition (a solution cell where it
holds a solution region, `### BEGIN SOLUTION` / `### END SOLUTION` as nbgrader reads them),
then one autograder test cell per check (its grade id the check's name), locked, worth the
check's points, whose code is

    from torchgrade import autograde
    autograde.check("exNN_topic", "check_name")

It grades the kernel's definitions once per notebook run (`torchgrade.autograde`) and fails
the cell with the check's message and hint where the check did not pass; a hidden check's
call sits between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS`. The demo block is
left out (it would run in the grading kernel). Nothing is installed at grading time: the
grading machine needs this package, as for `grade`.
"""
from __future__ import annotations

import re
from pathlib import Path

from graders.core import build
from graders.core import course as courses

SCHEMA_VERSION = 3
CONFIG = '''# nbgrader configuration written by `grade nbgrader-export`.
c = get_config()  # noqa: F821
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]
# Each test cell grades through torchgrade's own confined worker; give a notebook time.
c.ExecutePreprocessor.timeout = 600
'''
_BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION(:.*)?$", re.MULTILINE)


class ExportError(ValueError):
    pass


def export(course: courses.Course, out: Path, names: list[str] | None = None) -> list[Path]:
    try:
        import nbformat
    except ImportError:
        raise ExportError("writing notebooks needs nbformat: pip install nbformat") from None
    out = Path(out)
    written = []
    for name in names or course.names():
        s = course.load(name)
        nb = _notebook(nbformat, s, s.solution_path.read_text())
        path = out / "source" / name / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nbformat.writes(nb) + "\n")
        written.append(path)
    config = out / "nbgrader_config.py"
    config.write_text(CONFIG)
    return [config, *written]


def _notebook(nbformat, s, solution_text: str):
    v4 = nbformat.v4
    cells = []

    def add(kind: str, source: str, grade_id: str = "", **meta) -> None:
        make = v4.new_markdown_cell if kind == "markdown" else v4.new_code_cell
        cell = make(source, id=f"{s.name}-{len(cells)}")
        if meta:
            cell.metadata["nbgrader"] = {"schema_version": SCHEMA_VERSION, "task": False,
                                         "grade_id": grade_id or f"cell-{len(cells)}", **meta}
        cells.append(cell)

    for kind, source in build.cells_of(solution_text):
        if kind == "markdown":
            add(kind, source, grade=False, solution=False, locked=True)
        elif source.startswith('if __name__ == "__main__":'):
            continue                                 # the demo would run while grading
        elif _BEGIN.search(source):
            add(kind, _BEGIN.sub(r"\g<indent>### BEGIN SOLUTION", source),
                grade=False, solution=True, locked=False)
        else:
            add(kind, source)
    add("markdown", f"## Checks\n\nEach cell below runs one check of `{s.name}` on the "
                    "functions above.", grade=False, solution=False, locked=True)
    for c in s.checks:
        call = f'autograde.check("{s.name}", "{c.name}")'
        if c.hidden:
            call = f"### BEGIN HIDDEN TESTS\n{call}\n### END HIDDEN TESTS"
        add("code", f"from torchgrade import autograde\n{call}", c.name, grade=True,
            solution=False, locked=True, points=c.points)
    nb = v4.new_notebook(cells=cells, metadata=nbformat.from_dict(build.KERNEL), nbformat=4,
                         nbformat_minor=5)
    nbformat.validate(nb)
    return nb
