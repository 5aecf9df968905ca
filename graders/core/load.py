"""Reading a submission file (.py or .ipynb) into source text, or saying why it can't be read.

This runs in the trusted process, so it only reads bytes and JSON: it never compiles or
imports learner code (the worker does that). Notebooks are read as plain JSON, so grading one
needs no nbformat.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 2 << 20


class InvalidSubmission(Exception):
    """The file cannot be graded; the message says what to fix."""


@dataclass
class Source:
    text: str
    filename: str                                    # what tracebacks call it
    cells: list[tuple[int, int]] = field(default_factory=list)   # (first line, cell number)

    def where(self, line: int) -> str:
        """'line 12' for a script, 'line 3 of cell 5' for a notebook."""
        if not self.cells:
            return f"line {line}"
        first, number = self.cells[0]
        for start, n in self.cells:
            if start <= line:
                first, number = start, n
        return f"line {line - first + 1} of cell {number}"


def read_submission(path: Path, *, within: Path | None = None) -> Source:
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InvalidSubmission(f"{path.name} does not exist.") from None
    if stat.S_ISLNK(st.st_mode):
        raise InvalidSubmission(f"{path.name} is a symbolic link; submit the file itself.")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidSubmission(f"{path.name} is not a regular file.")
    if within is not None and not _inside(path, within):
        raise InvalidSubmission(f"{path.name} is outside the submission folder.")
    if st.st_size > MAX_BYTES:
        raise InvalidSubmission(f"{path.name} is {st.st_size >> 10} KiB; files over "
                                f"{MAX_BYTES >> 20} MiB are not graded.")
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if b"\x00" in data:
        raise InvalidSubmission(f"{path.name} is a binary file, not Python source.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidSubmission(
            f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8.") from None
    if path.suffix == ".ipynb":
        return _notebook(text, path.name)
    if not text.strip():
        raise InvalidSubmission(f"{path.name} is empty.")
    return Source(text, path.name)


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False


def _notebook(text: str, name: str) -> Source:
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidSubmission(f"{name} is not a valid notebook: it is not JSON "
                                f"({getattr(exc, 'msg', 'too deeply nested')}).") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            raise InvalidSubmission(f"{name} uses the old notebook format 3; open and save it "
                                    "in a current Jupyter.")
        raise InvalidSubmission(f"{name} is JSON but not a notebook (it has no list of cells).")
    lines: list[str] = []
    cells: list[tuple[int, int]] = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list) and all(isinstance(s, str) for s in src):
            src = "".join(src)
        if not isinstance(src, str):
            raise InvalidSubmission(f"{name}: cell {number} has a malformed source.")
        lines.append(f"# cell {number}")
        cells.append((len(lines) + 1, number))
        for line in src.splitlines():
            # IPython magics and shell escapes are not Python: keep the line count, drop them.
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")):
                line = line[:len(line) - len(stripped)] + "pass  # " + stripped
            lines.append(line)
    if not any(line.strip() and not line.startswith("# cell ") for line in lines):
        raise InvalidSubmission(f"{name} has no code cells with code in them.")
    return Source("\n".join(lines) + "\n", name, cells)
