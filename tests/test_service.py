"""The per-user grading service (graders.service): the same verdicts and output as a command
that grades in its own process, one warm process for many commands, and no way around the
sandbox or into another user's service."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, TESTS, descendants

from graders.service import client, place

SOLUTIONS = ROOT / "solutions"
MISTAKE = next((TESTS / "mistakes" / "ex09_training_loop").glob("*.py"))


@pytest.fixture
def env():
    """An environment whose `grade` commands use a service of their own (a short folder:
    socket paths are limited to 108 bytes); every service it started is stopped after."""
    folder = Path(tempfile.mkdtemp(prefix="tgs-"))
    os.chmod(folder, 0o700)
    e = dict(os.environ, TORCHGRADE_SERVICE="on", TORCHGRADE_SERVICE_DIR=str(folder))
    yield e
    pids = [s["pid"] for s in statuses(e)]
    grade("service", "stop", env=e)
    for pid in pids:                 # adopted by this test process (a subreaper): reap it
        assert client.wait_gone(pid, 15), f"service {pid} did not stop"
    shutil.rmtree(folder, ignore_errors=True)


def grade(*args: str, env: dict, cwd: Path = ROOT, timeout: float = 300,
          root: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graders", *map(str, args)], cwd=cwd,
                          env=dict(env, PYTHONPATH=str(root)), capture_output=True, text=True,
                          timeout=timeout)


def started(*args, env: dict) -> subprocess.Popen:
    """`grade ARGS` running in the background, its output captured as text."""
    return subprocess.Popen([sys.executable, "-m", "graders", *map(str, args)], cwd=ROOT,
                            env=dict(env, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def statuses(env: dict) -> list[dict]:
    """What each running service of `env` says about itself."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return client.ask_all({"op": "status"})
    finally:
        os.environ.clear()
        os.environ.update(saved)


def only_service(env: dict) -> dict:
    found = statuses(env)
    assert len(found) == 1, found
    return found[0]


def _plain(completed: subprocess.CompletedProcess) -> tuple:
    return completed.returncode, completed.stdout, completed.stderr


def _without_times(text: str):
    """JSON output with its per-call times dropped (they differ between any two runs)."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("elapsed", "execution_time")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return strip(json.loads(text))


CASES = {
    "a correct file": [SOLUTIONS / "ex04_softmax_head.py"],
    "a known mistake": [MISTAKE, "-e", "ex09"],
    "a syntax error": [TESTS / "bad_input" / "syntax_error.py", "-e", "ex04"],
    "a stub notebook": [ROOT / "exercises" / "ex04_softmax_head.ipynb"],
    "two files": [SOLUTIONS / "ex01_tensors.py", TESTS / "bad_input" / "nan_output.py"],
    "an unknown exercise": [SOLUTIONS / "ex04_softmax_head.py", "-e", "ex99"],
    "a missing file": [ROOT / "no_such_file.py"],
    "help": ["--help"],
}


def test_a_check_through_the_service_is_the_command_alone(env):
    for label, args in CASES.items():
        served = grade("check", *args, "--seed", "5", env=env)
        alone = grade("check", *args, "--seed", "5", "--no-service", env=env)
        assert _plain(served) == _plain(alone), label
    folder = [TESTS / "bad_input", "-e", "ex04", "-e", "ex09", "--seed", "5"]
    for fmt in ("json", "junit", "gradescope"):
        served = grade("check", *folder, "--format", fmt, env=env)
        alone = grade("check", *folder, "--format", fmt, "--no-service", env=env)
        assert served.returncode == alone.returncode and served.stderr == alone.stderr, fmt
        if fmt == "junit":
            assert _junit_cases(served.stdout) == _junit_cases(alone.stdout)
        else:
            assert _without_times(served.stdout) == _without_times(alone.stdout), fmt
    # Every served command above went to one warm service; the --no-service ones did not.
    assert only_service(env)["requests"] == len(CASES) + 3


def _junit_cases(text: str) -> list:
    import xml.etree.ElementTree as ET
    return [(c.get("classname"), c.get("name"), [(f.tag, f.get("type"), f.text)
                                                  for f in c])
            for c in ET.fromstring(text).iter("testcase")]


def test_hostile_submissions_leave_the_service_serving(env, tmp_path):
    first = grade("check", SOLUTIONS / "ex04_softmax_head.py", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    pid = only_service(env)["pid"]
    sock = next(Path(env["TORCHGRADE_SERVICE_DIR"]).glob("*.sock"))
    snoop = tmp_path / "ex04_snoop.py"
    # The learner's code tries to reach the service and have it stop (or grade anything).
    snoop.write_text(
        "import json, socket, struct\n"
        "def make_model():\n"
        "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
        f"    s.connect({str(sock)!r})\n"
        "    data = json.dumps({'op': 'stop'}).encode()\n"
        "    s.sendall(struct.pack('>I', len(data)) + data)\n"
        "    raise RuntimeError('reached the service')\n")
    for attack, extra in [("infinite_loop.py", ["--timeout", "2"]), ("memory_hog.py", []),
                          ("segfault.py", []), ("signal_the_grader.py", [])]:
        r = grade("check", TESTS / "attacks" / attack, "-e", "ex04", *extra, env=env)
        assert r.returncode == 1, (attack, r.stdout, r.stderr)
    r = grade("check", snoop, env=env)
    assert r.returncode == 1 and "reached the service" not in r.stdout, r.stdout
    assert "Operation not permitted" in r.stdout or "PermissionError" in r.stdout, r.stdout
    again = grade("check", SOLUTIONS / "ex04_softmax_head.py", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    status = only_service(env)
    assert status["pid"] == pid and status["requests"] == 7


def test_a_client_that_goes_away_cancels_its_request(env, tmp_path):
    grade("check", SOLUTIONS / "ex04_softmax_head.py", env=env)
    pid = only_service(env)["pid"]
    waiting = started("check", TESTS / "attacks" / "infinite_loop.py", "-e", "ex04",
                      "--timeout", "120", env=env)
    time.sleep(3)                                     # the learner's loop is running
    waiting.send_signal(signal.SIGINT)
    _, err = waiting.communicate(timeout=30)
    assert waiting.returncode == 130, err
    t0 = time.monotonic()
    r = grade("check", SOLUTIONS / "ex04_softmax_head.py", env=env, timeout=100)
    # Not the 120 s the looping call had left: it was stopped when its command went away.
    assert r.returncode == 0 and time.monotonic() - t0 < 60, r.stdout + r.stderr
    assert only_service(env)["pid"] == pid
    alive = descendants(pid)
    assert all("infinite_loop" not in _cmdline(p) for p in alive)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _copy_course(to: Path) -> Path:
    for part in ("exercises", "solutions", "data"):
        shutil.copytree(ROOT / part, to / part)
    shutil.copytree(ROOT / "graders" / "suites", to / "suites",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return to


def test_a_changed_course_restarts_the_service(env, tmp_path):
    course = _copy_course(tmp_path / "course")
    args = ["check", course / "solutions" / "ex04_softmax_head.py", "--course", course]
    first = grade(*args, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    pid = only_service(env)["pid"]
    suite = course / "suites" / "ex04_softmax_head.py"
    text = suite.read_text()
    title = "The 4-class softmax classifier"
    assert title in text and title in first.stdout
    before = suite.stat()
    # The same size and modification time (as `tar x` or `rsync -t` would leave them).
    suite.write_text(text.replace(title, title.replace("softmax", "SOFTMAX"), 1))
    os.utime(suite, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert suite.stat().st_size == before.st_size
    second = grade(*args, env=env)
    assert second.returncode == 0 and "SOFTMAX" in second.stdout, second.stdout
    assert only_service(env)["pid"] != pid
    client.wait_gone(pid, 15)


def test_an_upgraded_package_restarts_the_service(env, tmp_path):
    """A copy of the package, changed on disk under a running service: the next command
    gets a fresh service running the new code."""
    copy = tmp_path / "pkg"
    for part in ("graders", "torchgrade", "exercises", "solutions", "data"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "solutions" / "ex04_softmax_head.py"
    first = grade("check", target, env=env, cwd=copy, root=copy)
    assert first.returncode == 0 and "Score:" in first.stdout, first.stderr
    pid = only_service(env)["pid"]
    report = copy / "graders" / "core" / "report.py"
    report.write_text(report.read_text().replace('"Score: ', '"Upgraded score: '))
    second = grade("check", target, env=env, cwd=copy, root=copy)
    assert "Upgraded score: " in second.stdout, second.stdout + second.stderr
    assert only_service(env)["pid"] != pid
    client.wait_gone(pid, 15)


def test_an_idle_service_stops(env):
    env = dict(env, TORCHGRADE_SERVICE_IDLE="1")
    r = grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    assert r.returncode == 0
    found = statuses(env)
    pid = found[0]["pid"] if found else None
    assert pid is None or client.wait_gone(pid, 20)
    assert statuses(env) == []


def test_status_and_stop(env):
    r = grade("service", "status", env=env)
    assert r.returncode == 0 and "No grading service is running." in r.stdout
    grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    status = only_service(env)
    r = grade("service", "status", env=env)
    assert f"pid {status['pid']}:" in r.stdout and "1 requests" in r.stdout, r.stdout
    r = grade("service", "stop", env=env)
    assert r.returncode == 0 and "Stopped 1 grading service." in r.stdout, r.stdout + r.stderr
    assert client.wait_gone(status["pid"], 15) and statuses(env) == []


def test_a_folder_others_can_enter_is_not_used(env, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    r = grade("check", SOLUTIONS / "ex01_tensors.py", env=dict(
        env, TORCHGRADE_SERVICE_DIR=str(shared)))
    assert r.returncode == 0 and "Score:" in r.stdout
    assert "not a folder that only you can open" in r.stderr
    assert not list(shared.iterdir())


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_another_user_gets_no_answer(env):
    grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    folder = Path(env["TORCHGRADE_SERVICE_DIR"])
    sock = next(folder.glob("*.sock"))
    before = only_service(env)["requests"]
    os.chmod(folder, 0o777)                  # even with the folder and socket open to all
    os.chmod(sock, 0o777)
    try:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                import socket
                conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                conn.connect(str(sock))
                try:
                    place.send(conn, {"op": "stop"})
                    place.receive(conn)
                except (EOFError, BrokenPipeError, ConnectionResetError):
                    code = 0                 # closed without an answer
            except BaseException as exc:
                print(f"as another user: {exc!r}", file=sys.stderr)
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        os.chmod(folder, 0o700)
    after = only_service(env)
    assert after["requests"] == before


def test_a_notebook_check_through_the_service(env, tmp_path):
    script = tmp_path / "nb.py"
    script.write_text(
        "import json, sys\n"
        "from torchgrade import learner\n"
        "from graders.core import course as courses\n"
        "from graders.core.load import read_submission\n"
        "c = courses.resolve()\n"
        f"src = read_submission(c.root / 'tests' / 'mistakes' / 'ex09_training_loop' / "
        f"{MISTAKE.name!r})\n"
        "r = learner.grade(c, 'ex09_training_loop', src, seed=11)\n"
        "print(json.dumps([[c.name, c.outcome.value, c.points, c.message, c.hint]\n"
        "                  for c in r.checks]))\n")
    served = subprocess.run([sys.executable, script], env=dict(env, PYTHONPATH=str(ROOT)),
                            capture_output=True, text=True, timeout=300)
    alone = subprocess.run([sys.executable, script], env=dict(
        env, PYTHONPATH=str(ROOT), TORCHGRADE_SERVICE="off"), capture_output=True, text=True,
        timeout=300)
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout) == json.loads(alone.stdout)
    assert any(outcome != "passed" for _, outcome, *_ in json.loads(served.stdout))
    assert only_service(env)["requests"] == 1


def test_a_class_through_the_service_is_the_class_alone(env, tmp_path):
    klass = tmp_path / "class"
    for learner, source in [("ann", SOLUTIONS / "ex04_softmax_head.py"),
                            ("bo", TESTS / "bad_input" / "nan_output.py"),
                            ("cy", TESTS / "attacks" / "segfault.py")]:
        (klass / learner).mkdir(parents=True)
        shutil.copy(source, klass / learner / "ex04_softmax_head.py")
    # (No short --timeout: under load a correct learner's call could run past it in one
    # run and not the other.)
    args = ["class", klass, "-e", "ex04", "--seed", "9", "--jobs", "2"]
    served = grade(*args, "--out", tmp_path / "served", env=env)
    alone = grade(*args, "--out", tmp_path / "alone", "--no-service", env=env)
    assert served.returncode == alone.returncode == 1, served.stderr
    assert served.stdout.replace("served", "alone") == alone.stdout
    assert served.stderr == alone.stderr
    for name in ("gradebook.csv", "feedback/cy.txt"):
        assert (tmp_path / "served" / name).read_text() == (tmp_path / "alone" / name).read_text()
    assert _verdicts(tmp_path / "served") == _verdicts(tmp_path / "alone")
    assert only_service(env)["requests"] == 1


def test_a_command_behind_a_long_one_grades_in_its_own_process(env):
    grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    pid = only_service(env)["pid"]
    long = started("check", TESTS / "attacks" / "infinite_loop.py", "-e", "ex04",
                   "--timeout", "15", env=env)
    time.sleep(5)                     # past BUSY_SECONDS into the looping call
    r = grade("check", SOLUTIONS / "ex04_softmax_head.py", env=env)
    assert long.poll() is None        # it answered before the long command ended
    assert r.returncode == 0 and "Score: 7/7" in r.stdout, r.stdout + r.stderr
    assert "busy with a longer command" in r.stderr
    out, err = long.communicate(timeout=120)
    assert long.returncode == 1 and "timed out" in out, out + err
    assert only_service(env)["pid"] == pid


def _verdicts(out: Path) -> list:
    """Every check of every learner in a class's results.json (not times or process ids)."""
    learners = json.loads((out / "results.json").read_text())["learners"]
    return [(lr["learner"], lr["score"], lr["status"],
             [(e["exercise"], e["score"], [(c["name"], c["outcome"], c["points"], c["message"],
                                            c["hint"]) for c in e["checks"]])
              for e in lr["exercises"]]) for lr in learners]


def test_a_command_in_another_mount_namespace_is_not_served(env, tmp_path):
    """A command that sees other files at the same paths (another mount namespace, a
    container sharing the socket folder) grades its own file, in its own process."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare(1) to make a mount namespace")
    spot = tmp_path / "spot"
    spot.mkdir()
    shutil.copy(SOLUTIONS / "ex04_softmax_head.py", spot)
    grade("check", spot / "ex04_softmax_head.py", env=env)            # the service, warm
    mistake = TESTS / "mistakes" / "ex04_softmax_head" / "no_softmax.py"
    script = (f"mount --make-rprivate / && mount -t tmpfs none {spot} && "
              f"cp {mistake} {spot}/ex04_softmax_head.py && "
              f"{sys.executable} -m graders check {spot}/ex04_softmax_head.py --seed 3")
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True,
                       text=True, env=dict(env, PYTHONPATH=str(ROOT)), timeout=300)
    assert r.returncode == 1 and "Score: 7/7" not in r.stdout, r.stdout + r.stderr
    # It got a service of its own (its namespace is part of which service a command uses;
    # the service also refuses a peer from another namespace, should one connect).
    assert len(statuses(env)) == 2
    first = next(p for p in Path(env["TORCHGRADE_SERVICE_DIR"]).glob("*.sock"))
    probe = ("import socket, sys; from graders.service import place; "
             "c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1]); "
             "place.send(c, {'op': 'command', 'argv': ['check', sys.argv[2]], 'cwd': '/'}); "
             "print(place.receive(c))")
    for sock in Path(env["TORCHGRADE_SERVICE_DIR"]).glob("*.sock"):
        r = subprocess.run(["unshare", "-m", sys.executable, "-c", probe, str(sock),
                            str(spot / "ex04_softmax_head.py")], cwd=ROOT, capture_output=True,
                           text=True, env=dict(env, PYTHONPATH=str(ROOT)), timeout=60)
        assert r.stdout.strip() == "{'elsewhere': True}", (first, r.stdout, r.stderr)


def test_links_in_the_folder_are_not_followed(env, tmp_path):
    """A lock or log name that is a link (planted, or swapped in) is never opened through;
    the command still grades, in its own process."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    folder = Path(env["TORCHGRADE_SERVICE_DIR"])
    saved = dict(os.environ)
    os.environ.update(env, PYTHONPATH=str(ROOT))
    try:
        k = place.key()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    (folder / f"service-{k}.log").symlink_to(victim)
    r = grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    assert r.returncode == 0 and "note: grading in this process" in r.stderr, r.stderr
    assert victim.read_text() == "keep me\n"


def test_a_class_through_the_service_keeps_the_commands_umask(env, tmp_path):
    klass = tmp_path / "class" / "ann"
    klass.mkdir(parents=True)
    shutil.copy(SOLUTIONS / "ex01_tensors.py", klass)
    out = tmp_path / "out"
    r = subprocess.run(f"umask 077 && {sys.executable} -m graders class {klass.parent} -e ex01 "
                       f"--out {out}", shell=True, cwd=ROOT, capture_output=True, text=True,
                       env=dict(env, PYTHONPATH=str(ROOT)), timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert only_service(env)["requests"] == 1
    for name in ("gradebook.csv", "results.json", "feedback/ann.txt"):
        assert (out / name).stat().st_mode & 0o077 == 0, name


def test_what_the_grading_reads_from_the_environment_picks_the_service(monkeypatch):
    keys = set()
    for tz in ("UTC", "Pacific/Kiritimati"):
        monkeypatch.setenv("TZ", tz)
        keys.add(place.key())
    monkeypatch.setenv("TORCHGRADE_COURSE", "/somewhere")
    keys.add(place.key())
    monkeypatch.setenv("SOMETHING_ELSE", "x")        # not read by grading: the same service
    keys.add(place.key())
    assert len(keys) == 3


def test_stop_lets_the_running_command_finish(env):
    grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    pid = only_service(env)["pid"]
    running = started("check", TESTS / "attacks" / "sleep_forever.py", "-e", "ex04",
                      "--timeout", "4", env=env)
    time.sleep(2)
    r = grade("service", "stop", env=env)
    assert r.returncode == 0 and "will stop when the command it is running ends" in r.stdout, \
        r.stdout + r.stderr
    out, err = running.communicate(timeout=120)
    assert running.returncode == 1 and "timed out" in out, out + err
    assert client.wait_gone(pid, 15)


def test_awkward_surroundings_still_grade(env, tmp_path):
    """A removed working folder, a closed stdout, a bad idle setting: the check still
    grades (or says why not), with no traceback."""
    gone = tmp_path / "gone"
    gone.mkdir()
    r = subprocess.run(f"cd {gone} && rmdir {gone} && {sys.executable} -m graders check "
                       f"{SOLUTIONS / 'ex01_tensors.py'}", shell=True, capture_output=True,
                       text=True, env=dict(env, PYTHONPATH=str(ROOT)), timeout=300)
    assert r.returncode == 0 and "Score:" in r.stdout and "Traceback" not in r.stderr, r.stderr
    r = subprocess.run(f"{sys.executable} -m graders check {SOLUTIONS / 'ex01_tensors.py'} "
                       ">&-", shell=True, cwd=ROOT, capture_output=True, text=True,
                       env=dict(env, PYTHONPATH=str(ROOT)), timeout=300)
    assert "Traceback" not in r.stderr, r.stderr
    r = grade("check", SOLUTIONS / "ex01_tensors.py", env=dict(env,
                                                               TORCHGRADE_SERVICE_IDLE="abc"))
    assert r.returncode == 0 and "TORCHGRADE_SERVICE_IDLE='abc'" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_ctrl_c_on_a_class_shows_what_was_saved(env, tmp_path):
    klass = tmp_path / "class"
    for learner in ("ann", "bo", "cy"):
        (klass / learner).mkdir(parents=True)
        shutil.copy(TESTS / "attacks" / "sleep_forever.py", klass / learner /
                    "ex04_softmax_head.py")
    grade("check", SOLUTIONS / "ex01_tensors.py", env=env)
    running = started("class", klass, "-e", "ex04", "--jobs", "1", "--timeout", "30",
                      "--out", tmp_path / "out", env=env)
    time.sleep(4)
    running.send_signal(signal.SIGINT)
    out, err = running.communicate(timeout=120)
    assert running.returncode == 130, out + err
    assert "run the same command again" in (out + err), out + err
