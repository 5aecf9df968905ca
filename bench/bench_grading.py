"""How long grading takes, as ratios measured in one run (run it; it is not a test).

    python bench/bench_grading.py [--learners 20] [--jobs 2]

Measures, on this machine, in this process tree:
  1. starting a worker: a fork of the template vs a fresh interpreter (the spawn fallback),
     and with its private mounts (tmpfs folder, uid switch as root) vs without them;
  2. `grade check` of one exercise: a whole command vs grading with a warm session;
  3. a class of N learners x every exercise: --jobs 1 vs --jobs J.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def build_class(root: Path, learners: int) -> int:
    """`learners` folders, each with every exercise (a variant or a known mistake); the
    number of exercises."""
    names = builtin().names()
    for i in range(learners):
        folder = root / f"learner{i:02d}"
        folder.mkdir(parents=True)
        for j, name in enumerate(names):
            kind = ("variants", "mistakes")[(i + j) % 2]
            files = sorted((ROOT / "tests" / kind / name).glob("*.py"))
            (folder / f"{name}.py").write_text(files[i % len(files)].read_text())
    return len(names)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--learners", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    rows = []

    fork = worker_start("fork", 20)
    spawn = worker_start("spawn", 3)
    rows.append(("worker start: fork of the template", fork, "spawn / fork", spawn / fork))
    bare = worker_start("fork", 20, private=False)
    rows.append(("worker start without private mounts", bare, "with / without",
                 fork / bare))

    solution = builtin().load("ex09_training_loop").solution_path
    cmd = [sys.executable, "-m", "graders", "check", str(solution), "--seed", "1"]
    cold = timed(lambda: subprocess.run(cmd, capture_output=True, check=True), repeat=2)
    with Grader(Options(seed=1)) as g:
        g.grade(solution)                        # reference observations now cached
        warm = timed(lambda: g.grade(solution), repeat=3)
    rows.append(("grade check ex09 (whole command)", cold, "command / warm session",
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

    print(f"{'measurement':<38} {'seconds':>8}   ratio")
    for label, secs, ratio_name, ratio in rows:
        print(f"{label:<38} {secs:>8.3f}   {ratio_name} = {ratio:.1f}x")


if __name__ == "__main__":
    main()
