"""The sandbox's own guarantees: start methods, limits, output capture, clean-up."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import DEVICE, ROOT, close_grader, needs_linux_confinement, open_grader

from graders.core.outcomes import Outcome
from graders.core.redact import Redactor
from graders.core.sandbox import Limits, Session

EX04 = "ex04_softmax_head"
PROBE = {"name": "p", "source": "def p(sub):\n    return sub.f()\n"}


@pytest.mark.slow
def test_spawn_start_grades_like_fork():
    """Does the portable start method (a fresh interpreter per worker, as on macOS and
    Windows) grade the reference and a mistake exactly like the forkserver?"""
    g = open_grader(start="spawn")
    try:
        ok = g.grade(ROOT / "solutions" / f"{EX04}.py", EX04)
        wrong = g.grade(ROOT / "tests" / "mistakes" / EX04 / "no_softmax.py", EX04)
    finally:
        close_grader(g)
    assert ok.full_marks and ok.isolation["worker"] == "spawn"
    assert wrong.score < wrong.max_score
    if needs_linux_confinement is not None and os.uname().sysname == "Linux":
        assert ok.isolation["landlock"].startswith("active")


def test_cpu_time_limit_is_its_own_outcome(tmp_path):
    """Does code that burns CPU past its limit end as timed out, naming the CPU limit?"""
    g = open_grader(limits=Limits(cpu_seconds=1, call_timeout=30, load_timeout=30))
    try:
        path = tmp_path / f"{EX04}.py"
        path.write_text("def make_model():\n    while True:\n        pass\n")
        started = time.monotonic()
        result = g.grade(path, EX04)
    finally:
        close_grader(g)
    assert result.checks[0].outcome is Outcome.TIMED_OUT
    assert "CPU time limit" in result.checks[0].message
    assert time.monotonic() - started < 20


def test_learner_output_is_capped_and_temp_dirs_are_removed():
    """Is a worker's captured output cut to its display cap, and its temp dir gone after?"""
    with Session(limits=Limits(output_kb=1), hidden=[ROOT]) as s:
        w = s.worker()
        source = "def f():\n    print('x' * 10000)\n    return 1\n"
        assert w.load(source, "m.py", "m").status == "ok"
        reply = w.call(PROBE, {}, 1)
        assert reply.status == "ok" and reply.value == 1
        assert len(reply.output) < 1200 and reply.output.endswith("[... output truncated ...]")
        tmp = w.tmpdir
        w.close()
        assert not Path(tmp).exists()


def test_worker_cannot_read_the_course_or_write_outside_its_folder():
    """Inside a confined worker, are the course folder and /tmp out of reach, while its own
    folder is writable?"""
    needs_linux_confinement()
    source = (
        "import os\n"
        "def f():\n"
        "    out = {}\n"
        f"    for path in {str(ROOT / 'solutions')!r}, '/tmp':\n"
        "        try:\n"
        "            os.listdir(path); out[path] = 'listed'\n"
        "        except OSError as e:\n"
        "            out[path] = e.errno\n"
        "    open('mine.txt', 'w').write('ok')\n"
        "    out['own'] = open('mine.txt').read()\n"
        "    return out\n")
    with Session(hidden=[ROOT], device=DEVICE) as s:
        w = s.worker()
        w.load(source, "m.py", "m")
        out = w.call(PROBE, {}, 1).value
        w.close()
    assert out[str(ROOT / "solutions")] == 13 and out["/tmp"] == 13 and out["own"] == "ok"


def test_redactor_hides_reference_lines_but_not_the_learners_own():
    """Does redaction hide reference-only lines, but leave a line the learner wrote too?"""
    solution = "def f(model):\n    return torch.optim.SGD(model.parameters(), lr=0.1)\n" \
               "    hidden_magic_constant = 12345678\n"
    learner = "    return torch.optim.SGD(model.parameters(), lr=0.1)\n"
    r = Redactor(solution, stub="def f(model):\n", learner=learner)
    text = r.clean("x: return torch.optim.SGD(model.parameters(), lr=0.1) and "
                   "hidden_magic_constant = 12345678")
    assert "torch.optim.SGD(model.parameters(), lr=0.1)" in text
    assert "12345678" not in text and "[hidden: text of the reference solution]" in text


def test_readable_roots_split_around_hidden_folders(tmp_path):
    """Is a system folder that contains a hidden folder opened only around it, and a Python
    folder inside a hidden folder (a virtualenv in the course) still readable?"""
    from graders.worker.paths import _expand
    (tmp_path / "course" / "solutions").mkdir(parents=True)
    (tmp_path / "course" / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    course = tmp_path / "course"
    allowed = _expand(tmp_path, [course])
    assert str(tmp_path / "other") in allowed
    assert not any(a == str(course) or a.startswith(str(course) + "/") for a in allowed)
    assert _expand(course / ".venv" / "lib", [course]) == [str(course / ".venv" / "lib")]
    assert _expand(course, [course]) == []


def test_a_dead_template_is_replaced():
    """If the worker template dies mid-run (the OOM killer, say), is the next worker started
    from a new one instead of failing every remaining learner?"""
    with Session(hidden=[ROOT]) as s:
        s.worker().close()
        s._proc.kill()
        s._proc.wait()
        w = s.worker()
        assert w.load("def f():\n    return 2\n", "m.py", "m").status == "ok"
        assert w.call(PROBE, {}, 1).value == 2
        w.close()


def test_temp_dir_is_removed_whatever_its_permissions(tmp_path):
    """Is a worker's temp dir removed even when learner code locked folders inside it?"""
    from graders.core.sandbox import remove_tree
    locked = tmp_path / "w" / "locked"
    locked.mkdir(parents=True)
    (locked / "f").write_text("x")
    locked.chmod(0)
    (tmp_path / "w").chmod(0o500)
    remove_tree(str(tmp_path / "w"))
    assert not (tmp_path / "w").exists()


def test_a_workers_exit_is_seen_at_once_and_a_live_one_is_not_waited_for_past_grace():
    """The template's reap wakes when the worker exits (pidfd, else polling), and gives up
    on one still running once the grace is over; the worker is left for the reaper."""
    from graders.worker.template import _exits_within
    quick = os.fork()
    if quick == 0:
        time.sleep(0.2)
        os._exit(0)
    slow = os.fork()
    if slow == 0:
        time.sleep(30)
        os._exit(0)
    try:
        t0 = time.monotonic()                 # woken by the exit (~0.2 s), not by the grace
        assert _exits_within(quick, 30.0) and time.monotonic() - t0 < 10.0
        t0 = time.monotonic()                 # given up at the grace, not at the exit (30 s)
        assert not _exits_within(slow, 0.3) and 0.25 < time.monotonic() - t0 < 10.0
    finally:
        os.kill(slow, signal.SIGKILL)
        for pid in (quick, slow):
            os.waitpid(pid, 0)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs pidfds (Linux 5.3+)")
def test_released_workers_close_in_the_background_and_a_spare_waits():
    """Does a released worker end, with its folder, once the closer settles; is the next
    worker the spare started meanwhile; and is a spare started under other settings (a
    device change) not handed out?"""
    with Session(hidden=[ROOT], prestart=True) as s:
        workers = [s.worker() for _ in range(3)]
        for w in workers:
            assert w.load("def f():\n    return 5\n", "m.py", "m").status == "ok"
        gone = [(w.pid, w.tmpdir) for w in workers]
        spare = s._spare
        for w in workers:
            w.release()
        s.closer.settle()
        assert not any(_alive(pid) or Path(tmp).exists() for pid, tmp in gone)
        spare.thread.join()
        w = s.worker()
        assert w is spare.worker and w.pid not in [pid for pid, _ in gone]
        assert w.load("def f():\n    return 6\n", "m.py", "m").status == "ok"
        assert w.call(PROBE, {}, 1).value == 6
        w.close()
        stale = s._spare
        stale.thread.join()
        s.use_device("cpu" if s.device != "cpu" else "cuda:0")
        w = s.worker()
        assert w is not stale.worker
        w.close()
        s.closer.settle()
        assert not _alive(stale.worker.pid)
        last = s._spare
    last.thread.join()
    assert last.worker is None or not Path(last.worker.tmpdir).exists()
