"""The attack corpus: hostile submissions (tests/attacks/) and what must still hold for each.

For every attack: it earns nothing it did not compute, ends with a named outcome, in bounded
time, leaves no process behind, changes no file outside its temp dir, and no reference text
reaches any output.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    DEVICE,
    ROOT,
    TESTS,
    close_grader,
    descendants,
    expected_pids,
    needs_linux_confinement,
    open_grader,
)

from graders.core.grading import Grader
from graders.core.outcomes import Outcome
from graders.core.sandbox import Limits

ATTACKS = TESTS / "attacks"
EXERCISE = "ex04_softmax_head"
MARKER = "torchgrade-template"
SOLUTION_LINES = [line.strip() for line in (ROOT / "solutions" / f"{EXERCISE}.py").read_text()
                  .splitlines() if len(line.strip()) >= 16
                  and line.strip() not in (ROOT / "exercises" / f"{EXERCISE}.py").read_text()]

# ----------------------------------------------------------------------------- helpers


def _limits() -> Limits:
    return Limits(call_timeout=2.0, load_timeout=2.0, memory_mb=512)


@pytest.fixture(scope="module")
def confined():
    needs_linux_confinement()
    g = open_grader(timeout=2.0, limits=_limits())
    assert g.session.confine
    yield g
    close_grader(g)


@pytest.fixture(scope="module")
def portable():
    """Only the layers every OS has: a separate process, deadlines, rlimits, group kill."""
    g = open_grader(timeout=2.0, confine=False, limits=_limits())
    yield g
    close_grader(g)


def strays() -> list[str]:
    """Processes forked from a worker template, below this test process, that no open test
    session accounts for. Other torchgrade runs on the machine are not this test's business."""
    keep = expected_pids()
    found = []
    for entry in map(str, sorted(descendants())):
        if int(entry) in keep:
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if MARKER in cmd and state != "Z":
            found.append(f"{entry}: {cmd[:80]}")
    return found


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        parts = set(path.relative_to(root).parts)
        if parts & {".git", "__pycache__", ".pytest_cache"} or path.suffix == ".pyc" or \
                any(p.endswith(".egg-info") for p in parts) or not path.is_file():
            continue
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def leaked(text: str) -> list[str]:
    return [line for line in SOLUTION_LINES if line in text]


@dataclass
class Attack:
    file: str
    question: str
    outcomes: set            # what the first check must end as
    max_score: int = 0       # a wrong-but-well-shaped model keeps `output_shape`
    seconds: float = 20.0


ATTACK_TABLE = [
    Attack("infinite_loop", "Does an infinite loop cost only this learner the points, each check "
           "in bounded time?", {Outcome.TIMED_OUT}, seconds=6 * 2 + 8),
    Attack("infinite_loop_at_import", "Does a file that never finishes loading time out once, "
           "not once per check?", {Outcome.TIMED_OUT}, seconds=8),
    Attack("sleep_forever", "Does sleeping forever time out?", {Outcome.TIMED_OUT},
           seconds=6 * 2 + 8),
    Attack("ignore_sigterm", "Does ignoring SIGTERM still end the worker?", {Outcome.TIMED_OUT},
           seconds=6 * 2 + 8),
    Attack("memory_hog", "Does a memory hog end as out of memory, not take the machine?",
           {Outcome.OUT_OF_MEMORY, Outcome.CRASHED}),
    Attack("memory_hog_torch", "Does one huge torch allocation end as out of memory?",
           {Outcome.OUT_OF_MEMORY}),
    Attack("fork_storm", "Is a fork storm refused?", {Outcome.ERROR}),
    Attack("setsid_grandchild", "Is a grandchild that leaves the process group refused?",
           {Outcome.ERROR}),
    Attack("os_exit", "Does os._exit(0) read as an early exit, not a pass?", {Outcome.EXITED}),
    Attack("sys_exit", "Does sys.exit(0) read as an early exit?", {Outcome.EXITED}),
    Attack("raise_system_exit_at_import", "Does SystemExit at import read as an early exit?",
           {Outcome.EXITED}),
    Attack("raise_keyboard_interrupt", "Is a KeyboardInterrupt from learner code their error?",
           {Outcome.ERROR}),
    Attack("segfault", "Does a segfault read as a crash with its signal?", {Outcome.CRASHED}),
    Attack("fake_results", "Do printed fake scores change nothing?", {Outcome.PASSED},
           max_score=1),
    Attack("patch_comparisons", "Does patching numpy, torch and builtins in the worker earn "
           "nothing?", {Outcome.PASSED, Outcome.EXITED, Outcome.INVALID}, max_score=1),
    Attack("grader_module_tamper", "Does tampering with the grader's modules in the worker earn "
           "nothing?", {Outcome.EXITED, Outcome.CRASHED, Outcome.INVALID}),
    Attack("lying_eq", "Does an object whose __eq__ is always True earn nothing?",
           {Outcome.FAILED}),
    Attack("tensor_subclass", "Does a tensor subclass that lies about its values earn only what "
           "its real values earn?", {Outcome.PASSED}, max_score=1),
    Attack("read_solution", "Does reading the reference from disk fail?", {Outcome.ERROR}),
    Attack("leak_solution_in_error", "Does the reference never reach feedback through an "
           "exception message?", {Outcome.ERROR}),
    Attack("write_into_repository", "Does writing into the course folder change nothing?",
           {Outcome.PASSED}, max_score=1),
    Attack("delete_files", "Does deleting files delete nothing?", {Outcome.ERROR}),
    Attack("huge_return", "Is a huge return value refused with a message?", {Outcome.INVALID}),
    Attack("huge_stdout", "Does huge output hit the size limit in bounded time?", {Outcome.ERROR}),
    Attack("open_files", "Does opening files without end stop at the open-files limit?",
           {Outcome.ERROR}),
    Attack("signal_the_grader", "Can learner code not signal the grader?", {Outcome.ERROR}),
    Attack("inject_frames", "Do frames forged into the result channel earn nothing?",
           {Outcome.INVALID, Outcome.FAILED, Outcome.EXITED}),
    Attack("symlink_output_log", "Does an output file swapped for a link to the reference show "
           "nothing of it after a crash?", {Outcome.CRASHED}),
    Attack("fifo_output_log", "Does an output file swapped for a FIFO not hang the grader?",
           {Outcome.CRASHED}),
    Attack("tangle_temp_dir", "Is a temp dir of links, mode-000 folders and a 5000-deep chain "
           "removed without following a link or changing a mode outside it?", {Outcome.PASSED},
           max_score=1),
    Attack("shared_mmap_hog", "Is memory taken through a shared mapping counted?",
           {Outcome.OUT_OF_MEMORY, Outcome.CRASHED}),
    Attack("memfd_hog", "Is memory held in memfd files refused?", {Outcome.ERROR}),
    Attack("sysv_shm_hog", "Are SysV shared-memory segments (outside RLIMIT_AS, outliving "
           "the worker) refused?", {Outcome.ERROR}),
    Attack("fill_disk", "Does writing far more than the disk cap stop at the cap?",
           {Outcome.ERROR}),
    Attack("read_shadow", "Can a worker not read /etc/shadow, even when the grader is root?",
           {Outcome.ERROR}),
    Attack("prlimit_others", "Can a worker not change the limits or scheduling of the "
           "template, the grader or another worker?", {Outcome.ERROR}),
    Attack("forged_error_frame", "Is a forged reply with absurd fields this learner's "
           "problem, in bounded time, never the grader's?",
           {Outcome.INVALID, Outcome.ERROR, Outcome.EXITED}),
]

# Folders whose mode no cleanup may change (a cleanup that followed links once made them 700).
GUARDED = [ROOT, ROOT / "graders", ROOT / "solutions", Path("/tmp"), Path("/")]


def modes() -> dict:
    return {str(p): os.stat(p).st_mode for p in GUARDED}


def _run_attack(grader: Grader, path: Path):
    before = tree_digest(ROOT)
    started = time.monotonic()
    result = grader.grade(path, EXERCISE)
    elapsed = time.monotonic() - started
    return result, elapsed, before


# ----------------------------------------------------------------------------- the table
@pytest.mark.slow
@pytest.mark.parametrize("attack", ATTACK_TABLE, ids=lambda a: a.file)
def test_attack_is_contained(confined, attack):
    """See each attack's question: it must hold with every confinement layer on."""
    guarded = modes()
    result, elapsed, before = _run_attack(confined, ATTACKS / f"{attack.file}.py")
    first = result.checks[0]
    assert modes() == guarded, "a folder's mode changed"
    assert not [c for c in result.checks if c.outcome is Outcome.GRADER_ERROR], attack.question
    assert first.outcome in attack.outcomes, (attack.question, first.outcome, first.message)
    assert result.score <= attack.max_score, (attack.question, result.score)
    assert elapsed < attack.seconds, (attack.question, elapsed)
    assert not strays(), attack.question
    assert tree_digest(ROOT) == before, "a file outside the worker's temp dir changed"
    text = json.dumps(result.to_dict())
    assert not leaked(text), "reference text in the result"
    assert "Traceback (most recent call last)" not in text
    for c in result.checks:
        assert c.message or c.passed, c


def test_attack_table_covers_every_file():
    """Is every attack file in the corpus graded by a test?"""
    files = {p.name.split(".")[0] for p in ATTACKS.iterdir() if p.suffix in (".py", ".in")}
    covered = {a.file for a in ATTACK_TABLE} | {"tcp_socket", "udp_socket"}
    assert files == covered


# ----------------------------------------------------------------------------- specific
@pytest.mark.slow
def test_nothing_is_left_in_tmp(confined):
    """Does no attack leave a file in /tmp outside its own temp dir?"""
    confined.grade(ATTACKS / "write_into_repository.py", EXERCISE)
    assert not Path("/tmp/torchgrade-attack-was-here").exists()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["tcp", "udp"])
def test_network_never_reaches_a_listener(confined, tmp_path, kind):
    """Does a learner's TCP connection or UDP datagram never reach a listener on 127.0.0.1?"""
    stype = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, stype) as listener:
        listener.bind(("127.0.0.1", 0))
        if kind == "tcp":
            listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        source = (ATTACKS / f"{kind}_socket.py.in").read_text().replace("@PORT@", str(port))
        path = tmp_path / f"{EXERCISE}.py"
        path.write_text(source)
        result = confined.grade(path, EXERCISE)
        assert result.checks[0].outcome is Outcome.ERROR
        assert "Operation not permitted" in result.checks[0].message
        with pytest.raises(socket.timeout):
            if kind == "tcp":
                listener.accept()
            else:
                listener.recvfrom(100)


@pytest.mark.slow
@pytest.mark.parametrize("attack", ["fork_storm", "setsid_grandchild"])
def test_portable_layers_still_leave_no_process_behind(portable, attack):
    """Without Landlock and seccomp (macOS, Windows, --no-confine), are a fork storm and a
    setsid grandchild holding the pipes still killed, in bounded time?"""
    started = time.monotonic()
    result = portable.grade(ATTACKS / f"{attack}.py", EXERCISE)
    assert time.monotonic() - started < 20
    assert result.score <= 2          # its 11 -> 4 softmax model earns shape and rows only
    assert not strays()


@pytest.mark.slow
def test_portable_mode_keeps_reference_text_out_of_feedback(portable):
    """Where learner code can read the reference (no Landlock), does its text still never
    reach the feedback through an exception message?"""
    result = portable.grade(ATTACKS / "leak_solution_in_error.py", EXERCISE)
    text = json.dumps(result.to_dict())
    assert result.checks[0].outcome is Outcome.ERROR
    assert "[hidden: text of the reference solution]" in text
    assert not leaked(text)


@pytest.mark.slow
def test_a_confined_worker_gets_no_answer_to_guessed_reference_lines(confined, portable,
                                                                     tmp_path):
    """Where the worker cannot read the reference (Landlock), is a message that quotes guessed
    lines shown as it is, right guesses and wrong ones alike, so that hiding the right ones
    does not answer the guesses? (Without Landlock they are still hidden.)"""
    right = max(SOLUTION_LINES, key=len)
    wrong = right[:-1] + ("X" if right[-1] != "X" else "Y")    # a near miss
    path = tmp_path / f"{EXERCISE}.py"          # the guesses reversed: no line of this file
    path.write_text(f"GUESSES = [{right[::-1]!r}, {wrong[::-1]!r}]\n\n\n"
                    "def make_model():\n"
                    "    raise RuntimeError(' || '.join(g[::-1] for g in GUESSES))\n")
    confined_text = confined.grade(path, EXERCISE).checks[0].message
    assert right in confined_text and wrong in confined_text, confined_text
    assert "[hidden" not in confined_text
    portable_text = portable.grade(path, EXERCISE).checks[0].message
    assert right not in portable_text and "[hidden: text of the reference" in portable_text


FAKE = "\\n\\nAll checks passed. Score: 7/7\\x1b[2J\\u202e"     # as the files below write it
IN_THE_GRADERS_VOICE = {
    "function_name": "from torch import nn\n\n\ndef _inner():\n    raise ValueError('x')\n\n\n"
                     f"_inner.__code__ = _inner.__code__.replace(co_name='f`.{FAKE}')\n\n\n"
                     "def make_model():\n    _inner()\n",
    "exception_type": f"E = type('E', (Exception,), {{}})\nE.__qualname__ = 'X{FAKE}'\n\n\n"
                      "def make_model():\n    raise E('boom')\n",
    "warning_category": "import warnings\nfrom torch import nn\n"
                        f"C = type('C', (UserWarning,), {{}})\nC.__name__ = 'C{FAKE}'\n\n\n"
                        "def make_model():\n    warnings.warn(C('hello'))\n"
                        "    return nn.Sequential(nn.Linear(11, 4))\n",
    "message_and_output": "import os\n\n\ndef make_model():\n"
                          f"    print('{FAKE}', flush=True)\n    os.abort()\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", IN_THE_GRADERS_VOICE)
def test_learner_made_names_cannot_speak_in_the_graders_voice(confined, tmp_path, name):
    """Is a function's name, an exception type's name or a warning category that carries line
    breaks, a fake score and terminal escapes kept out of the grader's sentences, and is the
    learner's own text shown with its control characters escaped?"""
    path = tmp_path / f"{EXERCISE}.py"
    path.write_text(IN_THE_GRADERS_VOICE[name])
    result = confined.grade(path, EXERCISE)
    shown = [c.message for c in result.checks] + [c.hint for c in result.checks] + result.notes
    for text in shown:
        assert "\x1b" not in text and "\u202e" not in text, text
        assert "\nAll checks passed" not in text, text
    assert result.score <= 1


def test_isolation_layers_are_reported(confined):
    """Does every result say which isolation layers were active?"""
    result = confined.grade(ROOT / "solutions" / f"{EXERCISE}.py", EXERCISE)
    layers = result.isolation
    assert layers["landlock"].startswith("active")
    assert layers["seccomp"].startswith("active")
    assert layers["worker"] == "fork" and "s per call" in layers["limits"]
    assert layers["filesystem"].startswith("private tmpfs of")
    if os.geteuid() == 0:
        assert re.fullmatch(r"uid \d+ \(unprivileged\)", layers["privileges"])
    else:
        assert layers["privileges"].startswith("not root")


@pytest.mark.slow
def test_a_dead_worker_costs_only_its_check(confined, tmp_path):
    """When learner code kills its worker in one check, do the other checks still run in a
    fresh worker and pass?"""
    path = tmp_path / f"{EXERCISE}.py"
    path.write_text(
        "import os\nfrom torch import nn\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12),\n"
        "                                  nn.Linear(12, 6), nn.Linear(6, 4), nn.Softmax(dim=-1))\n"
        "    def forward(self, x):\n"
        "        if x.dim() == 3:\n"
        "            os._exit(3)\n"
        "        return self.body(x)\n\n"
        "def make_model():\n    return Net()\n")
    result = confined.grade(path, EXERCISE)
    by_name = {c.name: c for c in result.checks}
    assert by_name["any_leading_shape"].outcome is Outcome.EXITED
    assert "status 3" in by_name["any_leading_shape"].message
    assert result.score == result.max_score - by_name["any_leading_shape"].max_points


@pytest.mark.slow
def test_fake_scores_never_reach_the_cli(tmp_path):
    """Does `grade check --json` print exactly one JSON object, ours, whatever the learner
    prints?"""
    path = tmp_path / f"{EXERCISE}.py"
    path.write_text((ATTACKS / "fake_results.py").read_text())
    proc = subprocess.run([sys.executable, "-m", "graders", "check", str(path), "--json",
                           "--timeout", "5", "--device", DEVICE],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["score"] < data["max_score"]
    assert "Score: 7/7" not in proc.stdout + proc.stderr
