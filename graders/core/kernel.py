"""What a learner has defined in a running Jupyter kernel, as one module's source.

`learner.check` grades the kernel's definitions, not a saved file: a learner who edits a cell
and runs it is checked on what they ran. The kernel's history holds every cell as it was run
(a cell run three times is there three times), so the source is rebuilt from definitions,
the last of each name winning, as in the kernel itself:

- imports, in the order first run;
- top-level assignments whose value is a literal (`HIDDEN = 20`, `SIZES = [8, 4]`);
- functions and classes (with their decorators).

Imports of the grader itself (`torchgrade`, `graders`) are left out too.

Calls, prints, training runs and demo blocks are left out: the grader calls the functions
itself. Cells that do not parse, magics, `skip-grading` cells and cells that check the
notebook from inside it are skipped. Nothing here runs learner code: it only parses text.
"""
from __future__ import annotations

import ast

from graders.core.load import CHECK_CALL, Source, without_magics

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


Piece = tuple[str, int, int]          # (text, cell number, its first line's number in the cell)


def source_from_cells(cells: list[tuple[int, str]], filename: str = "this notebook") -> Source:
    """The module the kernel's definitions make; `cells` are (execution count, source) in the
    order they ran. Error locations read "line 3 of cell 5", cell 5 being `In [5]`."""
    imports: dict[str, Piece] = {}
    constants: dict[str, Piece] = {}
    definitions: dict[str, Piece] = {}
    for number, cell in cells:
        if not isinstance(cell, str) or CHECK_CALL.search(cell):
            continue
        text = "\n".join(without_magics(cell))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        lines = text.split("\n")     # as ast counts them: not at U+2028 in a string
        for node in tree.body:
            piece = _piece(lines, node, number)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if not _imports_the_grader(node):
                    imports.setdefault(piece[0], piece)
            elif isinstance(node, _DEFINITIONS):
                definitions.pop(node.name, None)        # re-defined: it moves to the end
                definitions[node.name] = piece
            elif _literal_assignment(node):
                for name in _targets(node):
                    constants.pop(name, None)
                    constants[name] = piece
    parts = (list(imports.values()) + list(dict.fromkeys(constants.values()))
             + list(definitions.values()))
    out: list[str] = []
    pieces = []
    for text, number, within in parts:
        pieces.append((len(out) + 1, number, within))
        out += text.split("\n") + [""]
    return Source("\n".join(out) + "\n", filename, pieces=pieces)


def _piece(lines: list[str], node: ast.stmt, number: int) -> Piece:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n".join(lines[first - 1:node.end_lineno]), number, first


def _imports_the_grader(node: ast.Import | ast.ImportFrom) -> bool:
    """`import torchgrade` and the like: the kernel's tools, not the learner's code (and
    hidden from the worker)."""
    roots = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return any(r.split(".")[0] in ("torchgrade", "graders") for r in roots)


def _literal_assignment(node: ast.stmt) -> bool:
    value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
    if value is None or not _targets(node):
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _targets(node: ast.stmt) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return [t.id for t in targets if isinstance(t, ast.Name)]
