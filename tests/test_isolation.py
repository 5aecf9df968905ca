"""Hardening: the trusted side never acts on the worker's files by path, checks every reply
before use, blames the right party, and these tests mind only their own processes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEVICE, ROOT, SUBREAPER, needs_linux_confinement
from test_attacks import strays

from graders.core import replies, suite
from graders.core.cleanup import remove_tree
from graders.core.expect import CheckFailed
from graders.core.grading import _Grading
from graders.core.load import read_submission
from graders.core.outcomes import Outcome
from graders.core.sandbox import Session
from graders.worker import wire
from graders.worker.paths import _devices, _shm

EX04 = "ex04_softmax_head"
PROBE = {"name": "p", "source": "def p(sub):\n    return sub.f()\n"}
EMPTY_BATCH = """\
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                  nn.Linear(6, 4))

    def forward(self, x):
        return torch.softmax(self.body(x), dim=-1)[:0]   # no rows at all


def make_model():
    return Net()
"""


# ----------------------------------------------------------------------------- cleanup
def _tangle(root: Path, target: Path) -> None:
    """The worst a learner can leave: links out, a FIFO, mode-000 folders, a deep chain."""
    root.mkdir()
    (root / "out").symlink_to(target)
    os.mkfifo(root / "fifo")
    (root / "locked" / "inner").mkdir(parents=True)
    (root / "locked" / "inner" / "f").write_text("x")
    (root / "locked" / "link").symlink_to(target)
    (root / "locked" / "inner").chmod(0)
    (root / "locked").chmod(0)
    here = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(5000):
            os.mkdir("d")
            os.chdir("d")
        os.symlink(target, "bottom")
    finally:
        os.chdir(here)


def test_cleanup_neither_recurses_nor_follows_links(tmp_path):
    """Is a temp dir with a 5000-deep chain, mode-000 folders, a FIFO and links to another
    folder removed, iteratively, without touching the linked folder or its mode?"""
    target = tmp_path / "precious"
    target.mkdir()
    (target / "keep.txt").write_text("keep")
    target.chmod(0o751)
    _tangle(tmp_path / "w", target)
    started = time.monotonic()
    remove_tree(str(tmp_path / "w"))
    assert not (tmp_path / "w").exists()
    assert (target / "keep.txt").read_text() == "keep"
    assert oct(target.stat().st_mode & 0o777) == oct(0o751)
    assert time.monotonic() - started < 30


def test_cleanup_removes_only_the_folder_it_holds(tmp_path):
    """If the temp dir's name is swapped for a link to another folder, does cleanup leave
    that folder alone?"""
    from graders.core.cleanup import open_dir
    work, other = tmp_path / "w", tmp_path / "other"
    work.mkdir()
    other.mkdir()
    (other / "keep").write_text("keep")
    held = open_dir(str(work))
    try:
        work.rename(tmp_path / "moved")
        work.symlink_to(other)
        remove_tree(str(work), held)
    finally:
        os.close(held)
    assert (other / "keep").read_text() == "keep" and work.is_symlink()


def test_worker_output_is_read_by_descriptor():
    """Does the grader read learner output through its own descriptor, so that the worker
    folder holds no file to swap (and a swapped one changes nothing)?"""
    with Session(hidden=[ROOT]) as s:
        w = s.worker()
        source = ("import os\ndef f():\n    print('mine')\n"
                  "    os.symlink('/etc/passwd', 'output.log')\n    return os.listdir('.')\n")
        assert w.load(source, "m.py", "m").status == "ok"
        reply = w.call(PROBE, {}, 1)
        w.close()
    assert reply.status == "ok" and reply.value == ["output.log"]
    assert reply.output == "mine\n"


@pytest.mark.slow
def test_a_swapped_output_file_shows_nothing_of_its_target(grader):
    """After learner code swaps the old output file for a link to a correct variant and
    crashes, does "Its last output" show only what it printed?"""
    r = grader.grade(ROOT / "tests" / "attacks" / "symlink_output_log.py", EX04)
    variant = (ROOT / "tests" / "variants" / EX04 / "module_subclass.py").read_text()
    first = r.checks[0]
    assert first.outcome is Outcome.CRASHED and "about to crash" in first.message
    shown = [line[2:].strip() for line in first.message.splitlines() if line.startswith("| ")]
    assert shown and not [line for line in shown if line and line in variant], shown


# ----------------------------------------------------------------------------- replies
def test_reply_fields_are_bounded_and_typed():
    """Is every field of a forged reply cut to size and of the type the grader uses?"""
    raw = {"status": "raised", "id": 3, "warnings": [{"category": 5, "line": "x"}] * 50,
           "error": {"type": "T" * 26000, "message": "m" * 10 ** 5, "memory": "yes",
                     "frames": [{"line": "abc", "learner": 1, "text": ["x"]}] * 100,
                     "not_implemented": 1, "missing": 7}}
    r = replies.reply(raw, 3)
    err = r["error"]
    assert err["type"] == "Exception" and len(err["message"]) == replies.MAX_MESSAGE  # no name
    assert err["memory"] is False and err["not_implemented"] is False and err["missing"] is None
    assert len(err["frames"]) == replies.MAX_FRAMES
    assert err["frames"][0] == {"file": "", "line": 0, "func": "<unknown>", "text": "",
                                "learner": False}
    assert len(r["warnings"]) == replies.MAX_WARNINGS and r["warnings"][0]["line"] == 0
    for bad in ({"status": "ok", "id": "3"}, {"status": "ok", "id": 4}, ["ok"],
                {"status": "other", "id": 3}):
        with pytest.raises(replies.BadReply):
            replies.reply(bad, 3)


def test_wire_refuses_huge_ints_and_forged_shapes():
    """Do a 5000-digit integer and a shape of 2**70 zero-sized rows read as an unreadable
    frame, not as a ValueError out of the decoder?"""
    huge = b'{"tree":' + b"7" * 5000 + b',"arrays":[]}'
    frame = wire.PREFIX.pack(wire.MAGIC, len(huge), 0) + huge
    with pytest.raises(wire.WireError):
        wire.decode(frame)
    forged = b'{"tree":{"$a":0},"arrays":[["float32",[0,1180591620717411303424],0,0]]}'
    with pytest.raises(wire.WireError):
        wire.decode(wire.PREFIX.pack(wire.MAGIC, len(forged), 0) + forged)
    assert wire.decode(wire.encode({"n": 2 ** 63})) == {"n": 2 ** 63}


# ----------------------------------------------------------------------------- who is to blame
def _result_for(grader, tmp_path, source: str):
    path = tmp_path / f"{EX04}.py"
    path.write_text(source)
    return grader.grade(path, EX04)


def test_pytorchs_not_implemented_is_an_error_not_a_todo(grader, tmp_path):
    """Does PyTorch's own NotImplementedError inside learner code ("... not implemented for
    'Long'") read as their error, while only the stub's own `raise` reads "not attempted"?"""
    r = _result_for(grader, tmp_path, (
        "import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return torch.log_softmax(x.long(), dim=-1)\n\n"
        "def make_model():\n    return Net()\n"))
    first = r.checks[0]
    assert first.outcome is Outcome.ERROR, (first.outcome, first.message)
    assert "not implemented for 'Long'" in first.message


def test_a_broken_probe_is_the_graders_error(grader, tmp_path):
    """When a probe itself fails (a name the worker does not give it), is the verdict
    `grader_error` for a correct submission, not the learner's error?"""
    broken = suite.Probe("p", "def p(sub):\n    model = sub.make_model()\n"
                              "    return SUITE_CONSTANT\n")

    def uses_broken_probe(t):
        t.learner(broken)

    s = suite.Suite(EX04, "test", [suite.Check("uses_broken_probe", 1, "h", uses_broken_probe)],
                    10, solution_path=ROOT / "solutions" / f"{EX04}.py")
    source = read_submission(ROOT / "solutions" / f"{EX04}.py")
    r = _Grading(grader, s, source).run()
    assert r.checks[0].outcome is Outcome.GRADER_ERROR, r.checks[0].message


SUITE_LR = 0.1


def test_probes_are_checked_for_names_at_import():
    """Is a probe that reads a suite-level name refused when the suite is imported?"""
    with pytest.raises(suite.ProbeError, match="`SUITE_LR`"):
        @suite.probe
        def fit(sub):
            return sub.train(SUITE_LR)


def test_learner_values_that_break_a_check_are_the_learners(grader, tmp_path):
    """When the learner's values make a check's own code raise (an output with no rows),
    is that their `failed` with a message, never `grader_error`?"""
    r = _result_for(grader, tmp_path, EMPTY_BATCH)
    assert not [c for c in r.checks if c.outcome is Outcome.GRADER_ERROR], \
        [(c.name, c.message) for c in r.checks]
    assert r.score < r.max_score
    broken = [c for c in r.checks if "could not be judged" in c.message]
    assert broken and all(c.outcome is Outcome.FAILED for c in broken)


def test_blame_falls_on_a_check_that_fails_the_reference_too(grader):
    """Does a check whose own code raises on the reference's values too stay our error?"""
    def buggy(t):
        raise ZeroDivisionError("ours")

    s = suite.Suite(EX04, "test", [suite.Check("buggy", 1, "h", buggy)], 10,
                    solution_path=ROOT / "solutions" / f"{EX04}.py")
    r = _Grading(grader, s, read_submission(ROOT / "solutions" / f"{EX04}.py")).run()
    assert r.checks[0].outcome is Outcome.GRADER_ERROR
    assert not isinstance(r.checks[0], CheckFailed)


# ----------------------------------------------------------------------------- devices, shm
def test_cuda_workers_never_get_the_machines_shm():
    """Is the machine's /dev/shm out of a CUDA worker's rules unless it is a private one?"""
    assert "/dev/shm" not in _devices("cuda") + _shm("cuda", private_shm=False)
    assert _shm("cuda", private_shm=True) == ["/dev/shm"]
    assert _shm("cpu", private_shm=True) == []


def test_shm_of_a_cuda_worker_is_private(tmp_path):
    """Does a worker set up for CUDA see its own empty /dev/shm, not the machine's files,
    and leave nothing in the machine's?"""
    needs_linux_confinement()
    marker = Path("/dev/shm") / f"torchgrade-test-{os.getpid()}"
    marker.write_text("other user's data")
    try:
        with Session(hidden=[ROOT], device="cuda") as s:
            w = s.worker()
            source = ("import os\ndef f():\n    seen = os.listdir('/dev/shm')\n"
                      "    open('/dev/shm/mine', 'w').write('x')\n    return seen\n")
            assert w.load(source, "m.py", "m").status == "ok"
            reply = w.call(PROBE, {}, 1)
            w.close()
        assert reply.status == "ok", reply.error
        assert marker.name not in reply.value
        assert not Path("/dev/shm/mine").exists()
    finally:
        marker.unlink()


def test_without_its_private_mount_a_cuda_worker_gets_no_shm(monkeypatch):
    """If the private mounts fail (a kernel that forbids them), does a CUDA worker lose
    /dev/shm altogether instead of getting the machine's shared one?"""
    needs_linux_confinement()
    plan = Session._fs_plan

    def impossible(self, tmpdir):
        return dict(plan(self, tmpdir), tmpdir="/nonexistent/torchgrade", bridges=[])

    monkeypatch.setattr(Session, "_fs_plan", impossible)
    monkeypatch.setattr(Session, "identity", None, raising=False)
    with Session(hidden=[ROOT], device="cuda") as s:
        s.identity = None
        w = s.worker()
        source = ("import os\ndef f():\n    try:\n        return os.listdir('/dev/shm')\n"
                  "    except OSError as e:\n        return e.errno\n")
        assert w.load(source, "m.py", "m").status == "ok"
        reply = w.call(PROBE, {}, 1)
        layers = w.layers
        w.close()
    assert layers["filesystem"].startswith("failed")
    assert reply.value == 13, reply.value


# ----------------------------------------------------------------------------- shared machines
def test_leftover_checks_ignore_other_torchgrade_runs():
    """With another torchgrade process on the machine (not started by these tests), do the
    leftover-process checks still find nothing of ours?"""
    if not SUBREAPER:
        pytest.skip("needs PR_SET_CHILD_SUBREAPER to keep our own orphans in our tree")
    from graders.worker import confine
    confine._prctl(confine.PR_SET_CHILD_SUBREAPER, 0)   # let the stranger go to init
    try:
        subprocess.run(["sh", "-c", f"'{sys.executable}' -c 'import time; time.sleep(20)' "
                                    "torchgrade-template >/dev/null 2>&1 &"], check=True)
    finally:
        confine._prctl(confine.PR_SET_CHILD_SUBREAPER, 1)
    deadline = time.monotonic() + 5
    stranger = None
    while stranger is None and time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if entry.isdigit() and b"time.sleep(20)" in cmd and b"torchgrade-template" in cmd:
                stranger = int(entry)
        time.sleep(0.05)
    assert stranger is not None, "the stand-in for another grading run did not start"
    try:
        assert not strays()
    finally:
        os.kill(stranger, 9)


@pytest.mark.skipif(DEVICE != "cpu", reason="the device does not matter here")
def test_results_name_every_isolation_layer(grader):
    """Does every result say how the worker's files and privileges were isolated?"""
    r = grader.grade(ROOT / "solutions" / f"{EX04}.py", EX04)
    for key in ("filesystem", "privileges", "rlimits", "landlock", "seccomp"):
        assert key in r.isolation
    assert "RLIMIT_AS" in r.isolation["rlimits"]


@pytest.mark.slow
def test_grader_runs_as_an_ordinary_user():
    """Run by an ordinary user (workers then use a user namespace for their private folder,
    and no uid switch), do the sandbox, isolation and attack tests still pass?"""
    if os.geteuid() != 0:
        pytest.skip("already running as an ordinary user")
    needs_linux_confinement()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "as_user.py"), "65534", sys.executable, "-m",
         "pytest", "-q", "-p", "no:cacheprovider", "-x", "tests/test_sandbox.py",
         "tests/test_isolation.py", "tests/test_attacks.py", "-k",
         "not ordinary_user"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env=dict(os.environ, TORCHGRADE_TEST_SEED=str(os.environ.get("TORCHGRADE_TEST_SEED",
                                                                        "") or 7)))
    tail = proc.stdout[-3000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, tail
    assert " passed" in proc.stdout and "failed" not in proc.stdout.splitlines()[-1], tail


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid switch happens under a root grader")
def test_workers_die_with_a_killed_grader_after_the_uid_switch():
    """The kernel forgets a process's parent-death signal when its uid changes: does a
    worker that switched uid still die when its grader (and so its template) is killed?"""
    grade = subprocess.Popen(
        [sys.executable, "-m", "graders", "check", ROOT / "tests" / "attacks" /
         "sleep_forever.py", "-e", "ex04", "--no-service", "--timeout", "60"], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def alive(pids) -> list[int]:
        """Those of `pids` that run under a worker's uid and have not ended."""
        found = []
        for pid in pids:
            try:
                uid = os.stat(f"/proc/{pid}").st_uid
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if uid >= 2_000_000_000 and state != "Z":
                found.append(pid)
        return found
    deadline = time.monotonic() + 60
    while not alive(_descendants_of(grade.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)                                   # into the learner's sleep
    workers = alive(_descendants_of(grade.pid))
    assert workers, "no worker started"
    grade.kill()
    grade.wait()
    deadline = time.monotonic() + 15
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(workers)
    _reap_orphans()


def _descendants_of(pid: int) -> set[int]:
    from conftest import descendants
    return descendants(pid)


def _reap_orphans() -> None:
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                return
        except ChildProcessError:
            return
