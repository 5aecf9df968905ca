"""Reading a submission file (.py or .ipynb) into source text, or saying why it can't be read.

This runs in the trusted process, so it only reads bytes and JSON: it never compiles or
imports learner code (the worker does that). Notebooks are read as plain JSON, so grading one
needs no nbformat.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from graders.worker.wire import source_lines

MAX_BYTES = 2 << 20


class InvalidSubmission(Exception):
    """The file cannot be graded; the message says what to fix."""


@dataclass
class Source:
    text: str
    filename: str                                    # what tracebacks call it
    cells: list[tuple[int, int]] = field(default_factory=list)   # (first line, cell number)
    # Source rebuilt from pieces of cells (`graders.core.kernel`): (first line here, cell
    # number, that line's number within its cell), in order.
    pieces: list[tuple[int, int, int]] = field(default_factory=list)

    def ranges(self) -> list[list[int]] | None:
        """[first line, last line] of each notebook cell, for loading cell by cell."""
        if not self.cells:
            return None
        total = len(source_lines(self.text))
        starts = [first for first, _ in self.cells]
        ends = [nxt - 2 for nxt in starts[1:]] + [total]     # each cell's header line aside
        return [[a, max(a - 1, b)] for a, b in zip(starts, ends)]

    def where(self, line: int) -> str:
        """'line 12' for a script, 'line 3 of cell 5' for a notebook."""
        if self.pieces:
            start, number, within = next(((s, n, w) for s, n, w in reversed(self.pieces)
                                          if s <= line), self.pieces[0])
            return f"line {line - start + within} of cell {number}"
        if not self.cells:
            return f"line {line}"
        first, number = self.cells[0]
        for start, n in self.cells:
            if start <= line:
                first, number = start, n
        return f"line {line - first + 1} of cell {number}"


def read_submission(path: Path, *, within: Path | None = None) -> Source:
    path = Path(path)
    data, size = read_regular(path, MAX_BYTES + 1, within=within)
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise InvalidSubmission(f"{path.name} is {max(size, len(data)) >> 10} KiB; files over "
                                f"{MAX_BYTES >> 20} MiB are not graded.")
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


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_OPEN_FLAGS = (os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0))


def _not_regular(name: str, mode: int) -> InvalidSubmission:
    kind = next((k for test, k in _KINDS if test(mode)), "not a file")
    return InvalidSubmission(f"{name} is not a regular file (it is {kind}); submit the file "
                             "itself.")


def read_regular(path: Path, limit: int, *, within: Path | None = None) -> tuple[bytes, int]:
    """(up to `limit` bytes, size) of `path`, which must be a regular file. Never follows a
    link and never blocks: a learner's folder may hold a FIFO, a device or a link to one."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InvalidSubmission(f"{path.name} does not exist.") from None
    except OSError as exc:
        raise InvalidSubmission(f"{path.name} cannot be read ({exc.strerror}).") from None
    if stat.S_ISLNK(st.st_mode):
        raise InvalidSubmission(f"{path.name} is a symbolic link; submit the file itself.")
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path.name, st.st_mode)
    if within is not None and not _inside(path, within):
        raise InvalidSubmission(f"{path.name} is outside the submission folder.")
    try:
        fd = os.open(path, _OPEN_FLAGS)    # O_NOFOLLOW, O_NONBLOCK: in case it was swapped
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        raise InvalidSubmission(f"{path.name} cannot be read ({why}); make it readable and "
                                "submit it again.") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path.name, st.st_mode)
        chunks, size = [], 0
        while size < limit:
            chunk = os.read(fd, min(1 << 20, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), st.st_size
    except OSError as exc:
        raise InvalidSubmission(f"{path.name} cannot be read ({exc.strerror}).") from None
    finally:
        os.close(fd)


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
        if not_graded(cell, src):
            lines += ["# " + line.rstrip("\r\n") for line in source_lines(src)]
            continue
        lines += without_magics(src)
    if not any(line.strip() and not line.lstrip().startswith(("#", "pass  # ")) for line in lines):
        raise InvalidSubmission(f"{name} has no code cells with code in them.")
    return Source("\n".join(lines) + "\n", name, cells)


SKIP_TAG = "skip-grading"
CHECK_CALL = re.compile(r"^\s*(from\s+torchgrade\b|import\s+torchgrade\b)", re.MULTILINE)


def not_graded(cell: dict, src: str) -> bool:
    """A cell the grader does not run: tagged `skip-grading` (demos, plots), or one that
    checks the notebook from inside it (`from torchgrade import learner`)."""
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return (isinstance(tags, list) and SKIP_TAG in tags) or bool(CHECK_CALL.search(src))


# Cell magics whose body is Python that IPython runs as usual; any other cell magic (%%bash,
# %%writefile, %%html, ...) makes its whole cell something else, so the cell is skipped.
PYTHON_CELL_MAGICS = {"time", "capture"}


def without_magics(src: str) -> list[str]:
    """The cell's lines with IPython magics and shell escapes turned into `pass` or comments,
    line for line (so line numbers stay those of the cell).

    A line is a magic only where IPython would see one: it starts a statement (not inside
    brackets, a string or after a backslash) and begins with `%` or `!`. A cell that begins
    with `%%name` is a cell magic.
    """
    lines = [line.rstrip("\r\n") for line in source_lines(src)]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = (lines[first].lstrip()[2:].split() or [""])[0]
        if magic not in PYTHON_CELL_MAGICS:
            return ["# " + line for line in lines]
        lines[first] = "# " + lines[first]
    out, scan = [], _Scanner()
    for line in lines:
        stripped = line.lstrip()
        if scan.at_statement_start() and stripped.startswith(("%", "!")):
            line = line[:len(line) - len(stripped)] + "pass  # " + stripped
        else:
            scan.feed(line)
        out.append(line)
    return out


class _Scanner:
    """Just enough of Python's tokenizer to know whether the next line starts a statement:
    open brackets, open strings and backslash continuations."""

    def __init__(self):
        self.depth = 0
        self.quote = ""            # the open string's delimiter: one or three quote marks
        self.backslash = False

    def at_statement_start(self) -> bool:
        return not (self.depth or self.quote or self.backslash)

    def feed(self, line: str) -> None:
        self.backslash = False
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if self.quote:
                if ch == "\\":
                    i += 2
                    continue
                if line.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = ""
                    continue
            elif ch == "#":
                break
            elif ch in "\"'":
                self.quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else ch
                i += len(self.quote)
                continue
            elif ch in "([{":
                self.depth += 1
            elif ch in ")]}":
                self.depth = max(self.depth - 1, 0)
            elif ch == "\\" and i == n - 1:
                self.backslash = True
            i += 1
        if len(self.quote) == 1 and not line.endswith("\\"):
            self.quote = ""        # a one-quote string cannot go past its line
