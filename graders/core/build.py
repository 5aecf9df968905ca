"""Generating each exercise's learner files from its solution, the single source.

`solutions/exNN_topic.py` holds everything the learner reads (the task text as its module
docstring, imports, signatures, docstrings, TODO comments, the `if __name__ == "__main__":`
demo) and the solution code, each region of it between two marker lines, as nbgrader marks
them:

    # TODO(ex04): build the four linear layers and the softmax head, and return the model.
    ### BEGIN SOLUTION: build and return the model
    return nn.Sequential(...)
    ### END SOLUTION

The rule: in the stub, each region, its two marker lines included, becomes the one line
`raise NotImplementedError("TODO(exNN): TEXT")` at the BEGIN line's indentation. TEXT is the
BEGIN line's argument (after the colon), else the comment line right above the BEGIN line,
else "write your code here"; the `TODO(exNN): ` prefix is left out where TEXT starts with
"TODO" already. Markers are whole lines, matched as plain text (even inside a string); regions
must be balanced, not nested, and every solution needs one (a stub without one would give the
answer away): otherwise BuildError names the file and line.

`build` writes, from each solution, into `exercises/`:
- `exNN_topic.py`, the stub;
- `exNN_topic.ipynb`, the stub as a notebook: the docstring as a markdown cell (its first line
  as the title), the imports in one code cell, each top-level function or class (with its
  decorators and the comment lines right above it) in its own cell, the demo block as a "try
  it" cell (its `if __name__ == "__main__":` line kept: Jupyter runs it, the grader does
  not), then a cell that checks the work from the kernel: `from torchgrade import learner;
  learner.check("exNN_topic")`. The demo and check cells are tagged `skip-grading`: the
  grader never runs them.
Output is deterministic (fixed cell ids, no timestamps): `build(check=True)` tells whether the
committed files are up to date.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

_MARKER = re.compile(r"^(?P<indent>[ \t]*)### (?P<kind>BEGIN|END) SOLUTION(?P<rest>.*)$")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_CHECK_TEXT = ("## Check your work\n\nRun the cell below: it grades the functions you have "
               "run in this notebook, in a separate process, as the course grader will. "
               "`learner.hint(...)` shows the next hint.")
SKIP = {"tags": ["skip-grading"]}     # cells the grader does not run (`load.SKIP_TAG`)
KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
           "language_info": {"name": "python"}}


class BuildError(ValueError):
    """A solution the learner files cannot be built from; the message names file and line."""


def build(root: Path, names: list[str] | None = None, check: bool = False) -> list[Path]:
    """Write `exercises/` of the course folder `root` from its `solutions/`: the files that
    differ, returned. With `check`, write nothing and return the files that are out of date.
    `names` (e.g. "ex04_softmax_head" or "ex04") restricts to some exercises."""
    solutions = Path(root) / "solutions"
    if names is None:
        sources = sorted(solutions.glob("ex??_*.py"))
    else:
        sources = [_solution(solutions, n) for n in names]
    changed = []
    for source in sources:
        name, text = source.stem, source.read_text(encoding="utf-8")
        outputs = {f"{name}.py": stub_text(text, name), f"{name}.ipynb": notebook_text(text, name)}
        for filename, content in outputs.items():
            path = Path(root) / "exercises" / filename
            data = content.encode("utf-8")
            if path.is_file() and path.read_bytes() == data:
                continue
            changed.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    return changed


def _solution(solutions: Path, name: str) -> Path:
    found = [p for p in (solutions / f"{name}.py", *sorted(solutions.glob(f"{name}_*.py")))
             if p.is_file()]
    if not found:
        raise BuildError(f"no solution named {name!r} in {solutions}")
    return found[0]


def stub_text(solution_text: str, name: str) -> str:
    """The learner's stub: every solution region replaced by `raise NotImplementedError`."""
    return _render(solution_text, name, solution=False)


def notebook_text(solution_text: str, name: str, solution: bool = False) -> str:
    """The learner's notebook (nbformat 4), or with `solution` the same notebook holding the
    solution code (markers removed), for instructors and tests."""
    try:
        import nbformat
    except ImportError:
        raise BuildError("building notebooks needs nbformat: pip install nbformat") from None
    v4 = nbformat.v4
    text = _render(solution_text, name, solution)
    cells = []
    check = [("markdown", _CHECK_TEXT),
             ("code", f'from torchgrade import learner\nlearner.check("{name}")')]
    for kind, source in cells_of(text) + check:
        make = v4.new_markdown_cell if kind == "markdown" else v4.new_code_cell
        cells.append(make(source, id=f"{name}-{len(cells)}"))
        if kind == "code" and _runs_only_in_jupyter(source):
            cells[-1].metadata = nbformat.from_dict(SKIP)
    nb = v4.new_notebook(cells=cells, metadata=nbformat.from_dict(KERNEL), nbformat=4,
                         nbformat_minor=5)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def solution_lines(solution_text: str, name: str) -> list[str]:
    """The lines inside the solution regions: what a learner's bundle must never hold."""
    lines = solution_text.splitlines()
    return [line for begin, end, _ in _regions(lines, name) for line in lines[begin + 1:end]]


def _render(text: str, name: str, solution: bool) -> str:
    """The stub, or with `solution` the solution without its marker lines."""
    lines = text.splitlines()
    out, done = [], 0
    for begin, end, argument in _regions(lines, name):
        out += lines[done:begin]
        if solution:
            out += lines[begin + 1:end]
        else:
            message = argument or _comment_above(lines, begin) or "write your code here"
            if not message.startswith("TODO"):
                message = f"TODO({name.split('_')[0]}): {message}"
            indent = _MARKER.match(lines[begin])["indent"]
            out.append(f"{indent}raise NotImplementedError({json.dumps(message)})")
        done = end + 1
    result = "\n".join(out + lines[done:]) + "\n"
    try:
        compile(result, f"{name}.py", "exec")
    except SyntaxError as exc:
        what = "solution" if solution else "stub"
        raise BuildError(f"solutions/{name}.py: the {what} built from it does not compile: "
                         f"{exc.msg} (line {exc.lineno} of the {what})") from None
    return result


def _regions(lines: list[str], name: str) -> list[tuple[int, int, str]]:
    """(BEGIN line index, END line index, BEGIN argument) of every solution region."""
    regions, begin, argument = [], None, ""
    for i, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            continue
        where, rest = f"solutions/{name}.py, line {i + 1}", m["rest"].strip()
        if m["kind"] == "BEGIN":
            if begin is not None:
                raise BuildError(f"{where}: nested ### BEGIN SOLUTION (the region opened on "
                                 f"line {begin + 1} has no ### END SOLUTION before it)")
            if rest and not rest.startswith(":"):
                raise BuildError(f"{where}: malformed marker; write `### BEGIN SOLUTION` or "
                                 "`### BEGIN SOLUTION: text for the stub`")
            begin, argument = i, rest[1:].strip()
        elif begin is None:
            raise BuildError(f"{where}: ### END SOLUTION without a ### BEGIN SOLUTION")
        elif rest:
            raise BuildError(f"{where}: malformed marker; write `### END SOLUTION` alone")
        else:
            regions.append((begin, i, argument))
            begin = None
    if begin is not None:
        raise BuildError(f"solutions/{name}.py, line {begin + 1}: ### BEGIN SOLUTION has no "
                         "### END SOLUTION")
    if not regions:
        raise BuildError(f"solutions/{name}.py has no ### BEGIN SOLUTION ... ### END SOLUTION "
                         "region: its stub would give the answer away")
    return regions


def _comment_above(lines: list[str], i: int) -> str:
    above = lines[i - 1].strip() if i else ""
    if above.startswith("#") and not _MARKER.match(lines[i - 1]):
        return above.lstrip("#").strip()
    return ""


def cells_of(text: str) -> list[tuple[str, str]]:
    """(kind, source) of each notebook cell for the module `text`."""
    lines = text.splitlines()
    tree = ast.parse(text)
    body, start, cells = tree.body, 0, []
    doc = ast.get_docstring(tree)
    if doc is not None:
        cells.append(("markdown", _markdown(doc)))
        body, start = body[1:], body[0].end_lineno
    cuts: list[tuple[int, ast.stmt | None]] = [(start, None)]   # (first line index, main if)
    for node in body:
        main = isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'"
        if main or isinstance(node, _DEFINITIONS):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            first -= 1
            while first > start and lines[first - 1].lstrip().startswith("#"):
                first -= 1                               # the comments right above it
            cuts.append((first, node if main else None))
            if main:
                cuts.append((node.end_lineno, None))     # whatever follows the demo block
    cuts.append((len(lines), None))
    # The demo block keeps its `if __name__ == "__main__":` line: Jupyter runs it (its
    # `__name__` is "__main__"), the grader, loading the notebook as a module, does not.
    for (a, _), (b, _) in zip(cuts, cuts[1:]):
        source = "\n".join(lines[a:b]).strip("\n")
        if source.strip():
            cells.append(("code", source))
    return cells


def _runs_only_in_jupyter(source: str) -> bool:
    """The demo block and the check cell: tagged so the grader never runs them."""
    return source.startswith(('if __name__ == "__main__":', "from torchgrade import"))


def _markdown(doc: str) -> str:
    """The docstring as markdown: its first line as the title, and a blank line before each
    indented example so that it shows as code."""
    lines = doc.splitlines()
    out = ["# " + lines[0]]
    for line in lines[1:]:
        if line.startswith("    ") and out[-1].strip() and not out[-1].startswith(" "):
            out.append("")
        out.append(line)
    return "\n".join(out)
