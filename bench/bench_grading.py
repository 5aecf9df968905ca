"""How long grading takes, as ratios measured in one run (run it; it is not a test).

    python bench/bench_grading.py [--learners 20] [--jobs 2]

Measures, on this machine, in this process tree:
  1. starting a worker: a fork of the template vs a fresh interpreter (the spawn fallback),
     and with its private mounts (tmpfs folder, uid switch as root) vs without them;
  2. `grade check` of one exercise: a whole command vs grading with a warm session;
  3. a class of N learners x every exercise: --jobs 1 vs --jobs J;
  4. against the floor (bench/floor.py: the same checks and probe calls, no isolation, torch
     and the reference warmed once, a fork per learner), classes of 20 and 320 learners x 3
     exercises (ex04, ex09, ex14; half right, half a known mistake): the class at --jobs 1
     over the floor, both with their warm-up; the marginal cost per learner over the floor's;
     seconds per learner at 320 with --jobs J; and `grade class` (20, --jobs 1) as a
     command through a warm grading service;
  5. `grade check` of one exercise as a learner runs it: the first one (it starts the
     grading service) and a repeated one (the warm service), against `import torch` timed
     in the same run.
`--targets` (or `--floor-only`) runs parts 4 and 5: the issue's targets, as ratios.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from graders.core.classroom import ClassRun  # noqa: E402
from graders.core.course import builtin  # noqa: E402
from graders.core.grading import Grader, Options  # noqa: E402
from graders.core.sandbox import Session  # noqa: E402


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def worker_start(start: str, n: int, private: bool = True) -> float:
    with Session(start=start, hidden=[ROOT]) as s:
        if not private:                          # the cost of the mount namespace alone
            s.identity = None
            s._fs_plan = lambda tmpdir: None
        s.worker().close()                       # warm the template (fork) or page cache
        t0 = time.perf_counter()
        for _ in range(n):
            s.worker().close()
        return (time.perf_counter() - t0) / n


def build_class(root: Path, learners: int, names: list[str] | None = None) -> int:
    """`learners` folders, each with every exercise (a variant or a known mistake); the
    number of exercises."""
    names = names or builtin().names()
    for i in range(learners):
        folder = root / f"learner{i:02d}"
        folder.mkdir(parents=True)
        for j, name in enumerate(names):
            kind = ("variants", "mistakes")[(i + j) % 2]
            files = sorted((ROOT / "tests" / kind / name).glob("*.py"))
            (folder / f"{name}.py").write_text(files[i % len(files)].read_text())
    return len(names)


FLOOR_EXERCISES = ["ex04_softmax_head", "ex09_training_loop", "ex14_freeze_layers"]


def floor_rows(jobs: int, sizes=(20, 320)) -> list[tuple]:
    """The class command against the floor, at each class size (see the module docstring)."""
    from floor import floor_class
    classes, floors = {}, {}
    tmp = Path(tempfile.mkdtemp(prefix="torchgrade-floor-"))
    try:
        for n in sizes:
            build_class(tmp / f"c{n}", n, FLOOR_EXERCISES)
            for j in (1, jobs):
                classes[n, j] = timed(lambda n=n, j=j: ClassRun(
                    tmp / f"c{n}", tmp / f"o{n}-{j}", Options(seed=1), jobs=j,
                    exercises=FLOOR_EXERCISES, regrade=True).run())
            pid = os.fork()                      # the floor in a process of its own
            if pid == 0:
                quiet = os.open(os.devnull, os.O_WRONLY)   # learner prints, in-process here
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                warm, grading = floor_class(tmp / f"c{n}", FLOOR_EXERCISES, seed=1)
                (tmp / f"floor{n}").write_text(f"{warm} {grading}")
                os._exit(0)
            os.waitpid(pid, 0)
            floors[n] = tuple(map(float, (tmp / f"floor{n}").read_text().split()))
        served = served_class(tmp / f"c{sizes[0]}", tmp / "served")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    small, big = sizes
    rows = []
    for n in sizes:
        rows.append((f"floor, {n} x 3: warm-up + grading", sum(floors[n]),
                     "warm-up s", floors[n][0]))
        rows.append((f"class {n} x 3, --jobs 1", classes[n, 1], "over the floor",
                     classes[n, 1] / sum(floors[n])))
    rows.append((f"class {small} x 3, --jobs 1, warm service", served, "over the floor",
                 served / sum(floors[small])))
    margin = (classes[big, 1] - classes[small, 1]) / (big - small)
    floor_margin = (floors[big][1] - floors[small][1]) / (big - small)
    rows.append(("per added learner, --jobs 1", margin, "over the floor's",
                 margin / floor_margin))
    rows.append((f"class {big} x 3, --jobs {jobs}, per learner", classes[big, jobs] / big,
                 f"jobs 1 / jobs {jobs}", classes[big, 1] / classes[big, jobs]))
    return rows


class _Service:
    """`grade` commands through a grading service of their own (a private folder)."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="tgb-")
        self.env = dict(os.environ, TORCHGRADE_SERVICE="on", TORCHGRADE_SERVICE_DIR=self.folder)

    def run(self, *args) -> None:
        subprocess.run([sys.executable, "-m", "graders", *map(str, args)], env=self.env,
                       cwd=ROOT, capture_output=True)

    def stop(self) -> None:
        self.run("service", "stop")

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def served_class(klass: Path, out: Path, repeat: int = 2) -> float:
    """`grade class KLASS --jobs 1` as a command, through a warm grading service."""
    service = _Service()
    args = ["class", klass, "--out", out, "--jobs", "1", "--seed", "1", "--regrade",
            *(a for name in FLOOR_EXERCISES for a in ("-e", name))]
    try:
        service.run(*args)                       # starts the service
        return timed(lambda: service.run(*args), repeat)
    finally:
        service.close()


def check_rows(repeat: int = 3) -> list[tuple]:
    """`grade check` of ex09 as a learner runs it, through a grading service of its own:
    the first command starts the service, later ones find it warm. Each measured `repeat`
    times (best), the service stopped before each first command."""
    service = _Service()
    solution = builtin().load("ex09_training_loop").solution_path

    def first():
        service.stop()
        return timed(lambda: service.run("check", solution))
    try:
        torch_import = timed(lambda: subprocess.run([sys.executable, "-c", "import torch"],
                                                    check=True), repeat)
        cold = min(first() for _ in range(repeat))
        again = timed(lambda: service.run("check", solution), repeat)
        alone = timed(lambda: service.run("check", "--no-service", solution), repeat)
    finally:
        service.close()
    return [("import torch (a fresh interpreter)", torch_import, "-", 0.0),
            ("grade check ex09, first (starts the service)", cold, "over import torch, s",
             cold - torch_import),
            ("grade check ex09, repeated (warm service)", again, "first / repeated",
             cold / again),
            ("grade check ex09, --no-service", alone, "no service / repeated", alone / again)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--learners", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--targets", "--floor-only", dest="targets", action="store_true")
    args = ap.parse_args()
    if args.targets:
        show(floor_rows(args.jobs) + check_rows())
        return
    rows = []

    fork = worker_start("fork", 20)
    spawn = worker_start("spawn", 3)
    rows.append(("worker start: fork of the template", fork, "spawn / fork", spawn / fork))
    bare = worker_start("fork", 20, private=False)
    rows.append(("worker start without private mounts", bare, "with / without",
                 fork / bare))

    solution = builtin().load("ex09_training_loop").solution_path
    cmd = [sys.executable, "-m", "graders", "check", str(solution), "--seed", "1",
           "--no-service"]
    cold = timed(lambda: subprocess.run(cmd, capture_output=True, check=True), repeat=2)
    with Grader(Options(seed=1)) as g:
        g.grade(solution)                        # reference observations now cached
        warm = timed(lambda: g.grade(solution), repeat=3)
    rows.append(("grade check ex09 (whole command, no service)", cold, "command / warm session",
                 cold / warm))

    tmp = Path(tempfile.mkdtemp(prefix="torchgrade-bench-"))
    try:
        exercises = build_class(tmp / "class", args.learners)
        serial = timed(lambda: ClassRun(tmp / "class", tmp / "out1", Options(seed=1),
                                        jobs=1, regrade=True).run())
        parallel = timed(lambda: ClassRun(tmp / "class", tmp / "outj", Options(seed=1),
                                          jobs=args.jobs, regrade=True).run())
        resumed = timed(lambda: ClassRun(tmp / "class", tmp / "outj", Options(seed=1),
                                         jobs=args.jobs).run())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    size = f"{args.learners} x {exercises}"
    rows.append((f"class {size}, --jobs 1", serial, f"jobs 1 / jobs {args.jobs}",
                 serial / parallel))
    rows.append((f"class {size}, --jobs {args.jobs}", parallel,
                 "full run / resumed run", parallel / resumed))

    show(rows + floor_rows(args.jobs) + check_rows())


def show(rows: list[tuple]) -> None:
    print(f"{'measurement':<46} {'seconds':>8}   ratio")
    for label, secs, ratio_name, ratio in rows:
        if ratio_name == "-":
            print(f"{label:<46} {secs:>8.3f}")
            continue
        print(f"{label:<46} {secs:>8.3f}   {ratio_name} = {ratio:.2f}" + (
            "" if ratio_name.endswith(" s") else "x"))


if __name__ == "__main__":
    main()
