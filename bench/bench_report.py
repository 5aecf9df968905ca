"""What a learner page's curve costs, as a ratio measured in one run (run it; it is not a test).

    python bench/bench_report.py

Times the inline-SVG curve of html_report for a short, a 120-value and the longest series a
check may record (EVIDENCE_VALUES), and, where matplotlib is installed, a matplotlib PNG of the
same two series, which is what a page drew before: a class of hundreds of learners draws
several curves each, so the SVG should cost a small fraction of the PNG.
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graders.core import html_report  # noqa: E402
from graders.core.grading import EVIDENCE_VALUES  # noqa: E402


def best_of(fn, *args, runs: int = 5, calls: int = 10) -> float:
    """Seconds a call of fn(*args), the best of `runs` batches: a busy machine is not slow code."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn(*args)
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def png(mine: list[float], ref: list[float]) -> bytes:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(4.4, 2.6), dpi=100)
    ax.plot(range(1, len(ref) + 1), ref, label="reference")
    ax.plot(range(1, len(mine) + 1), mine, label="your code")
    ax.legend()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def main() -> None:
    short = [2.0 / (i + 1) for i in range(20)]
    long = [1 / (1 + i) for i in range(120)]
    longest = [1 / (1 + i) for i in range(EVIDENCE_VALUES)]
    try:
        import matplotlib  # noqa: F401
        has_png = True
    except ImportError:
        has_png = False
    print(f"{'curve':<24} {'svg ms':>8} {'png ms':>8}   png / svg")
    for name, ys in (("short (20)", short), ("long (120)", long),
                     (f"longest ({EVIDENCE_VALUES})", longest)):
        svg = best_of(html_report._curves, "ex09/c", "losses", ys, ys[::-1], "your code")
        if not has_png:
            print(f"{name:<24} {1000 * svg:>8.2f} {'-':>8}   (no matplotlib)")
            continue
        pic = best_of(png, ys, ys[::-1], runs=3, calls=3)
        print(f"{name:<24} {1000 * svg:>8.2f} {1000 * pic:>8.1f}   {pic / svg:.0f}x")


if __name__ == "__main__":
    main()
