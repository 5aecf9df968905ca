"""HTML pages of a graded class: OUT/report.html for the instructor and OUT/feedback/LEARNER.html
for each learner. Pure functions of results.json's data; the caller writes the files.

Pages are static and self-contained: no script and nothing fetched at view time (a CSP meta tag
forbids both). A learner's curves are inline SVG written here as text: a training run's losses
take a tenth of a millisecond, the longest evidence a check may record a few (a matplotlib PNG
took ~100 ms, over a minute for a large class). The class report's histogram, drawn once, is a
matplotlib PNG embedded as a data: URL; where matplotlib is missing (the GPU image) a line says
so and the table below it still holds every number.
Learner-supplied text (names, file names, messages, hints, notes) is first made printable
(`report.printable`; names through `report.shown_name`, so hidden characters show as `\\u202e`),
then HTML-escaped, quotes included.

Every number shown is also in a data attribute, for tests and scripts. Fractions are decimals
(0.75), points plain numbers; a value that is undefined (the mean of no learners) is empty.
The class report's numbers are those of results.json's `statistics` (`gradebook.statistics`,
computed there with pandas and here without): same definitions, rates and means rounded alike.

report.html
  <span data-stat="learners|full-marks|max-total|mean-total|median-total|mean-percent|
                   median-percent" data-value>
  <td data-bin-low data-bin-high data-count>        histogram of total % (the last bin holds 100)
  <tr data-exercise data-passed data-learners data-missing data-pass-rate data-mean-score
      data-max-score>
      learners: those with a result for it; passed: those with full marks on it; missing:
      those with no file for it (every check missing); mean score: over those learners
  <tr data-check="EXERCISE/CHECK" data-passed data-graded data-missing data-pass-rate data-hidden>
      graded: learners with a result for it, `missing` files included (as not passed)
  <tr data-problem="EXERCISE/CHECK" data-outcome data-count>       common problems
  <tr data-limit-learner data-limit-exercise data-limit-outcomes>  timed out, out of memory, ...
  <tr data-learner data-learner-total data-learner-max data-learner-percent data-late>
feedback/LEARNER.html (visible checks only: hidden ones show neither verdict nor points)
  <p data-learner-total data-learner-max data-hidden-max>
  <section data-exercise data-score data-max-score data-late>
  <tr data-check="EXERCISE/CHECK" data-outcome data-points data-max-points>
  <figure data-evidence="EXERCISE/CHECK/NAME">     a learner's and the reference's curve:
    <svg>: <g data-axis="x|y"> ticks (x at epochs 1, 2, ...); <g data-series="reference|learner">
    a polyline per unbroken run of values (one longer than the plot is wide keeps each pixel's
    lowest and highest) and a circle per value (in a series over 50 long, per lone value)
"""
from __future__ import annotations

import base64
import html
import io
import math
import statistics

from graders.core.report import HIDDEN_NOTE, common_problems, points, printable, shown_name
from graders.core.results import LearnerResult

LIMITS = ("timed_out", "out_of_memory", "crashed", "exited")
BINS = 10                 # histogram bins of 10 percentage points
VALUE_ROWS = 100          # evidence values listed under a curve; the rest are elided
DIGITS = 4                # rates and means, rounded as gradebook.statistics rounds them
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
       "form-action 'none'")
NO_PLOTS = "Plots need matplotlib (pip install matplotlib); the tables hold every number."
# A curve: an SVG of this size (viewBox units; it shrinks with the page), the plotting area in it.
SVG_W, SVG_H = 440, 250
LEFT, TOP, RIGHT, BOTTOM = 64, 44, 428, 212
MARKERS = 50              # a series this short gets a dot per value
X_TICKS = 10              # at most this many epoch ticks: 1, 2, 5, 10, 20, ... apart
LINES = {"reference": ("#888", ' stroke-dasharray="5 3"'), "learner": ("#4a7bd0", "")}
STYLE = """
body{font:15px/1.45 system-ui,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0;width:100%}
th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f5f5f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.msg{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.93em}.note{color:#666}
.passed{color:#17692d}.failed,.error,.invalid,.grader_error{color:#b3261e}
.missing,.not_attempted{color:#777}.timed_out,.out_of_memory,.crashed,.exited{color:#a05a00}
.bar{display:inline-block;height:.7em;background:#4a7bd0;vertical-align:middle}
.late{background:#a05a00;color:#fff;border-radius:3px;padding:0 .4em;font-size:.8em}
.stats b{font-size:1.3em}figure{display:inline-block;margin:.5em 1.5em .5em 0}
details{font-size:.85em}img,figure svg{max-width:100%;height:auto}
"""


# ----------------------------------------------------------------------------- helpers
def _t(x) -> str:
    """Any text, printable and escaped for HTML text and quoted attributes."""
    return html.escape(printable(str(x)), quote=True)


def _name(x) -> str:
    return _t(shown_name(str(x))[0])


def _num(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(round(x, 6))


def _data(**attrs) -> str:
    """` data-a-b="..."` attributes: text escaped, numbers as _num writes them."""
    return "".join(f' data-{k.replace("_", "-")}="{_t(v) if isinstance(v, str) else _num(v)}"'
                   for k, v in attrs.items())


def _outcome(outcome: str) -> str:
    """A table cell naming an outcome, coloured by its class."""
    return f'<td class="{_t(outcome)}">{_t(outcome).replace("_", " ")}</td>'


def _key(*parts) -> str:
    return "/".join(str(p) for p in parts)


def _rate(n: int, of: int) -> float | None:
    return n / of if of else None


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(float(x), DIGITS)


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{100 * rate:.0f}%"


def _bar(rate: float | None) -> str:
    return f'<span class="bar" style="width:{80 * (rate or 0):.0f}px"></span>'


def _page(title: str, body: list[str]) -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _table(head: list[str], rows: list[str]) -> str:
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>\n"
            + "\n".join(rows) + "</table>")


# ----------------------------------------------------------------------------- plots
def _matplotlib():
    """A function that makes an empty figure, or None where matplotlib is not installed.
    The Agg canvas is used directly: no pyplot, so no global state and no GUI backend."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None

    def figure():
        fig = Figure(figsize=(5, 3), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        return fig
    return figure


def _img(fig, alt: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{_t(alt)}" src="data:image/png;base64,{data}">'


def _series(values) -> list[float]:
    """A list of numbers to draw; whatever in it is not a finite number is a gap (NaN)."""
    if not isinstance(values, list):
        return []
    # Beyond 1e150 the axis arithmetic itself overflows; such a value is a gap too (as are NaN
    # and the infinities, for which the comparison is false). A float is the usual case.
    return [v if type(v) is float and -1e150 < v < 1e150 else _number(v) for v in values]


def _number(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return math.nan
    try:
        y = float(v)
    except OverflowError:                             # an int too large for a float
        return math.nan
    return y if -1e150 < y < 1e150 else math.nan


def _drawable(ys: list[float]) -> bool:
    return any(not math.isnan(y) for y in ys)


def _curves(where: str, name: str, learner, reference, you: str) -> str:
    """One evidence pair as two curves (and their values), or "" if neither is numbers."""
    mine, ref = _series(learner), _series(reference)
    if not (_drawable(mine) or _drawable(ref)):
        return ""
    drawn = [(key, label, ys) for key, label, ys in (("reference", "reference", ref),
                                                     ("learner", you, mine)) if _drawable(ys)]
    plot = _svg(f"{where.split('/')[-1]}: {name}", "epoch" if name == "losses" else "index",
                drawn)
    rows = [f"<tr><td class=n>{i + 1}</td><td class=n>{_cell(mine, i)}</td>"
            f"<td class=n>{_cell(ref, i)}</td></tr>"
            for i in range(min(max(len(mine), len(ref)), VALUE_ROWS))]
    more = max(len(mine), len(ref)) - VALUE_ROWS
    return (f"<figure{_data(evidence=_key(where, name))}>{plot}"
            f"<figcaption><details><summary>{_t(name)}: values</summary>"
            + _table(["#", _t(you), "reference"], rows)
            + (f"<p class=note>and {more} more</p>" if more > 0 else "")
            + "</details></figcaption></figure>")


def _svg(title: str, x_label: str, series: list[tuple[str, str, list[float]]]) -> str:
    """A line chart as inline SVG text. `series`: (key of LINES, label, values at x = 1, 2, ...
    with NaN for gaps), each with at least one number; values are finite and under 1e150."""
    n = max(len(ys) for _, _, ys in series)
    finite = [y for _, _, ys in series for y in ys if y == y]         # y == y: not NaN
    y0, y1, y_ticks = _y_axis(min(finite), max(finite))
    pad = 0.04 * (n - 1) or 1.0                       # a single value sits in the middle
    x0, x1 = 1 - pad, n + pad
    sx, sy = (RIGHT - LEFT) / (x1 - x0), (BOTTOM - TOP) / (y1 - y0)

    def at(run: list[tuple[int, float]]) -> list[tuple[str, str]]:
        return [(f"{LEFT + (i - x0) * sx:.1f}", f"{BOTTOM - (y - y0) * sy:.1f}") for i, y in run]

    # No xmlns: inline in HTML an <svg> is SVG without one, and the page names no URL at all.
    out = [f'<svg viewBox="0 0 {SVG_W} {SVG_H}" '
           f'width="{SVG_W}" height="{SVG_H}" role="img" font-family="system-ui,sans-serif" '
           f'font-size="11" fill="#222"><title>{_x(title)}</title>',
           f'<text x="{SVG_W // 2}" y="16" text-anchor="middle" font-size="13">{_x(title)}</text>',
           '<g data-axis="y" text-anchor="end">']
    for v, label in zip(y_ticks, _labels(y_ticks)):
        y = f"{BOTTOM - (v - y0) * sy:.1f}"
        out.append(f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y}" y2="{y}" stroke="#e4e4e4"/>'
                   f'<text x="{LEFT - 6}" y="{y}" dy="4">{_x(label)}</text>')
    out.append('</g><g data-axis="x" text-anchor="middle">')
    for i in _x_ticks(n):
        x = f"{LEFT + (i - x0) * sx:.1f}"
        out.append(f'<line x1="{x}" x2="{x}" y1="{BOTTOM}" y2="{BOTTOM + 4}" stroke="#444"/>'
                   f'<text x="{x}" y="{BOTTOM + 16}">{i}</text>')
    out.append(f'</g><path d="M{LEFT} {TOP}V{BOTTOM}H{RIGHT}" fill="none" stroke="#444"/>'
               f'<text x="{(LEFT + RIGHT) // 2}" y="{SVG_H - 6}" text-anchor="middle">'
               f"{_x(x_label)}</text>")
    legend_x = LEFT
    for key, label, ys in series:
        color, dash = LINES[key]
        runs = [at(run) for run in _runs(ys, math.ceil(n / (RIGHT - LEFT)))]
        lines = "".join('<polyline points="' + " ".join(f"{x},{y}" for x, y in run) + '"/>'
                        for run in runs if len(run) > 1)
        # A dot per value in a short series; in a long one only where a value stands alone.
        dots = "".join(f'<circle cx="{x}" cy="{y}" r="2.5"/>' for run in runs for x, y in run
                       if len(ys) <= MARKERS or len(run) == 1)
        out.append(f'<g data-series="{key}" fill="none" stroke="{color}" stroke-width="1.5"'
                   f'{dash}>{lines}<g fill="{color}" stroke="none">{dots}</g></g>'
                   f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="30" y2="30" stroke="{color}"'
                   f' stroke-width="1.5"{dash}/><text x="{legend_x + 27}" y="34">{_x(label)}'
                   "</text>")
        legend_x += 40 + 7 * len(label)
    return "".join(out) + "</svg>"


def _x(text: str) -> str:
    """Text for the SVG: as `_t`, and valid XML too (no U+FFFE/U+FFFF)."""
    return _t(text).replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")


def _runs(ys: list[float], every: int = 1) -> list[list[tuple[int, float]]]:
    """The unbroken runs of numbers in `ys` (NaN parts them), as (x, y) with x from 1."""
    runs, start = [], 0
    for end in [i for i, y in enumerate(ys) if y != y] + [len(ys)]:     # y != y: NaN
        run = ys[start:end]
        if run:
            runs.append([(start + k + 1, run[k]) for k in _kept(run, every)])
        start = end + 1
    return runs


def _kept(run: list[float], every: int):
    """The indices of `run` to draw: all, or where `every` > 1 (more values than pixels
    across) the lowest and highest of each `every` in a row, in order: the line looks the
    same, through a fraction of the points."""
    if every == 1:
        return range(len(run))
    kept = set()
    for a in range(0, len(run), every):
        part = run[a:a + every]
        kept |= {a + part.index(min(part)), a + part.index(max(part))}
    return sorted(kept)


def _y_axis(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """Axis bounds on round numbers around [lo, hi], and the 3-5 ticks between them."""
    size = max(abs(lo), abs(hi))
    if not (hi - lo > 1e-250 and hi - lo > 1e-9 * size):    # flat: centre it, give it room
        mid = (lo + hi) / 2
        pad = 0.05 * abs(mid) if abs(mid) > 1e-250 else 1.0
        lo, hi = mid - pad, mid + pad
    unit = 10.0 ** math.floor(math.log10((hi - lo) / 4))
    for m in (1, 2, 2.5, 5, 10, 20):                 # 20 units always leave at most 4 steps
        step = m * unit
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first <= 4:
            break
    return first * step, last * step, [k * step for k in range(first, last + 1)]


def _labels(ticks: list[float]) -> list[str]:
    """%.4g, or as many digits more as it takes to tell the ticks apart."""
    for digits in range(4, 17):
        labels = [f"{v:.{digits}g}" for v in ticks]
        if len(set(labels)) == len(labels):
            break
    return labels


def _x_ticks(n: int) -> list[int]:
    """1 and every multiple of a step of 1, 2, 5, 10, 20, 50, ... up to n."""
    step = 1
    while n > step * X_TICKS:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return [1] + list(range(max(step, 2), n + 1, step))


def _cell(ys: list[float], i: int) -> str:
    return "" if i >= len(ys) else "–" if math.isnan(ys[i]) else f"{ys[i]:.6g}"


def _histogram(figure, counts: list[int]) -> str:
    fig = figure()
    ax = fig.add_subplot()
    ax.bar([i * 100 / BINS for i in range(BINS)], counts, width=100 / BINS, align="edge",
           color="#4a7bd0", edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xlabel("total score, % of the maximum")
    ax.set_ylabel("learners")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _img(fig, "histogram of the learners' total scores")


# ----------------------------------------------------------------------------- the class
def _exercise_names(results: dict) -> list[tuple[str, str]]:
    named = [(e["name"], e.get("title", "")) for e in results.get("exercises", [])]
    seen = {n for n, _ in named}
    for lr in results.get("learners", []):       # an older results.json lists none
        for e in lr.get("exercises", []):
            if e["exercise"] not in seen:
                seen.add(e["exercise"])
                named.append((e["exercise"], e.get("title", "")))
    return named


def _check_counts(learners: list[dict], order: list[str]) -> dict[tuple[str, str], dict]:
    counts: dict[tuple[str, str], dict] = {}
    for lr in learners:
        for e in lr.get("exercises", []):
            for c in e.get("checks", []):
                n = counts.setdefault((e["exercise"], c["name"]), {
                    "passed": 0, "graded": 0, "missing": 0, "hidden": bool(c.get("hidden"))})
                n["graded"] += 1
                n["passed"] += c["outcome"] == "passed"
                n["missing"] += c["outcome"] == "missing"
    rank = {name: i for i, name in enumerate(order)}
    return dict(sorted(counts.items(), key=lambda kv: rank.get(kv[0][0], len(rank))))


def _marks(learners: list[dict], exercise: str) -> list[tuple[float, float, bool]]:
    """(points, maximum, no file) of each learner with a result for `exercise`, as
    gradebook.statistics counts them: from the checks, a record without any left out."""
    return [(math.fsum(float(c["points"]) for c in e["checks"]),
             math.fsum(float(c["max_points"]) for c in e["checks"]),
             all(c["outcome"] == "missing" for c in e["checks"]))
            for lr in learners for e in lr.get("exercises", [])
            if e["exercise"] == exercise and e.get("checks")]


def class_report(results: dict) -> str:
    """OUT/report.html for the instructor."""
    learners = results.get("learners", [])
    exercises = _exercise_names(results)
    totals = [float(lr.get("score", 0)) for lr in learners]
    percents = [100 * float(lr["score"]) / float(lr["max_score"]) for lr in learners
                if lr.get("max_score")]
    figure = _matplotlib()

    def stat(key: str, value) -> str:
        shown = ("n/a" if value is None else points(value) if "total" in key
                 else f"{value:.0f}%" if "percent" in key else _num(value))
        return f"<span{_data(stat=key, value=value)}><b>{shown}</b></span>"

    mean = _rounded(statistics.fmean(totals)) if totals else None
    median = _rounded(statistics.median(totals)) if totals else None
    out_of = _rounded(max(float(lr.get("max_score", 0)) for lr in learners)) if learners else None
    full = sum(1 for lr in learners
               if 0 < float(lr.get("max_score", 0)) == float(lr.get("score", 0)))
    body = ["<h1>Class report</h1>",
            f"<p class=note>seed {_t(results.get('seed', '?'))} | {_t(results.get('device', '?'))}"
            f" | grader {_t(results.get('grader_version', '?'))} | exercises: "
            + ", ".join(_t(n) for n, _ in exercises) + "</p>",
            f"<p class=stats>{stat('learners', len(learners))} learners graded, "
            f"{stat('full-marks', full)} with full marks; total score out of "
            f"{stat('max-total', out_of)}: mean {stat('mean-total', mean)}, median "
            f"{stat('median-total', median)}; as a percentage of the maximum: mean "
            f"{stat('mean-percent', statistics.fmean(percents) if percents else None)}, "
            f"median {stat('median-percent', statistics.median(percents) if percents else None)}"
            "</p>"]
    if results.get("pending"):
        body.append("<p>Not graded yet (interrupted): "
                    + ", ".join(_name(n) for n in results["pending"]) + "</p>")
    if not learners:
        return _page("Class report", body + ["<p>No learners were graded.</p>"])

    # Score distribution: a learner at 100% falls in the last bin, not one of its own.
    counts = [0] * BINS
    for p in percents:
        counts[min(int(p * BINS // 100), BINS - 1)] += 1
    body.append("<h2>Score distribution</h2>")
    body.append(_histogram(figure, counts) if figure else f"<p class=note>{NO_PLOTS}</p>")
    step = 100 // BINS
    body.append(_table(["% of max"] + [f"{i * step}–{(i + 1) * step}" for i in range(BINS)], [
        "<tr><th>learners</th>" + "".join(
            f"<td class=n{_data(bin_low=i * step, bin_high=(i + 1) * step, count=n)}>{n}</td>"
            for i, n in enumerate(counts)) + "</tr>"]))

    body.append("<h2>Exercises</h2><p class=note>Of the learners with a result for the "
                "exercise: how many have full marks (pass rate), their mean score, and how many "
                "have no file for it (missing).</p>")
    rows = []
    for name, title in exercises:
        marks = _marks(learners, name)
        graded = len(marks)
        passed = sum(1 for got, of, _ in marks if 0 < of == got)
        missing = sum(1 for _, _, gone in marks if gone)
        rate = _rounded(_rate(passed, graded))
        mean_score = _rounded(statistics.fmean(got for got, _, _ in marks)) if marks else None
        max_score = max((of for _, of, _ in marks), default=None)
        attrs = _data(exercise=name, passed=passed, learners=graded, missing=missing,
                      pass_rate=rate, mean_score=mean_score, max_score=max_score)
        rows.append(
            f"<tr{attrs}><td>{_t(name)}</td>"
            f"<td>{_t(title)}</td><td class=n>{passed}/{graded}</td>"
            f"<td class=n>{_percent(rate)}</td><td>{_bar(rate)}</td>"
            f"<td class=n>{'n/a' if mean_score is None else points(mean_score)}"
            f"/{'?' if max_score is None else points(max_score)}</td>"
            f"<td class=n>{missing}</td></tr>")
    body.append(_table(["exercise", "title", "full marks", "pass rate", "", "mean score",
                        "missing"], rows))

    body.append("<h2>Checks</h2><p class=note>Pass rate: passed / graded; learners with no "
                "file count as graded and not passed, and are also counted under missing. "
                "Hidden checks count here.</p>")
    rows = []
    for (ex, check), n in _check_counts(learners, [e for e, _ in exercises]).items():
        rate = _rounded(_rate(n["passed"], n["graded"]))
        attrs = _data(check=_key(ex, check), passed=n["passed"], graded=n["graded"],
                      missing=n["missing"], pass_rate=rate, hidden=n["hidden"])
        rows.append(
            f"<tr{attrs}>"
            f"<td>{_t(ex)}</td><td>{_t(check)}{' <i>(hidden)</i>' if n['hidden'] else ''}</td>"
            f"<td class=n>{n['passed']}/{n['graded']}</td><td class=n>{_percent(rate)}</td>"
            f"<td>{_bar(rate)}</td><td class=n>{n['missing']}</td></tr>")
    body.append(_table(["exercise", "check", "passed", "pass rate", "", "missing"], rows))

    problems = results.get("common_problems")
    if problems is None:           # an older results.json: compute them the same way
        problems = common_problems([LearnerResult.from_dict(lr) for lr in learners])
    body.append("<h2>Most common problems</h2>")
    rows = []
    for p in problems:
        attrs = _data(problem=_key(p["exercise"], p["check"]), outcome=p["outcome"],
                      count=p["learners"])
        rows.append(f"<tr{attrs}><td class=n>{int(p['learners'])}</td>"
                    f"<td>{_t(p['exercise'])}</td><td>{_t(p['check'])}</td>"
                    f"{_outcome(p['outcome'])}<td class=msg>{_t(p.get('example', ''))}</td></tr>")
    body.append(_table(["learners", "exercise", "check", "outcome", "example message"], rows)
                if rows else "<p>None: every graded check passed.</p>")

    body.append("<h2>Learners who hit a limit</h2>")
    rows = []
    for lr in learners:
        for e in lr.get("exercises", []):
            hit = [c for c in e.get("checks", []) if c["outcome"] in LIMITS]
            outcomes = list(dict.fromkeys(c["outcome"] for c in hit))
            if outcomes:
                attrs = _data(limit_learner=shown_name(str(lr["learner"]))[0],
                              limit_exercise=e["exercise"], limit_outcomes=" ".join(outcomes))
                rows.append(
                    f"<tr{attrs}>"
                    f"<td>{_name(lr['learner'])}</td><td>{_t(e['exercise'])}</td>"
                    f"<td>{_t(', '.join(o.replace('_', ' ') for o in outcomes))}</td>"
                    f"<td class=msg>{_t(hit[0].get('message', ''))}</td></tr>")
    body.append(_table(["learner", "exercise", "outcome", "example message"], rows)
                if rows else "<p>None: no learner's code timed out, ran out of memory, crashed "
                             "or exited.</p>")

    body.append("<h2>Learners</h2>")
    body.append(_table(["learner", "total", "%", "", "status", "late"],
                       [_learner_row(lr) for lr in learners]))
    return _page("Class report", body)


def _learner_row(lr: dict) -> str:
    from graders.core.classroom import slug  # lazy: classroom renders with this module

    name, hidden = shown_name(str(lr["learner"]))
    try:                                         # the name of the file beside this page
        link = f"<a href=\"feedback/{_t(slug(str(lr['learner'])))}.html\">{_t(name)}</a>"
    except UnicodeEncodeError:                   # a surrogate no folder name can hold
        link = _t(name)
    total, out_of = float(lr.get("score", 0)), float(lr.get("max_score", 0))
    rate = _rate(total, out_of)
    late = [e["exercise"] for e in lr.get("exercises", []) if e.get("late") is True]
    note = f' <span class=note title="{_t(HIDDEN_NOTE)}">(hidden characters)</span>'
    attrs = _data(learner=name, learner_total=total, learner_max=out_of,
                  learner_percent=None if rate is None else 100 * rate, late=len(late))
    return (f"<tr{attrs}>"
            f"<td>{link}{note if hidden else ''}</td>"
            f"<td class=n>{points(total)}/{points(out_of)}</td>"
            f"<td class=n>{_percent(rate)}</td><td>{_bar(rate)}</td>"
            f"<td>{_t(lr.get('status', ''))}</td>"
            f"<td>{' '.join(f'<span class=late>{_t(n)}</span>' for n in late)}</td></tr>")


# ----------------------------------------------------------------------------- one learner
def learner_feedback(learner: dict, results: dict) -> str:
    """OUT/feedback/LEARNER.html: one learner's feedback (`learner` is one entry of
    results["learners"])."""
    name, hidden = shown_name(str(learner.get("learner", "")))
    exercises = learner.get("exercises", [])
    checks = [c for e in exercises for c in e.get("checks", [])]
    shown = [c for c in checks if not c.get("hidden")]
    total, out_of = sum(c["points"] for c in shown), sum(c["max_points"] for c in shown)
    held = sum(c["max_points"] for c in checks if c.get("hidden"))
    body = [f"<h1>Feedback for {_t(name)}</h1>"]
    if hidden:
        body.append(f"<p class=note>Note: the {_t(HIDDEN_NOTE)}.</p>")
    body.append(f"<p class=stats{_data(learner_total=total, learner_max=out_of, hidden_max=held)}>"
                f"Total: <b>{points(total)}/{points(out_of)}</b>"
                + (f", and hidden checks worth {points(held)} more, shown when grades are "
                   "released" if held else "")
                + f"<br><span class=note>seed {_t(results.get('seed', '?'))} | "
                  f"{_t(results.get('device', '?'))}</span></p>")
    if learner.get("unmatched"):
        body.append("<p>Not graded, named like no exercise: "
                    + ", ".join(_t(p) for p in learner["unmatched"])
                    + ". Name each file after its exercise (for example "
                      "ex04_softmax_head.py).</p>")
    body += [_exercise_section(e) for e in exercises]
    return _page(f"Feedback for {_t(name)}", body)


def _curve_data(check: dict) -> list[tuple[str, object, object]]:
    evidence = check.get("evidence")
    if not isinstance(evidence, dict):
        return []
    return [(str(k), v.get("learner"), v.get("reference")) for k, v in evidence.items()
            if isinstance(v, dict)
            and (_drawable(_series(v.get("learner"))) or _drawable(_series(v.get("reference"))))]


def _exercise_section(e: dict) -> str:
    shown = [c for c in e.get("checks", []) if not c.get("hidden")]
    hidden = [c for c in e.get("checks", []) if c.get("hidden")]
    score, out_of = sum(c["points"] for c in shown), sum(c["max_points"] for c in shown)
    late = e.get("late") is True
    parts = [f"<section{_data(exercise=e['exercise'], score=score, max_score=out_of, late=late)}>",
             f"<h2>{_t(e['exercise'])}: {_t(e.get('title', ''))}"
             + (" <span class=late>late</span>" if late else "") + "</h2>",
             f"<p>file {_t(e.get('file') or '(none)')}"
             + (f" | submitted {_t(e['submitted'])}" if e.get("submitted") else "")
             + f" | score <b>{points(score)}/{points(out_of)}</b>"
             + (f", and {len(hidden)} hidden check{'s' * (len(hidden) > 1)} worth "
                f"{points(sum(c['max_points'] for c in hidden))} more, shown when grades are "
                "released" if hidden else "") + "</p>"]
    rows, previous = [], None
    for c in shown:
        # A run of checks that fail for one reason gets the explanation once, as in the text.
        said = (c["outcome"], c.get("message", ""), c.get("hint", ""))
        text = ("" if c["outcome"] == "passed" else
                "<span class=note>same as above</span>" if said == previous else
                _t(c.get("message", "")) + (
                    f"<br><span class=note>Hint: {_t(c['hint'])}</span>"
                    if c.get("hint") and c["outcome"] != "missing" else ""))
        previous = said if c["outcome"] != "passed" else None
        attrs = _data(check=_key(e["exercise"], c["name"]), outcome=c["outcome"],
                      points=c["points"], max_points=c["max_points"])
        rows.append(f"<tr{attrs}>{_outcome(c['outcome'])}"
                    f"<td>{_t(c['name'])}</td>"
                    f"<td class=n>{points(c['points'])}/{points(c['max_points'])}</td>"
                    f"<td class=msg>{text}</td></tr>")
    parts.append(_table(["outcome", "check", "points", "message"], rows))
    if e.get("ignored"):
        parts.append(f"<p class=note>Also named like {_t(e['exercise'])}, not graded: "
                     + ", ".join(_t(p) for p in e["ignored"]) + "</p>")
    for note in e.get("notes", []):
        parts.append(f"<p class=\"note msg\">Note: {_t(note)}</p>")
    weak = [f"{k}: {v}" for k, v in e.get("isolation", {}).items()
            if k in ("landlock", "seccomp") and not str(v).startswith("active")]
    if e.get("isolation", {}).get("worker") and weak:
        parts.append(f"<p class=note>Note: learner code was not fully confined here "
                     f"({_t('; '.join(weak))}): this is feedback, not a grade of record.</p>")
    parts += [_curves(f"{e['exercise']}/{c['name']}", name, mine, ref, "your code")
              for c in shown for name, mine, ref in _curve_data(c)]
    return "\n".join(parts) + "</section>"
